using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Ews;
using CalendarSharing.Sandbox;
using CalendarSharing.Sandbox.Validation;
using Xunit;

namespace CalendarSharing.Tests.Support
{
    /// <summary>
    /// A strict sandbox (every EWS message checked against the official XSDs) and our real EWS client over it.
    /// A missing schema folder fails the test: it never skips.
    /// </summary>
    public sealed class SandboxSession : IDisposable
    {
        private SandboxSession(SandboxOrganization org, EwsCalendarBackend backend)
        {
            Org = org;
            Backend = backend;
        }

        public SandboxOrganization Org { get; }

        public EwsCalendarBackend Backend { get; }

        public static string SchemaDirectory
        {
            get
            {
                var dir = EwsSchemaValidator.Locate();
                Assert.True(dir != null, "The EWS schemas were not found: set CALENDARSHARING_EWS_SCHEMAS or put ../shared/protocol/ews beside the repository.");
                return dir!;
            }
        }

        public static async Task<SandboxSession> StartAsync(SandboxOptions? options = null, Action<EwsConnectionOptions>? configure = null)
        {
            options ??= new SandboxOptions();
            options.StrictValidation = true;
            options.SchemaDirectory ??= SchemaDirectory;
            var org = SandboxOrganization.Create(options);
            var ews = new EwsConnectionOptions
            {
                Url = org.EwsUrl,
                Credential = new NetworkCredential(org.Admin.Address, org.Admin.Password),
                Authentication = EwsAuthentication.Basic,
                Handler = org.CreateHandler(),
                Kind = ConnectionKind.Sandbox,
            };
            configure?.Invoke(ews);
            var backend = new EwsCalendarBackend(ews);
            await backend.ConnectAsync(CancellationToken.None);
            return new SandboxSession(org, backend);
        }

        /// <summary>Every EWS message of the session was schema-valid.</summary>
        public void AssertWireValid() => Assert.Empty(Org.SchemaViolations);

        public void Dispose() => Backend.Dispose();
    }
}
