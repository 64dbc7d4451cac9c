using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Ews;
using CalendarSharing.Ews.Autodiscover;
using CalendarSharing.Sandbox;
using Xunit;

namespace CalendarSharing.Tests.Connect
{
    /// <summary>The autodiscover driver against sandbox hosts over real TLS sockets, with NTLM, named hosts remapped to 127.0.0.1.</summary>
    public class AutodiscoverTests
    {
        [Fact]
        public async Task The_domain_itself_answers_soap_and_the_ews_url_connects()
        {
            await using var lab = await AutodiscoverLab.StartAsync();
            await lab.AddSettingsAsync("https://contoso.com");
            var options = lab.Options();

            var result = await lab.DiscoverAsync(options);

            Assert.Equal(lab.Ews.EwsUrl, result.EwsUrl);
            Assert.Equal("SOAP", result.Protocol);
            Assert.Equal(new Uri("https://contoso.com/autodiscover/autodiscover.svc"), result.Endpoint);
            Assert.Contains(lab.Trace, l => l.StartsWith("Autodiscover: POST https://contoso.com/autodiscover/autodiscover.svc", StringComparison.Ordinal));

            options.Connection.Url = result.EwsUrl;
            using var backend = new EwsCalendarBackend(options.Connection);
            await backend.ConnectAsync(CancellationToken.None);
        }

        [Fact]
        public async Task Autodiscover_dot_domain_answers_pox_when_the_domain_is_unreachable_and_soap_is_off()
        {
            await using var lab = await AutodiscoverLab.StartAsync();
            await lab.AddAsync("https://autodiscover.contoso.com", r => r.Soap ? SandboxAutodiscoverReply.NotFound() : SandboxAutodiscoverReply.Settings(lab.Ews.EwsUrl, new Uri("https://mail.contoso.internal/EWS/Exchange.asmx")));

            var result = await lab.DiscoverAsync(lab.Options());

            Assert.Equal(lab.Ews.EwsUrl, result.EwsUrl); // EXPR (external) wins over EXCH
            Assert.Equal("POX", result.Protocol);
            Assert.Contains(result.Steps, s => s.StartsWith("contoso.com: unreachable", StringComparison.Ordinal));
            Assert.Contains(result.Steps, s => s == "autodiscover.contoso.com: HTTP 404");
        }

        [Fact]
        public async Task A_401_on_one_candidate_is_not_fatal()
        {
            await using var lab = await AutodiscoverLab.StartAsync();
            await lab.AddAsync("https://contoso.com", _ => SandboxAutodiscoverReply.Unauthorized());
            await lab.AddSettingsAsync("https://autodiscover.contoso.com");

            var result = await lab.DiscoverAsync(lab.Options());

            Assert.Equal(lab.Ews.EwsUrl, result.EwsUrl);
            Assert.Contains(result.Steps, s => s.Contains("contoso.com: HTTP 401 (not fatal", StringComparison.Ordinal));
        }

        [Fact]
        public async Task A_wrong_password_everywhere_says_so_without_the_password()
        {
            await using var lab = await AutodiscoverLab.StartAsync();
            await lab.AddSettingsAsync("https://contoso.com");
            await lab.AddSettingsAsync("https://autodiscover.contoso.com");

            var ex = await Assert.ThrowsAsync<AutodiscoverException>(() => lab.DiscoverAsync(lab.Options(password: "Wrong-Secret-42")));

            Assert.Equal(4, ex.UnauthorizedCount);
            Assert.Contains("refused the credentials", ex.Message);
            Assert.Contains("-EwsUrl", ex.Message);
            Assert.DoesNotContain("Wrong-Secret-42", ex.ToString());
            Assert.DoesNotContain(lab.Trace, l => l.Contains("Wrong-Secret-42", StringComparison.Ordinal));
        }

        [Fact]
        public async Task The_plain_http_redirect_is_followed_to_https_only()
        {
            await using var lab = await AutodiscoverLab.StartAsync();
            await lab.AddAsync("http://autodiscover.contoso.com", null, new Uri("https://redirect.contoso.com/autodiscover/autodiscover.xml"));
            await lab.AddSettingsAsync("https://redirect.contoso.com");

            var result = await lab.DiscoverAsync(lab.Options());

            Assert.Equal(lab.Ews.EwsUrl, result.EwsUrl);
            Assert.Equal(new Uri("https://redirect.contoso.com/autodiscover/autodiscover.xml"), result.Endpoint);
            Assert.Contains(result.Steps, s => s == "GET http://autodiscover.contoso.com/autodiscover/autodiscover.xml (plain HTTP, no credentials) for a redirect");
            Assert.Equal(0, lab.PostsTo("http://autodiscover.contoso.com"));
        }

        [Fact]
        public async Task A_plain_http_redirect_to_http_is_refused()
        {
            await using var lab = await AutodiscoverLab.StartAsync();
            await lab.AddAsync("http://autodiscover.contoso.com", null, new Uri("http://autodiscover.contoso.com/autodiscover/autodiscover.xml"));

            var ex = await Assert.ThrowsAsync<AutodiscoverException>(() => lab.DiscoverAsync(lab.Options()));

            Assert.Contains(ex.Steps, s => s.StartsWith("refused the redirect to http://", StringComparison.Ordinal));
            Assert.Equal(0, lab.PostsTo("http://autodiscover.contoso.com"));
        }

        [Fact]
        public async Task Dns_srv_is_the_last_candidate_and_only_port_443_is_used()
        {
            await using var lab = await AutodiscoverLab.StartAsync();
            await lab.AddSettingsAsync("https://mail.contoso.com");
            var options = lab.Options();
            var srv = new FixedSrvResolver(
                new SrvRecord("plain.contoso.com", 80, 0, 100),
                new SrvRecord("backup.contoso.com.", 443, 20, 100),
                new SrvRecord("mail.contoso.com.", 443, 10, 5));
            options.SrvResolver = srv;

            var result = await lab.DiscoverAsync(options);

            Assert.Equal(new[] { "_autodiscover._tcp.contoso.com" }, srv.Queries);
            Assert.Equal(lab.Ews.EwsUrl, result.EwsUrl);
            Assert.Equal(new Uri("https://mail.contoso.com/autodiscover/autodiscover.svc"), result.Endpoint);
        }

        [Fact]
        public async Task An_unavailable_srv_step_is_reported_and_skipped()
        {
            await using var lab = await AutodiscoverLab.StartAsync();
            var options = lab.Options();
            options.SrvResolver = UnavailableSrvResolver.Instance;

            var ex = await Assert.ThrowsAsync<AutodiscoverException>(() => lab.DiscoverAsync(options));

            Assert.Contains(ex.Steps, s => s.StartsWith("SRV _autodiscover._tcp.contoso.com: DNS SRV lookups are turned off here", StringComparison.Ordinal));
        }

        [Fact]
        public async Task The_default_srv_resolver_asks_a_dns_server_over_udp()
        {
            using var dns = new FakeDnsServer();
            var resolver = new DnsSrvResolver { Servers = new[] { dns.EndPoint } };

            var records = await resolver.ResolveAsync("_autodiscover._tcp.contoso.com", CancellationToken.None);

            Assert.Equal("_autodiscover._tcp.contoso.com", dns.LastQuestion);
            Assert.Collection(
                records,
                r => { Assert.Equal("mail.contoso.com", r.Target); Assert.Equal(443, r.Port); Assert.Equal(10, r.Priority); Assert.Equal(5, r.Weight); },
                r => { Assert.Equal("backup.contoso.com", r.Target); Assert.Equal(80, r.Port); });
        }

        [Fact]
        public async Task RedirectAddr_restarts_with_the_new_address()
        {
            await using var lab = await AutodiscoverLab.StartAsync();
            await lab.AddAsync("https://contoso.com", r => r.EmailAddress == "alias@contoso.com"
                ? SandboxAutodiscoverReply.RedirectAddress("alice@eu.contoso.com")
                : SandboxAutodiscoverReply.InvalidUser());
            await lab.AddAsync("https://eu.contoso.com", r => r.EmailAddress == "alice@eu.contoso.com"
                ? SandboxAutodiscoverReply.Settings(lab.Ews.EwsUrl)
                : SandboxAutodiscoverReply.InvalidUser());

            var result = await lab.DiscoverAsync(lab.Options(), "alias@contoso.com");

            Assert.Equal("alice@eu.contoso.com", result.Mailbox);
            Assert.Equal(lab.Ews.EwsUrl, result.EwsUrl);
            Assert.Contains(result.Steps, s => s == "restarting with alice@eu.contoso.com (redirectAddr)");
        }

        [Fact]
        public async Task RedirectUrl_is_followed_and_stops_after_ten_hops()
        {
            await using var lab = await AutodiscoverLab.StartAsync();
            await lab.AddAsync("https://contoso.com", r =>
            {
                var hop = r.Url.Query.Length > 5 ? int.Parse(r.Url.Query.Substring(5)) : 0;
                return SandboxAutodiscoverReply.RedirectUrl("https://contoso.com/autodiscover/autodiscover.svc?hop=" + (hop + 1));
            });

            var ex = await Assert.ThrowsAsync<AutodiscoverException>(() => lab.DiscoverAsync(lab.Options()));

            Assert.Contains("stopped after 10 redirects", ex.Message);
            Assert.Equal(11, lab.PostsTo("https://contoso.com")); // the first request and ten redirects; the eleventh is not sent
        }

        [Fact]
        public async Task A_redirect_loop_is_detected()
        {
            await using var lab = await AutodiscoverLab.StartAsync();
            await lab.AddAsync("https://contoso.com", _ => SandboxAutodiscoverReply.RedirectUrl("https://autodiscover.contoso.com/autodiscover/autodiscover.xml"));
            await lab.AddAsync("https://autodiscover.contoso.com", _ => SandboxAutodiscoverReply.RedirectUrl("https://contoso.com/autodiscover/autodiscover.svc"));

            var ex = await Assert.ThrowsAsync<AutodiscoverException>(() => lab.DiscoverAsync(lab.Options()));

            Assert.Contains(ex.Steps, s => s.Contains("a redirect loop", StringComparison.Ordinal));
            Assert.DoesNotContain("stopped after", ex.Message);
        }

        [Fact]
        public async Task A_non_https_redirect_url_is_refused()
        {
            await using var lab = await AutodiscoverLab.StartAsync();
            await lab.AddAsync("https://contoso.com", _ => SandboxAutodiscoverReply.RedirectUrl("http://autodiscover.contoso.com/autodiscover/autodiscover.xml"));
            await lab.AddSettingsAsync("http://autodiscover.contoso.com");

            var ex = await Assert.ThrowsAsync<AutodiscoverException>(() => lab.DiscoverAsync(lab.Options()));

            Assert.Contains(ex.Steps, s => s == "refused the redirectUrl http://autodiscover.contoso.com/autodiscover/autodiscover.xml: not HTTPS");
            Assert.Equal(0, lab.PostsTo("http://autodiscover.contoso.com"));
        }

        [Fact]
        public async Task Credentials_go_outside_the_domain_only_with_the_allow_list()
        {
            await using var lab = await AutodiscoverLab.StartAsync();
            await lab.AddAsync("https://contoso.com", _ => SandboxAutodiscoverReply.RedirectUrl("https://autodiscover.hoster.net/autodiscover/autodiscover.svc"));
            await lab.AddSettingsAsync("https://autodiscover.hoster.net");

            var refused = await Assert.ThrowsAsync<AutodiscoverException>(() => lab.DiscoverAsync(lab.Options()));
            Assert.Contains(refused.Steps, s => s.Contains("autodiscover.hoster.net is outside contoso.com", StringComparison.Ordinal) && s.Contains("-AllowRedirectTo", StringComparison.Ordinal));
            Assert.Equal(0, lab.PostsTo("https://autodiscover.hoster.net"));

            var options = lab.Options();
            options.AllowRedirectTo = new[] { "hoster.net" };
            var result = await lab.DiscoverAsync(options);
            Assert.Equal(lab.Ews.EwsUrl, result.EwsUrl);
            Assert.Equal(1, lab.PostsTo("https://autodiscover.hoster.net"));
        }

        [Fact]
        public async Task Results_are_cached_per_domain()
        {
            await using var lab = await AutodiscoverLab.StartAsync();
            await lab.AddSettingsAsync("https://contoso.com");
            var options = lab.Options();

            var first = await lab.DiscoverAsync(options, "alice@contoso.com");
            var second = await lab.DiscoverAsync(options, "bob@contoso.com");

            Assert.False(first.FromCache);
            Assert.True(second.FromCache);
            Assert.Equal(first.EwsUrl, second.EwsUrl);
            Assert.Equal(1, lab.PostsTo("https://contoso.com"));
        }

        [Fact]
        public async Task Not_an_address_is_a_clear_argument_error()
        {
            var ex = await Assert.ThrowsAsync<ArgumentException>(() => new AutodiscoverClient(new AutodiscoverOptions()).DiscoverAsync("CONTOSO\\alice", CancellationToken.None));
            Assert.Contains("alice@contoso.com", ex.Message);
        }
    }

    /// <summary>A DNS server on 127.0.0.1 (UDP) answering every SRV question with two records, the second name compressed.</summary>
    internal sealed class FakeDnsServer : IDisposable
    {
        private readonly System.Net.Sockets.UdpClient udp = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        private readonly Task loop;

        public FakeDnsServer()
        {
            EndPoint = (System.Net.IPEndPoint)udp.Client.LocalEndPoint!;
            loop = Task.Run(ServeAsync);
        }

        public System.Net.IPEndPoint EndPoint { get; }

        public string? LastQuestion { get; private set; }

        private async Task ServeAsync()
        {
            try
            {
                while (true)
                {
                    var request = await udp.ReceiveAsync();
                    var q = request.Buffer;
                    var labels = new System.Collections.Generic.List<string>();
                    var at = 12;
                    while (q[at] != 0)
                    {
                        labels.Add(System.Text.Encoding.ASCII.GetString(q, at + 1, q[at]));
                        at += 1 + q[at];
                    }

                    LastQuestion = string.Join(".", labels);
                    var questionEnd = at + 5;
                    var answer = new System.Collections.Generic.List<byte>();
                    answer.AddRange(new[] { q[0], q[1], (byte)0x81, (byte)0x80, (byte)0, (byte)1, (byte)0, (byte)2, (byte)0, (byte)0, (byte)0, (byte)0 });
                    answer.AddRange(q.Skip(12).Take(questionEnd - 12));
                    void Srv(int priority, int weight, int port, byte[] target)
                    {
                        answer.AddRange(new byte[] { 0xC0, 12, 0, 33, 0, 1, 0, 0, 0, 60 });
                        var length = 6 + target.Length;
                        answer.Add((byte)(length >> 8));
                        answer.Add((byte)length);
                        answer.AddRange(new[] { (byte)(priority >> 8), (byte)priority, (byte)(weight >> 8), (byte)weight, (byte)(port >> 8), (byte)port });
                        answer.AddRange(target);
                    }

                    // mail.contoso.com written out; backup + a pointer to "contoso.com" inside the question.
                    var contosoOffset = 12 + 1 + "_autodiscover".Length + 1 + "_tcp".Length;
                    Srv(10, 5, 443, new byte[] { 4, (byte)'m', (byte)'a', (byte)'i', (byte)'l', 7, (byte)'c', (byte)'o', (byte)'n', (byte)'t', (byte)'o', (byte)'s', (byte)'o', 3, (byte)'c', (byte)'o', (byte)'m', 0 });
                    Srv(20, 1, 80, new byte[] { 6, (byte)'b', (byte)'a', (byte)'c', (byte)'k', (byte)'u', (byte)'p', 0xC0, (byte)contosoOffset });
                    await udp.SendAsync(answer.ToArray(), answer.Count, request.RemoteEndPoint);
                }
            }
            catch (Exception ex) when (ex is ObjectDisposedException || ex is System.Net.Sockets.SocketException)
            {
            }
        }

        public void Dispose()
        {
            udp.Dispose();
            loop.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
