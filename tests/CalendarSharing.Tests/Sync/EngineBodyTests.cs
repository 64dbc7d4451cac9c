using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Events;
using CalendarSharing.Core.Sync;
using CalendarSharing.Sandbox.Events;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Sync
{
    /// <summary>
    /// What a copy carries of the body, by the Copy option, asserted on the target's raw items: Everything the whole body in
    /// its own format (a 100 KB HTML body and a 100 KB text body), SubjectAndLocation and Busy none; over EWS→EWS,
    /// Graph→Graph, EWS→Graph and Graph→EWS, full and incremental passes.
    /// </summary>
    public class EngineBodyTests
    {
        public static IEnumerable<object[]> Pairs() => EngineOneWayTests.Pairs();

        /// <summary>About 100 KB of HTML with markup, entities and non-ASCII text.</summary>
        internal static string BigHtml(string marker)
        {
            var b = new StringBuilder("<html><head><style>p { color: #333; }</style></head><body><h1>" + marker + "</h1>");
            for (var n = 0; b.Length < 100 * 1024; n++)
            {
                b.Append("<p>Line ").Append(n).Append(": Grüße &amp; <b>budget</b> for Q").Append(n % 4 + 1).Append("</p>");
            }

            return b.Append("</body></html>").ToString();
        }

        /// <summary>About 100 KB of text in lines.</summary>
        internal static string BigText(string marker)
        {
            var b = new StringBuilder(marker);
            for (var n = 0; b.Length < 100 * 1024; n++)
            {
                b.Append("\nItem ").Append(n).Append(": bring <the> report & café notes");
            }

            return b.ToString();
        }

        /// <summary>A raw item's body as text (an HTML body without its markup), to compare bodies whatever their format.</summary>
        private static string TextOf(SandboxEvent raw) => raw.BodyType == EventBodyType.Html ? EventBodyRules.ToText(raw.Body ?? string.Empty) : raw.Body ?? string.Empty;

        [Theory]
        [MemberData(nameof(Pairs))]
        public async Task Everything_copies_carry_the_whole_body_in_its_format_and_follow_its_changes(BackendKind source, BackendKind target)
        {
            using var lab = await SyncLab.StartAsync(source, target);
            lab.UseChangeFeed = true;
            var html = BigHtml("Quarterly plan");
            var text = BigText("Packing list");
            var htmlDraft = SyncLab.Draft("Plan", SyncLab.Berlin(3, 2, 10));
            htmlDraft.Body = html;
            htmlDraft.BodyType = EventBodyType.Html;
            var a = await lab.AddSourceAsync(htmlDraft);
            var textDraft = SyncLab.Draft("Trip", SyncLab.Berlin(3, 3, 10));
            textDraft.Body = text;
            var b = await lab.AddSourceAsync(textDraft);
            var profile = lab.Profile(o => o.Copy = SyncCopy.Everything);

            var first = await lab.PassAsync(profile);
            Assert.Equal(SyncPassOutcome.Succeeded, first.Outcome);
            Assert.Equal(2, first.Created);
            var copies = (await lab.TargetItemsAsync()).Where(e => SyncLab.StampOf(e) != null).ToList();
            var rawA = lab.RawTarget().Single(r => r.Id == copies.Single(c => SyncLab.StampOf(c)!.SourceItemId == a.Id).Id);
            var rawB = lab.RawTarget().Single(r => r.Id == copies.Single(c => SyncLab.StampOf(c)!.SourceItemId == b.Id).Id);

            // The HTML body arrives whole and as HTML over every protocol.
            Assert.Equal(EventBodyType.Html, rawA.BodyType);
            Assert.Equal(html, rawA.Body);

            // The text body arrives whole: as text from EWS, as the HTML Graph renders it in (its default) from Graph.
            Assert.Equal(source == BackendKind.Ews ? EventBodyType.Text : EventBodyType.Html, rawB.BodyType);
            Assert.Equal(text, TextOf(rawB));

            var second = await lab.PassAsync(profile);
            Assert.Equal(SyncPassOutcome.UpToDate, second.Outcome);
            Assert.Equal(0, second.Created + second.Updated + second.Deleted);

            // A change of the body alone follows, through the change feed.
            var changed = BigHtml("Quarterly plan, revised");
            await lab.SourceEvents.UpdateEventAsync(lab.Source, a.Id, null, new EventDraft { Body = changed, BodyType = EventBodyType.Html }, CancellationToken.None);
            var third = await lab.PassAsync(profile);
            Assert.Equal(SyncPassOutcome.Succeeded, third.Outcome);
            Assert.False(third.FullComparison);
            Assert.Equal((0, 1, 0), (third.Created, third.Updated, third.Deleted));
            Assert.Equal(changed, lab.RawTarget().Single(r => r.Id == rawA.Id).Body);

            // A full comparison finds the same versions: nothing to write.
            var full = await lab.PassAsync(profile, r => r.FullComparison = true);
            Assert.Equal(0, full.Created + full.Updated + full.Deleted);
            lab.AssertWireValid();
        }

        [Theory]
        [MemberData(nameof(Pairs))]
        public async Task SubjectAndLocation_and_Busy_copies_carry_no_body(BackendKind source, BackendKind target)
        {
            using var lab = await SyncLab.StartAsync(source, target);
            var draft = SyncLab.Draft("Review", SyncLab.Berlin(3, 2, 10));
            draft.Location = "Room 4";
            draft.Body = BigHtml("Secret numbers");
            draft.BodyType = EventBodyType.Html;
            await lab.AddSourceAsync(draft);

            foreach (var copy in new[] { SyncCopy.SubjectAndLocation, SyncCopy.Busy })
            {
                var profile = lab.Profile(o => o.Copy = copy, id: "p-" + copy);
                Assert.Equal(1, (await lab.PassAsync(profile)).Created);
            }

            var raws = lab.RawTarget();
            Assert.Equal(2, raws.Count);
            foreach (var raw in raws)
            {
                Assert.True(string.IsNullOrEmpty(TextOf(raw)), "a copy carried a body: " + raw.Subject);
                Assert.DoesNotContain("Secret", raw.Body ?? string.Empty, StringComparison.OrdinalIgnoreCase);
            }

            Assert.Contains(raws, r => r.Subject == "Review" && r.Location == "Room 4");
            Assert.Contains(raws, r => r.Subject == "Busy" && string.IsNullOrEmpty(r.Location));
            lab.AssertWireValid();
        }
    }
}
