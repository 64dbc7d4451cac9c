using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Output;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Sync
{
    /// <summary>
    /// One row of Add- or Set-CalendarSyncPair as the cmdlet received it, before any parsing: a bad value in one CSV row
    /// is that row's error (naming the row), not a binding failure of the whole run. Option values are as given: text
    /// from a CSV, or typed values from the command line.
    /// </summary>
    public sealed class SyncPairRequest
    {
        public int? Row { get; set; }

        public string? Source { get; set; }

        public string? Target { get; set; }

        public string? SourceCalendar { get; set; }

        public string? TargetCalendar { get; set; }

        public string? SourceConnection { get; set; }

        public string? TargetConnection { get; set; }

        /// <summary>The overrides given, by the profile's field name (direction, copy, window...): only those given.</summary>
        public IDictionary<string, object?> Options { get; } = new Dictionary<string, object?>(StringComparer.Ordinal);

        /// <summary>The input object (a CSV row): the TargetObject of any error about this row.</summary>
        public object? InputObject { get; set; }

        public override string ToString() => $"row {Row}: {Source} -> {Target}";
    }

    /// <summary>
    /// What New-CalendarSyncProfile, Add- and Set-CalendarSyncPair do to a profile file: check every row, report the bad
    /// ones (naming the row, the pair and the field), apply the good ones, and write the profile once, atomically: a run
    /// with bad rows adds the good rows and writes nothing half. Upserts: adding a pair that is there with the same
    /// overrides is Unchanged, so running a CSV twice changes nothing the second time.
    /// </summary>
    public static class SyncProfileCommands
    {
        /// <summary>A profile problem as an error (terminating in the cmdlets: nothing can run over a profile that cannot be read).</summary>
        public static OperationError ErrorOf(SyncProfileException ex)
        {
            var kind = ErrorCatalog.KnownIds.TryGetValue(ex.ErrorId, out var k) ? k : ErrorKind.InvalidData;
            return new OperationError(ex.ErrorId, kind, ex.Message, ex.Path, ErrorCatalog.Advice(ex.ErrorId), ex);
        }

        /// <summary>New-CalendarSyncProfile: a new profile with these defaults, written to <paramref name="path"/>.</summary>
        public static SyncProfile? Create(string path, SyncOptions defaults, string? stateStore, bool force, IOutputSink sink)
        {
            var full = System.IO.Path.GetFullPath(path);
            if (System.IO.File.Exists(full) && !force)
            {
                sink.WriteError(new OperationError(ErrorIds.SyncProfileExists, ErrorKind.ResourceExists, Texts.Format(nameof(Texts.Error_SyncProfileExists), full), full, Texts.Advice_SyncProfileExists));
                return null;
            }

            var profile = SyncProfileFile.New(defaults, stateStore);
            var problems = SyncProfileFile.CheckOptions(profile.Defaults, "defaults", null, null);
            if (problems.Count > 0)
            {
                var error = new SyncProfileException(ErrorIds.InvalidSyncProfile, full, Texts.Format(nameof(Texts.Error_InvalidSyncProfile), full, string.Join("; ", problems)), problems);
                sink.WriteError(ErrorOf(error));
                return null;
            }

            if (!sink.ShouldProcess(full, Texts.Format(nameof(Texts.ShouldProcess_NewSyncProfile), SyncRunner.Describe(profile, new SyncPair("a@b.c", "d@e.f")))))
            {
                return null;
            }

            SyncProfileFile.Save(profile, full);
            sink.WriteObject(profile);
            return profile;
        }

        /// <summary>Add-CalendarSyncPair: adds (or updates the overrides of) each row's pair; one result per good row.</summary>
        public static void Add(SyncProfile profile, IReadOnlyList<SyncPairRequest> rows, IOutputSink sink) => Apply(profile, rows, add: true, sink);

        /// <summary>Set-CalendarSyncPair: changes the overrides of the pairs each row names (by source, and target when given).</summary>
        public static void Set(SyncProfile profile, IReadOnlyList<SyncPairRequest> rows, IOutputSink sink) => Apply(profile, rows, add: false, sink);

        /// <summary>The profile's pairs -Source / -Target pick (all when neither is given); SyncPairNotFound when none does.</summary>
        public static IReadOnlyList<SyncPair> Select(SyncProfile profile, string? source, string? target, IOutputSink sink)
        {
            var picked = profile.Pairs
                .Where(p => string.IsNullOrWhiteSpace(source) || string.Equals(p.Source, source!.Trim(), StringComparison.OrdinalIgnoreCase))
                .Where(p => string.IsNullOrWhiteSpace(target) || string.Equals(p.Target, target!.Trim(), StringComparison.OrdinalIgnoreCase))
                .ToList();
            if (picked.Count == 0 && (!string.IsNullOrWhiteSpace(source) || !string.IsNullOrWhiteSpace(target)))
            {
                var what = (source ?? "*") + " -> " + (target ?? "*");
                sink.WriteError(new OperationError(ErrorIds.SyncPairNotFound, ErrorKind.ObjectNotFound, Texts.Format(nameof(Texts.Error_SyncPairNotFound), profile.Path ?? profile.Id, what), what, Texts.Advice_SyncPairNotFound));
            }

            return picked;
        }

        /// <summary>"copy=SubjectAndLocation; window=7.00:00:00", or null when the pair has no override.</summary>
        public static string? OverridesText(SyncOptions o)
        {
            var parts = new List<string>();
            void Add(string name, object? value)
            {
                if (value != null)
                {
                    parts.Add(name + "=" + (value is TimeSpan t ? SyncProfileFile.Duration(t) : value is IEnumerable<string> list ? string.Join(",", list) : Convert.ToString(value, CultureInfo.InvariantCulture)));
                }
            }

            Add("direction", o.Direction);
            Add("copy", o.Copy);
            Add("private", o.Private);
            Add("window", o.Window);
            Add("pastWindow", o.PastWindow);
            Add("conflict", o.Conflict);
            Add("propagateDeletions", o.PropagateDeletions);
            Add("ownerDeletion", o.OwnerDeletion);
            Add("deletionThreshold", o.DeletionThreshold);
            Add("flattenSeries", o.FlattenSeries);
            Add("skipDeclined", o.SkipDeclined);
            Add("skipTentative", o.SkipTentative);
            Add("skipFree", o.SkipFree);
            Add("skipAllDay", o.SkipAllDay);
            Add("includeCategories", o.IncludeCategories);
            Add("excludeCategories", o.ExcludeCategories);
            Add("subjectPattern", o.SubjectPattern);
            return parts.Count == 0 ? null : string.Join("; ", parts);
        }

        /// <summary>Sets one option from a value as given (text of a CSV cell, or typed); false with the reason when it is not one.</summary>
        public static bool TrySetOption(SyncOptions options, string field, object? value, out string? error)
        {
            error = null;
            value = value is string s0 && s0.Trim().Length == 0 ? null : value;
            var text = value is string s ? s.Trim() : value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value?.ToString();
            switch (field)
            {
                case "direction": return SetEnum<SyncDirection>(value, text, v => options.Direction = v, out error);
                case "copy": return SetEnum<SyncCopy>(value, text, v => options.Copy = v, out error);
                case "private": return SetEnum<SyncPrivateItems>(value, text, v => options.Private = v, out error);
                case "conflict": return SetEnum<SyncConflictPolicy>(value, text, v => options.Conflict = v, out error);
                case "ownerDeletion": return SetEnum<SyncOwnerDeletion>(value, text, v => options.OwnerDeletion = v, out error);
                case "window": return SetDuration(value, text, v => options.Window = v, out error);
                case "pastWindow": return SetDuration(value, text, v => options.PastWindow = v, out error);
                case "propagateDeletions": return SetBool(value, text, v => options.PropagateDeletions = v, out error);
                case "flattenSeries": return SetBool(value, text, v => options.FlattenSeries = v, out error);
                case "skipDeclined": return SetBool(value, text, v => options.SkipDeclined = v, out error);
                case "skipTentative": return SetBool(value, text, v => options.SkipTentative = v, out error);
                case "skipFree": return SetBool(value, text, v => options.SkipFree = v, out error);
                case "skipAllDay": return SetBool(value, text, v => options.SkipAllDay = v, out error);
                case "deletionThreshold":
                    if (value is null)
                    {
                        options.DeletionThreshold = null;
                        return true;
                    }

                    if (value is double d || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out d))
                    {
                        options.DeletionThreshold = d;
                        return true;
                    }

                    error = Texts.Format(nameof(Texts.Error_SyncFieldType), field, Texts.Sync_TypeNumber);
                    return false;
                case "includeCategories":
                    options.IncludeCategories = Categories(value);
                    return true;
                case "excludeCategories":
                    options.ExcludeCategories = Categories(value);
                    return true;
                case "subjectPattern":
                    options.SubjectPattern = text;
                    return true;
                default:
                    error = Texts.Format(nameof(Texts.Error_SyncFieldUnknown), field, string.Join(", ", SyncProfileFile.OptionFieldNames));
                    return false;
            }
        }

        private static void Apply(SyncProfile profile, IReadOnlyList<SyncPairRequest> rows, bool add, IOutputSink sink)
        {
            var path = profile.Path ?? profile.Id;
            var writes = new List<SyncPairInfo>();
            var changed = false;
            foreach (var row in rows)
            {
                var target = row.InputObject ?? (object?)row.Source ?? row;
                var where = (row.Source ?? "?").Trim() + " -> " + (string.IsNullOrWhiteSpace(row.Target) ? "*" : row.Target!.Trim());
                OperationError Bad(string message) =>
                    ErrorCatalog.InvalidRow(ErrorIds.InvalidSyncPair, row.Row, target, where, null, message, Texts.Advice_InvalidSyncPair);

                var overrides = new SyncOptions();
                var problems = new List<string>();
                foreach (var option in row.Options)
                {
                    if (!TrySetOption(overrides, option.Key, option.Value, out var error))
                    {
                        problems.Add(option.Key + ": " + error);
                    }
                }

                problems.AddRange(SyncProfileFile.CheckOptions(overrides, "overrides", null, null).Select(p => p.Field.Substring("overrides.".Length) + ": " + p.Message));
                if (string.IsNullOrWhiteSpace(row.Source))
                {
                    problems.Insert(0, Texts.Format(nameof(Texts.Error_SyncFieldMissing), "Source"));
                }

                if (add && string.IsNullOrWhiteSpace(row.Target))
                {
                    problems.Insert(0, Texts.Format(nameof(Texts.Error_SyncFieldMissing), "Target"));
                }

                if (problems.Count > 0)
                {
                    sink.WriteError(Bad(string.Join("; ", problems)));
                    continue;
                }

                if (add)
                {
                    var pair = new SyncPair(row.Source!.Trim(), row.Target!.Trim())
                    {
                        SourceCalendar = Blank(row.SourceCalendar),
                        TargetCalendar = Blank(row.TargetCalendar),
                        SourceConnection = Blank(row.SourceConnection),
                        TargetConnection = Blank(row.TargetConnection),
                        Overrides = overrides,
                    };
                    var identity = SyncProfileFile.CheckPair(pair, profile.Pairs.Count + 1).Select(p => p.Message).ToList();
                    if (identity.Count > 0)
                    {
                        sink.WriteError(Bad(string.Join("; ", identity)));
                        continue;
                    }

                    var key = SyncProfileFile.KeyOf(pair);
                    var index = IndexOf(profile, key);
                    if (index < 0)
                    {
                        profile.Pairs.Add(pair);
                        writes.Add(Info(profile, pair, ShareAction.Added, row.Row));
                        changed = true;
                        continue;
                    }

                    var existing = profile.Pairs[index];
                    var merged = existing.Overrides.Merge(overrides);
                    var same = OverridesText(merged) == OverridesText(existing.Overrides)
                        && Same(existing.SourceConnection, pair.SourceConnection ?? existing.SourceConnection)
                        && Same(existing.TargetConnection, pair.TargetConnection ?? existing.TargetConnection);
                    if (!same)
                    {
                        existing.Overrides = merged;
                        existing.SourceConnection = pair.SourceConnection ?? existing.SourceConnection;
                        existing.TargetConnection = pair.TargetConnection ?? existing.TargetConnection;
                        changed = true;
                    }

                    writes.Add(Info(profile, existing, same ? ShareAction.Unchanged : ShareAction.Updated, row.Row));
                    continue;
                }

                // Set: every pair of the source (and target, when given).
                var picked = profile.Pairs
                    .Where(p => string.Equals(p.Source, row.Source!.Trim(), StringComparison.OrdinalIgnoreCase))
                    .Where(p => string.IsNullOrWhiteSpace(row.Target) || string.Equals(p.Target, row.Target!.Trim(), StringComparison.OrdinalIgnoreCase))
                    .ToList();
                if (picked.Count == 0)
                {
                    sink.WriteError(new OperationError(ErrorIds.SyncPairNotFound, ErrorKind.ObjectNotFound, ErrorCatalog.Compose(row.Row, where, null, Texts.Format(nameof(Texts.Error_SyncPairNotFound), path, where)), target, Texts.Advice_SyncPairNotFound));
                    continue;
                }

                foreach (var pair in picked)
                {
                    var merged = pair.Overrides.Merge(overrides);
                    var before = OverridesText(pair.Overrides) + "|" + pair.SourceConnection + "|" + pair.TargetConnection;
                    pair.Overrides = merged;
                    pair.SourceConnection = Blank(row.SourceConnection) ?? pair.SourceConnection;
                    pair.TargetConnection = Blank(row.TargetConnection) ?? pair.TargetConnection;
                    var same = before == OverridesText(pair.Overrides) + "|" + pair.SourceConnection + "|" + pair.TargetConnection;
                    changed |= !same;
                    writes.Add(Info(profile, pair, same ? ShareAction.Unchanged : ShareAction.Updated, row.Row));
                }
            }

            if (changed)
            {
                if (!sink.ShouldProcess(path, Texts.Format(nameof(Texts.ShouldProcess_WriteSyncProfile), writes.Count(w => w.Change == ShareAction.Added), writes.Count(w => w.Change == ShareAction.Updated))))
                {
                    return;
                }

                SyncProfileFile.Save(profile);
            }

            foreach (var info in writes)
            {
                sink.WriteObject(info);
            }
        }

        private static SyncPairInfo Info(SyncProfile profile, SyncPair pair, ShareAction change, int? row) =>
            new SyncPairInfo(profile.Path ?? profile.Id, pair, profile.OptionsFor(pair), change) { Row = row, Overrides = OverridesText(pair.Overrides) };

        private static int IndexOf(SyncProfile profile, string key)
        {
            for (var i = 0; i < profile.Pairs.Count; i++)
            {
                if (SyncProfileFile.KeyOf(profile.Pairs[i]) == key)
                {
                    return i;
                }
            }

            return -1;
        }

        private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

        private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();

        private static IList<string>? Categories(object? value)
        {
            IEnumerable<string> items = value switch
            {
                null => Array.Empty<string>(),
                string s => new[] { s },
                IEnumerable<string> list => list,
                System.Collections.IEnumerable e => e.Cast<object?>().Select(o => o?.ToString() ?? string.Empty),
                _ => new[] { value.ToString() ?? string.Empty },
            };
            var split = items.SelectMany(i => i.Split(';')).Select(i => i.Trim()).Where(i => i.Length > 0).ToList();
            return split.Count == 0 ? null : split;
        }

        private static bool SetEnum<T>(object? value, string? text, Action<T?> set, out string? error)
            where T : struct
        {
            error = null;
            if (value is null)
            {
                set(null);
                return true;
            }

            if (value is T typed)
            {
                set(typed);
                return true;
            }

            if (SyncProfileFile.TryEnum<T>(text, out var parsed))
            {
                set(parsed);
                return true;
            }

            error = Texts.Format(nameof(Texts.Error_SyncFieldEnum), text, string.Join(", ", Enum.GetNames(typeof(T))));
            return false;
        }

        private static bool SetDuration(object? value, string? text, Action<TimeSpan?> set, out string? error)
        {
            error = null;
            if (value is null)
            {
                set(null);
                return true;
            }

            if (value is TimeSpan t)
            {
                set(t);
                return true;
            }

            if (SyncProfileFile.TryParseDuration(text, out var parsed))
            {
                set(parsed);
                return true;
            }

            error = Texts.Format(nameof(Texts.Error_SyncFieldType), text, Texts.Sync_TypeDuration);
            return false;
        }

        private static bool SetBool(object? value, string? text, Action<bool?> set, out string? error)
        {
            error = null;
            switch (value)
            {
                case null:
                    set(null);
                    return true;
                case bool b:
                    set(b);
                    return true;
            }

            switch ((text ?? string.Empty).Trim().ToLowerInvariant())
            {
                case "true":
                case "yes":
                case "1":
                case "$true":
                    set(true);
                    return true;
                case "false":
                case "no":
                case "0":
                case "$false":
                    set(false);
                    return true;
            }

            error = Texts.Format(nameof(Texts.Error_SyncFieldType), text, Texts.Sync_TypeBoolean);
            return false;
        }
    }
}
