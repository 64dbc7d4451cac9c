using System.Collections.Generic;
using CalendarSharing.Sandbox.Validation;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Validation
{
    /// <summary>The validator itself must catch what a real server rejects, or every wire test is hollow.</summary>
    public class EwsSchemaValidatorTests
    {
        private const string Envelope = @"<soap:Envelope xmlns:soap=""http://schemas.xmlsoap.org/soap/envelope/"" xmlns:t=""http://schemas.microsoft.com/exchange/services/2006/types"" xmlns:m=""http://schemas.microsoft.com/exchange/services/2006/messages"">
  <soap:Header><t:RequestServerVersion Version=""Exchange2013_SP1""/></soap:Header>
  <soap:Body>{0}</soap:Body>
</soap:Envelope>";

        private static IReadOnlyList<string> Validate(string body) =>
            EwsSchemaValidator.Load(SandboxSession.SchemaDirectory).ValidateEnvelope(string.Format(Envelope, body));

        [Fact]
        public void The_briefs_GetFolder_request_is_valid()
        {
            var errors = Validate(@"<m:GetFolder>
  <m:FolderShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI=""folder:PermissionSet""/></t:AdditionalProperties></m:FolderShape>
  <m:FolderIds><t:DistinguishedFolderId Id=""calendar""><t:Mailbox><t:EmailAddress>alice@contoso.com</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId></m:FolderIds>
</m:GetFolder>");
            Assert.Empty(errors);
        }

        [Fact]
        public void Elements_out_of_order_are_caught()
        {
            var errors = Validate(@"<m:GetFolder>
  <m:FolderIds><t:DistinguishedFolderId Id=""calendar""/></m:FolderIds>
  <m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape>
</m:GetFolder>");
            Assert.NotEmpty(errors);
        }

        [Fact]
        public void The_https_namespace_from_web_samples_is_caught()
        {
            var errors = EwsSchemaValidator.Load(SandboxSession.SchemaDirectory).ValidateEnvelope(
                @"<soap:Envelope xmlns:soap=""http://schemas.xmlsoap.org/soap/envelope/""><soap:Body><m:GetFolder xmlns:m=""https://schemas.microsoft.com/exchange/services/2006/messages""/></soap:Body></soap:Envelope>");
            Assert.NotEmpty(errors);
        }

        [Fact]
        public void A_wrong_enumeration_value_is_caught()
        {
            var errors = Validate(@"<m:GetFolder>
  <m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape>
  <m:FolderIds><t:DistinguishedFolderId Id=""Calendar""/></m:FolderIds>
</m:GetFolder>");
            Assert.NotEmpty(errors);
        }

        [Fact]
        public void A_bad_header_block_is_caught()
        {
            var errors = EwsSchemaValidator.Load(SandboxSession.SchemaDirectory).ValidateEnvelope(
                @"<soap:Envelope xmlns:soap=""http://schemas.xmlsoap.org/soap/envelope/"" xmlns:t=""http://schemas.microsoft.com/exchange/services/2006/types"" xmlns:m=""http://schemas.microsoft.com/exchange/services/2006/messages"">
  <soap:Header><t:RequestServerVersion Version=""Exchange2099""/></soap:Header>
  <soap:Body><m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id=""calendar""/></m:FolderIds></m:GetFolder></soap:Body></soap:Envelope>");
            Assert.NotEmpty(errors);
        }
    }
}
