using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Resilience;
using CalendarSharing.Sandbox;
using Xunit;

namespace CalendarSharing.Tests.Delegation
{
    /// <summary>Our admin REST client against the sandbox's admin API: envelopes, paging, errors, retries, secrets.</summary>
    public class AdminRestClientTests
    {
        [Fact]
        public async Task Reads_the_json_envelope_and_follows_nextLink_pages()
        {
            var org = SandboxOrganization.Create();
            foreach (var user in new[] { "bob@contoso.com", "carol@contoso.com", "hans@contoso.com", "marie@contoso.com" })
            {
                org.GrantMailboxRight("alice@contoso.com", user, SandboxMailboxRight.FullAccess);
            }

            using var client = MailboxAccessScenarioTests.Client(org, o => o.PageSize = 2);
            var result = await client.InvokeAsync(ExchangeCommandBuilder.GetFullAccess("alice@contoso.com"), CancellationToken.None);

            Assert.Equal(
                new[] { "NT AUTHORITY\\SELF", "bob@contoso.com", "carol@contoso.com", "hans@contoso.com", "marie@contoso.com" },
                result.Objects.Select(o => (string)o["User"]!).ToArray());
            Assert.Equal(new[] { "FullAccess" }, (IReadOnlyList<string>)result.Objects[1]["AccessRights"]!);
            Assert.Equal(false, result.Objects[1]["IsInherited"]);
            Assert.Empty(result.Warnings); // the "more results" warning of the pages is not the caller's
            Assert.Equal(3, org.AdminCommands.Count);
        }

        [Fact]
        public async Task An_account_without_an_admin_role_gets_403_as_AccessDenied_and_a_bad_token_is_Authentication()
        {
            var org = SandboxOrganization.Create();
            using var user = MailboxAccessScenarioTests.Client(org, account: "bob@contoso.com");
            var denied = await Assert.ThrowsAsync<BackendException>(() => user.InvokeAsync(ExchangeCommandBuilder.GetMailbox("alice@contoso.com"), CancellationToken.None));
            Assert.Equal(BackendErrorCode.AccessDenied, denied.Error.Code);

            const string Bad = "not-a-token-the-sandbox-issued";
            var lines = new List<string>();
            using var stranger = MailboxAccessScenarioTests.Client(org, o =>
            {
                o.AccessTokenProvider = _ => Task.FromResult(Bad);
                o.Trace = lines.Add;
            });
            var refused = await Assert.ThrowsAsync<BackendException>(() => stranger.InvokeAsync(ExchangeCommandBuilder.GetMailbox("alice@contoso.com"), CancellationToken.None));
            Assert.Equal(BackendErrorCode.Authentication, refused.Error.Code);
            Assert.DoesNotContain(Bad, refused.ToString());
            Assert.DoesNotContain(lines, l => l.Contains(Bad, StringComparison.Ordinal));
        }

        [Fact]
        public async Task Transient_503s_are_retried_within_the_budget_then_reported_as_Transient()
        {
            var org = SandboxOrganization.Create(new SandboxOptions { TransientFaultRate = 1 });
            using var client = MailboxAccessScenarioTests.Client(org, o => o.Retry = new RetryOptions { MaxAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(1) });

            var failed = await Assert.ThrowsAsync<BackendException>(() => client.InvokeAsync(ExchangeCommandBuilder.GetMailbox("alice@contoso.com"), CancellationToken.None));

            Assert.Equal(BackendErrorCode.Transient, failed.Error.Code);
            Assert.Equal(2, org.TransientFaults);
        }

        [Fact]
        public async Task Unknown_cmdlets_and_parameters_are_InvalidInput_with_the_servers_words()
        {
            var org = SandboxOrganization.Create();
            using var client = MailboxAccessScenarioTests.Client(org);

            var unknown = await Assert.ThrowsAsync<BackendException>(() => client.InvokeAsync(new ExchangeCommand("Get-Nothing"), CancellationToken.None));
            Assert.Equal(BackendErrorCode.InvalidInput, unknown.Error.Code);
            Assert.Contains("'Get-Nothing' is not recognized", unknown.Error.Message);

            var parameter = await Assert.ThrowsAsync<BackendException>(() => client.InvokeAsync(new ExchangeCommand("Get-Mailbox").With("Identiti", "alice@contoso.com"), CancellationToken.None));
            Assert.Contains("parameter name 'Identiti'", parameter.Error.Message);
            Assert.Equal("ParameterBindingException", parameter.Error.ServerCode);
        }

        [Fact]
        public void Bearer_tokens_are_never_sent_in_the_clear()
        {
            var org = SandboxOrganization.Create();
            var error = Assert.Throws<ArgumentException>(() => MailboxAccessScenarioTests.Client(org, o => o.BaseUrl = new Uri("http://sandbox.contoso.com/adminapi/beta/")));
            Assert.Contains("https", error.Message);
        }
    }
}
