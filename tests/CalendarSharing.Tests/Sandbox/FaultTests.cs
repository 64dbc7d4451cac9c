using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using System.Xml.Linq;
using CalendarSharing.Sandbox;
using Xunit;
using static CalendarSharing.Tests.Sandbox.SandboxTestKit;

namespace CalendarSharing.Tests.Sandbox
{
    public sealed class FaultTests
    {
        [Fact]
        public async Task Past_the_concurrency_limit_the_account_gets_the_ErrorServerBusy_fault()
        {
            var org = CreateOrg(new SandboxOptions { EwsConcurrencyLimit = 1, Latency = TimeSpan.FromMilliseconds(500), BackOffMilliseconds = 1234 });
            using var client = Client(org, "alice@contoso.com", "Sandbox!Alice1");

            // Two requests at once for one account with a limit of one: exactly one is served, the other throttled.
            var results = await Task.WhenAll(PostAsync(client, Envelope(GetCalendarBody(null))), PostAsync(client, Envelope(GetCalendarBody(null))));
            Assert.Single(results, r => r.Response.StatusCode == HttpStatusCode.OK);
            var (response, xml) = Assert.Single(results, r => r.Response.StatusCode != HttpStatusCode.OK);

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
            var fault = xml.Root!.Element(S + "Body")!.Element(S + "Fault")!;
            var faultcode = fault.Element("faultcode")!;
            Assert.Equal("a:ErrorServerBusy", faultcode.Value);
            Assert.Equal(TUri, faultcode.GetNamespaceOfPrefix("a")?.NamespaceName);
            Assert.Equal("en-US", (string?)fault.Element("faultstring")!.Attribute(XNamespace.Xml + "lang"));
            var detail = fault.Element("detail")!;
            Assert.Equal(new[] { "ResponseCode", "Message", "MessageXml" }, detail.Elements().Select(e => e.Name.LocalName).ToArray());
            Assert.All(detail.Elements(), e => Assert.Equal(EUri, e.Name.NamespaceName));
            Assert.Equal("ErrorServerBusy", (string?)detail.Element(E + "ResponseCode"));
            var value = detail.Element(E + "MessageXml")!.Element(T + "Value")!;
            Assert.Equal("BackOffMilliseconds", (string?)value.Attribute("Name"));
            Assert.Equal("1234", value.Value);
            Assert.Equal(1, org.ThrottledResponses);

            // Another account has its own budget.
            using var bob = Client(org, "bob@contoso.com", "Sandbox!Bob1");
            var concurrent = PostAsync(client, Envelope(GetCalendarBody(null)));
            var (bobResponse, _) = await PostAsync(bob, Envelope(GetCalendarBody(null)));
            await concurrent;
            Assert.Equal(HttpStatusCode.OK, bobResponse.StatusCode);
            AssertNoViolations(org);
        }

        [Fact]
        public async Task Unknown_RequestServerVersion_is_the_ErrorInvalidServerVersion_fault()
        {
            var org = CreateOrg();
            using var client = AdminClient(org);

            var (response, xml) = await PostAsync(client, Envelope(GetCalendarBody(null), version: "Exchange2099"));

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal("ErrorInvalidServerVersion", (string?)FaultDetail(xml).Element(E + "ResponseCode"));
            AssertNoViolations(org);
        }

        [Fact]
        public async Task An_operation_the_sandbox_does_not_serve_is_the_ErrorInvalidRequest_fault()
        {
            var org = CreateOrg();
            using var client = AdminClient(org);
            var timeZones = "<m:GetServerTimeZones ReturnFullTimeZoneData=\"false\"/>";

            var (response, xml) = await PostAsync(client, Envelope(timeZones));

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal("ErrorInvalidRequest", (string?)FaultDetail(xml).Element(E + "ResponseCode"));
            AssertNoViolations(org);
        }

        [Fact]
        public async Task Strict_mode_rejects_an_out_of_order_request_with_ErrorSchemaValidation()
        {
            var org = CreateOrg();
            using var client = AdminClient(org);
            var outOfOrder = "<m:GetFolder><m:FolderIds>" + DistinguishedId(null) + "</m:FolderIds>" +
                "<m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape></m:GetFolder>";

            var (response, xml) = await PostAsync(client, Envelope(outOfOrder));

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            var detail = FaultDetail(xml);
            Assert.Equal("ErrorSchemaValidation", (string?)detail.Element(E + "ResponseCode"));
            Assert.NotNull(detail.Element(E + "Line"));
            Assert.NotNull(detail.Element(E + "Position"));
            Assert.NotEmpty(org.SchemaViolations);
            Assert.StartsWith("request GetFolder", org.SchemaViolations[0]);
        }

        [Fact]
        public async Task Strict_mode_rejects_https_namespace_uris()
        {
            var org = CreateOrg();
            using var client = AdminClient(org);
            var envelope = Envelope(GetCalendarBody(null)).Replace("http://schemas.microsoft.com/exchange/services/2006/messages", "https://schemas.microsoft.com/exchange/services/2006/messages");

            var (response, xml) = await PostAsync(client, envelope);

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal("ErrorSchemaValidation", (string?)FaultDetail(xml).Element(E + "ResponseCode"));
            Assert.NotEmpty(org.SchemaViolations);
        }

        [Fact]
        public async Task Latency_honours_cancellation()
        {
            var org = CreateOrg(new SandboxOptions { Latency = TimeSpan.FromSeconds(30) });
            using var client = AdminClient(org);
            using var cancel = new System.Threading.CancellationTokenSource(TimeSpan.FromMilliseconds(100));
            using var content = new StringContent(Envelope(GetCalendarBody(null)), System.Text.Encoding.UTF8, "text/xml");

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.PostAsync(client.BaseAddress, content, cancel.Token));
        }

        [Fact]
        public async Task Transient_faults_are_503_with_Retry_After_or_the_transient_SOAP_fault()
        {
            var org = CreateOrg(new SandboxOptions { TransientFaultRate = 1.0, Seed = 7 });
            using var client = AdminClient(org);

            for (var i = 0; i < 6; i++)
            {
                var (response, xml) = await PostAsync(client, Envelope(GetCalendarBody(null)));
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
                }
                else
                {
                    Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
                    Assert.Equal("ErrorInternalServerTransientError", (string?)FaultDetail(xml).Element(E + "ResponseCode"));
                }
            }

            Assert.Equal(6, org.TransientFaults);
            Assert.Equal(6, org.RequestCounts["GetFolder"]);
            AssertNoViolations(org);
        }

        [Fact]
        public void Strict_mode_without_schemas_fails_at_Create()
        {
            var options = new SandboxOptions { StrictValidation = true, SchemaDirectory = "/nonexistent/schemas" };

            var error = Assert.Throws<InvalidOperationException>(() => SandboxOrganization.Create(options));

            Assert.Contains("schemas", error.Message);
        }
    }
}
