using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Events;
using CalendarSharing.Core.Sync;
using CalendarSharing.Online.Graph;
using CalendarSharing.Tests.GraphSandbox;
using Xunit;

using static CalendarSharing.Tests.Sync.GraphChangeFeedTests;

namespace CalendarSharing.Tests.Sync
{
    /// <summary>
    /// What the sync engine needs of Graph's event routes beside delta: the stamp written on create and read back from
    /// calendarView and events ($expand singleValueExtendedProperties, and $filter on it, since delta cannot expand it),
    /// a retried create with the same transactionId making one event, and a stale ETag refused. SDK calls are awaited
    /// through Boxed() (GraphSdk.cs): a struct awaiter of a Graph type would load Microsoft.Graph when xunit discovers the
    /// assembly, which FreshProcessTests forbids.
    /// </summary>
    public sealed class GraphSyncStampTests
    {
        private static CalendarAddress Target => CalendarAddress.Default("bob@contoso.com");

        private static string StampId => GraphEventMapping.PropertyId(SyncStamp.PropertyName);

        [Fact]
        public async Task A_stamp_written_with_a_transactionId_reads_back_through_calendarView_and_a_retry_makes_no_duplicate()
        {
            using var s = await StartAsync();
            var events = s.Backend.Events;
            var stamp = new SyncStamp("rooms", "Alice@Contoso.com", "AAMkAD+/src=", "W/\"ck1\"");
            var draft = Single("Busy", 15);
            draft.TransactionId = "cs-sync-rooms-0001";
            draft.Properties = new Dictionary<string, string> { [SyncStamp.PropertyName] = stamp.Format() };

            var made = await events.CreateEventAsync(Target, draft, CancellationToken.None);
            var again = await events.CreateEventAsync(Target, draft, CancellationToken.None);
            Assert.Equal(made.Id, again.Id);

            var read = await events.ReadWindowAsync(new EventWindowQuery(Target, WindowStart, WindowEnd) { Properties = new[] { SyncStamp.PropertyName } }, CancellationToken.None);
            var copy = Assert.Single(read.Events, e => e.Subject == "Busy");
            var back = SyncStamp.Parse(copy.Properties[SyncStamp.PropertyName]);
            Assert.NotNull(back);
            Assert.Equal("rooms", back!.ProfileId);
            Assert.Equal("alice@contoso.com", back.SourceMailbox);
            Assert.Equal("AAMkAD+/src=", back.SourceItemId);
            Assert.Equal("W/\"ck1\"", back.SourceVersion);

            // Without asking for the property, none comes back.
            var plain = await events.ReadWindowAsync(new EventWindowQuery(Target, WindowStart, WindowEnd), CancellationToken.None);
            Assert.Empty(plain.Events.Single(e => e.Subject == "Busy").Properties);
            Assert.Contains(s.Recorder.Requests, r => r.Method == System.Net.Http.HttpMethod.Post && r.Body != null && r.Body.Contains("\"transactionId\":\"cs-sync-rooms-0001\"", StringComparison.Ordinal));
            Assert.Empty(s.Org.SchemaViolations);
        }

        [Fact]
        public async Task Events_and_calendarView_find_a_copy_by_its_stamp_with_filter_through_the_Graph_SDK()
        {
            using var s = await StartAsync();
            var events = s.Backend.Events;
            var ours = new SyncStamp("rooms", "alice@contoso.com", "src-1", null).Format();
            var theirs = new SyncStamp("other", "alice@contoso.com", "src-1", null).Format();
            var mine = Single("Ours", 16);
            mine.Properties = new Dictionary<string, string> { [SyncStamp.PropertyName] = ours };
            var other = Single("Theirs", 17);
            other.Properties = new Dictionary<string, string> { [SyncStamp.PropertyName] = theirs };
            var made = await events.CreateEventAsync(Target, mine, CancellationToken.None);
            await events.CreateEventAsync(Target, other, CancellationToken.None);
            await events.CreateEventAsync(Target, Single("Unstamped", 18), CancellationToken.None);

            using var sdk = GraphSdk.For(s.Org);
            var filter = "singleValueExtendedProperties/Any(ep: ep/id eq '" + StampId + "' and ep/value eq '" + ours + "')";
            var found = await sdk.Client.Users["bob@contoso.com"].Events.GetAsync(rc => rc.QueryParameters.Filter = filter).Boxed();
            var hit = Assert.Single(found!.Value!);
            Assert.Equal(made.Id, hit.Id);
            Assert.Null(hit.SingleValueExtendedProperties); // filtered on, not expanded
            Assert.DoesNotContain(hit.AdditionalData.Keys, k => k.StartsWith("@sandbox", StringComparison.Ordinal));

            var view = await sdk.Client.Users["bob@contoso.com"].CalendarView.GetAsync(rc =>
            {
                rc.QueryParameters.StartDateTime = "2027-03-01T00:00:00Z";
                rc.QueryParameters.EndDateTime = "2027-04-01T00:00:00Z";
                rc.QueryParameters.Filter = "singleValueExtendedProperties/any(ep: ep/id eq '" + StampId + "' and startswith(ep/value, 'cs-sync/1;p=other;'))";
                rc.QueryParameters.Expand = new[] { "singleValueExtendedProperties($filter=id eq '" + StampId + "')" };
            }).Boxed();
            var theirsHit = Assert.Single(view!.Value!);
            Assert.Equal("Theirs", theirsHit.Subject);
            Assert.Equal(theirs, Assert.Single(theirsHit.SingleValueExtendedProperties!).Value);

            // The name part of a property id is case-sensitive: another spelling is another property.
            var wrongCase = await sdk.Client.Users["bob@contoso.com"].Events.GetAsync(rc =>
                rc.QueryParameters.Filter = "singleValueExtendedProperties/Any(ep: ep/id eq '" + StampId.ToLowerInvariant().Replace("string {", "String {", StringComparison.Ordinal) + "' and ep/value eq '" + ours + "')").Boxed();
            Assert.Empty(wrongCase!.Value!);
            Assert.Empty(s.Org.SchemaViolations);
        }

        [Fact]
        public async Task A_copy_changed_since_it_was_read_is_refused_by_its_ETag_and_the_delta_shows_the_new_version()
        {
            using var s = await StartAsync();
            var events = s.Backend.Events;
            var made = await events.CreateEventAsync(Target, Single("Busy", 19), CancellationToken.None);
            var first = await DrainAsync(s.Backend.ChangeFeed, Target, null);
            var owner = await events.UpdateEventAsync(Target, made.Id, made.Version, new EventDraft { Subject = "Owner's edit" }, CancellationToken.None);

            var stale = await Assert.ThrowsAsync<BackendException>(() => events.UpdateEventAsync(Target, made.Id, made.Version, new EventDraft { Subject = "Ours" }, CancellationToken.None));
            Assert.Equal(BackendErrorCode.Conflict, stale.Error.Code);
            Assert.Contains(s.Recorder.Requests, r => r.IfMatch == made.Version);

            var next = await DrainAsync(s.Backend.ChangeFeed, Target, first.Watermark);
            Assert.Equal(owner.Version, Assert.Single(next.Changes).Version);
            Assert.Equal("Owner's edit", (await events.GetEventAsync(Target, made.Id, null, CancellationToken.None))!.Subject);
        }
    }
}
