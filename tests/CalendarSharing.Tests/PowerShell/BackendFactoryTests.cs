using System.Collections.Generic;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Output;
using CalendarSharing.PowerShell;
using Xunit;

namespace CalendarSharing.Tests.PowerShell
{
    /// <summary>
    /// The composition root is plain .NET (no PowerShell type), so it runs here. The cmdlets above it only
    /// turn parameters into a ConnectRequest.
    /// </summary>
    public sealed class BackendFactoryTests
    {
        [Fact]
        public void A_domain_logon_name_is_split_and_the_password_stays_a_SecureString()
        {
            using var password = Secure("Sandbox!Alice1");
            var credential = BackendFactory.ToNetworkCredential("CONTOSO\\alice", password);
            Assert.Equal("alice", credential.UserName);
            Assert.Equal("CONTOSO", credential.Domain);
            Assert.Equal(password.Length, credential.SecurePassword.Length);

            var upn = BackendFactory.ToNetworkCredential("alice@contoso.com", password);
            Assert.Equal("alice@contoso.com", upn.UserName);
            Assert.Equal(string.Empty, upn.Domain);
        }

        [Fact]
        public async Task The_sandbox_backend_connects_as_the_admin_and_reads_alice()
        {
            using var backend = BackendFactory.Create(new ConnectRequest { Kind = ConnectionKind.Sandbox });
            await backend.ConnectAsync(CancellationToken.None);
            Assert.Equal(ConnectionKind.Sandbox, backend.Info.Kind);
            Assert.Equal("admin@contoso.com", backend.Info.UserName);
            Assert.StartsWith("https://sandbox.contoso.com/", backend.Info.Endpoint);

            var sink = new RecordingSink();
            await new CalendarPermissionCommands(backend).GetAsync(
                new[] { new ShareRequest { Row = 1, Mailbox = "alice@contoso.com", Source = "alice@contoso.com" } }, sink, CancellationToken.None);
            Assert.Empty(sink.Errors);
            Assert.Contains(sink.Objects, o => o is CalendarPermission p && p.User == "carol@contoso.com" && p.Role == CalendarRole.Reviewer);
        }

        private static SecureString Secure(string text)
        {
            var s = new SecureString();
            foreach (var c in text)
            {
                s.AppendChar(c);
            }

            s.MakeReadOnly();
            return s;
        }

        private sealed class RecordingSink : IOutputSink
        {
            public List<object> Objects { get; } = new List<object>();

            public List<OperationError> Errors { get; } = new List<OperationError>();

            public void WriteObject(object item) { lock (Objects) { Objects.Add(item); } }

            public void WriteError(OperationError error) { lock (Errors) { Errors.Add(error); } }

            public void WriteWarning(string message) { }

            public void WriteVerbose(string message) { }

            public void WriteDebug(string message) { }

            public void WriteProgress(ProgressInfo progress) { }

            public bool ShouldProcess(string target, string action) => true;
        }
    }
}
