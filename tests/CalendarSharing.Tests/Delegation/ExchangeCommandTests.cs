using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Online.AdminRest;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Delegation
{
    /// <summary>
    /// The Exchange cmdlet invocations the engine builds for -ExchangeSession (on-premises) and the admin API
    /// (Exchange Online), checked on exactly what would be sent.
    /// </summary>
    public class ExchangeCommandTests
    {
        [Fact]
        public void The_builder_makes_the_documented_invocations()
        {
            Assert.Equal(
                "Add-MailboxPermission -Identity 'shared@contoso.com' -User 'carol@contoso.com' -AccessRights 'FullAccess' -InheritanceType 'All' -AutoMapping:$true -Confirm:$false",
                ExchangeCommandBuilder.GrantFullAccess("shared@contoso.com", "carol@contoso.com").ToString());
            Assert.Equal(
                "Remove-MailboxPermission -Identity 'shared@contoso.com' -User 'carol@contoso.com' -AccessRights 'FullAccess' -InheritanceType 'All' -Confirm:$false",
                ExchangeCommandBuilder.RevokeFullAccess("shared@contoso.com", "carol@contoso.com").ToString());
            Assert.Equal(
                "Set-Mailbox -Identity 'shared@contoso.com' -GrantSendOnBehalfTo @{Add='carol@contoso.com'} -Confirm:$false",
                ExchangeCommandBuilder.GrantSendOnBehalf("shared@contoso.com", "carol@contoso.com").ToString());
            Assert.Equal(
                "Set-Mailbox -Identity 'shared@contoso.com' -GrantSendOnBehalfTo @{Remove='carol@contoso.com'} -Confirm:$false",
                ExchangeCommandBuilder.RevokeSendOnBehalf("shared@contoso.com", "carol@contoso.com").ToString());
            Assert.Equal(
                "Add-ADPermission -Identity 'CN=Shared,OU=Users,DC=contoso,DC=com' -User 'carol@contoso.com' -ExtendedRights 'Send-As' -Confirm:$false",
                ExchangeCommandBuilder.GrantSendAs(ExchangeFlavor.OnPremises, "CN=Shared,OU=Users,DC=contoso,DC=com", "carol@contoso.com").ToString());
            Assert.Equal(
                "Add-RecipientPermission -Identity 'shared@contoso.com' -Trustee 'carol@contoso.com' -AccessRights 'SendAs' -Confirm:$false",
                ExchangeCommandBuilder.GrantSendAs(ExchangeFlavor.Online, "shared@contoso.com", "carol@contoso.com").ToString());
            Assert.Equal(
                "Remove-RecipientPermission -Identity 'shared@contoso.com' -Trustee 'carol@contoso.com' -AccessRights 'SendAs' -Confirm:$false",
                ExchangeCommandBuilder.RevokeSendAs(ExchangeFlavor.Online, "shared@contoso.com", "carol@contoso.com").ToString());
            Assert.Equal("Get-ADPermission -Identity 'CN=X' -User 'o''brien@contoso.com'", ExchangeCommandBuilder.GetSendAs(ExchangeFlavor.OnPremises, "CN=X", "o'brien@contoso.com").ToString());

            var edit = Assert.IsType<ExchangeMultiValueEdit>(ExchangeCommandBuilder.GrantSendOnBehalf("a@contoso.com", "b@contoso.com")["GrantSendOnBehalfTo"]);
            Assert.Equal(new[] { "b@contoso.com" }, edit.Add);
            Assert.Empty(edit.Remove);
        }

        [Fact]
        public void The_admin_API_body_is_the_CmdletInput_envelope_with_a_GenericHashTable_for_edits()
        {
            var body = System.Text.Encoding.UTF8.GetString(AdminRestWire.WriteRequest(ExchangeCommandBuilder.GrantSendOnBehalf("a@contoso.com", "b@contoso.com")));
            Assert.Equal(
                "{\"CmdletInput\":{\"CmdletName\":\"Set-Mailbox\",\"Parameters\":{\"Identity\":\"a@contoso.com\",\"GrantSendOnBehalfTo\":{\"@odata.type\":\"#Exchange.GenericHashTable\",\"Add\":[\"b@contoso.com\"]},\"Confirm\":false}}}",
                body);
            Assert.Equal(
                "{\"CmdletInput\":{\"CmdletName\":\"Get-Mailbox\",\"Parameters\":{}}}",
                System.Text.Encoding.UTF8.GetString(AdminRestWire.WriteRequest(new ExchangeCommand("Get-Mailbox"))));
        }

        [Theory]
        [InlineData("Ex6F9304|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The operation couldn't be performed because object 'x' couldn't be found on 'y'.", "ManagementObjectNotFoundException", "MailboxNotFound")]
        [InlineData("{\"ClassName\":\"Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException\",\"Message\":\"User or group \\\"z\\\" wasn't found.\"}", "ManagementObjectNotFoundException", "PrincipalNotFound")]
        [InlineData("|Microsoft.Exchange.AdminApi.CommandInvocation.AmbiguousParameterSetException|Parameter set cannot be resolved", "AmbiguousParameterSetException", "InvalidInput")]
        public void The_error_envelope_detail_gives_the_exception_type_and_our_code(string detail, string serverCode, string code)
        {
            var json = "{\"error\":{\"code\":\"BadRequest\",\"message\":\"Invalid Operation\",\"details\":[{\"code\":\"Client\",\"target\":\"\",\"message\":" + System.Text.Json.JsonSerializer.Serialize(detail) + "}]}}";
            var error = AdminRestWire.ReadError(400, System.Text.Encoding.UTF8.GetBytes(json), "Add-MailboxPermission");
            Assert.Equal(code, error.Code.ToString());
            Assert.Equal(serverCode, error.ServerCode);
            Assert.StartsWith("Add-MailboxPermission: ", error.Message);
            Assert.DoesNotContain("|", error.Message);
        }

        /// <summary>
        /// An on-premises run (what -ExchangeSession sends through the admin's Exchange Management Shell session):
        /// the same engine with the OnPremises flavour, played against the sandbox, which answers the on-premises
        /// cmdlets too and logs every cmdlet and parameter it received.
        /// </summary>
        [Fact]
        public async Task An_on_premises_run_sends_exactly_these_cmdlets_and_parameters()
        {
            using var s = await SandboxSession.StartAsync();
            using var client = MailboxAccessScenarioTests.Client(s.Org);
            var commands = new MailboxAccessCommands(new OnPremisesFlavour(client));
            var row = new MailboxAccessRequest { Row = 1, Mailbox = "alice@contoso.com", User = "carol@contoso.com", AccessRights = new[] { "FullAccess", "SendAs", "SendOnBehalf" } };

            var sink = new RecordingSink();
            await commands.GrantAsync(new[] { row }, sink, CancellationToken.None);
            await commands.RevokeAsync(new[] { row }, sink, CancellationToken.None);

            Assert.Empty(sink.Errors);
            const string Dn = "\"CN=Alice Anders,OU=Users,DC=contoso,DC=com\"";
            Assert.Equal(
                new[]
                {
                    "Get-MailboxPermission -Identity \"alice@contoso.com\" -User \"carol@contoso.com\"",
                    "Add-MailboxPermission -Identity \"alice@contoso.com\" -User \"carol@contoso.com\" -AccessRights [\"FullAccess\"] -InheritanceType \"All\" -AutoMapping true -Confirm false",
                    "Get-Mailbox -Identity \"alice@contoso.com\"",
                    $"Get-ADPermission -Identity {Dn} -User \"carol@contoso.com\"",
                    $"Add-ADPermission -Identity {Dn} -User \"carol@contoso.com\" -ExtendedRights [\"Send-As\"] -Confirm false",
                    "Set-Mailbox -Identity \"alice@contoso.com\" -GrantSendOnBehalfTo {\"@odata.type\":\"#Exchange.GenericHashTable\",\"Add\":[\"carol@contoso.com\"]} -Confirm false",
                    "Get-MailboxPermission -Identity \"alice@contoso.com\" -User \"carol@contoso.com\"",
                    "Remove-MailboxPermission -Identity \"alice@contoso.com\" -User \"carol@contoso.com\" -AccessRights [\"FullAccess\"] -InheritanceType \"All\" -Confirm false",
                    "Get-Mailbox -Identity \"alice@contoso.com\"",
                    $"Get-ADPermission -Identity {Dn} -User \"carol@contoso.com\"",
                    $"Remove-ADPermission -Identity {Dn} -User \"carol@contoso.com\" -ExtendedRights [\"Send-As\"] -Confirm false",
                    "Set-Mailbox -Identity \"alice@contoso.com\" -GrantSendOnBehalfTo {\"@odata.type\":\"#Exchange.GenericHashTable\",\"Remove\":[\"carol@contoso.com\"]} -Confirm false",
                },
                s.Org.AdminCommands.Select(c => c.ToString()).ToArray());
            Assert.Equal(new[] { ShareAction.Added, ShareAction.Added, ShareAction.Added, ShareAction.Removed, ShareAction.Removed, ShareAction.Removed }, sink.OfType<MailboxAccessResult>().Select(r => r.Action).ToArray());
        }

        private sealed class OnPremisesFlavour : IExchangeCommandExecutor
        {
            private readonly IExchangeCommandExecutor inner;

            public OnPremisesFlavour(IExchangeCommandExecutor inner)
            {
                this.inner = inner;
            }

            public ExchangeFlavor Flavor => ExchangeFlavor.OnPremises;

            public Task<ExchangeCommandResult> InvokeAsync(ExchangeCommand command, CancellationToken cancellationToken) => inner.InvokeAsync(command, cancellationToken);
        }
    }
}
