using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Resilience;
using CalendarSharing.Ews;
using CalendarSharing.Sandbox;
using CalendarSharing.Sandbox.Auth;
using CalendarSharing.SandboxServer;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Sandbox
{
    /// <summary>
    /// NTLM inside SPNEGO (RFC 4178, RFC 4559) on the sandbox: the DER parsing on crafted tokens (sans IO), the
    /// Authenticator on tokens of .NET's real Negotiate client, and our EWS client with Default and Negotiate over sockets.
    /// </summary>
    public sealed class SpnegoTests
    {
        private const string Kerberos = "1.2.840.113554.1.2.2";
        private const string MsKerberos = "1.2.840.48018.1.2.2";

        private static readonly byte[] Type1 = Convert.FromBase64String("TlRMTVNTUAABAAAAl4II4gAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw==");

        [Fact]
        public void A_crafted_neg_token_init_is_read_with_its_mechanisms_token_and_der_mech_list()
        {
            var token = Spnego.BuildInit(new[] { MsKerberos, Spnego.NtlmOid }, Type1);

            Assert.Equal(0x60, token[0]);
            Assert.True(Spnego.TryReadInit(token, out var init));
            Assert.Equal(new[] { MsKerberos, Spnego.NtlmOid }, init!.MechTypes);
            Assert.Equal(Type1, init.MechToken);
            Assert.Null(init.MechListMic);
            // The MIC is computed over exactly this: SEQUENCE { OID 1.2.840.48018.1.2.2, OID 1.3.6.1.4.1.311.2.2.10 }.
            Assert.Equal("301706092A864882F712010202" + "060A2B06010401823702020A", Convert.ToHexString(init.MechTypesDer));
        }

        [Fact]
        public void The_neg_token_init_windows_and_gssapi_send_parses()
        {
            // What GSSAPI with gss-ntlmssp and .NET's managed SPNEGO both send first: mechTypes { NTLMSSP } and a
            // NEGOTIATE_MESSAGE as the optimistic token.
            var token = Convert.FromBase64String("YEgGBisGAQUFAqA+MDygDjAMBgorBgEEAYI3AgIKoioEKE5UTE1TU1AAAQAAABeCCOIAAAAAAAAAAAAAAAAAAAAABgCxHQAAAA8=");

            Assert.True(Spnego.TryReadInit(token, out var init));
            Assert.Equal(new[] { Spnego.NtlmOid }, init!.MechTypes);
            Assert.Equal(1, NtlmMessages.MessageType(init.MechToken!));
        }

        [Theory]
        [InlineData("6048")]                                          // truncated
        [InlineData("608006062B0601050502A0800000")]                  // indefinite length (BER, not DER)
        [InlineData("600A06062B0601050502A000")]                      // NegTokenInit missing
        [InlineData("600E06062B06010505FFA004300230000000")]          // not the SPNEGO OID
        [InlineData("601006062B0601050502A0063004A0023000")]          // empty mechTypes
        [InlineData("4E544C4D5353500001000000")]                      // raw NTLM is not SPNEGO
        public void Malformed_tokens_are_refused(string hex)
        {
            Assert.False(Spnego.TryReadInit(Convert.FromHexString(hex), out _));
        }

        [Fact]
        public void A_neg_token_resp_round_trips_every_field()
        {
            var built = Spnego.BuildResp(Spnego.AcceptIncomplete, Spnego.NtlmOid, new byte[300], new byte[] { 1, 2, 3 });

            Assert.True(Spnego.TryReadResp(built, out var resp));
            Assert.Equal(Spnego.AcceptIncomplete, resp!.NegState);
            Assert.Equal(Spnego.NtlmOid, resp.SupportedMech);
            Assert.Equal(300, resp.ResponseToken!.Length);
            Assert.Equal(new byte[] { 1, 2, 3 }, resp.MechListMic);
            Assert.Equal("A1073005A0030A0100", Convert.ToHexString(Spnego.BuildResp(Spnego.AcceptCompleted, null, null, null)));
        }

        private static HttpRequestMessage Request(string? negotiate)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "https://sandbox.contoso.com/EWS/Exchange.asmx");
            if (negotiate != null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Negotiate", negotiate);
            }

            return request;
        }

        private static NegTokenResp ServerToken(AuthResult result)
        {
            var header = Assert.Single(result.Challenge!.Headers.WwwAuthenticate);
            Assert.Equal("Negotiate", header.Scheme);
            Assert.True(Spnego.TryReadResp(Convert.FromBase64String(header.Parameter!), out var resp));
            return resp!;
        }

        [Fact]
        public void Ntlm_first_with_its_optimistic_token_gets_the_challenge_in_an_accept_incomplete()
        {
            var org = SandboxOrganization.Create();
            using var request = Request(Convert.ToBase64String(Spnego.BuildInit(new[] { Spnego.NtlmOid }, Type1)));

            var resp = ServerToken(org.Authenticator.Authenticate(request, "c1"));

            Assert.Equal(Spnego.AcceptIncomplete, resp.NegState);
            Assert.Equal(Spnego.NtlmOid, resp.SupportedMech);
            Assert.Equal(2, NtlmMessages.MessageType(resp.ResponseToken!));
        }

        [Fact]
        public void Kerberos_only_gets_the_plain_challenges_again()
        {
            var org = SandboxOrganization.Create();
            using var request = Request(Convert.ToBase64String(Spnego.BuildInit(new[] { MsKerberos, Kerberos }, new byte[] { 0x60, 0x01, 0x00 })));

            var result = org.Authenticator.Authenticate(request, "c1");

            Assert.Null(result.Account);
            Assert.Equal(new[] { "Negotiate", "NTLM", "Basic" }, result.Challenge!.Headers.WwwAuthenticate.Select(h => h.Scheme).ToArray());
            Assert.All(result.Challenge.Headers.WwwAuthenticate.Where(h => h.Scheme != "Basic"), h => Assert.Null(h.Parameter));
        }

        [Fact]
        public void Kerberos_preferred_selects_ntlm_asks_for_its_negotiate_message_and_then_requires_the_mech_list_mic()
        {
            var org = SandboxOrganization.Create();
            using var first = Request(Convert.ToBase64String(Spnego.BuildInit(new[] { Kerberos, Spnego.NtlmOid }, new byte[] { 0x60, 0x01, 0x00 })));
            var selected = ServerToken(org.Authenticator.Authenticate(first, "c1"));
            Assert.Equal(Spnego.AcceptIncomplete, selected.NegState);
            Assert.Equal(Spnego.NtlmOid, selected.SupportedMech);
            Assert.Null(selected.ResponseToken);

            using var ntlm = new NtlmClient("bob", "Sandbox!Bob1", "CONTOSO");
            using var second = Request(Convert.ToBase64String(Spnego.BuildResp(null, null, Convert.FromBase64String(ntlm.Negotiate()), null)));
            var challenge = ServerToken(org.Authenticator.Authenticate(second, "c1"));
            Assert.Equal(2, NtlmMessages.MessageType(challenge.ResponseToken!));

            // A correct AUTHENTICATE_MESSAGE, but no mechListMIC: a downgrade from Kerberos could not be detected.
            var type3 = Convert.FromBase64String(ntlm.Authenticate(Convert.ToBase64String(challenge.ResponseToken!)));
            using var third = Request(Convert.ToBase64String(Spnego.BuildResp(null, null, type3, null)));
            var result = org.Authenticator.Authenticate(third, "c1");
            Assert.Null(result.Account);
        }

        /// <summary>.NET's Negotiate client against the Authenticator, token by token, on one connection id.</summary>
        private static (AuthResult Result, HttpRequestMessage Last) Handshake(SandboxOrganization org, NtlmClient client, Func<byte[], byte[]>? tamperSecond = null)
        {
            var blob = client.Step(null, out var status);
            Assert.Equal(NegotiateAuthenticationStatusCode.ContinueNeeded, status);
            Assert.Equal(0x60, blob![0]);
            using var first = Request(Convert.ToBase64String(blob));
            var resp = ServerToken(org.Authenticator.Authenticate(first, "c1"));

            blob = client.Step(Spnego.BuildResp(resp.NegState, resp.SupportedMech, resp.ResponseToken, resp.MechListMic), out status);
            // GSSAPI's SPNEGO (gss-ntlmssp) waits for the server's final token; .NET's managed SPNEGO completes here.
            Assert.True(status == NegotiateAuthenticationStatusCode.ContinueNeeded || status == NegotiateAuthenticationStatusCode.Completed, status.ToString());
            Assert.Equal(0xA1, blob![0]);
            var last = Request(Convert.ToBase64String(tamperSecond != null ? tamperSecond(blob) : blob));
            return (org.Authenticator.Authenticate(last, "c1"), last);
        }

        [Fact]
        public void Dotnet_negotiate_signs_in_and_accepts_the_servers_mech_list_mic()
        {
            var org = SandboxOrganization.Create();
            using var client = new NtlmClient("bob", "Sandbox!Bob1", "CONTOSO", "Negotiate");

            var (result, last) = Handshake(org, client);
            using var _ = last;

            Assert.Equal("bob@contoso.com", result.Account?.Address);
            using var ok = new HttpResponseMessage(HttpStatusCode.OK);
            Authenticator.AddFinalToken(last, ok);
            var final = Convert.FromBase64String(Assert.Single(ok.Headers.WwwAuthenticate).Parameter!);
            Assert.True(Spnego.TryReadResp(final, out var completed));
            Assert.Equal(Spnego.AcceptCompleted, completed!.NegState);
            Assert.Equal(16, completed.MechListMic!.Length);

            // GSSAPI's SPNEGO checks the server's mechListMIC before it completes: a wrong one fails the context. (The
            // managed SPNEGO completed on its own last token and does not read this one.)
            if (!client.IsAuthenticated)
            {
                client.Step(final, out var status);
                Assert.Equal(NegotiateAuthenticationStatusCode.Completed, status);
                Assert.True(client.IsAuthenticated);

                using var other = new NtlmClient("bob", "Sandbox!Bob1", "CONTOSO", "Negotiate");
                var (again, request) = Handshake(SandboxOrganization.Create(), other);
                using var __ = request;
                Assert.NotNull(again.Account);
                var forged = completed.MechListMic.ToArray();
                forged[5] ^= 0x01; // a MIC from another session, or a tampered one
                other.Step(Spnego.BuildResp(Spnego.AcceptCompleted, null, null, forged), out status);
                Assert.NotEqual(NegotiateAuthenticationStatusCode.Completed, status);
            }
        }

        [Fact]
        public void A_tampered_client_mech_list_mic_is_refused()
        {
            var org = SandboxOrganization.Create();
            using var client = new NtlmClient("bob", "Sandbox!Bob1", "CONTOSO", "Negotiate");

            var (result, last) = Handshake(org, client, blob =>
            {
                Assert.True(Spnego.TryReadResp(blob, out var resp));
                var mic = resp!.MechListMic!.ToArray();
                mic[6] ^= 0x01;
                return Spnego.BuildResp(resp.NegState, resp.SupportedMech, resp.ResponseToken, mic);
            });
            using var _ = last;

            Assert.Null(result.Account);
        }

        [Fact]
        public void A_wrong_password_inside_spnego_is_refused()
        {
            var org = SandboxOrganization.Create();
            using var client = new NtlmClient("bob", "Not-Bobs-Password", "CONTOSO", "Negotiate");

            var (result, last) = Handshake(org, client);
            using var _ = last;

            Assert.Null(result.Account);
        }

        private static EwsConnectionOptions Options(SandboxHost host, string user, string password, EwsAuthentication authentication) => new EwsConnectionOptions
        {
            Url = host.EwsUrl,
            Credential = new NetworkCredential(user, password),
            Authentication = authentication,
            Retry = new RetryOptions { MaxAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(10) },
            ServerCertificateValidation = (_, certificate, _, _) => certificate != null && certificate.GetCertHashString() == host.Certificate.GetCertHashString(),
        };

        [Theory]
        [InlineData(EwsAuthentication.Default)]
        [InlineData(EwsAuthentication.Negotiate)]
        [InlineData(EwsAuthentication.Ntlm)]
        public async Task Our_client_signs_in_over_real_sockets_and_reads_alices_calendar(EwsAuthentication authentication)
        {
            var org = SandboxOrganization.Create();
            await using var host = await SandboxHost.StartAsync(org, "https://127.0.0.1:0");
            using var backend = new EwsCalendarBackend(Options(host, "CONTOSO\\alice", "Sandbox!Alice1", authentication));

            await backend.ConnectAsync(CancellationToken.None);

            Assert.NotNull(backend.Info.ServerVersion);
        }

        [Theory]
        [InlineData(EwsAuthentication.Default)]
        [InlineData(EwsAuthentication.Negotiate)]
        public async Task A_wrong_password_under_negotiate_is_an_authentication_error(EwsAuthentication authentication)
        {
            var org = SandboxOrganization.Create();
            await using var host = await SandboxHost.StartAsync(org, "https://127.0.0.1:0");
            using var backend = new EwsCalendarBackend(Options(host, "CONTOSO\\alice", "Wrong-Secret-42", authentication));

            var ex = await Assert.ThrowsAsync<BackendException>(() => backend.ConnectAsync(CancellationToken.None));

            Assert.Equal(BackendErrorCode.Authentication, ex.Error.Code);
            Assert.DoesNotContain("Wrong-Secret-42", ex.ToString());
        }
    }
}
