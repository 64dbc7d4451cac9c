using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Sync;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Sync
{
    /// <summary>
    /// One-way passes over the real EWS and Graph clients, each pair's source and target in its own sandbox organisation:
    /// EWS→EWS, Graph→Graph, EWS→Graph, Graph→EWS.
    /// </summary>
    public class EngineOneWayTests
    {
        public static IEnumerable<object[]> Pairs() => new[]
        {
            new object[] { BackendKind.Ews, BackendKind.Ews },
            new object[] { BackendKind.Graph, BackendKind.Graph },
            new object[] { BackendKind.Ews, BackendKind.Graph },
            new object[] { BackendKind.Graph, BackendKind.Ews },
        };

        [Theory]
        [MemberData(nameof(Pairs))]
        public async Task Busy_copies_carry_the_times_and_nothing_else_and_a_second_pass_changes_nothing(BackendKind source, BackendKind target)
        {
            using var lab = await SyncLab.StartAsync(source, target);
            var secret = SyncLab.Draft("Merger talks with Fabrikam", SyncLab.Berlin(3, 2, 10));
            secret.Location = "Board room 7";
            secret.Body = "Confidential agenda: price";
            secret.Categories = new List<string> { "Project Falcon" };
            secret.Attendees = new List<CalendarSharing.EventAttendee> { new CalendarSharing.EventAttendee("bob@contoso.com") };
            var a = await lab.AddSourceAsync(secret);
            var b = await lab.AddSourceAsync(SyncLab.Draft("Dentist", SyncLab.Berlin(3, 3, 15), 30, "Pacific Standard Time"));
            var hidden = SyncLab.Draft("Private thing", SyncLab.Berlin(3, 4, 12));
            hidden.Sensitivity = CalendarSharing.EventSensitivity.Private;
            await lab.AddSourceAsync(hidden);

            var profile = lab.Profile(); // Busy, private items skipped: the built-in defaults
            var first = await lab.PassAsync(profile);
            Assert.Equal(SyncPassOutcome.Succeeded, first.Outcome);
            Assert.True(first.FullComparison);
            Assert.Equal(2, first.Created);

            var copies = (await lab.TargetItemsAsync()).Where(e => SyncLab.StampOf(e)?.IsOf("rooms") == true).ToList();
            Assert.Equal(2, copies.Count);
            var copyOfA = Assert.Single(copies, c => SyncLab.StampOf(c)!.SourceItemId == a.Id);
            Assert.Equal(a.Start, copyOfA.Start);
            Assert.Equal(a.End, copyOfA.End);
            Assert.Equal("Busy", copyOfA.Subject);
            var copyOfB = Assert.Single(copies, c => SyncLab.StampOf(c)!.SourceItemId == b.Id);
            Assert.Equal("Pacific Standard Time", copyOfB.TimeZone); // carried, not converted
            Assert.Equal(b.Start.UtcDateTime, copyOfB.Start.UtcDateTime);

            // Privacy, on the target's raw items: nothing of the source's subject, body, location, attendees or categories.
            foreach (var raw in lab.RawTarget())
            {
                var text = string.Join("|", raw.Subject, raw.Body, raw.Location, string.Join(",", raw.Categories), string.Join(",", raw.Attendees.Select(x => x.Address)));
                foreach (var leak in new[] { "Merger", "Fabrikam", "Board room", "Confidential", "Falcon", "bob@", "Private thing", "Dentist" })
                {
                    Assert.DoesNotContain(leak, text, StringComparison.OrdinalIgnoreCase);
                }

                Assert.Empty(raw.Attendees);
            }

            var second = await lab.PassAsync(profile);
            Assert.Equal(SyncPassOutcome.UpToDate, second.Outcome);
            Assert.Equal(0, second.Created + second.Updated + second.Deleted);
            Assert.Equal(2, (await lab.TargetItemsAsync()).Count(e => SyncLab.StampOf(e) != null));
            lab.AssertWireValid();
        }

        [Theory]
        [MemberData(nameof(Pairs))]
        public async Task Changes_and_deletions_at_the_source_follow_and_the_owners_own_items_are_never_touched(BackendKind source, BackendKind target)
        {
            using var lab = await SyncLab.StartAsync(source, target);
            var own = await lab.TargetEvents.CreateEventAsync(lab.Target, SyncLab.Draft("Owner's own", SyncLab.Berlin(3, 2, 8)), CancellationToken.None);
            var moved = await lab.AddSourceAsync(SyncLab.Draft("Will move", SyncLab.Berlin(3, 2, 10)));
            var gone = await lab.AddSourceAsync(SyncLab.Draft("Will go", SyncLab.Berlin(3, 2, 12)));
            var kept = await lab.AddSourceAsync(SyncLab.Draft("Stays", SyncLab.Berlin(3, 2, 14)));
            var profile = lab.Profile(o => o.Copy = CalendarSharing.SyncCopy.SubjectAndLocation);
            Assert.Equal(3, (await lab.PassAsync(profile)).Created);

            await lab.SourceEvents.UpdateEventAsync(lab.Source, moved.Id, null, new CalendarSharing.Core.Events.EventDraft { Start = SyncLab.Berlin(3, 5, 9), End = SyncLab.Berlin(3, 5, 10), Subject = "Moved" }, CancellationToken.None);
            await lab.SourceEvents.DeleteEventAsync(lab.Source, gone.Id, CancellationToken.None);
            var pass = await lab.PassAsync(profile); // a single deletion never trips the threshold
            Assert.Equal(SyncPassOutcome.Succeeded, pass.Outcome);
            Assert.Equal((0, 1, 1), (pass.Created, pass.Updated, pass.Deleted));

            var items = await lab.TargetItemsAsync();
            var copy = Assert.Single(items, e => SyncLab.StampOf(e)?.SourceItemId == moved.Id);
            Assert.Equal("Moved", copy.Subject);
            Assert.Equal(SyncLab.Berlin(3, 5, 9).UtcDateTime, copy.Start.UtcDateTime);
            Assert.DoesNotContain(items, e => SyncLab.StampOf(e)?.SourceItemId == gone.Id);
            Assert.Single(items, e => SyncLab.StampOf(e)?.SourceItemId == kept.Id);
            var owner = Assert.Single(items, e => e.Id == own.Id);
            Assert.Equal("Owner's own", owner.Subject);
            Assert.Null(SyncLab.StampOf(owner));
            lab.AssertWireValid();
        }
    }
}
