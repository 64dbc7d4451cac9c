using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
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

            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("NTLM", Convert.ToBase64String(Type1()));
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

            // Type 3 (AUTHENTICATE) naming CONTOSO\bob, on the same connection (the same handler).
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("NTLM", Convert.ToBase64String(Type3("CONTOSO", "bob")));
            var message = Messages(await CallAsync(client, GetCalendarBody(null))).Single();
            Assert.Equal("Success", Class(message));

            // IIS keeps an NTLM connection authenticated: the next request needs no header.
            client.DefaultRequestHeaders.Authorization = null;
            message = Messages(await CallAsync(client, GetCalendarBody("bob@contoso.com"))).Single();
            Assert.Equal("Success", Class(message));
            AssertNoViolations(org);
        }

        /// <summary>Type 1 (NEGOTIATE): unicode, NTLM, request target, extended session security.</summary>
        internal static byte[] Type1()
        {
            var type1 = new byte[32];
            Encoding.ASCII.GetBytes("NTLMSSP\0").CopyTo(type1, 0);
            BitConverter.GetBytes(1u).CopyTo(type1, 8);
            BitConverter.GetBytes(0x00080207u).CopyTo(type1, 12);
            return type1;
        }

        internal static byte[] Type3(string domain, string user)
        {
            var domainBytes = Encoding.Unicode.GetBytes(domain);
            var userBytes = Encoding.Unicode.GetBytes(user);
            var message = new byte[64 + domainBytes.Length + userBytes.Length];
            Encoding.ASCII.GetBytes("NTLMSSP\0").CopyTo(message, 0);
            BitConverter.GetBytes(3u).CopyTo(message, 8);
            void Buffer(int at, int length, int offset)
            {
                BitConverter.GetBytes((ushort)length).CopyTo(message, at);
                BitConverter.GetBytes((ushort)length).CopyTo(message, at + 2);
                BitConverter.GetBytes((uint)offset).CopyTo(message, at + 4);
            }

            Buffer(12, 0, 64);
            Buffer(20, 0, 64);
            Buffer(28, domainBytes.Length, 64);
            Buffer(36, userBytes.Length, 64 + domainBytes.Length);
            Buffer(44, 0, message.Length);
            Buffer(52, 0, message.Length);
            BitConverter.GetBytes(0x00080205u).CopyTo(message, 60);
            domainBytes.CopyTo(message, 64);
            userBytes.CopyTo(message, 64 + domainBytes.Length);
            return message;
        }
    }
}
