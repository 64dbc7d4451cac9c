using System;
using System.IO;
using System.Linq;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Sync;
using Xunit;

namespace CalendarSharing.Tests.Sync
{
    /// <summary>Sync profiles on disk: what is written, what is refused on load (each problem with its field and pair), atomic writes.</summary>
    public sealed class ProfileFileTests : IDisposable
    {
        private readonly string folder = Path.Combine(Path.GetTempPath(), "cs-profile-" + Guid.NewGuid().ToString("N"));

        public ProfileFileTests() => Directory.CreateDirectory(folder);

        public void Dispose() => Directory.Delete(folder, recursive: true);

        private string PathOf(string name) => Path.Combine(folder, name);

        [Fact]
        public void A_saved_profile_reads_back_the_same_defaults_pairs_and_overrides()
        {
            var profile = SyncProfileFile.New(new SyncOptions { Direction = SyncDirection.OneWay, Copy = SyncCopy.Busy, Private = SyncPrivateItems.Skip, Window = TimeSpan.FromDays(90), Conflict = SyncConflictPolicy.SourceWins }, null);
            profile.Pairs.Add(new SyncPair("room1@contoso.com", "room1-mirror@contoso.com") { Overrides = new SyncOptions { Copy = SyncCopy.SubjectAndLocation, ExcludeCategories = new[] { "Personal" } } });
            profile.Pairs.Add(new SyncPair("alice@contoso.com", "alice@fabrikam.com") { TargetConnection = "fabrikam", TargetCalendar = "Contoso", Overrides = new SyncOptions { Direction = SyncDirection.TwoWay, Window = TimeSpan.FromHours(36), SubjectPattern = "^(?!Lunch)" } });
            var path = PathOf("rooms.sync.json");

            SyncProfileFile.Save(profile, path);
            var back = SyncProfileFile.Load(path);

            Assert.Equal(profile.Id, back.Id);
            Assert.Equal(path, back.Path);
            Assert.Equal(2, back.Pairs.Count);
            Assert.Equal(SyncCopy.SubjectAndLocation, back.OptionsFor(back.Pairs[0]).Copy);
            Assert.Equal(new[] { "Personal" }, back.Pairs[0].Overrides.ExcludeCategories);
            Assert.Null(back.Pairs[0].Overrides.Direction);
            Assert.Equal(SyncDirection.TwoWay, back.OptionsFor(back.Pairs[1]).Direction);
            Assert.Equal(TimeSpan.FromHours(36), back.OptionsFor(back.Pairs[1]).Window);
            Assert.Equal(TimeSpan.FromDays(90), back.OptionsFor(back.Pairs[0]).Window);
            Assert.Equal("fabrikam", back.Pairs[1].TargetConnection);
            Assert.Equal("Contoso", back.Pairs[1].TargetCalendar);
            Assert.Equal("^(?!Lunch)", back.Pairs[1].Overrides.SubjectPattern);
            Assert.Equal(SyncProfileFile.Serialize(profile), File.ReadAllText(path));
        }

        [Fact]
        public void A_profile_has_no_field_for_a_secret_and_refuses_one_typed_into_it()
        {
            var json = "{ \"version\": 1, \"id\": \"p1\", \"pairs\": [ { \"source\": \"a@contoso.com\", \"target\": \"b@contoso.com\", \"password\": \"hunter2\" } ] }";

            var ex = Assert.Throws<SyncProfileException>(() => SyncProfileFile.Parse(json, "x.json"));

            var problem = Assert.Single(ex.Problems);
            Assert.Equal("pairs[1].password", problem.Field);
            Assert.Equal(1, problem.Pair);
            Assert.Equal(ErrorIds.InvalidSyncProfile, ex.ErrorId);
            Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Every_problem_names_its_field_and_its_pair_by_number_and_mailboxes()
        {
            var json = @"{
  ""version"": 1,
  ""id"": ""p1"",
  ""defaults"": { ""copy"": ""Bussy"", ""window"": ""soon"" },
  ""pairs"": [
    { ""source"": ""room1@contoso.com"", ""target"": ""room1-mirror@contoso.com"" },
    { ""source"": ""room2@contoso.com"", ""target"": ""not-an-address"", ""overrides"": { ""deletionThreshold"": 3, ""Direction"": ""TwoWay"" } },
    { ""source"": ""room1@contoso.com"", ""target"": ""ROOM1-mirror@contoso.com"" },
    { ""source"": ""room3@contoso.com"", ""target"": ""room3@contoso.com"" },
    { ""source"": ""room4@contoso.com"", ""target"": ""room4-mirror@contoso.com"", ""overrides"": { ""subjectPattern"": ""(unclosed"" } }
  ]
}";

            var ex = Assert.Throws<SyncProfileException>(() => SyncProfileFile.Parse(json, "rooms.sync.json"));
            var fields = ex.Problems.Select(p => (p.Field, p.Pair)).ToList();

            Assert.Contains(("defaults.copy", (int?)null), fields);
            Assert.Contains(("defaults.window", (int?)null), fields);
            Assert.Contains(("pairs[2].target", (int?)2), fields);
            Assert.Contains(("pairs[2].overrides.Direction", (int?)2), fields);
            Assert.Contains(("pairs[3]", (int?)3), fields);
            Assert.Contains(("pairs[4]", (int?)4), fields);
            Assert.Contains(("pairs[5].overrides.subjectPattern", (int?)5), fields);
            Assert.Contains("'Bussy' is not one of Busy, SubjectAndLocation, Everything", ex.Message, StringComparison.Ordinal);
            Assert.Contains("pair 3 (room1@contoso.com -> ROOM1-mirror@contoso.com)", ex.Message, StringComparison.Ordinal);
            Assert.Contains("did you mean 'direction'", ex.Message, StringComparison.Ordinal);
            Assert.Contains("the same pair as pair 1", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_threshold_out_of_range_is_named_when_the_rest_of_the_pair_is_fine()
        {
            var json = "{ \"id\": \"p1\", \"pairs\": [ { \"source\": \"a@contoso.com\", \"target\": \"b@contoso.com\", \"overrides\": { \"deletionThreshold\": 1.5 } } ] }";

            var ex = Assert.Throws<SyncProfileException>(() => SyncProfileFile.Parse(json, "x.json"));

            var problem = Assert.Single(ex.Problems);
            Assert.Equal("pairs[1].overrides.deletionThreshold", problem.Field);
            Assert.Contains("between 0 and 1", problem.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("[]", "$")]
        [InlineData("{ \"pairs\": [] }", "id")]
        [InlineData("{ \"id\": \"p\", \"version\": 9 }", "version")]
        [InlineData("{ \"id\": \"p\", \"pairs\": {} }", "pairs")]
        [InlineData("not json", "$")]
        public void A_file_that_is_not_a_profile_is_refused_naming_why(string json, string field)
        {
            var ex = Assert.Throws<SyncProfileException>(() => SyncProfileFile.Parse(json, "x.json"));

            Assert.Contains(ex.Problems, p => p.Field == field);
        }

        [Fact]
        public void Durations_are_read_in_every_documented_form()
        {
            Assert.True(SyncProfileFile.TryParseDuration("90.00:00:00", out var a));
            Assert.Equal(TimeSpan.FromDays(90), a);
            Assert.True(SyncProfileFile.TryParseDuration("P90D", out var b));
            Assert.Equal(TimeSpan.FromDays(90), b);
            Assert.True(SyncProfileFile.TryParseDuration("PT12H", out var c));
            Assert.Equal(TimeSpan.FromHours(12), c);
            Assert.True(SyncProfileFile.TryParseDuration("7", out var d));
            Assert.Equal(TimeSpan.FromDays(7), d);
            Assert.False(SyncProfileFile.TryParseDuration("soon", out _));
        }

        [Fact]
        public void A_missing_profile_is_SyncProfileNotFound()
        {
            var ex = Assert.Throws<SyncProfileException>(() => SyncProfileFile.Load(PathOf("none.json")));

            Assert.Equal(ErrorIds.SyncProfileNotFound, ex.ErrorId);
        }

        [Fact]
        public void Saving_an_invalid_profile_writes_nothing_and_keeps_the_old_file()
        {
            var path = PathOf("p.json");
            var profile = SyncProfileFile.New(null, null);
            profile.Pairs.Add(new SyncPair("a@contoso.com", "b@contoso.com"));
            SyncProfileFile.Save(profile, path);
            var before = File.ReadAllText(path);

            profile.Pairs.Add(new SyncPair("a@contoso.com", "B@contoso.com"));
            var ex = Assert.Throws<SyncProfileException>(() => SyncProfileFile.Save(profile, path));

            Assert.Contains(ex.Problems, p => p.Pair == 2);
            Assert.Equal(before, File.ReadAllText(path));
            Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
        }

        [Fact]
        public void An_atomic_write_replaces_the_whole_file_and_leaves_no_temporary_file()
        {
            var path = PathOf("state.json");
            SyncProfileFile.WriteAtomic(path, new byte[] { 1, 2, 3 });
            SyncProfileFile.WriteAtomic(path, new byte[] { 4, 5 });

            Assert.Equal(new byte[] { 4, 5 }, File.ReadAllBytes(path));
            Assert.Equal(new[] { path }, Directory.GetFiles(folder, "*", SearchOption.AllDirectories));
        }
    }
}
