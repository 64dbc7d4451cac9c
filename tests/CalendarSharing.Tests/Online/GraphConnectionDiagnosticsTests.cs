using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Diagnostics;
using CalendarSharing.Online.Graph;
using CalendarSharing.Online.Identity;
using CalendarSharing.PowerShell;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;
using static CalendarSharing.Core.Diagnostics.GraphConnectionDiagnostics;

namespace CalendarSharing.Tests.Online
{
    /// <summary>
    /// The online checklist against sandbox app registrations built to fail one check each (no permissions, read-only
    /// calendars, a wrong secret), an on-premises mailbox of a hybrid organisation, and a healthy app.
    /// </summary>
    public class GraphConnectionDiagnosticsTests
    {
        private const string AppId = "5b1e7c3a-2d4f-4a8e-9b6c-1f0e2d3c4b5a";
        private const string AppSecret = "Test!Diag-Secret-7f3a";

        private static readonly string[] Order = { SignIn, GraphReachable, GraphPermissions, UserRead, MailboxOnline, CalendarRead, CalendarWrite };

        private sealed class Run
        {
            public Dictionary<string, ConnectionCheck> Checks { get; } = new Dictionary<string, ConnectionCheck>();

            public RecordingSink Sink { get; } = new RecordingSink();

            public ConcurrentQueue<string> Trace { get; } = new ConcurrentQueue<string>();

            public RecordingHandler? Recorder { get; set; }

            public ConnectionCheckResult this[string name] => Checks[name].Result;

            /// <summary>Everything a user could see: each check's text, every stream, and the -Debug trace.</summary>
            public string Visible => string.Join("\n", Checks.Values.Select(c => c.Name + " " + c.Result + " " + c.Detail + " " + c.Advice))
                + "\n" + Sink.AllText + "\n" + string.Join("\n", Trace);
        }

        private static async Task<Run> RunAsync(SandboxTopology topology, string? mailbox, Action<SandboxOrganization>? setup = null, string clientId = AppId, string secret = AppSecret)
        {
            var org = SandboxOrganization.Create(new SandboxOptions { Topology = topology });
            setup?.Invoke(org);
            var run = new Run();
            run.Recorder = new RecordingHandler(org.CreateHandler());
            var options = GraphSandboxSession.Options(org, run.Recorder, new GraphSignIn
            {
                Kind = GraphSignInKind.ClientSecret,
                TenantId = SandboxOrganization.TenantDomain,
                ClientId = clientId,
                ClientSecret = GraphSandboxSession.Secure(secret),
            }, run.Trace);
            using var probe = new GraphConnectionProbe(options);
            var returned = await new GraphConnectionDiagnostics(probe).RunAsync(mailbox, run.Sink, CancellationToken.None);
            var written = run.Sink.Objects.Cast<ConnectionCheck>().ToList();
            Assert.Equal(returned, written);
            Assert.Equal(Order, written.Select(c => c.Name).ToArray());
            foreach (var check in written)
            {
                run.Checks[check.Name] = check;
                Assert.True(check.Result == ConnectionCheckResult.Pass || check.Result == ConnectionCheckResult.Skipped || !string.IsNullOrEmpty(check.Advice), check + " has no advice");
            }

            // Only reads went to Graph: the checklist changes nothing.
            Assert.All(run.Recorder.Requests.Where(r => r.Uri.AbsolutePath.Contains("/v1.0/")), r => Assert.Equal("GET", r.Method.Method));
            AssertNoSecret(run, secret);
            return run;
        }

        private static void AssertNoSecret(Run run, string secret)
        {
            var visible = run.Visible;
            Assert.DoesNotContain(secret, visible);
            foreach (var answer in run.Recorder!.Wire)
            {
                var at = answer.IndexOf("\"access_token\":\"", StringComparison.Ordinal);
                if (at >= 0)
                {
                    var start = at + "\"access_token\":\"".Length;
                    var token = answer.Substring(start, answer.IndexOf('"', start) - start);
                    Assert.DoesNotContain(token, visible);
                }
            }
        }

        [Fact]
        public async Task An_app_with_calendars_read_write_and_user_read_all_passes_every_check()
        {
            var run = await RunAsync(SandboxTopology.Cloud, "carol@contoso.com", org => org.RegisterApp(AppId, AppSecret, "Calendars.ReadWrite", "User.Read.All"));

            Assert.All(run.Checks.Values, c => Assert.True(c.Result == ConnectionCheckResult.Pass, c.ToString()));
            Assert.Contains("login.sandbox.contoso.com", run.Checks[SignIn].Detail);
            Assert.Contains("opaque", run.Checks[GraphPermissions].Detail);
            Assert.Contains("canEdit: true", run.Checks[CalendarWrite].Detail);
        }

        [Fact]
        public async Task An_app_without_any_permission_fails_user_and_calendar_checks_naming_the_permissions_to_grant()
        {
            var run = await RunAsync(SandboxTopology.Cloud, "carol@contoso.com", org => org.RegisterApp(AppId, AppSecret, Array.Empty<string>()));

            Assert.Equal(ConnectionCheckResult.Pass, run[SignIn]);
            Assert.Equal(ConnectionCheckResult.Pass, run[GraphReachable]);
            Assert.Equal(ConnectionCheckResult.Fail, run[UserRead]);
            Assert.Contains("Authorization_RequestDenied", run.Checks[UserRead].Detail);
            Assert.Contains("User.Read.All", run.Checks[UserRead].Advice);
            Assert.Equal(ConnectionCheckResult.Skipped, run[MailboxOnline]);
            Assert.Equal(ConnectionCheckResult.Fail, run[CalendarRead]);
            Assert.Contains("ErrorAccessDenied", run.Checks[CalendarRead].Detail);
            Assert.Contains("Calendars.ReadWrite", run.Checks[CalendarRead].Advice);
            Assert.Contains("admin consent", run.Checks[CalendarRead].Advice);
            Assert.Equal(ConnectionCheckResult.Fail, run[CalendarWrite]);
            Assert.Equal(ConnectionCheckResult.Fail, run[GraphPermissions]);
            Assert.Contains("Calendars.ReadWrite and User.Read.All", run.Checks[GraphPermissions].Advice);
        }

        [Fact]
        public async Task An_app_with_read_only_calendars_passes_the_read_and_fails_the_write_check()
        {
            var run = await RunAsync(SandboxTopology.Cloud, "carol@contoso.com", org => org.RegisterApp(AppId, AppSecret, "Calendars.Read", "User.Read.All"));

            Assert.Equal(ConnectionCheckResult.Pass, run[UserRead]);
            Assert.Equal(ConnectionCheckResult.Pass, run[MailboxOnline]);
            Assert.Equal(ConnectionCheckResult.Pass, run[CalendarRead]);
            Assert.Equal(ConnectionCheckResult.Fail, run[CalendarWrite]);
            Assert.Contains("canEdit: false", run.Checks[CalendarWrite].Detail);
            Assert.Contains("Calendars.ReadWrite", run.Checks[CalendarWrite].Advice);
            Assert.Equal(ConnectionCheckResult.Warn, run[GraphPermissions]);
            Assert.Contains("Calendars.ReadWrite no", run.Checks[GraphPermissions].Detail);
        }

        [Fact]
        public async Task An_on_premises_mailbox_of_a_hybrid_organisation_fails_mailbox_online_with_ews_advice()
        {
            var run = await RunAsync(SandboxTopology.Hybrid, "alice@contoso.com", org => org.RegisterApp(AppId, AppSecret, "Calendars.ReadWrite", "User.Read.All"));

            Assert.Equal(ConnectionCheckResult.Pass, run[UserRead]);
            Assert.Equal(ConnectionCheckResult.Fail, run[MailboxOnline]);
            Assert.Contains("MailboxNotEnabledForRESTAPI", run.Checks[MailboxOnline].Detail);
            Assert.Contains("EWS", run.Checks[MailboxOnline].Advice);
            Assert.Contains("Connect-CalendarSharing -Mailbox alice@contoso.com", run.Checks[MailboxOnline].Advice);
            Assert.Equal(ConnectionCheckResult.Skipped, run[CalendarRead]);
            Assert.Equal(ConnectionCheckResult.Skipped, run[CalendarWrite]);
            Assert.NotEqual(ConnectionCheckResult.Fail, run[GraphPermissions]);
        }

        [Fact]
        public async Task A_wrong_secret_fails_the_sign_in_with_the_entra_code_and_never_shows_the_secret()
        {
            const string wrong = "Not-The-Secret-9c1d";
            var run = await RunAsync(SandboxTopology.Cloud, "carol@contoso.com", org => org.RegisterApp(AppId, AppSecret, "Calendars.ReadWrite"), secret: wrong);

            Assert.Equal(ConnectionCheckResult.Fail, run[SignIn]);
            Assert.Contains("AADSTS7000215", run.Checks[SignIn].Detail);
            Assert.Contains(SandboxOrganization.TenantDomain, run.Checks[SignIn].Detail);
            Assert.Contains("client secret", run.Checks[SignIn].Advice);
            Assert.All(Order.Skip(1), name => Assert.Equal(ConnectionCheckResult.Skipped, run[name]));
            Assert.DoesNotContain(AppSecret, run.Visible);
            Assert.DoesNotContain(run.Recorder!.Requests, r => r.Uri.AbsolutePath.Contains("/v1.0/"));
        }

        [Fact]
        public async Task The_roles_claim_of_a_jwt_token_is_reported_without_printing_the_token()
        {
            var jwt = Jwt("{\"aud\":\"https://graph.microsoft.com\",\"roles\":[\"Calendars.Read\",\"Mail.Send\"]}");
            var org = SandboxOrganization.Create(new SandboxOptions { Topology = SandboxTopology.Cloud });
            var sink = new RecordingSink();
            var options = GraphSandboxSession.Options(org, org.CreateHandler(), new GraphSignIn { Kind = GraphSignInKind.AccessToken, AccessToken = GraphSandboxSession.Secure(jwt) });
            using var probe = new GraphConnectionProbe(options);

            var checks = (await new GraphConnectionDiagnostics(probe).RunAsync(null, sink, CancellationToken.None)).ToDictionary(c => c.Name);

            Assert.Equal(ConnectionCheckResult.Pass, checks[SignIn].Result);
            Assert.Contains("JWT", checks[SignIn].Detail);
            Assert.Equal(ConnectionCheckResult.Warn, checks[GraphPermissions].Result);
            Assert.Contains("Calendars.Read, Mail.Send", checks[GraphPermissions].Detail);
            Assert.Contains("Calendars.ReadWrite and User.Read.All", checks[GraphPermissions].Advice);
            Assert.Equal(ConnectionCheckResult.Skipped, checks[CalendarRead].Result);
            var visible = string.Join("\n", checks.Values.Select(c => c.Detail + " " + c.Advice)) + sink.AllText;
            Assert.DoesNotContain(jwt.Split('.')[1], visible);
        }

        [Fact]
        public void Jwt_roles_are_read_from_the_payload_and_an_opaque_token_gives_none()
        {
            Assert.Equal(new[] { "Calendars.ReadWrite", "User.Read.All" }, JwtRoles.Read(Jwt("{\"roles\":[\"Calendars.ReadWrite\",\"User.Read.All\"]}")));
            Assert.Empty(JwtRoles.Read(Jwt("{\"aud\":\"https://graph.microsoft.com\"}"))!); // app without permissions: no roles claim
            Assert.Null(JwtRoles.Read("sbx.AbCdEf0123"));
            Assert.Null(JwtRoles.Read("a.!!!.c"));
        }

        [Fact]
        public async Task The_cmdlet_engine_tests_the_sandbox_app_in_a_hybrid_organisation()
        {
            var sink = new RecordingSink();
            await Diagnostics.RunGraph(new ConnectRequest { Kind = ConnectionKind.Sandbox, SandboxBackend = "Hybrid", Mailbox = "alice@contoso.com" }, sink, CancellationToken.None);
            var checks = sink.Objects.Cast<ConnectionCheck>().ToDictionary(c => c.Name);

            Assert.Equal(Order, sink.Objects.Cast<ConnectionCheck>().Select(c => c.Name).ToArray());
            Assert.Equal(ConnectionCheckResult.Pass, checks[SignIn].Result);
            Assert.Equal(ConnectionCheckResult.Fail, checks[MailboxOnline].Result);
            Assert.DoesNotContain(SandboxOrganization.SandboxAppSecret, sink.AllText + string.Join("\n", checks.Values.Select(c => c.Detail + c.Advice)));
        }

        private static string Jwt(string payload)
        {
            static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            return B64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + B64(payload) + "." + B64("signature");
        }
    }
}
