using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Events;
using CalendarSharing.Core.Sync;
using Xunit;

using static CalendarSharing.Tests.Sync.GraphChangeFeedTests;

namespace CalendarSharing.Tests.Sync
{
    /// <summary>-Continuous on Graph: delta polled at a short interval (webhooks need a public HTTPS endpoint).</summary>
    public sealed class GraphChangeFeedSubscriptionTests
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

        [Fact]
        public async Task Polling_wakes_up_for_the_calendar_that_changed_and_an_expired_token_is_a_reconnect()
        {
            using var s = await StartAsync();
            var alice = CalendarAddress.Default("alice@contoso.com");
            var bob = CalendarAddress.Default("bob@contoso.com");
            using var subscription = await s.Backend.ChangeFeed.SubscribeAsync(new[] { alice, bob }, new ChangeSubscriptionOptions { PollInterval = TimeSpan.FromMilliseconds(50) }, CancellationToken.None);

            var created = await s.Backend.Events.CreateEventAsync(bob, new EventDraft
            {
                Subject = "Booked",
                Start = DateTimeOffset.UtcNow.Date.AddDays(2).AddHours(9),
                End = DateTimeOffset.UtcNow.Date.AddDays(2).AddHours(10),
                TimeZone = "UTC",
            }, CancellationToken.None);
            using (var timeout = new CancellationTokenSource(Patience))
            {
                var wake = await subscription.WaitAsync(timeout.Token);
                Assert.Equal(new[] { "bob@contoso.com" }, wake.Calendars.Select(c => c.Mailbox));
                Assert.False(wake.Reconnected);
                Assert.NotNull(wake.ChangedAt);
            }

            s.Org.ExpireDeltaTokens("alice@contoso.com");
            using (var timeout = new CancellationTokenSource(Patience))
            {
                var wake = await subscription.WaitAsync(timeout.Token);
                Assert.Equal(new[] { "alice@contoso.com" }, wake.Calendars.Select(c => c.Mailbox));
                Assert.True(wake.Reconnected);
            }

            // Nothing else changed: the next wait polls until cancelled.
            using (var soon = new CancellationTokenSource(TimeSpan.FromMilliseconds(400)))
            {
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => subscription.WaitAsync(soon.Token));
            }

            Assert.NotNull(created.Id);
            Assert.Empty(s.Org.SchemaViolations);
        }

        [Fact]
        public async Task A_throttled_poll_is_retried_and_still_wakes_up()
        {
            using var s = await StartAsync();
            var bob = CalendarAddress.Default("bob@contoso.com");
            using var subscription = await s.Backend.ChangeFeed.SubscribeAsync(new[] { bob }, new ChangeSubscriptionOptions { PollInterval = TimeSpan.FromMilliseconds(50) }, CancellationToken.None);
            s.Org.ThrottleDeltaPages(2);
            await s.Backend.Events.CreateEventAsync(bob, new EventDraft
            {
                Subject = "Booked",
                Start = DateTimeOffset.UtcNow.Date.AddDays(3).AddHours(9),
                End = DateTimeOffset.UtcNow.Date.AddDays(3).AddHours(10),
                TimeZone = "UTC",
            }, CancellationToken.None);

            using var timeout = new CancellationTokenSource(Patience);
            var wake = await subscription.WaitAsync(timeout.Token);
            Assert.Equal("bob@contoso.com", Assert.Single(wake.Calendars).Mailbox);
            Assert.True(s.Org.GraphThrottledResponses >= 2, "the sandbox never throttled: the test proves nothing");
        }
    }
}
