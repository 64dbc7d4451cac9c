using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Output;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Engine
{
    /// <summary>
    /// The row path as the engines really take it (each family against the sandbox, a user who does not exist) and the
    /// request path for the same row (what a cmdlet base writes when a whole request fails) give one id, one category
    /// and one target: the row's input object.
    /// </summary>
    public class ErrorParityEngineTests
    {
        private const string Nobody = "nobody.at.all@contoso.com";

        [Fact]
        public async Task Permissions_row_and_request_paths_agree()
        {
            using var s = await SandboxSession.StartAsync();
            var row = new ShareRequest { Row = 1, Mailbox = "alice@contoso.com", User = Nobody, Role = "Reviewer", Source = new object() };
            var sink = new RecordingSink();
            await new CalendarPermissionCommands(s.Backend).SetAsync(new[] { row }, sink, CancellationToken.None);

            AssertSameAsRequestPath(Assert.Single(sink.Errors), ErrorFamily.Permissions, RowRef.Of(row), row.Source);
        }

        [Fact]
        public async Task Delegates_row_and_request_paths_agree()
        {
            using var s = await SandboxSession.StartAsync();
            var row = new DelegateRequest { Row = 1, Mailbox = "alice@contoso.com", Delegate = Nobody, CalendarRole = "Editor", Source = new object() };
            var sink = new RecordingSink();
            await new DelegateCommands(s.Backend, 4, s.Backend.Info.SourceName).AddAsync(new[] { row }, sink, CancellationToken.None);

            AssertSameAsRequestPath(Assert.Single(sink.Errors), ErrorFamily.Delegates, RowRef.Of(row), row.Source);
        }

        [Fact]
        public async Task Mailbox_access_row_and_request_paths_agree()
        {
            using var s = await GraphSandboxSession.StartAsync(configure: o => o.AdminApiUrl = SandboxOrganization.DefaultAdminApiUrl);
            var row = new MailboxAccessRequest { Row = 1, Mailbox = "alice@contoso.com", User = Nobody, AccessRights = new[] { "FullAccess" }, Source = new object() };
            var sink = new RecordingSink();
            await new MailboxAccessCommands(s.Backend, s.Backend).GrantAsync(new[] { row }, sink, CancellationToken.None);

            AssertSameAsRequestPath(Assert.Single(sink.Errors), ErrorFamily.MailboxAccess, RowRef.Of(row), row.Source);
        }

        private static void AssertSameAsRequestPath(OperationError fromRow, ErrorFamily family, RowRef reference, object source)
        {
            Assert.Equal("UserNotFound", fromRow.ErrorId);
            Assert.Equal(ErrorKind.ObjectNotFound, fromRow.Kind);
            Assert.Same(source, fromRow.Target);

            var code = Enum(fromRow.ErrorId);
            var fromRequest = Assert.Single(ErrorCatalog.ForRequest(new BackendException(new BackendError(code, "the request failed")), family, new[] { reference }));
            Assert.Equal(fromRow.ErrorId, fromRequest.ErrorId);
            Assert.Equal(fromRow.Kind, fromRequest.Kind);
            Assert.Same(fromRow.Target, fromRequest.Target);
            Assert.Equal(fromRow.RecommendedAction, fromRequest.RecommendedAction);
        }

        private static BackendErrorCode Enum(string errorId) =>
            System.Enum.GetValues(typeof(BackendErrorCode)).Cast<BackendErrorCode>().Single(c => ErrorCatalog.IdOf(c).ErrorId == errorId);
    }
}
