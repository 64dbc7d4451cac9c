using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Sync;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Sync
{
    /// <summary>
    /// Wake-ups over EWS streaming notifications: our real client over the strict sandbox, which streams GetStreamingEvents
    /// as Exchange does (one chunked response of several envelopes, heartbeats, Closed at the ConnectionTimeout).
    /// </summary>
    public sealed class EwsStreamingTests
    {
        private static readonly CalendarAddress Alice = CalendarAddress.Default("alice@contoso.com");
        private static readonly CalendarAddress Bob = CalendarAddress.Default("bob@contoso.com");
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

        private static async Task<SandboxSession> StartAsync()
        {
            var s = await SandboxSession.StartAsync();
            s.Org.StreamingHeartbeatInterval = TimeSpan.FromMilliseconds(200);
            s.Backend.ChangeFeedBackend.StreamingIdleTimeout = TimeSpan.FromSeconds(10);
            return s;
        }

        private static async Task<ChangeWakeUp> WaitAsync(IChangeSubscription subscription)
        {
            using var timeout = new CancellationTokenSource(Patience);
            return await subscription.WaitAsync(timeout.Token);
        }

        private static async Task UntilAsync(Func<bool> condition)
        {
            var deadline = DateTime.UtcNow + Patience;
            while (!condition())
            {
                Assert.True(DateTime.UtcNow < deadline, "The sandbox did not get there in time.");
                await Task.Delay(20);
            }
        }

        [Fact]
        public async Task A_write_wakes_the_subscription_for_that_calendar_and_Dispose_unsubscribes()
        {
            using var s = await StartAsync();
            var subscription = await s.Backend.ChangeFeedBackend.SubscribeAsync(new[] { Alice, Bob }, new ChangeSubscriptionOptions(), CancellationToken.None);
            Assert.Equal(2, s.Org.SubscriptionCount); // one per mailbox: a subscription may not span mailboxes
            await UntilAsync(() => s.Org.OpenStreamingConnections == 1);

            var written = DateTimeOffset.UtcNow.AddSeconds(-1);
            await s.Backend.EventBackend.CreateEventAsync(Bob, EwsChangeFeedTests.Draft("Wake up", 8), CancellationToken.None);
            var wake = await WaitAsync(subscription);
            Assert.False(wake.Reconnected);
            Assert.Equal(new[] { Bob }, wake.Calendars);
            Assert.NotNull(wake.ChangedAt);
            Assert.True(wake.ChangedAt >= written);

            // Several writes before the engine asks again come as one wake-up.
            await s.Backend.EventBackend.CreateEventAsync(Alice, EwsChangeFeedTests.Draft("One", 9), CancellationToken.None);
            await s.Backend.EventBackend.CreateEventAsync(Alice, EwsChangeFeedTests.Draft("Two", 10), CancellationToken.None);
            var next = await WaitAsync(subscription);
            Assert.Contains(Alice, next.Calendars);
            Assert.False(next.Reconnected);

            subscription.Dispose();
            Assert.Equal(0, s.Org.SubscriptionCount);
            await UntilAsync(() => s.Org.OpenStreamingConnections == 0);
            Assert.True(s.Org.RequestCounts["Unsubscribe"] >= 2);
            s.AssertWireValid();
        }

        [Fact]
        public async Task A_dropped_connection_is_opened_again_and_reported_as_Reconnected_for_every_calendar()
        {
            using var s = await StartAsync();
            using var subscription = await s.Backend.ChangeFeedBackend.SubscribeAsync(new[] { Alice, Bob }, new ChangeSubscriptionOptions(), CancellationToken.None);
            await UntilAsync(() => s.Org.OpenStreamingConnections == 1);

            Assert.Equal(1, s.Org.DropStreamingConnections());
            var wake = await WaitAsync(subscription);
            Assert.True(wake.Reconnected);
            Assert.Equal(new[] { Alice, Bob }.OrderBy(c => c.Mailbox), wake.Calendars.OrderBy(c => c.Mailbox));
            Assert.Equal(1, s.Org.StreamingConnectionsDropped);
            Assert.True(s.Org.StreamingConnectionsOpened >= 2);

            // Listening again: the next write wakes it as before.
            await s.Backend.EventBackend.CreateEventAsync(Alice, EwsChangeFeedTests.Draft("After the drop", 11), CancellationToken.None);
            var after = await WaitAsync(subscription);
            Assert.False(after.Reconnected);
            Assert.Equal(new[] { Alice }, after.Calendars);
            s.AssertWireValid();
        }

        [Fact]
        public async Task A_connection_the_server_closes_at_its_timeout_is_renewed_and_reported_as_Reconnected()
        {
            using var s = await StartAsync();
            s.Org.StreamingMinute = TimeSpan.FromMilliseconds(500); // ConnectionTimeout 1 = half a second here
            using var subscription = await s.Backend.ChangeFeedBackend.SubscribeAsync(new[] { Alice }, new ChangeSubscriptionOptions { ConnectionLifetime = TimeSpan.FromMinutes(1) }, CancellationToken.None);

            var wake = await WaitAsync(subscription);
            Assert.True(wake.Reconnected);
            Assert.Equal(new[] { Alice }, wake.Calendars);
            Assert.True(s.Org.StreamingConnectionsOpened >= 2);
            Assert.Equal(0, s.Org.StreamingConnectionsDropped);
            s.AssertWireValid();
        }

        [Fact]
        public async Task A_subscription_the_server_forgot_is_made_again_and_reported_as_Reconnected()
        {
            using var s = await StartAsync();
            s.Org.StreamingMinute = TimeSpan.FromMilliseconds(500);
            using var subscription = await s.Backend.ChangeFeedBackend.SubscribeAsync(new[] { Alice }, new ChangeSubscriptionOptions { ConnectionLifetime = TimeSpan.FromMinutes(1) }, CancellationToken.None);
            await UntilAsync(() => s.Org.OpenStreamingConnections == 1);
            var subscribes = s.Org.RequestCounts["Subscribe"];

            // Out of band, as a server restart would: the next GetStreamingEvents finds no such subscription.
            var id = s.Org.SubscriptionIds.Single();
            Assert.True(s.Org.Unsubscribe(id));
            var wake = await WaitAsync(subscription);
            Assert.True(wake.Reconnected);
            await UntilAsync(() => s.Org.RequestCounts["Subscribe"] == subscribes + 1);
            await UntilAsync(() => s.Org.SubscriptionCount == 1);
            s.AssertWireValid();
        }

        [Fact]
        public async Task GetStreamingEvents_is_one_chunked_response_of_several_whole_envelopes_ending_with_Closed()
        {
            using var s = await StartAsync();
            s.Org.StreamingMinute = TimeSpan.FromMilliseconds(800);
            using var http = new HttpClient(s.Org.CreateHandler());
            var subscribe = await SoapAsync(http, s.Org, "<m:Subscribe><m:StreamingSubscriptionRequest><t:FolderIds><t:DistinguishedFolderId Id=\"calendar\"><t:Mailbox><t:EmailAddress>alice@contoso.com</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId></t:FolderIds><t:EventTypes><t:EventType>CreatedEvent</t:EventType><t:EventType>ModifiedEvent</t:EventType><t:EventType>DeletedEvent</t:EventType></t:EventTypes></m:StreamingSubscriptionRequest></m:Subscribe>");
            var id = XDocument.Parse(subscribe).Descendants().Single(e => e.Name.LocalName == "SubscriptionId").Value;

            using var request = Request(s.Org, $"<m:GetStreamingEvents><m:SubscriptionIds><t:SubscriptionId>{id}</t:SubscriptionId></m:SubscriptionIds><m:ConnectionTimeout>1</m:ConnectionTimeout></m:GetStreamingEvents>");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(200, (int)response.StatusCode);
            Assert.True(response.Headers.TransferEncodingChunked);
            using var body = await response.Content.ReadAsStreamAsync();

            // The first part arrives before the response ends: read it, then write, then read the rest.
            var buffer = new byte[64 * 1024];
            var text = new StringBuilder();
            while (!text.ToString().Contains("</s:Envelope>", StringComparison.Ordinal))
            {
                var n = await body.ReadAsync(buffer, 0, buffer.Length);
                Assert.True(n > 0, "The stream ended before its first envelope.");
                text.Append(Encoding.UTF8.GetString(buffer, 0, n));
            }

            await s.Backend.EventBackend.CreateEventAsync(Alice, EwsChangeFeedTests.Draft("Streamed", 12), CancellationToken.None);
            var rest = await new StreamReader(body, Encoding.UTF8).ReadToEndAsync();
            var envelopes = Regex.Split(text + rest, "(?<=</s:Envelope>)").Where(p => p.Trim().Length > 0).Select(p => XDocument.Parse(p.Trim())).ToList();
            Assert.True(envelopes.Count >= 3, "Expected OK, a notification and Closed.");
            var statuses = envelopes.Select(e => e.Descendants().FirstOrDefault(x => x.Name.LocalName == "ConnectionStatus")?.Value).ToList();
            Assert.Equal("OK", statuses.First());
            Assert.Equal("Closed", statuses.Last());
            var notification = Assert.Single(envelopes.SelectMany(e => e.Descendants()), x => x.Name.LocalName == "Notification");
            Assert.Equal("http://schemas.microsoft.com/exchange/services/2006/messages", notification.Name.NamespaceName); // m:Notification, as servers send it
            Assert.Equal(id, notification.Elements().First(x => x.Name.LocalName == "SubscriptionId").Value);
            Assert.Single(notification.Elements(), x => x.Name.LocalName == "CreatedEvent");
            s.AssertWireValid();
        }

        [Fact]
        public async Task Over_a_real_socket_each_part_arrives_as_it_is_made_and_a_write_wakes_the_subscription()
        {
            var org = SandboxOrganization.Create(new SandboxOptions { StrictValidation = true, SchemaDirectory = SandboxSession.SchemaDirectory });
            org.StreamingHeartbeatInterval = TimeSpan.FromMilliseconds(200);
            await using var host = await CalendarSharing.SandboxServer.SandboxHost.StartAsync(org, "https://127.0.0.1:0");
            var pinned = host.Certificate.GetCertHashString();
            using var backend = new CalendarSharing.Ews.EwsCalendarBackend(new CalendarSharing.Ews.EwsConnectionOptions
            {
                Url = host.EwsUrl,
                Credential = new System.Net.NetworkCredential(org.Admin.Address, org.Admin.Password),
                Authentication = EwsAuthentication.Basic,
                ServerCertificateValidation = (_, cert, _, _) => cert != null && cert.GetCertHashString() == pinned,
            });
            backend.ChangeFeedBackend.StreamingIdleTimeout = TimeSpan.FromSeconds(10);

            // The server would close the connection only after 30 (sandbox) minutes: a wake-up now proves the parts are not buffered.
            using var subscription = await backend.ChangeFeedBackend.SubscribeAsync(new[] { Alice }, new ChangeSubscriptionOptions(), CancellationToken.None);
            await UntilAsync(() => org.OpenStreamingConnections == 1);
            await backend.EventBackend.CreateEventAsync(Alice, EwsChangeFeedTests.Draft("Over TLS", 15), CancellationToken.None);
            var wake = await WaitAsync(subscription);
            Assert.False(wake.Reconnected);
            Assert.Equal(new[] { Alice }, wake.Calendars);
            subscription.Dispose();
            await UntilAsync(() => org.OpenStreamingConnections == 0);
            Assert.Empty(org.SchemaViolations);
        }

        [Fact]
        public async Task Subscribing_to_a_calendar_nobody_can_find_fails_at_once_and_leaves_no_subscription()
        {
            using var s = await StartAsync();
            var ex = await Assert.ThrowsAsync<CalendarSharing.Core.Backends.BackendException>(() =>
                s.Backend.ChangeFeedBackend.SubscribeAsync(new[] { Alice, CalendarAddress.Default("nobody@contoso.com") }, new ChangeSubscriptionOptions(), CancellationToken.None));
            Assert.Equal(CalendarSharing.Core.Backends.BackendErrorCode.MailboxNotFound, ex.Error.Code);
            await UntilAsync(() => s.Org.SubscriptionCount == 0);
            s.AssertWireValid();
        }

        private static HttpRequestMessage Request(SandboxOrganization org, string body)
        {
            var envelope = "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\" xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\"><soap:Header><t:RequestServerVersion Version=\"Exchange2013_SP1\"/></soap:Header><soap:Body>" + body + "</soap:Body></soap:Envelope>";
            var request = new HttpRequestMessage(HttpMethod.Post, org.EwsUrl) { Content = new StringContent(envelope, Encoding.UTF8, "text/xml") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(org.Admin.Address + ":" + org.Admin.Password)));
            return request;
        }

        private static async Task<string> SoapAsync(HttpClient http, SandboxOrganization org, string body)
        {
            using var request = Request(org, body);
            using var response = await http.SendAsync(request);
            Assert.Equal(200, (int)response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }
    }
}
