using System;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using System.Xml.Linq;
using CalendarSharing.Sandbox;
using CalendarSharing.Sandbox.Validation;
using Xunit;

namespace CalendarSharing.Tests.Sandbox
{
    /// <summary>Raw SOAP over the sandbox handler: envelopes are written by hand, answers parsed as XML.</summary>
    internal static class SandboxTestKit
    {
        public const string SoapUri = "http://schemas.xmlsoap.org/soap/envelope/";
        public const string MUri = "http://schemas.microsoft.com/exchange/services/2006/messages";
        public const string TUri = "http://schemas.microsoft.com/exchange/services/2006/types";
        public const string EUri = "http://schemas.microsoft.com/exchange/services/2006/errors";

        public static readonly XNamespace S = SoapUri;
        public static readonly XNamespace M = MUri;
        public static readonly XNamespace T = TUri;
        public static readonly XNamespace E = EUri;

        /// <summary>A strict organisation; a missing schema folder fails the test, never skips it.</summary>
        public static SandboxOrganization CreateOrg(SandboxOptions? options = null)
        {
            options = options ?? new SandboxOptions();
            options.StrictValidation = true;
            options.SchemaDirectory = EwsSchemaValidator.Locate()
                ?? throw new InvalidOperationException("EWS schemas (types.xsd, messages.xsd) not found: set " + EwsSchemaValidator.SchemaPathVariable + ".");
            return SandboxOrganization.Create(options);
        }

        public static HttpClient Client(SandboxOrganization org, string user, string password)
        {
            var client = new HttpClient(org.CreateHandler()) { BaseAddress = org.EwsUrl };
            client.DefaultRequestHeaders.Authorization = Basic(user, password);
            return client;
        }

        public static HttpClient AdminClient(SandboxOrganization org) => Client(org, "admin@contoso.com", "Sandbox!Admin1");

        public static AuthenticationHeaderValue Basic(string user, string password) =>
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));

        public static string Envelope(string body, string version = "Exchange2013_SP1", string extraHeader = "") =>
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>" +
            "<soap:Envelope xmlns:soap=\"" + SoapUri + "\" xmlns:m=\"" + MUri + "\" xmlns:t=\"" + TUri + "\">" +
            "<soap:Header><t:RequestServerVersion Version=\"" + version + "\"/>" + extraHeader + "</soap:Header>" +
            "<soap:Body>" + body + "</soap:Body></soap:Envelope>";

        public static async Task<(HttpResponseMessage Response, XDocument Xml)> PostAsync(HttpClient client, string envelope)
        {
            using var content = new StringContent(envelope, Encoding.UTF8, "text/xml");
            var response = await client.PostAsync(client.BaseAddress, content);
            var text = await response.Content.ReadAsStringAsync();
            return (response, text.Length == 0 ? new XDocument() : XDocument.Parse(text));
        }

        /// <summary>POSTs and expects HTTP 200 with a text/xml body that carries ServerVersionInfo.</summary>
        public static async Task<XElement> CallAsync(HttpClient client, string body, string extraHeader = "")
        {
            var (response, xml) = await PostAsync(client, Envelope(body, extraHeader: extraHeader));
            Assert.True(response.IsSuccessStatusCode, "HTTP " + (int)response.StatusCode + ": " + xml);
            Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
            var version = xml.Root!.Element(S + "Header")!.Element(T + "ServerVersionInfo")!;
            Assert.Equal("V2017_07_11", (string?)version.Attribute("Version"));
            return xml.Root!.Element(S + "Body")!.Elements().Single();
        }

        public static string GetCalendarBody(string? mailbox, string distinguishedId = "calendar") =>
            "<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape>" +
            "<t:AdditionalProperties><t:FieldURI FieldURI=\"folder:PermissionSet\"/></t:AdditionalProperties></m:FolderShape>" +
            "<m:FolderIds>" + DistinguishedId(mailbox, distinguishedId) + "</m:FolderIds></m:GetFolder>";

        public static string DistinguishedId(string? mailbox, string id = "calendar") =>
            mailbox == null
                ? "<t:DistinguishedFolderId Id=\"" + id + "\"/>"
                : "<t:DistinguishedFolderId Id=\"" + id + "\"><t:Mailbox><t:EmailAddress>" + mailbox + "</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId>";

        public static string Permission(string userIdInner, string level) =>
            "<t:CalendarPermission><t:UserId>" + userIdInner + "</t:UserId><t:CalendarPermissionLevel>" + level + "</t:CalendarPermissionLevel></t:CalendarPermission>";

        public static string Smtp(string address) => "<t:PrimarySmtpAddress>" + address + "</t:PrimarySmtpAddress>";

        public static string Distinguished(string user) => "<t:DistinguishedUser>" + user + "</t:DistinguishedUser>";

        public static string UpdatePermissionsBody(string folderId, string? changeKey, params string[] permissions) =>
            "<m:UpdateFolder><m:FolderChanges>" + FolderChange(folderId, changeKey, permissions) + "</m:FolderChanges></m:UpdateFolder>";

        public static string FolderChange(string folderId, string? changeKey, params string[] permissions) =>
            "<t:FolderChange><t:FolderId Id=\"" + folderId + "\"" + (changeKey == null ? string.Empty : " ChangeKey=\"" + changeKey + "\"") + "/>" +
            "<t:Updates><t:SetFolderField><t:FieldURI FieldURI=\"folder:PermissionSet\"/><t:CalendarFolder><t:PermissionSet><t:CalendarPermissions>" +
            string.Concat(permissions) +
            "</t:CalendarPermissions></t:PermissionSet></t:CalendarFolder></t:SetFolderField></t:Updates></t:FolderChange>";

        public static XElement[] Messages(XElement response) =>
            response.Element(M + "ResponseMessages")!.Elements().ToArray();

        public static string Code(XElement message) => (string)message.Element(M + "ResponseCode")!;

        public static string Class(XElement message) => (string)message.Attribute("ResponseClass")!;

        /// <summary>The DisplayName of the single folder in a GetFolder success message.</summary>
        public static string FolderName(XElement message) =>
            (string)message.Element(M + "Folders")!.Elements().Single().Element(T + "DisplayName")!;

        public static XElement FolderIdOf(XElement message) =>
            message.Element(M + "Folders")!.Elements().Single().Element(T + "FolderId")!;

        /// <summary>principal (Default / Anonymous / smtp) → level, from a GetFolder success message.</summary>
        public static string[] Levels(XElement message) =>
            message.Descendants(T + "CalendarPermission")
                .Select(p =>
                {
                    var user = p.Element(T + "UserId")!;
                    var who = (string?)user.Element(T + "DistinguishedUser") ?? (string)user.Element(T + "PrimarySmtpAddress")!;
                    return who + "=" + (string)p.Element(T + "CalendarPermissionLevel")!;
                })
                .ToArray();

        public static void AssertNoViolations(SandboxOrganization org) =>
            Assert.True(org.SchemaViolations.Count == 0, string.Join(Environment.NewLine, org.SchemaViolations));

        public static XElement FaultDetail(XDocument xml) =>
            xml.Root!.Element(S + "Body")!.Element(S + "Fault")!.Element("detail")!;
    }
}
