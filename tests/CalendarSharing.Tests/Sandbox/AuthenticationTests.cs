using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using CalendarSharing.Tests.Support;
using Xunit;
using static CalendarSharing.Tests.Sandbox.SandboxTestKit;

namespace CalendarSharing.Tests.Sandbox
{
    public sealed class AuthenticationTests
    {
        private static void AssertChallenges(HttpResponseMessage response)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal(
                new[] { "Negotiate", "NTLM", "Basic realm=\"sandbox.contoso.com\"" },
                response.Headers.WwwAuthenticate.Select(h => h.ToString()).ToArray());
        }

        [Fact]
        public async Task No_credentials_get_401_with_three_challenges_and_no_body()
        {
            var org = CreateOrg();
            using var client = new HttpClient(org.CreateHandler()) { BaseAddress = org.EwsUrl };

            var (response, _) = await PostAsync(client, Envelope(GetCalendarBody(null)));

            AssertChallenges(response);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        }

        [Theory]
        [InlineData("alice@contoso.com", "wrong")]
        [InlineData("nobody@contoso.com", "Sandbox!Alice1")]
        [InlineData("FABRIKAM\\alice", "Sandbox!Alice1")]
        public async Task Wrong_credentials_get_401(string user, string password)
        {
            var org = CreateOrg();
            using var client = Client(org, user, password);

            var (response, _) = await PostAsync(client, Envelope(GetCalendarBody(null)));

            AssertChallenges(response);
        }

        [Fact]
        public async Task Domain_logon_name_and_issued_bearer_token_are_accepted()
        {
            var org = CreateOrg();
            using var domainUser = Client(org, "CONTOSO\\hans", "Sandbox!Hans1");
            var message = Messages(await CallAsync(domainUser, GetCalendarBody(null))).Single();
            Assert.Equal("Kalender", FolderName(message));

            using var bearer = new HttpClient(org.CreateHandler()) { BaseAddress = org.EwsUrl };
            bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", org.IssueAccessToken("marie@contoso.com"));
            message = Messages(await CallAsync(bearer, GetCalendarBody(null))).Single();
            Assert.Equal("Calendrier", FolderName(message));

            bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-issued");
            var (response, _) = await PostAsync(bearer, Envelope(GetCalendarBody(null)));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            AssertNoViolations(org);
        }

        [Fact]
        public async Task Ntlm_negotiate_gets_a_challenge_and_authenticate_signs_in_the_connection()
        {
            var org = CreateOrg();
            using var client = new HttpClient(org.CreateHandler()) { BaseAddress = org.EwsUrl };

            using var ntlm = new NtlmClient("bob", "Sandbox!Bob1", "CONTOSO");
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("NTLM", ntlm.Negotiate());
            var (response, _) = await PostAsync(client, Envelope(GetCalendarBody(null)));

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var challenge = response.Headers.WwwAuthenticate.Single();
            Assert.Equal("NTLM", challenge.Scheme);
            var type2 = Convert.FromBase64String(challenge.Parameter!);
            Assert.Equal("NTLMSSP\0", Encoding.ASCII.GetString(type2, 0, 8));
            Assert.Equal(2u, BitConverter.ToUInt32(type2, 8));
            var flags = BitConverter.ToUInt32(type2, 20);
            Assert.True((flags & 0x00800000) != 0, "target info flag");
            Assert.Equal("CONTOSO", Encoding.Unicode.GetString(type2, (int)BitConverter.ToUInt32(type2, 16), BitConverter.ToUInt16(type2, 12)));
            var targetInfo = Encoding.Unicode.GetString(type2, (int)BitConverter.ToUInt32(type2, 44), BitConverter.ToUInt16(type2, 40));
            Assert.Contains("contoso.com", targetInfo);
            Assert.NotEqual(new byte[8], type2.Skip(24).Take(8).ToArray());

            // Type 3 (AUTHENTICATE) of CONTOSO\bob with his password, on the same connection (the same handler).
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("NTLM", ntlm.Authenticate(challenge.Parameter!));
            var message = Messages(await CallAsync(client, GetCalendarBody(null))).Single();
            Assert.Equal("Success", Class(message));

            // IIS keeps an NTLM connection authenticated: the next request needs no header.
            client.DefaultRequestHeaders.Authorization = null;
            message = Messages(await CallAsync(client, GetCalendarBody("bob@contoso.com"))).Single();
            Assert.Equal("Success", Class(message));
            AssertNoViolations(org);
        }

        [Fact]
        public async Task Ntlm_with_a_wrong_password_gets_401()
        {
            var org = CreateOrg();
            using var client = new HttpClient(org.CreateHandler()) { BaseAddress = org.EwsUrl };
            using var ntlm = new NtlmClient("bob", "Not-Bobs-Password", "CONTOSO");
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("NTLM", ntlm.Negotiate());
            var (challenge, _) = await PostAsync(client, Envelope(GetCalendarBody(null)));

            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("NTLM", ntlm.Authenticate(challenge.Headers.WwwAuthenticate.Single().Parameter!));
            var (response, _) = await PostAsync(client, Envelope(GetCalendarBody(null)));

            AssertChallenges(response);
        }
    }
}
