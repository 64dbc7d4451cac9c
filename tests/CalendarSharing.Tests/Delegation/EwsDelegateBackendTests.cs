using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Delegation
{
    /// <summary>
    /// The EWS delegate backend on the odd delegate response shape (m:BaseDelegateResponseMessageType, [MS-OXWSDLGM]),
    /// against the strict sandbox: inner per-user errors under an outer Success are values, an outer error is a
    /// request-level failure.
    /// </summary>
    public class EwsDelegateBackendTests
    {
        private static DelegateEntry Bob() => new DelegateEntry("bob@contoso.com") { Calendar = DelegateFolderRole.Editor, ReceiveMeetingCopies = true };

        [Fact]
        public async Task Inner_ErrorDelegateAlreadyExists_and_ErrorNotDelegate_are_per_user_statuses()
        {
            using var s = await SandboxSession.StartAsync();
            IDelegateBackend backend = s.Backend;

            var added = await backend.AddDelegatesAsync("alice@contoso.com", new[] { Bob() }, MeetingRequestDelivery.DelegatesOnly, CancellationToken.None);
            Assert.Equal(DelegateWriteStatus.Done, added[0].Status);
            Assert.Equal(DelegateFolderRole.Editor, added[0].Entry!.Calendar);

            var twice = await backend.AddDelegatesAsync("alice@contoso.com", new[] { Bob(), new DelegateEntry("nobody@contoso.com") }, null, CancellationToken.None);
            Assert.Equal(DelegateWriteStatus.AlreadyExists, twice[0].Status);
            Assert.Equal("ErrorDelegateAlreadyExists", twice[0].Error!.ServerCode);
            Assert.Equal(DelegateWriteStatus.Failed, twice[1].Status);
            Assert.Equal(BackendErrorCode.PrincipalNotFound, twice[1].Error!.Code);

            var list = await backend.GetDelegatesAsync("alice@contoso.com", CancellationToken.None);
            Assert.Equal(MeetingRequestDelivery.DelegatesOnly, list.Delivery);
            Assert.Equal("bob@contoso.com", Assert.Single(list.Delegates).Address);

            var removed = await backend.RemoveDelegatesAsync("alice@contoso.com", new[] { "bob@contoso.com", "carol@contoso.com" }, CancellationToken.None);
            Assert.Equal(DelegateWriteStatus.Done, removed[0].Status);
            Assert.Equal(DelegateWriteStatus.NotDelegate, removed[1].Status);

            var none = await backend.GetDelegatesAsync("alice@contoso.com", CancellationToken.None);
            Assert.Empty(none.Delegates); // no m:ResponseMessages at all: an empty list, not an error
            s.AssertWireValid();
        }

        [Fact]
        public async Task An_outer_error_fails_the_whole_request()
        {
            using var s = await SandboxSession.StartAsync();
            IDelegateBackend backend = s.Backend;

            var error = await Assert.ThrowsAsync<BackendException>(() => backend.GetDelegatesAsync("ghost@contoso.com", CancellationToken.None));

            Assert.Equal(BackendErrorCode.MailboxNotFound, error.Error.Code);
            Assert.Equal("ErrorNonExistentMailbox", error.Error.ServerCode);
            s.AssertWireValid();
        }
    }
}
