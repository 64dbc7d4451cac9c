using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using CalendarSharing.Sandbox;
using CalendarSharing.Sandbox.Auth;
using CalendarSharing.SandboxServer;
using Xunit;

namespace CalendarSharing.Tests.Sandbox
{
    /// <summary>SandboxServer --front-end-auth: whose word about the user is believed (the Apache interop test's proxy).</summary>
    public sealed class FrontEndTrustTests
    {
        private const string Secret = "0123456789abcdef0123456789abcdef";

        [Fact]
        public void Only_a_loopback_peer_with_the_secret_names_the_user()
        {
            var trust = new SandboxFrontEndTrust(Secret);

            Assert.Equal("CONTOSO\\alice", trust.TrustedUser(IPAddress.Loopback, Secret, "CONTOSO\\alice"));
            Assert.Equal("CONTOSO\\alice", trust.TrustedUser(IPAddress.IPv6Loopback, Secret, " CONTOSO\\alice "));
            Assert.Null(trust.TrustedUser(IPAddress.Parse("192.0.2.10"), Secret, "CONTOSO\\alice"));
            Assert.Null(trust.TrustedUser(null, Secret, "CONTOSO\\alice"));
            Assert.Null(trust.TrustedUser(IPAddress.Loopback, Secret.Substring(1) + "0", "CONTOSO\\alice"));
            Assert.Null(trust.TrustedUser(IPAddress.Loopback, Secret + "x", "CONTOSO\\alice"));
            Assert.Null(trust.TrustedUser(IPAddress.Loopback, null, "CONTOSO\\alice"));
            Assert.Null(trust.TrustedUser(IPAddress.Loopback, Secret, " "));
        }

        [Theory]
        [InlineData("CONTOSO\\alice", "alice@contoso.com")]
        [InlineData("alice@contoso.com", "alice@contoso.com")]
        [InlineData("FABRIKAM\\alice", null)]
        [InlineData("CONTOSO\\nobody", null)]
        public void The_authenticator_takes_the_front_ends_user_from_the_request_property_only(string user, string? expected)
        {
            var org = SandboxOrganization.Create();
            using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1/EWS/Exchange.asmx");
            request.Options.Set(new HttpRequestOptionsKey<string>(SandboxAuthProperties.FrontEndUser), user);
            request.Headers.Authorization = new AuthenticationHeaderValue("Negotiate", "bm90LWEtdG9rZW4="); // ignored

            Assert.Equal(expected, org.Authenticator.Authenticate(request, "c1").Account?.Address);

            // A header of that name is just a header.
            using var forged = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1/EWS/Exchange.asmx");
            forged.Headers.TryAddWithoutValidation(SandboxAuthProperties.FrontEndUser, user);
            forged.Headers.TryAddWithoutValidation(SandboxFrontEndTrust.UserHeader, user);
            Assert.Null(org.Authenticator.Authenticate(forged, "c2").Account);
        }

        [Fact]
        public void A_short_secret_is_refused()
        {
            Assert.Throws<ArgumentException>(() => new SandboxFrontEndTrust("short"));
        }
    }
}
