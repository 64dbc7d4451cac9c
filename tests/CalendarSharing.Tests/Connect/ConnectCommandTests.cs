using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Ews.Autodiscover;
using CalendarSharing.PowerShell;
using CalendarSharing.Tests.PowerShell;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Connect
{
    /// <summary>What Connect-/Test-CalendarSharingConnection hand to the engine, run here without PowerShell.</summary>
    public sealed class ConnectCommandTests : IClassFixture<CmdletMetadata>
    {
        private readonly CmdletMetadata metadata;

        public ConnectCommandTests(CmdletMetadata metadata)
        {
            this.metadata = metadata;
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

        private static ConnectRequest Request(AutodiscoverLab lab, string password = "Sandbox!Alice1") => new ConnectRequest
        {
            Kind = ConnectionKind.Ews,
            Mailbox = "alice@contoso.com",
            UserName = "CONTOSO\\alice",
            Password = Secure(password),
            Authentication = EwsAuthentication.Ntlm,
            MapEndpoint = lab.Map,
            ServerCertificateValidation = (_, certificate, _, _) => certificate != null && certificate.GetCertHashString() == lab.Certificate.GetCertHashString(),
            AutodiscoverCache = new AutodiscoverCache(),
            SrvResolver = new FixedSrvResolver(),
        };

        [Fact]
        public async Task Mailbox_and_credential_discover_then_connect_with_every_step_verbose()
        {
            await using var lab = await AutodiscoverLab.StartAsync();
            await lab.AddAsync("https://contoso.com", _ => SandboxAutodiscoverReplyUnauthorized());
            await lab.AddSettingsAsync("https://autodiscover.contoso.com");
            var verbose = new List<string>();

            using var backend = await BackendFactory.CreateAsync(Request(lab), verbose.Add, CancellationToken.None);
            await backend.ConnectAsync(CancellationToken.None);

            Assert.Equal(lab.Ews.EwsUrl.ToString(), backend.Info.Endpoint);
            Assert.Contains(verbose, v => v.StartsWith("Autodiscover: POST https://contoso.com/autodiscover/autodiscover.svc", StringComparison.Ordinal));
            Assert.Contains(verbose, v => v.Contains("HTTP 401 (not fatal", StringComparison.Ordinal));
            Assert.Contains(verbose, v => v.StartsWith("Autodiscover: autodiscover.contoso.com: EWS URL " + lab.Ews.EwsUrl, StringComparison.Ordinal));
        }

        private static CalendarSharing.Sandbox.SandboxAutodiscoverReply SandboxAutodiscoverReplyUnauthorized() => CalendarSharing.Sandbox.SandboxAutodiscoverReply.Unauthorized();

        [Fact]
        public async Task The_ews_url_is_the_fallback_when_autodiscover_finds_nothing()
        {
            await using var lab = await AutodiscoverLab.StartAsync();
            var request = Request(lab);
            request.EwsUrl = lab.Ews.EwsUrl;
            var verbose = new List<string>();

            using var backend = await BackendFactory.CreateAsync(request, verbose.Add, CancellationToken.None);
            await backend.ConnectAsync(CancellationToken.None);

            Assert.Equal(lab.Ews.EwsUrl.ToString(), backend.Info.Endpoint);
            Assert.Contains(verbose, v => v.StartsWith("Autodiscover found no EWS URL; using -EwsUrl", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Without_a_fallback_autodiscover_failure_is_an_error_naming_ews_url()
        {
            await using var lab = await AutodiscoverLab.StartAsync();

            var ex = await Assert.ThrowsAsync<AutodiscoverException>(() => BackendFactory.CreateAsync(Request(lab), null, CancellationToken.None));

            Assert.Contains("-EwsUrl", ex.Message);
        }

        [Fact]
        public async Task Test_CalendarSharingConnection_engine_writes_one_check_per_line()
        {
            await using var lab = await AutodiscoverLab.StartAsync();
            await lab.AddSettingsAsync("https://contoso.com");
            var sink = new RecordingSink();

            await Diagnostics.Run(Request(lab), sink, CancellationToken.None);

            var checks = sink.Objects.Cast<ConnectionCheck>().ToList();
            Assert.Equal(10, checks.Count);
            Assert.All(checks.Take(9), c => Assert.True(c.Result == ConnectionCheckResult.Pass, c.ToString()));
            Assert.Contains(sink.Verbose, v => v.StartsWith("Autodiscover: POST https://contoso.com/", StringComparison.Ordinal));
        }

        [Fact]
        public void Credential_parameters_take_a_user_name_string_and_prompt()
        {
            foreach (var name in new[] { "Connect-CalendarSharing", "Test-CalendarSharingConnection" })
            {
                var credential = metadata[name].Parameter("Credential");
                Assert.Equal("System.Management.Automation.PSCredential", credential.TypeName);
                Assert.Contains("System.Management.Automation.CredentialAttribute", credential.AttributeTypeNames);
            }

            var connect = metadata["Connect-CalendarSharing"];
            Assert.True(connect.Parameter("Mailbox").Sets.Single().Mandatory);
            Assert.Equal("System.String[]", connect.Parameter("AllowRedirectTo").TypeName);
            Assert.Equal("System.Management.Automation.SwitchParameter", connect.Parameter("SkipCertificateCheck").TypeName);
            var outputType = Assert.Single(metadata["Test-CalendarSharingConnection"].Type.CustomAttributes, a => a.AttributeType.FullName == CmdletMetadata.OutputTypeAttribute);
            Assert.Contains("CalendarSharing.ConnectionCheck", outputType.ConstructorArguments.ToString() + string.Join(",", outputType.ConstructorArguments.SelectMany(a => a.Value is IEnumerable<System.Reflection.CustomAttributeTypedArgument> items ? items.Select(i => i.Value?.ToString()) : new[] { a.Value?.ToString() })));
        }
    }
}
