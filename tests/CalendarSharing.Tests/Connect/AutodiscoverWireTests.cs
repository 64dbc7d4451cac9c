using System;
using System.Linq;
using System.Xml.Linq;
using CalendarSharing.Ews.Autodiscover;
using Xunit;

namespace CalendarSharing.Tests.Connect
{
    /// <summary>The sans-IO autodiscover code: requests as the protocol spells them, answers of every kind.</summary>
    public class AutodiscoverWireTests
    {
        [Fact]
        public void The_pox_request_names_the_address_and_the_2006a_response_schema()
        {
            var request = XDocument.Parse(PoxAutodiscover.BuildRequest("hans@contoso.com"));
            XNamespace a = "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006";
            Assert.Equal(a + "Autodiscover", request.Root!.Name);
            Assert.Equal("hans@contoso.com", request.Root.Element(a + "Request")!.Element(a + "EMailAddress")!.Value);
            Assert.Equal(PoxAutodiscover.OutlookResponseNamespace, request.Root.Element(a + "Request")!.Element(a + "AcceptableResponseSchema")!.Value);
        }

        [Fact]
        public void The_soap_request_asks_get_user_settings_for_the_ews_urls()
        {
            var request = XDocument.Parse(SoapAutodiscover.BuildRequest("hans@contoso.com", new Uri("https://autodiscover.contoso.com/autodiscover/autodiscover.svc")));
            XNamespace soap = SoapAutodiscover.SoapNamespace;
            XNamespace a = SoapAutodiscover.AutodiscoverNamespace;
            XNamespace wsa = SoapAutodiscover.AddressingNamespace;
            var header = request.Root!.Element(soap + "Header")!;
            Assert.Equal(SoapAutodiscover.Action, header.Element(wsa + "Action")!.Value);
            Assert.Equal("https://autodiscover.contoso.com/autodiscover/autodiscover.svc", header.Element(wsa + "To")!.Value);
            var inner = request.Descendants(a + "Request").Single();
            Assert.Equal("hans@contoso.com", inner.Descendants(a + "Mailbox").Single().Value);
            Assert.Equal(new[] { "ExternalEwsUrl", "InternalEwsUrl", "EwsSupportedSchemas", "GroupingInformation" }, inner.Descendants(a + "Setting").Select(s => s.Value).ToArray());
        }

        private const string Outer = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";
        private const string Inner = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";

        [Fact]
        public void Pox_settings_prefer_the_external_url_and_fall_back_to_ASUrl()
        {
            var xml = $@"<Autodiscover xmlns=""{Outer}""><Response xmlns=""{Inner}""><Account><Action>settings</Action>
<Protocol><Type>EXCH</Type><EwsUrl>https://ex01.corp.contoso.com/EWS/Exchange.asmx</EwsUrl></Protocol>
<Protocol><Type>EXPR</Type><ASUrl>https://owa.contoso.com/EWS/Exchange.asmx</ASUrl></Protocol></Account></Response></Autodiscover>";
            var answer = PoxAutodiscover.Parse(xml);
            Assert.Equal(AutodiscoverAnswerKind.Settings, answer.Kind);
            Assert.Equal("https://owa.contoso.com/EWS/Exchange.asmx", answer.EwsUrl);
            Assert.Equal("https://ex01.corp.contoso.com/EWS/Exchange.asmx", answer.InternalEwsUrl);
        }

        [Theory]
        [InlineData("redirectAddr", "<RedirectAddr>hans@de.contoso.com</RedirectAddr>", "RedirectAddress", "hans@de.contoso.com")]
        [InlineData("redirectUrl", "<RedirectUrl>https://ad.de.contoso.com/autodiscover/autodiscover.xml</RedirectUrl>", "RedirectUrl", "https://ad.de.contoso.com/autodiscover/autodiscover.xml")]
        public void Pox_redirects(string action, string element, string kindName, string target)
        {
            var kind = Enum.Parse<AutodiscoverAnswerKind>(kindName);
            var answer = PoxAutodiscover.Parse($@"<Autodiscover xmlns=""{Outer}""><Response xmlns=""{Inner}""><Account><Action>{action}</Action>{element}</Account></Response></Autodiscover>");
            Assert.Equal(kind, answer.Kind);
            Assert.Equal(target, answer.RedirectTarget);
        }

        [Fact]
        public void A_pox_error_arrives_in_the_outer_namespace()
        {
            var answer = PoxAutodiscover.Parse($@"<Autodiscover xmlns=""{Outer}""><Response><Error Time=""08:00:00.00"" Id=""1""><ErrorCode>500</ErrorCode><Message>The e-mail address cannot be found.</Message><DebugData /></Error></Response></Autodiscover>");
            Assert.Equal(AutodiscoverAnswerKind.Error, answer.Kind);
            Assert.Equal("500", answer.ErrorCode);
        }

        private static string Soap(string userResponse, string requestCode = "NoError") =>
            $@"<s:Envelope xmlns:s=""http://schemas.xmlsoap.org/soap/envelope/""><s:Body><GetUserSettingsResponseMessage xmlns=""http://schemas.microsoft.com/exchange/2010/Autodiscover"">
<Response xmlns:i=""http://www.w3.org/2001/XMLSchema-instance""><ErrorCode>{requestCode}</ErrorCode><ErrorMessage /><UserResponses>{userResponse}</UserResponses></Response></GetUserSettingsResponseMessage></s:Body></s:Envelope>";

        [Fact]
        public void Soap_settings_redirects_and_errors_at_each_level()
        {
            var settings = SoapAutodiscover.Parse(Soap(@"<UserResponse><ErrorCode>NoError</ErrorCode><RedirectTarget i:nil=""true"" /><UserSettings>
<UserSetting i:type=""StringSetting""><Name>InternalEwsUrl</Name><Value>https://ex01.corp.contoso.com/EWS/Exchange.asmx</Value></UserSetting></UserSettings></UserResponse>"));
            Assert.Equal(AutodiscoverAnswerKind.Settings, settings.Kind);
            Assert.Equal("https://ex01.corp.contoso.com/EWS/Exchange.asmx", settings.EwsUrl);

            var redirect = SoapAutodiscover.Parse(Soap("<UserResponse><ErrorCode>RedirectAddress</ErrorCode><RedirectTarget>hans@de.contoso.com</RedirectTarget></UserResponse>"));
            Assert.Equal(AutodiscoverAnswerKind.RedirectAddress, redirect.Kind);
            Assert.Equal("hans@de.contoso.com", redirect.RedirectTarget);

            var user = SoapAutodiscover.Parse(Soap("<UserResponse><ErrorCode>InvalidUser</ErrorCode><ErrorMessage>Invalid user.</ErrorMessage></UserResponse>"));
            Assert.Equal("InvalidUser", user.ErrorCode);

            var busy = SoapAutodiscover.Parse(Soap(string.Empty, "ServerBusy"));
            Assert.Equal(AutodiscoverAnswerKind.Error, busy.Kind);
            Assert.Equal("ServerBusy", busy.ErrorCode);

            var none = SoapAutodiscover.Parse(Soap("<UserResponse><ErrorCode>NoError</ErrorCode><UserSettings /></UserResponse>"));
            Assert.Equal("SettingIsNotAvailable", none.ErrorCode);
        }

        [Fact]
        public void A_dtd_is_refused()
        {
            Assert.ThrowsAny<System.Xml.XmlException>(() => PoxAutodiscover.Parse("<!DOCTYPE x [<!ENTITY e \"x\">]><Autodiscover/>"));
        }
    }
}
