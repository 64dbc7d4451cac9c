using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Credentials;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Sync
{
    /// <summary>One problem of a profile: the field (as a JSON path), the pair it is in (1-based, null = the profile itself) and what is wrong.</summary>
    public sealed class SyncProfileProblem
    {
        public SyncProfileProblem(string field, int? pair, string? pairText, string message)
        {
            Field = field;
            Pair = pair;
            PairText = pairText;
            Message = message;
        }

        /// <summary>"defaults.copy", "pairs[3].overrides.window".</summary>
        public string Field { get; }

        /// <summary>The pair's number (1 = the first pair in the file), or null.</summary>
        public int? Pair { get; }

        /// <summary>"room1@contoso.com -> room1-mirror@contoso.com", when the pair names them.</summary>
        public string? PairText { get; }

        public string Message { get; }

        /// <summary>"pair 3 (room1@contoso.com -> room1-mirror@contoso.com), pairs[3].overrides.copy: 'Bussy' is not one of ...".</summary>
        public override string ToString()
        {
            var where = Pair is int n
                ? Texts.Format(nameof(Texts.Sync_PairRef), n, PairText ?? "?") + ", "
                : string.Empty;
            return where + Field + ": " + Message;
        }
    }

    /// <summary>A profile that cannot be read: not there, not JSON, or fields that are wrong (each named with its pair).</summary>
    public sealed class SyncProfileException : Exception
    {
        public SyncProfileException(string errorId, string path, string message, IReadOnlyList<SyncProfileProblem>? problems = null, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Path = path;
            Problems = problems ?? Array.Empty<SyncProfileProblem>();
        }

        /// <summary>SyncProfileNotFound, InvalidSyncProfile or SyncProfileExists.</summary>
        public string ErrorId { get; }

        public string Path { get; }

        public IReadOnlyList<SyncProfileProblem> Problems { get; }
    }

    /// <summary>
    /// Reads and writes sync profiles: JSON with global defaults and per-pair overrides. Every field is checked on load,
    /// and every problem names its field and its pair (by number, as the admin counts them in the file, and by source and
    /// target); unknown fields are refused, so a typo is never silently a default. A profile names connections by name
    /// only (a stored credential or a session connection): it has no field that could hold a secret. Writes are atomic
    /// (a temporary file beside the profile, then a rename), so a kill leaves the old profile or the new one.
    /// </summary>
    public static class SyncProfileFile
    {
        /// <summary>The format this module writes; a newer one is refused rather than half read.</summary>
        public const int FormatVersion = 1;

        private static readonly string[] RootFields = { "version", "id", "stateStore", "defaults", "pairs" };
        private static readonly string[] PairFields = { "source", "target", "sourceCalendar", "targetCalendar", "sourceConnection", "targetConnection", "overrides" };
        private static readonly string[] OptionFields =
        {
            "direction", "copy", "private", "window", "pastWindow", "conflict", "propagateDeletions", "ownerDeletion",
            "deletionThreshold", "flattenSeries", "skipDeclined", "skipTentative", "skipFree", "skipAllDay",
            "includeCategories", "excludeCategories", "subjectPattern",
        };

        /// <summary>The field names of <see cref="SyncOptions"/> in a profile (for errors and completion).</summary>
        public static IReadOnlyList<string> OptionFieldNames => OptionFields;

        /// <summary>Reads and checks the profile at <paramref name="path"/>.</summary>
        /// <exception cref="SyncProfileException">Not there (SyncProfileNotFound), or not a valid profile (InvalidSyncProfile, every problem listed).</exception>
        public static SyncProfile Load(string path)
        {
            var full = System.IO.Path.GetFullPath(path);
            string json;
            try
            {
                json = File.ReadAllText(full, Encoding.UTF8);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                throw new SyncProfileException(ErrorIds.SyncProfileNotFound, full, Texts.Format(nameof(Texts.Error_SyncProfileNotFound), full), null, ex);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new SyncProfileException(ErrorIds.InvalidSyncProfile, full, Texts.Format(nameof(Texts.Error_SyncProfileUnreadable), full, ex.Message), null, ex);
            }

            var profile = Parse(json, full);
            profile.Path = full;
            return profile;
        }

        /// <summary>Parses and checks a profile's JSON; <paramref name="path"/> only names it in errors.</summary>
        /// <exception cref="SyncProfileException">InvalidSyncProfile, with every problem found.</exception>
        public static SyncProfile Parse(string json, string path)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            }
            catch (JsonException ex)
            {
                throw Invalid(path, new[] { new SyncProfileProblem("$", null, null, Texts.Format(nameof(Texts.Error_SyncProfileNotJson), ex.Message)) });
            }

            using (document)
            {
                var problems = new List<SyncProfileProblem>();
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw Invalid(path, new[] { new SyncProfileProblem("$", null, null, Texts.Format(nameof(Texts.Error_SyncFieldType), "$", Texts.Sync_TypeObject)) });
                }

                Unknown(root, RootFields, string.Empty, null, null, problems);
                if (root.TryGetProperty("version", out var version))
                {
                    if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v) || v < 1)
                    {
                        problems.Add(new SyncProfileProblem("version", null, null, Texts.Format(nameof(Texts.Error_SyncFieldType), "version", Texts.Sync_TypeNumber)));
                    }
                    else if (v > FormatVersion)
                    {
                        problems.Add(new SyncProfileProblem("version", null, null, Texts.Format(nameof(Texts.Error_SyncProfileVersion), v, FormatVersion)));
                    }
                }

                var id = String(root, "id", "id", null, null, problems);
                if (id is null && !root.TryGetProperty("id", out _))
                {
                    problems.Add(new SyncProfileProblem("id", null, null, Texts.Format(nameof(Texts.Error_SyncFieldMissing), "id")));
                }
                else if (id != null && id.Trim().Length == 0)
                {
                    problems.Add(new SyncProfileProblem("id", null, null, Texts.Format(nameof(Texts.Error_SyncFieldMissing), "id")));
                }

                var numbers = new List<int>();
                var profile = new SyncProfile(string.IsNullOrWhiteSpace(id) ? "?" : id!.Trim())
                {
                    StateStore = String(root, "stateStore", "stateStore", null, null, problems),
                };
                if (root.TryGetProperty("defaults", out var defaults))
                {
                    profile.Defaults = ReadOptions(defaults, "defaults", null, null, problems);
                }
                else
                {
                    profile.Defaults = SyncOptions.BuiltInDefaults();
                }

                if (root.TryGetProperty("pairs", out var pairs))
                {
                    if (pairs.ValueKind != JsonValueKind.Array)
                    {
                        problems.Add(new SyncProfileProblem("pairs", null, null, Texts.Format(nameof(Texts.Error_SyncFieldType), "pairs", Texts.Sync_TypeList)));
                    }
                    else
                    {
                        var n = 0;
                        foreach (var element in pairs.EnumerateArray())
                        {
                            n++;
                            var pair = ReadPair(element, n, problems);
                            if (pair != null)
                            {
                                profile.Pairs.Add(pair);
                                numbers.Add(n);
                            }
                        }
                    }
                }

                // Pair-level rules (same calendar twice, a pair given twice), over what could be read.
                problems.AddRange(CheckPairs(profile.Pairs, first: 1, numbers: numbers));
                if (problems.Count > 0)
                {
                    throw Invalid(path, problems);
                }

                return profile;
            }
        }

        /// <summary>The problems of a profile built in code (New-/Add-/Set-CalendarSyncPair check before they write).</summary>
        public static IReadOnlyList<SyncProfileProblem> Validate(SyncProfile profile)
        {
            if (profile is null)
            {
                throw new ArgumentNullException(nameof(profile));
            }

            var problems = new List<SyncProfileProblem>();
            problems.AddRange(CheckOptions(profile.Defaults, "defaults", null, null));
            for (var i = 0; i < profile.Pairs.Count; i++)
            {
                problems.AddRange(CheckPair(profile.Pairs[i], i + 1));
            }

            problems.AddRange(CheckPairs(profile.Pairs, first: 1, numbers: null));
            return problems;
        }

        /// <summary>The problems of one pair numbered <paramref name="number"/> (its addresses, connection names, overrides).</summary>
        public static IReadOnlyList<SyncProfileProblem> CheckPair(SyncPair pair, int number)
        {
            var problems = new List<SyncProfileProblem>(CheckIdentity(pair, number));
            problems.AddRange(CheckOptions(pair.Overrides, "pairs[" + number.ToString(CultureInfo.InvariantCulture) + "].overrides", number, pair.ToString()));
            return problems;
        }

        /// <summary>A pair's addresses, connection names, and that it does not mirror a calendar into itself.</summary>
        private static IReadOnlyList<SyncProfileProblem> CheckIdentity(SyncPair pair, int number)
        {
            var problems = new List<SyncProfileProblem>();
            var prefix = "pairs[" + number.ToString(CultureInfo.InvariantCulture) + "]";
            var text = pair.ToString();
            Mailbox(pair.Source, prefix + ".source", number, text, problems);
            Mailbox(pair.Target, prefix + ".target", number, text, problems);
            ConnectionName(pair.SourceConnection, prefix + ".sourceConnection", number, text, problems);
            ConnectionName(pair.TargetConnection, prefix + ".targetConnection", number, text, problems);
            if (SmtpAddress.IsValid(pair.Source) && SmtpAddress.IsValid(pair.Target)
                && string.Equals(pair.Source.Trim(), pair.Target.Trim(), StringComparison.OrdinalIgnoreCase)
                && string.Equals(CalendarKey(pair.SourceCalendar), CalendarKey(pair.TargetCalendar), StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new SyncProfileProblem(prefix, number, text, Texts.Error_SyncPairSameCalendar));
            }

            return problems;
        }

        /// <summary>The value-range rules of a set of options (present values only).</summary>
        public static IReadOnlyList<SyncProfileProblem> CheckOptions(SyncOptions? options, string prefix, int? pair, string? pairText)
        {
            var problems = new List<SyncProfileProblem>();
            if (options is null)
            {
                return problems;
            }

            if (options.Window is TimeSpan w && w <= TimeSpan.Zero)
            {
                problems.Add(new SyncProfileProblem(prefix + ".window", pair, pairText, Texts.Format(nameof(Texts.Error_SyncFieldPositive), "window", Duration(w))));
            }

            if (options.PastWindow is TimeSpan p && p < TimeSpan.Zero)
            {
                problems.Add(new SyncProfileProblem(prefix + ".pastWindow", pair, pairText, Texts.Format(nameof(Texts.Error_SyncFieldPositive), "pastWindow", Duration(p))));
            }

            if (options.DeletionThreshold is double t && (double.IsNaN(t) || t < 0 || t > 1))
            {
                problems.Add(new SyncProfileProblem(prefix + ".deletionThreshold", pair, pairText, Texts.Format(nameof(Texts.Error_SyncFieldRange), "deletionThreshold", t.ToString(CultureInfo.InvariantCulture), "0", "1")));
            }

            if (options.SubjectPattern != null)
            {
                try
                {
                    _ = new Regex(options.SubjectPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException ex)
                {
                    problems.Add(new SyncProfileProblem(prefix + ".subjectPattern", pair, pairText, Texts.Format(nameof(Texts.Error_SyncFieldPattern), options.SubjectPattern, ex.Message)));
                }
            }

            foreach (var (name, list) in new[] { ("includeCategories", options.IncludeCategories), ("excludeCategories", options.ExcludeCategories) })
            {
                if (list != null && list.Any(string.IsNullOrWhiteSpace))
                {
                    problems.Add(new SyncProfileProblem(prefix + "." + name, pair, pairText, Texts.Format(nameof(Texts.Error_SyncFieldType), name, Texts.Sync_TypeStringList)));
                }
            }

            return problems;
        }

        /// <summary>The JSON of a profile (indented, camelCase, only the overrides a pair has; never a secret: a profile has no field for one).</summary>
        public static string Serialize(SyncProfile profile)
        {
            if (profile is null)
            {
                throw new ArgumentNullException(nameof(profile));
            }

            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteNumber("version", FormatVersion);
                w.WriteString("id", profile.Id);
                if (profile.StateStore != null)
                {
                    w.WriteString("stateStore", profile.StateStore);
                }

                w.WritePropertyName("defaults");
                WriteOptions(w, profile.Defaults);
                w.WriteStartArray("pairs");
                foreach (var pair in profile.Pairs)
                {
                    w.WriteStartObject();
                    w.WriteString("source", pair.Source);
                    w.WriteString("target", pair.Target);
                    WriteIf(w, "sourceCalendar", pair.SourceCalendar);
                    WriteIf(w, "targetCalendar", pair.TargetCalendar);
                    WriteIf(w, "sourceConnection", pair.SourceConnection);
                    WriteIf(w, "targetConnection", pair.TargetConnection);
                    if (HasAny(pair.Overrides))
                    {
                        w.WritePropertyName("overrides");
                        WriteOptions(w, pair.Overrides);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
        }

        /// <summary>Checks and writes the profile atomically to <paramref name="path"/> (default: where it was read from).</summary>
        /// <exception cref="SyncProfileException">InvalidSyncProfile when it has problems; nothing is written then.</exception>
        public static void Save(SyncProfile profile, string? path = null)
        {
            var target = System.IO.Path.GetFullPath(path ?? profile.Path ?? throw new ArgumentNullException(nameof(path)));
            var problems = Validate(profile);
            if (problems.Count > 0)
            {
                throw Invalid(target, problems);
            }

            WriteAtomic(target, Encoding.UTF8.GetBytes(Serialize(profile)));
            profile.Path = target;
        }

        /// <summary>A new profile with a new id; nothing is written.</summary>
        public static SyncProfile New(SyncOptions? defaults, string? stateStore)
        {
            var profile = new SyncProfile(Guid.NewGuid().ToString("D"))
            {
                Defaults = SyncOptions.BuiltInDefaults().Merge(defaults),
                StateStore = string.IsNullOrWhiteSpace(stateStore) ? null : stateStore,
            };
            return profile;
        }

        /// <summary>
        /// Writes <paramref name="content"/> to <paramref name="path"/> so that a kill at any moment leaves the old content or
        /// the new, never a part: a temporary file in the same folder (same volume), flushed to disk, then renamed over the old.
        /// </summary>
        public static void WriteAtomic(string path, byte[] content)
        {
            var full = System.IO.Path.GetFullPath(path);
            var folder = System.IO.Path.GetDirectoryName(full) ?? ".";
            Directory.CreateDirectory(folder);
            var temp = System.IO.Path.Combine(folder, "." + System.IO.Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
                {
                    stream.Write(content, 0, content.Length);
                    stream.Flush(true);
                }

                if (File.Exists(full))
                {
                    // rename(2) on Unix, ReplaceFile on Windows: atomic over the old file.
                    File.Replace(temp, full, null, ignoreMetadataErrors: true);
                }
                else
                {
                    File.Move(temp, full);
                }
            }
            finally
            {
                if (File.Exists(temp))
                {
                    try
                    {
                        File.Delete(temp);
                    }
                    catch (IOException)
                    {
                        // Left behind; the next write uses another name.
                    }
                }
            }
        }

        /// <summary>"90.00:00:00" (the invariant TimeSpan form the profile uses).</summary>
        public static string Duration(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

        /// <summary>A duration as a profile may give it: "90.00:00:00", "12:00:00", an ISO 8601 duration ("P90D", "PT12H") or a number of days.</summary>
        public static bool TryParseDuration(string? text, out TimeSpan value)
        {
            value = default;
            var t = (text ?? string.Empty).Trim();
            if (t.Length == 0)
            {
                return false;
            }

            if (t.StartsWith("P", StringComparison.OrdinalIgnoreCase) || t.StartsWith("-P", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    value = XmlConvert.ToTimeSpan(t.ToUpperInvariant());
                    return true;
                }
                catch (FormatException)
                {
                    return false;
                }
            }

            if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var days) && !double.IsNaN(days) && !double.IsInfinity(days) && Math.Abs(days) < 36500)
            {
                value = TimeSpan.FromDays(days);
                return true;
            }

            return TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out value);
        }

        private static SyncProfileException Invalid(string path, IReadOnlyList<SyncProfileProblem> problems) =>
            new SyncProfileException(
                ErrorIds.InvalidSyncProfile,
                path,
                Texts.Format(nameof(Texts.Error_InvalidSyncProfile), path, string.Join("; ", problems.Select(p => p.ToString()))),
                problems);

        private static string CalendarKey(string? calendar) =>
            string.IsNullOrWhiteSpace(calendar) || CalendarAddress.IsDefaultCalendarName(calendar!) ? string.Empty : calendar!.Trim();

        private static IEnumerable<SyncProfileProblem> CheckPairs(IList<SyncPair> pairs, int first, IReadOnlyList<int>? numbers)
        {
            var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < pairs.Count; i++)
            {
                var number = numbers?[i] ?? first + i;
                var key = KeyOf(pairs[i]);
                if (seen.TryGetValue(key, out var earlier))
                {
                    yield return new SyncProfileProblem("pairs[" + number.ToString(CultureInfo.InvariantCulture) + "]", number, pairs[i].ToString(), Texts.Format(nameof(Texts.Error_SyncPairDuplicate), earlier));
                }
                else
                {
                    seen[key] = number;
                }
            }
        }

        /// <summary>The pair's identity with default-calendar spellings folded (Calendar, Kalender... = the default).</summary>
        internal static string KeyOf(SyncPair pair) =>
            string.Join("|", pair.Source.Trim(), CalendarKey(pair.SourceCalendar), pair.Target.Trim(), CalendarKey(pair.TargetCalendar)).ToLowerInvariant();

        private static SyncPair? ReadPair(JsonElement element, int number, List<SyncProfileProblem> problems)
        {
            var prefix = "pairs[" + number.ToString(CultureInfo.InvariantCulture) + "]";
            if (element.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new SyncProfileProblem(prefix, number, null, Texts.Format(nameof(Texts.Error_SyncFieldType), prefix, Texts.Sync_TypeObject)));
                return null;
            }

            var sourceText = element.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            var targetText = element.TryGetProperty("target", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var text = (sourceText ?? "?") + " -> " + (targetText ?? "?");
            var before = problems.Count;
            Unknown(element, PairFields, prefix + ".", number, text, problems);
            var source = String(element, "source", prefix + ".source", number, text, problems);
            var target = String(element, "target", prefix + ".target", number, text, problems);
            foreach (var (field, value) in new[] { ("source", source), ("target", target) })
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    problems.Add(new SyncProfileProblem(prefix + "." + field, number, text, Texts.Format(nameof(Texts.Error_SyncFieldMissing), field)));
                }
            }

            var pair = new SyncPair((source ?? string.Empty).Trim(), (target ?? string.Empty).Trim())
            {
                SourceCalendar = Blank(String(element, "sourceCalendar", prefix + ".sourceCalendar", number, text, problems)),
                TargetCalendar = Blank(String(element, "targetCalendar", prefix + ".targetCalendar", number, text, problems)),
                SourceConnection = Blank(String(element, "sourceConnection", prefix + ".sourceConnection", number, text, problems)),
                TargetConnection = Blank(String(element, "targetConnection", prefix + ".targetConnection", number, text, problems)),
            };
            if (element.TryGetProperty("overrides", out var overrides))
            {
                pair.Overrides = ReadOptions(overrides, prefix + ".overrides", number, text, problems);
            }

            // The addresses are checked even when a field failed (the source and target were read if they were strings).
            problems.AddRange(CheckIdentity(pair, number).Where(p => !problems.Any(q => q.Field == p.Field && q.Pair == p.Pair)));
            return problems.Count == before ? pair : null;
        }

        private static SyncOptions ReadOptions(JsonElement element, string prefix, int? pair, string? pairText, List<SyncProfileProblem> problems)
        {
            var o = new SyncOptions();
            if (element.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new SyncProfileProblem(prefix, pair, pairText, Texts.Format(nameof(Texts.Error_SyncFieldType), prefix, Texts.Sync_TypeObject)));
                return o;
            }

            var before = problems.Count;
            Unknown(element, OptionFields, prefix + ".", pair, pairText, problems);
            o.Direction = Enum<SyncDirection>(element, "direction", prefix, pair, pairText, problems);
            o.Copy = Enum<SyncCopy>(element, "copy", prefix, pair, pairText, problems);
            o.Private = Enum<SyncPrivateItems>(element, "private", prefix, pair, pairText, problems);
            o.Window = TimeSpanField(element, "window", prefix, pair, pairText, problems);
            o.PastWindow = TimeSpanField(element, "pastWindow", prefix, pair, pairText, problems);
            o.Conflict = Enum<SyncConflictPolicy>(element, "conflict", prefix, pair, pairText, problems);
            o.PropagateDeletions = Bool(element, "propagateDeletions", prefix, pair, pairText, problems);
            o.OwnerDeletion = Enum<SyncOwnerDeletion>(element, "ownerDeletion", prefix, pair, pairText, problems);
            o.DeletionThreshold = Number(element, "deletionThreshold", prefix, pair, pairText, problems);
            o.FlattenSeries = Bool(element, "flattenSeries", prefix, pair, pairText, problems);
            o.SkipDeclined = Bool(element, "skipDeclined", prefix, pair, pairText, problems);
            o.SkipTentative = Bool(element, "skipTentative", prefix, pair, pairText, problems);
            o.SkipFree = Bool(element, "skipFree", prefix, pair, pairText, problems);
            o.SkipAllDay = Bool(element, "skipAllDay", prefix, pair, pairText, problems);
            o.IncludeCategories = Strings(element, "includeCategories", prefix, pair, pairText, problems);
            o.ExcludeCategories = Strings(element, "excludeCategories", prefix, pair, pairText, problems);
            o.SubjectPattern = String(element, "subjectPattern", prefix + ".subjectPattern", pair, pairText, problems);
            if (problems.Count == before)
            {
                problems.AddRange(CheckOptions(o, prefix, pair, pairText));
            }

            return o;
        }

        private static void Unknown(JsonElement element, string[] known, string prefix, int? pair, string? pairText, List<SyncProfileProblem> problems)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (!known.Contains(property.Name, StringComparer.Ordinal))
                {
                    var near = known.FirstOrDefault(k => string.Equals(k, property.Name, StringComparison.OrdinalIgnoreCase));
                    var message = near != null
                        ? Texts.Format(nameof(Texts.Error_SyncFieldUnknownCase), property.Name, near)
                        : Texts.Format(nameof(Texts.Error_SyncFieldUnknown), property.Name, string.Join(", ", known));
                    problems.Add(new SyncProfileProblem(prefix + property.Name, pair, pairText, message));
                }
            }
        }

        private static string? String(JsonElement element, string name, string field, int? pair, string? pairText, List<SyncProfileProblem> problems)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                problems.Add(new SyncProfileProblem(field, pair, pairText, Texts.Format(nameof(Texts.Error_SyncFieldType), name, Texts.Sync_TypeString)));
                return null;
            }

            return value.GetString();
        }

        private static T? Enum<T>(JsonElement element, string name, string prefix, int? pair, string? pairText, List<SyncProfileProblem> problems)
            where T : struct
        {
            var text = String(element, name, prefix + "." + name, pair, pairText, problems);
            if (text is null)
            {
                return null;
            }

            if (TryEnum<T>(text, out var value))
            {
                return value;
            }

            problems.Add(new SyncProfileProblem(prefix + "." + name, pair, pairText, Texts.Format(nameof(Texts.Error_SyncFieldEnum), text, string.Join(", ", System.Enum.GetNames(typeof(T))))));
            return null;
        }

        /// <summary>A name of <typeparamref name="T"/>, case-insensitive; numbers are refused (a profile says what it means).</summary>
        public static bool TryEnum<T>(string? text, out T value)
            where T : struct
        {
            value = default;
            var t = (text ?? string.Empty).Trim();
            if (t.Length == 0 || char.IsDigit(t[0]) || t[0] == '-' || t.IndexOf(',') >= 0)
            {
                return false;
            }

            return System.Enum.TryParse(t, ignoreCase: true, out value) && System.Enum.IsDefined(typeof(T), value);
        }

        private static TimeSpan? TimeSpanField(JsonElement element, string name, string prefix, int? pair, string? pairText, List<SyncProfileProblem> problems)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.ValueKind == JsonValueKind.Number ? value.GetRawText() : null;
            if (TryParseDuration(text, out var span))
            {
                return span;
            }

            problems.Add(new SyncProfileProblem(prefix + "." + name, pair, pairText, Texts.Format(nameof(Texts.Error_SyncFieldType), name, Texts.Sync_TypeDuration)));
            return null;
        }

        private static bool? Bool(JsonElement element, string name, string prefix, int? pair, string? pairText, List<SyncProfileProblem> problems)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.True || value.ValueKind == JsonValueKind.False)
            {
                return value.GetBoolean();
            }

            problems.Add(new SyncProfileProblem(prefix + "." + name, pair, pairText, Texts.Format(nameof(Texts.Error_SyncFieldType), name, Texts.Sync_TypeBoolean)));
            return null;
        }

        private static double? Number(JsonElement element, string name, string prefix, int? pair, string? pairText, List<SyncProfileProblem> problems)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d))
            {
                return d;
            }

            problems.Add(new SyncProfileProblem(prefix + "." + name, pair, pairText, Texts.Format(nameof(Texts.Error_SyncFieldType), name, Texts.Sync_TypeNumber)));
            return null;
        }

        private static IList<string>? Strings(JsonElement element, string name, string prefix, int? pair, string? pairText, List<SyncProfileProblem> problems)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
            {
                return value.EnumerateArray().Select(e => e.GetString()!).ToList();
            }

            problems.Add(new SyncProfileProblem(prefix + "." + name, pair, pairText, Texts.Format(nameof(Texts.Error_SyncFieldType), name, Texts.Sync_TypeStringList)));
            return null;
        }

        private static void Mailbox(string value, string field, int number, string text, List<SyncProfileProblem> problems)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add(new SyncProfileProblem(field, number, text, Texts.Format(nameof(Texts.Error_SyncFieldMissing), field.Substring(field.LastIndexOf('.') + 1))));
            }
            else if (!SmtpAddress.IsValid(value))
            {
                problems.Add(new SyncProfileProblem(field, number, text, Texts.Format(nameof(Texts.Error_SyncFieldMailbox), value)));
            }
        }

        private static void ConnectionName(string? value, string field, int number, string text, List<SyncProfileProblem> problems)
        {
            if (value != null && !CredentialName.IsValid(value))
            {
                problems.Add(new SyncProfileProblem(field, number, text, Texts.Format(nameof(Texts.Error_SyncFieldConnectionName), value)));
            }
        }

        private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();

        private static bool HasAny(SyncOptions? o) =>
            o != null && (o.Direction.HasValue || o.Copy.HasValue || o.Private.HasValue || o.Window.HasValue || o.PastWindow.HasValue
                || o.Conflict.HasValue || o.PropagateDeletions.HasValue || o.OwnerDeletion.HasValue || o.DeletionThreshold.HasValue
                || o.FlattenSeries.HasValue || o.SkipDeclined.HasValue || o.SkipTentative.HasValue || o.SkipFree.HasValue
                || o.SkipAllDay.HasValue || o.IncludeCategories != null || o.ExcludeCategories != null || o.SubjectPattern != null);

        private static void WriteOptions(Utf8JsonWriter w, SyncOptions o)
        {
            w.WriteStartObject();
            WriteIf(w, "direction", o.Direction?.ToString());
            WriteIf(w, "copy", o.Copy?.ToString());
            WriteIf(w, "private", o.Private?.ToString());
            WriteIf(w, "window", o.Window is TimeSpan win ? Duration(win) : null);
            WriteIf(w, "pastWindow", o.PastWindow is TimeSpan past ? Duration(past) : null);
            WriteIf(w, "conflict", o.Conflict?.ToString());
            WriteIf(w, "propagateDeletions", o.PropagateDeletions);
            WriteIf(w, "ownerDeletion", o.OwnerDeletion?.ToString());
            if (o.DeletionThreshold is double t)
            {
                w.WriteNumber("deletionThreshold", (decimal)t); // "0.2", not the round-trip form 0.20000000000000001
            }

            WriteIf(w, "flattenSeries", o.FlattenSeries);
            WriteIf(w, "skipDeclined", o.SkipDeclined);
            WriteIf(w, "skipTentative", o.SkipTentative);
            WriteIf(w, "skipFree", o.SkipFree);
            WriteIf(w, "skipAllDay", o.SkipAllDay);
            foreach (var (name, list) in new[] { ("includeCategories", o.IncludeCategories), ("excludeCategories", o.ExcludeCategories) })
            {
                if (list != null)
                {
                    w.WriteStartArray(name);
                    foreach (var c in list)
                    {
                        w.WriteStringValue(c);
                    }

                    w.WriteEndArray();
                }
            }

            WriteIf(w, "subjectPattern", o.SubjectPattern);
            w.WriteEndObject();
        }

        private static void WriteIf(Utf8JsonWriter w, string name, string? value)
        {
            if (value != null)
            {
                w.WriteString(name, value);
            }
        }

        private static void WriteIf(Utf8JsonWriter w, string name, bool? value)
        {
            if (value is bool b)
            {
                w.WriteBoolean(name, b);
            }
        }
    }
}
