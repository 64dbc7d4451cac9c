using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Output;
using CalendarSharing.Core.Resources;
using CalendarSharing.Core.Sharing;

namespace CalendarSharing.Core.Publishing
{
    /// <summary>
    /// What Publish-Calendar, Unpublish-Calendar and Get-CalendarPublishing do, over Get-/Set-MailboxCalendarFolder
    /// (https://learn.microsoft.com/powershell/module/exchangepowershell/set-mailboxcalendarfolder). Desired state:
    /// each calendar's publishing is read first and written only when it differs (or -ResetUrl asks for new URLs), so a
    /// second identical run is Unchanged and writes nothing; a detail level or window left out keeps the current one
    /// (Exchange's defaults, AvailabilityOnly and ThreeMonths each way, for a calendar not yet published). After a write
    /// the calendar is read again, so the result carries the URLs Exchange gave it. A bad row is an error naming it;
    /// every other row still runs.
    /// </summary>
    public sealed class PublishingCommands
    {
        /// <summary>Exchange's defaults for Set-MailboxCalendarFolder (the cmdlet reference page).</summary>
        public const PublishingDetailLevel DefaultDetailLevel = PublishingDetailLevel.AvailabilityOnly;

        public const PublishingDateRange DefaultRange = PublishingDateRange.ThreeMonths;

        private readonly IPublishingBackend? publishing;
        private readonly int maxConcurrency;

        public PublishingCommands(IPublishingBackend? publishing, int maxConcurrency = 4)
        {
            this.publishing = publishing;
            this.maxConcurrency = Math.Max(1, maxConcurrency);
        }

        /// <summary>Every mailbox through <paramref name="executor"/>.</summary>
        public PublishingCommands(IExchangeCommandExecutor executor, int maxConcurrency = 4)
            : this(new ExchangeExecutorPublishing(executor), maxConcurrency)
        {
        }

        public Task PublishAsync(IReadOnlyList<PublishingRequest> rows, IOutputSink sink, CancellationToken cancellationToken) =>
            ChangeAsync(rows, publish: true, sink, cancellationToken);

        public Task UnpublishAsync(IReadOnlyList<PublishingRequest> rows, IOutputSink sink, CancellationToken cancellationToken) =>
            ChangeAsync(rows, publish: false, sink, cancellationToken);

        /// <summary>One CalendarPublishing per row: whether the calendar is published, how, and its URLs.</summary>
        public async Task GetAsync(IReadOnlyList<PublishingRequest> rows, IOutputSink sink, CancellationToken cancellationToken)
        {
            var parsed = new List<Pending>();
            foreach (var row in rows)
            {
                var p = Parse(row, publish: null, sink);
                if (p != null)
                {
                    parsed.Add(p);
                }
            }

            await SettleExecutorsAsync(parsed, sink, cancellationToken).ConfigureAwait(false);
            var ready = parsed.Where(p => p.Executor != null).ToList();
            var emitter = new OrderedEmitter(ready.Count);
            await BulkRunner.RunAsync(
                Enumerable.Range(0, ready.Count).ToList(),
                maxConcurrency,
                async (i, token) =>
                {
                    var p = ready[i];
                    var writes = new List<Action>();
                    try
                    {
                        await ReadAsync(p, token).ConfigureAwait(false);
                        var output = ToPublishing(p, p.Current!);
                        writes.Add(() => sink.WriteObject(output));
                    }
                    catch (BackendException ex)
                    {
                        var error = FromBackend(ex.Error, p, ex);
                        writes.Add(() => sink.WriteError(error));
                    }

                    emitter.Complete(i, writes);
                },
                (i, ex) => emitter.Complete(i, new List<Action> { () => sink.WriteError(Unexpected(ex, ready[i])) }),
                cancellationToken).ConfigureAwait(false);
        }

        // ------------------------------------------------------------------ Publish / Unpublish

        private async Task ChangeAsync(IReadOnlyList<PublishingRequest> rows, bool publish, IOutputSink sink, CancellationToken cancellationToken)
        {
            var progress = new ProgressReporter(sink, publish ? "Publishing calendars" : "Unpublishing calendars", rows.Count);
            var parsed = new List<Pending>();
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var p = Parse(row, publish, sink);
                if (p == null)
                {
                    progress.Advance(1);
                }
                else
                {
                    parsed.Add(p);
                }
            }

            await SettleExecutorsAsync(parsed, sink, cancellationToken).ConfigureAwait(false);
            progress.Advance(parsed.Count(p => p.Executor == null));
            var ready = parsed.Where(p => p.Executor != null).ToList();

            // 1. Read each calendar's publishing (and its folder identity): the plan needs it, and -WhatIf names the real target.
            var readEmitter = new OrderedEmitter(ready.Count);
            await BulkRunner.RunAsync(
                Enumerable.Range(0, ready.Count).ToList(),
                maxConcurrency,
                async (i, token) =>
                {
                    var p = ready[i];
                    try
                    {
                        await ReadAsync(p, token).ConfigureAwait(false);
                        readEmitter.Complete(i, new List<Action>());
                    }
                    catch (BackendException ex)
                    {
                        p.Failed = true;
                        var error = FromBackend(ex.Error, p, ex);
                        readEmitter.Complete(i, new List<Action> { () => Fail(sink, p, error) });
                    }
                },
                (i, ex) =>
                {
                    ready[i].Failed = true;
                    readEmitter.Complete(i, new List<Action> { () => Fail(sink, ready[i], Unexpected(ex, ready[i])) });
                },
                cancellationToken).ConfigureAwait(false);

            // 2. Plan; the sharing policy's verdict for each calendar that would be published; -WhatIf / -Confirm for
            //    each calendar that would change, on the pipeline thread.
            var approved = new List<Pending>();
            var gate = new SharingPolicyGate();
            foreach (var p in ready.Where(r => !r.Failed))
            {
                cancellationToken.ThrowIfCancellationRequested();
                Plan(p, publish);
                if (!p.Changes)
                {
                    var output = Result(p, ShareAction.Unchanged, p.Current!);
                    sink.WriteVerbose(Texts.Format(nameof(Texts.Verbose_PublishingUnchanged), p.Target));
                    sink.WriteObject(output);
                    progress.Advance(1);
                    continue;
                }

                if (publish)
                {
                    try
                    {
                        p.Verdict = await gate.EvaluatePublishingAsync(p.Executor!, p.Mailbox, p.WantedLevel, cancellationToken).ConfigureAwait(false);
                    }
                    catch (BackendException ex)
                    {
                        sink.WriteWarning(Texts.Format(nameof(Texts.Warning_SharingPolicyUnchecked), p.Mailbox, ex.Error.Message));
                    }

                    if (p.Verdict != null && !p.Verdict.Allowed)
                    {
                        Fail(sink, p, p.Verdict.ToError(p.Row.Row, p.Row.Source ?? p.Mailbox, p.Target));
                        progress.Advance(1);
                        continue;
                    }
                }

                if (sink.ShouldProcess(p.Target, ActionText(p, publish)))
                {
                    approved.Add(p);
                }
                else
                {
                    progress.Advance(1);
                }
            }

            // 3. Write, then read back the URLs Exchange gave the calendar.
            var emitter = new OrderedEmitter(approved.Count);
            await BulkRunner.RunAsync(
                Enumerable.Range(0, approved.Count).ToList(),
                maxConcurrency,
                async (i, token) =>
                {
                    var p = approved[i];
                    var writes = new List<Action>();
                    try
                    {
                        var command = publish
                            ? PublishingCommandBuilder.Publish(p.Identity!, p.WantedLevel, p.WantedFrom, p.WantedTo, p.Row.ResetUrl)
                            : PublishingCommandBuilder.Unpublish(p.Identity!);
                        await p.Executor!.InvokeAsync(command, token).ConfigureAwait(false);
                        var before = p.Current!;
                        var after = Folder(await p.Executor.InvokeAsync(PublishingCommandBuilder.GetCalendarFolder(p.Identity!), token).ConfigureAwait(false), p);
                        var action = !publish ? ShareAction.Removed : before.Enabled ? ShareAction.Updated : ShareAction.Added;
                        var output = Result(p, action, after);
                        output.UrlReset = publish && p.Row.ResetUrl;
                        var line = $"{p.Target}: publishing {action}.";
                        writes.Add(() =>
                        {
                            sink.WriteVerbose(line);
                            sink.WriteObject(output);
                        });
                    }
                    catch (BackendException ex)
                    {
                        var error = FromBackend(ex.Error, p, ex);
                        writes.Add(() => Fail(sink, p, error));
                    }

                    emitter.Complete(i, writes);
                    progress.Advance(1);
                },
                (i, ex) =>
                {
                    emitter.Complete(i, new List<Action> { () => Fail(sink, approved[i], Unexpected(ex, approved[i])) });
                    progress.Advance(1);
                },
                cancellationToken).ConfigureAwait(false);
            progress.Complete();
        }

        /// <summary>What the row wants, with what it leaves out kept as it is (or Exchange's default for a new publication).</summary>
        private static void Plan(Pending p, bool publish)
        {
            var current = p.Current!;
            if (!publish)
            {
                p.Changes = current.Enabled;
                return;
            }

            p.WantedLevel = p.Level ?? (current.Enabled ? current.Level ?? DefaultDetailLevel : DefaultDetailLevel);
            p.WantedFrom = p.From ?? (current.Enabled ? current.From ?? DefaultRange : DefaultRange);
            p.WantedTo = p.To ?? (current.Enabled ? current.To ?? DefaultRange : DefaultRange);
            p.Changes = p.Row.ResetUrl || !current.Enabled || current.Level != p.WantedLevel || current.From != p.WantedFrom || current.To != p.WantedTo;
        }

        private static string ActionText(Pending p, bool publish)
        {
            if (!publish)
            {
                return "Unpublish (the published URLs stop working)";
            }

            var text = $"Publish {p.WantedLevel}, {p.WantedFrom} back to {p.WantedTo} ahead";
            text = p.Row.ResetUrl ? text + ", with new URLs (the old ones stop working)" : text;
            return p.Verdict == null ? text : text + " (" + p.Verdict.Describe() + ")";
        }

        // ------------------------------------------------------------------ reading

        /// <summary>Finds the calendar's folder (by type for the default calendar, by name otherwise) and reads its publishing.</summary>
        private static async Task ReadAsync(Pending p, CancellationToken cancellationToken)
        {
            var x = p.Executor!;
            var folders = await x.InvokeAsync(PublishingCommandBuilder.GetCalendarFolders(p.Mailbox), cancellationToken).ConfigureAwait(false);
            var folder = FindFolder(folders.Objects, p.CalendarName);
            if (folder == null)
            {
                throw new BackendException(new BackendError(
                    BackendErrorCode.CalendarNotFound,
                    p.CalendarName == null ? Texts.Error_PublishingNoDefaultCalendar : Texts.Format(nameof(Texts.Error_PublishingCalendarNotFound), p.CalendarName)));
            }

            p.CalendarDisplayName = Text(folder, "Name") ?? p.CalendarName ?? "Calendar";
            p.Identity = PublishingCommandBuilder.FolderIdentity(p.Mailbox, Text(folder, "FolderPath") ?? "/" + p.CalendarDisplayName);
            p.Current = Folder(await x.InvokeAsync(PublishingCommandBuilder.GetCalendarFolder(p.Identity), cancellationToken).ConfigureAwait(false), p);
        }

        /// <summary>The default calendar is the folder of type Calendar; a secondary one is matched by its name.</summary>
        private static IReadOnlyDictionary<string, object?>? FindFolder(IReadOnlyList<IReadOnlyDictionary<string, object?>> folders, string? name)
        {
            if (name == null)
            {
                return folders.FirstOrDefault(f => string.Equals(Text(f, "FolderType"), "Calendar", StringComparison.OrdinalIgnoreCase));
            }

            return folders.FirstOrDefault(f => string.Equals(Text(f, "Name"), name, StringComparison.OrdinalIgnoreCase))
                ?? folders.FirstOrDefault(f => string.Equals(Text(f, "FolderId"), name, StringComparison.Ordinal));
        }

        private static FolderState Folder(ExchangeCommandResult result, Pending p)
        {
            var o = result.Objects.FirstOrDefault()
                ?? throw new BackendException(new BackendError(BackendErrorCode.ServerFault, Texts.Format(nameof(Texts.Error_PublishingFolderNotRead), p.Identity)));
            return new FolderState
            {
                Enabled = Flag(o, "PublishEnabled"),
                Level = ParseLevel(Text(o, "DetailLevel")),
                From = ParseRange(Text(o, "PublishDateRangeFrom")),
                To = ParseRange(Text(o, "PublishDateRangeTo")),
                HtmlUrl = Url(Text(o, "PublishedCalendarUrl")),
                IcsUrl = Url(Text(o, "PublishedICalUrl")),
            };
        }

        // Exchange shows an unpublished calendar's URLs as empty (or the text "<none>" in some outputs).
        private static string? Url(string? value) =>
            string.IsNullOrWhiteSpace(value) || value!.Trim().StartsWith("<", StringComparison.Ordinal) ? null : value.Trim();

        private static PublishingDetailLevel? ParseLevel(string? text) =>
            TryParseLevel(text, out var level) ? level : (PublishingDetailLevel?)null;

        private static PublishingDateRange? ParseRange(string? text) =>
            TryParseRange(text, out var range) ? range : (PublishingDateRange?)null;

        /// <summary>AvailabilityOnly, LimitedDetails, FullDetails in any case (and the role spellings FreeBusy… an admin may type).</summary>
        public static bool TryParseLevel(string? text, out PublishingDetailLevel level)
        {
            switch ((text ?? string.Empty).Trim().Replace(" ", string.Empty).ToUpperInvariant())
            {
                case "AVAILABILITYONLY":
                case "FREEBUSYTIMEONLY":
                    level = PublishingDetailLevel.AvailabilityOnly;
                    return true;
                case "LIMITEDDETAILS":
                case "FREEBUSYTIMEANDSUBJECTANDLOCATION":
                    level = PublishingDetailLevel.LimitedDetails;
                    return true;
                case "FULLDETAILS":
                    level = PublishingDetailLevel.FullDetails;
                    return true;
                default:
                    level = DefaultDetailLevel;
                    return false;
            }
        }

        public static bool TryParseRange(string? text, out PublishingDateRange range)
        {
            var t = (text ?? string.Empty).Trim().Replace(" ", string.Empty);
            if (t.Length > 0 && !char.IsDigit(t[0]) && t[0] != '-' && Enum.TryParse(t, ignoreCase: true, out range) && Enum.IsDefined(typeof(PublishingDateRange), range))
            {
                return true;
            }

            range = DefaultRange;
            return false;
        }

        private static string? Text(IReadOnlyDictionary<string, object?> o, string name)
        {
            var v = o.TryGetValue(name, out var found) ? found : o.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
            return v is IReadOnlyList<string> list ? string.Join(", ", list) : v?.ToString();
        }

        private static bool Flag(IReadOnlyDictionary<string, object?> o, string name) =>
            string.Equals(Text(o, name), "True", StringComparison.OrdinalIgnoreCase);

        // ------------------------------------------------------------------ rows, executors, output

        private Pending? Parse(PublishingRequest row, bool? publish, IOutputSink sink)
        {
            var text = (row.Mailbox ?? string.Empty).Trim();
            if (text.Length == 0)
            {
                Report(sink, row, publish, InvalidRow(ErrorIds.MissingMailbox, row, Texts.Error_MissingMailbox, Texts.Advice_MissingMailbox_Publishing));
                return null;
            }

            CalendarAddress address;
            try
            {
                // alice@contoso.com:\Calendar (or :\Kalender) is the default calendar, as everywhere in the module.
                address = CalendarAddress.Parse(text, string.IsNullOrWhiteSpace(row.Calendar) ? null : row.Calendar);
            }
            catch (FormatException)
            {
                Report(sink, row, publish, InvalidRow(ErrorIds.InvalidMailbox, row, Texts.Format(nameof(Texts.Error_InvalidMailbox), text), Texts.Advice_InvalidMailbox_Publishing));
                return null;
            }

            var p = new Pending(row, address.Mailbox, address.IsDefaultCalendar ? null : address.CalendarName ?? address.FolderId) { Publish = publish };
            if (publish == true)
            {
                if (!string.IsNullOrWhiteSpace(row.DetailLevel))
                {
                    if (!TryParseLevel(row.DetailLevel, out var level))
                    {
                        Report(sink, row, publish, InvalidRow(ErrorIds.InvalidDetailLevel, row, Texts.Format(nameof(Texts.Error_InvalidDetailLevel), row.DetailLevel!.Trim()), Texts.Advice_InvalidDetailLevel));
                        return null;
                    }

                    p.Level = level;
                }

                foreach (var (value, set) in new (string?, Action<PublishingDateRange>)[] { (row.From, r => p.From = r), (row.To, r => p.To = r) })
                {
                    if (string.IsNullOrWhiteSpace(value))
                    {
                        continue;
                    }

                    if (!TryParseRange(value, out var range))
                    {
                        Report(sink, row, publish, InvalidRow(ErrorIds.InvalidPublishingRange, row, Texts.Format(nameof(Texts.Error_InvalidPublishingRange), value!.Trim()), Texts.Advice_InvalidPublishingRange));
                        return null;
                    }

                    set(range);
                }
            }

            return p;
        }

        /// <summary>Which executor runs each row's mailbox (in a hybrid organisation: its side's); rows without one fail here.</summary>
        private async Task SettleExecutorsAsync(List<Pending> rows, IOutputSink sink, CancellationToken cancellationToken)
        {
            var mailboxes = rows.Select(r => r.Mailbox).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var found = new (IExchangeCommandExecutor? Executor, BackendException? Failure)[mailboxes.Count];
            if (publishing != null)
            {
                await BulkRunner.RunAsync(
                    Enumerable.Range(0, mailboxes.Count).ToList(),
                    maxConcurrency,
                    async (i, token) =>
                    {
                        try
                        {
                            found[i] = (await publishing.ExecutorForAsync(mailboxes[i], token).ConfigureAwait(false), null);
                        }
                        catch (BackendException ex)
                        {
                            found[i] = (null, ex);
                        }
                    },
                    (i, ex) => found[i] = (null, new BackendException(new BackendError(BackendErrorCode.ServerFault, ex.Message), ex)),
                    cancellationToken).ConfigureAwait(false);
            }

            var map = new Dictionary<string, (IExchangeCommandExecutor?, BackendException?)>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < mailboxes.Count; i++)
            {
                map[mailboxes[i]] = found[i];
            }

            foreach (var p in rows)
            {
                var (executor, failure) = map[p.Mailbox];
                p.Executor = executor;
                if (failure != null)
                {
                    Fail(sink, p, FromBackend(failure.Error, p, failure));
                }
                else if (executor == null)
                {
                    Fail(sink, p, new OperationError(
                        ErrorIds.ExchangeSessionRequired,
                        ErrorKind.InvalidOperation,
                        ErrorCatalog.Compose(p.Row.Row, p.Mailbox, null, Texts.Error_ExchangeSessionRequiredPublishing),
                        p.Row.Source ?? p.Mailbox,
                        Texts.Advice_ExchangeSessionRequired));
                }
            }
        }

        private static CalendarPublishingResult Result(Pending p, ShareAction action, FolderState state) =>
            new CalendarPublishingResult(p.Mailbox, p.CalendarDisplayName ?? p.CalendarName ?? "Calendar", action)
            {
                Row = p.Row.Row,
                DetailLevel = state.Enabled ? state.Level : null,
                From = state.Enabled ? state.From : null,
                To = state.Enabled ? state.To : null,
                HtmlUrl = state.Enabled ? state.HtmlUrl : null,
                IcsUrl = state.Enabled ? state.IcsUrl : null,
            };

        private static CalendarPublishing ToPublishing(Pending p, FolderState state) =>
            new CalendarPublishing(p.Mailbox, p.CalendarDisplayName ?? "Calendar", state.Enabled)
            {
                DetailLevel = state.Level,
                From = state.From,
                To = state.To,
                HtmlUrl = state.Enabled ? state.HtmlUrl : null,
                IcsUrl = state.Enabled ? state.IcsUrl : null,
            };

        private static void Report(IOutputSink sink, PublishingRequest row, bool? publish, OperationError error)
        {
            sink.WriteError(error);
            if (publish.HasValue)
            {
                sink.WriteObject(new CalendarPublishingResult((row.Mailbox ?? string.Empty).Trim(), string.IsNullOrWhiteSpace(row.Calendar) ? "Calendar" : row.Calendar!.Trim(), ShareAction.Failed)
                {
                    Row = row.Row,
                    Message = error.Message,
                });
            }
        }

        private void Fail(IOutputSink sink, Pending p, OperationError error)
        {
            sink.WriteError(error);
            if (p.WritesResults)
            {
                sink.WriteObject(new CalendarPublishingResult(p.Mailbox, p.CalendarDisplayName ?? p.CalendarName ?? "Calendar", ShareAction.Failed) { Row = p.Row.Row, Message = error.Message });
            }
        }

        private static OperationError InvalidRow(string errorId, PublishingRequest row, string message, string advice) =>
            ErrorCatalog.InvalidRow(errorId, row.Row, row.Source ?? row, row.Mailbox?.Trim(), null, message, advice);

        private static OperationError FromBackend(BackendError error, Pending p, Exception? exception) =>
            ErrorCatalog.FromBackend(error, ErrorFamily.Publishing, new RowRef(p.Row.Row, p.Row.Source ?? p.Mailbox, p.Target, null), exception);

        private static OperationError Unexpected(Exception ex, Pending p) =>
            ErrorCatalog.Unexpected(ex, p.Row.Row, p.Row.Source ?? p.Mailbox, p.Target, null);

        private sealed class FolderState
        {
            public bool Enabled { get; set; }

            public PublishingDetailLevel? Level { get; set; }

            public PublishingDateRange? From { get; set; }

            public PublishingDateRange? To { get; set; }

            public string? HtmlUrl { get; set; }

            public string? IcsUrl { get; set; }
        }

        private sealed class Pending
        {
            public Pending(PublishingRequest row, string mailbox, string? calendarName)
            {
                Row = row;
                Mailbox = mailbox;
                CalendarName = calendarName;
            }

            public PublishingRequest Row { get; }

            public string Mailbox { get; }

            /// <summary>The secondary calendar asked for, or null for the default calendar.</summary>
            public string? CalendarName { get; }

            /// <summary>The calendar's name in the mailbox (Calendar, Kalender, Team Events), once read.</summary>
            public string? CalendarDisplayName { get; set; }

            /// <summary>mailbox:\FolderPath, once read.</summary>
            public string? Identity { get; set; }

            public string Target => Mailbox + "\\" + (CalendarDisplayName ?? CalendarName ?? "Calendar");

            public IExchangeCommandExecutor? Executor { get; set; }

            public PublishingDetailLevel? Level { get; set; }

            public PublishingDateRange? From { get; set; }

            public PublishingDateRange? To { get; set; }

            public PublishingDetailLevel WantedLevel { get; set; }

            public PublishingDateRange WantedFrom { get; set; }

            public PublishingDateRange WantedTo { get; set; }

            public bool Changes { get; set; }

            /// <summary>What the mailbox's sharing policy says about publishing it as wanted; null when it could not be read.</summary>
            public PublishingVerdict? Verdict { get; set; }

            public bool Failed { get; set; }

            /// <summary>Publish (true), unpublish (false) or read (null): only changes write a result object for a failed row.</summary>
            public bool? Publish { get; set; }

            public bool WritesResults => Publish.HasValue;

            internal FolderState? Current { get; set; }
        }
    }
}
