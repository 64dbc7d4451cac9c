using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Output;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Delegation
{
    /// <summary>
    /// What Get-, Add-, Set- and Remove-MailboxDelegate do. Add is an upsert (a delegate that exists is updated;
    /// AddDelegate's ErrorDelegateAlreadyExists turns into UpdateDelegate), Set changes only the fields given,
    /// Remove of a user who is no delegate is Unchanged. Rows of one mailbox run in input order against one read
    /// of its delegates; mailboxes run concurrently. A bad row is an error naming the row; the others still run.
    /// </summary>
    public sealed class DelegateCommands
    {
        /// <summary>What a new delegate gets for a folder the row does not name (Outlook's delegate form: calendar Editor).</summary>
        public const DelegateFolderRole DefaultCalendarRole = DelegateDefaults.CalendarRole;

        private readonly IDelegateBackend backend;
        private readonly int maxConcurrency;
        private readonly string sourceName;

        public DelegateCommands(IDelegateBackend backend, int maxConcurrency = 4, string sourceName = "Ews")
        {
            this.backend = backend ?? throw new ArgumentNullException(nameof(backend));
            this.maxConcurrency = Math.Max(1, maxConcurrency);
            this.sourceName = sourceName;
        }

        private enum Mode
        {
            Add,
            Set,
            Remove,
        }

        /// <summary>One MailboxDelegate per delegate of each mailbox (only the row's Delegate when one is given).</summary>
        public async Task GetAsync(IReadOnlyList<DelegateRequest> rows, IOutputSink sink, CancellationToken cancellationToken)
        {
            var valid = rows.Where(r => CheckMailbox(r, sink, writeResult: false)).ToList();
            var groups = valid.GroupBy(r => r.Mailbox!.Trim(), StringComparer.OrdinalIgnoreCase).Select(g => g.ToList()).ToList();
            var emitter = new OrderedEmitter(groups.Count);
            await BulkRunner.RunAsync(
                Enumerable.Range(0, groups.Count).ToList(),
                maxConcurrency,
                async (i, token) =>
                {
                    var group = groups[i];
                    var mailbox = group[0].Mailbox!.Trim();
                    var writes = new List<Action>();
                    try
                    {
                        var list = await backend.GetDelegatesAsync(mailbox, token).ConfigureAwait(false);
                        foreach (var row in group)
                        {
                            foreach (var d in list.Delegates.Where(d => Matches(d, row.Delegate)))
                            {
                                var output = ToModel(mailbox, d, list.Delivery);
                                writes.Add(() => sink.WriteObject(output));
                            }
                        }
                    }
                    catch (BackendException ex)
                    {
                        foreach (var row in group)
                        {
                            var error = FromBackend(ex.Error, row, mailbox, null, ex);
                            writes.Add(() => sink.WriteError(error));
                        }
                    }

                    emitter.Complete(i, writes);
                },
                (i, ex) => emitter.Complete(i, groups[i].Select(r => (Action)(() => sink.WriteError(Unexpected(ex, r)))).ToList()),
                cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Adds each row's delegate, or brings an existing delegate to the row's fields.</summary>
        public Task AddAsync(IReadOnlyList<DelegateRequest> rows, IOutputSink sink, CancellationToken cancellationToken) =>
            ChangeAsync(rows, Mode.Add, sink, cancellationToken);

        /// <summary>Changes the fields the row gives of an existing delegate; a user who is no delegate is an error.</summary>
        public Task SetAsync(IReadOnlyList<DelegateRequest> rows, IOutputSink sink, CancellationToken cancellationToken) =>
            ChangeAsync(rows, Mode.Set, sink, cancellationToken);

        /// <summary>Removes each row's delegate (and with it, on Exchange, its folder permissions and Send on Behalf).</summary>
        public Task RemoveAsync(IReadOnlyList<DelegateRequest> rows, IOutputSink sink, CancellationToken cancellationToken) =>
            ChangeAsync(rows, Mode.Remove, sink, cancellationToken);

        private async Task ChangeAsync(IReadOnlyList<DelegateRequest> rows, Mode mode, IOutputSink sink, CancellationToken cancellationToken)
        {
            var activity = mode == Mode.Remove ? "Removing delegates" : "Setting delegates";
            var progress = new ProgressReporter(sink, activity, rows.Count);

            var approved = new List<Pending>();
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var pending = Parse(row, mode, sink);
                if (pending == null)
                {
                    progress.Advance(1);
                    continue;
                }

                if (sink.ShouldProcess(pending.Mailbox, Describe(pending, mode)))
                {
                    approved.Add(pending);
                }
                else
                {
                    progress.Advance(1);
                }
            }

            var groups = approved.GroupBy(p => p.Mailbox, StringComparer.OrdinalIgnoreCase).Select(g => g.ToList()).ToList();
            var emitter = new OrderedEmitter(groups.Count);
            await BulkRunner.RunAsync(
                Enumerable.Range(0, groups.Count).ToList(),
                maxConcurrency,
                async (i, token) =>
                {
                    var writes = await RunMailboxAsync(groups[i], mode, sink, token).ConfigureAwait(false);
                    emitter.Complete(i, writes);
                    progress.Advance(groups[i].Count);
                },
                (i, ex) =>
                {
                    emitter.Complete(i, groups[i].Select(p => (Action)(() => Report(sink, p.Row, Unexpected(ex, p.Row)))).ToList());
                    progress.Advance(groups[i].Count);
                },
                cancellationToken).ConfigureAwait(false);
            progress.Complete();
        }

        private async Task<List<Action>> RunMailboxAsync(List<Pending> rows, Mode mode, IOutputSink sink, CancellationToken cancellationToken)
        {
            var writes = new List<Action>();
            var mailbox = rows[0].Mailbox;
            DelegateList list;
            try
            {
                list = await backend.GetDelegatesAsync(mailbox, cancellationToken).ConfigureAwait(false);
            }
            catch (BackendException ex)
            {
                foreach (var p in rows)
                {
                    var error = FromBackend(ex.Error, p.Row, mailbox, p.Delegate, ex);
                    writes.Add(() => Report(sink, p.Row, error));
                }

                return writes;
            }

            var state = new MailboxState(list);
            foreach (var p in rows)
            {
                try
                {
                    var result = mode == Mode.Remove
                        ? await RemoveOneAsync(p, state, cancellationToken).ConfigureAwait(false)
                        : await UpsertOneAsync(p, mode, state, cancellationToken).ConfigureAwait(false);
                    if (result.Error != null)
                    {
                        var error = result.Error;
                        var output = result.Output;
                        writes.Add(() =>
                        {
                            sink.WriteError(error);
                            sink.WriteObject(output);
                        });
                    }
                    else
                    {
                        var output = result.Output;
                        var line = $"{mailbox}: delegate {p.Delegate} {output.Action}" + (output.Changes != null ? $" ({output.Changes})." : ".");
                        writes.Add(() =>
                        {
                            sink.WriteVerbose(line);
                            sink.WriteObject(output);
                        });
                    }
                }
                catch (BackendException ex)
                {
                    var error = FromBackend(ex.Error, p.Row, mailbox, p.Delegate, ex);
                    writes.Add(() => Report(sink, p.Row, error));
                }
            }

            return writes;
        }

        private async Task<RowOutcome> UpsertOneAsync(Pending p, Mode mode, MailboxState state, CancellationToken cancellationToken)
        {
            var existing = state.Find(p.Delegate);
            if (existing == null && mode == Mode.Set)
            {
                return Failure(p, ErrorIds.NotADelegate, ErrorKind.ObjectNotFound, Texts.Format(nameof(Texts.Error_NotADelegate), p.Delegate, p.Mailbox), Texts.Advice_NotADelegate);
            }

            var desired = existing?.Copy() ?? NewDelegate(p.Delegate);
            Apply(p, desired);
            var changes = Diff(existing, desired);
            var deliveryChange = p.Delivery.HasValue && p.Delivery != state.Delivery;
            if (deliveryChange)
            {
                changes.Add($"MeetingRequestDelivery {state.Delivery?.ToString() ?? "(not set)"} -> {p.Delivery}");
            }

            if (existing != null && changes.Count == 0)
            {
                return Success(p, ShareAction.Unchanged, existing, state, null);
            }

            var delivery = deliveryChange ? p.Delivery : null;
            ShareAction action;
            DelegateWriteResult result;
            if (existing == null)
            {
                result = (await backend.AddDelegatesAsync(p.Mailbox, new[] { desired }, delivery, cancellationToken).ConfigureAwait(false))[0];
                action = ShareAction.Added;
                if (result.Status == DelegateWriteStatus.AlreadyExists)
                {
                    // Another writer made the user a delegate since our read: bring it to the wanted state instead.
                    result = (await backend.UpdateDelegatesAsync(p.Mailbox, new[] { desired }, delivery, cancellationToken).ConfigureAwait(false))[0];
                    action = ShareAction.Updated;
                }
            }
            else
            {
                result = (await backend.UpdateDelegatesAsync(p.Mailbox, new[] { desired }, delivery, cancellationToken).ConfigureAwait(false))[0];
                action = ShareAction.Updated;
                if (result.Status == DelegateWriteStatus.NotDelegate)
                {
                    // Removed by another writer since our read.
                    result = (await backend.AddDelegatesAsync(p.Mailbox, new[] { desired }, delivery, cancellationToken).ConfigureAwait(false))[0];
                    action = ShareAction.Added;
                }
            }

            if (result.Status != DelegateWriteStatus.Done)
            {
                var error = result.Error ?? new BackendError(BackendErrorCode.ServerFault, Texts.Format(nameof(Texts.Error_ServerAnsweredStatus), result.Status));
                return new RowOutcome(Failed(p, error.Message), FromBackend(error, p.Row, p.Mailbox, p.Delegate));
            }

            var after = Merge(desired, result.Entry);
            state.Put(after);
            if (delivery.HasValue)
            {
                state.Delivery = delivery;
            }

            return Success(p, action, after, state, string.Join("; ", changes));
        }

        private async Task<RowOutcome> RemoveOneAsync(Pending p, MailboxState state, CancellationToken cancellationToken)
        {
            if (state.Find(p.Delegate) == null)
            {
                return new RowOutcome(new MailboxDelegateResult(p.Mailbox, p.Delegate, ShareAction.Unchanged) { Row = p.Row.Row, Message = "Not a delegate." }, null);
            }

            var result = (await backend.RemoveDelegatesAsync(p.Mailbox, new[] { p.Delegate }, cancellationToken).ConfigureAwait(false))[0];
            switch (result.Status)
            {
                case DelegateWriteStatus.Done:
                    state.Remove(p.Delegate);
                    return new RowOutcome(new MailboxDelegateResult(p.Mailbox, p.Delegate, ShareAction.Removed) { Row = p.Row.Row }, null);
                case DelegateWriteStatus.NotDelegate:
                    state.Remove(p.Delegate);
                    return new RowOutcome(new MailboxDelegateResult(p.Mailbox, p.Delegate, ShareAction.Unchanged) { Row = p.Row.Row, Message = "Not a delegate." }, null);
                default:
                    var error = result.Error ?? new BackendError(BackendErrorCode.ServerFault, Texts.Format(nameof(Texts.Error_ServerAnsweredStatus), result.Status));
                    return new RowOutcome(Failed(p, error.Message), FromBackend(error, p.Row, p.Mailbox, p.Delegate));
            }
        }

        // ------------------------------------------------------------------ parsing

        private static Pending? Parse(DelegateRequest row, Mode mode, IOutputSink sink)
        {
            if (!CheckMailbox(row, sink, writeResult: true))
            {
                return null;
            }

            var mailbox = row.Mailbox!.Trim();
            var user = (row.Delegate ?? string.Empty).Trim();
            if (user.Length == 0)
            {
                Report(sink, row, InvalidRow(ErrorIds.MissingDelegate, row, Texts.Error_MissingDelegate, Texts.Advice_MissingDelegate));
                return null;
            }

            if (!LooksLikeAddress(user))
            {
                Report(sink, row, InvalidRow(ErrorIds.InvalidDelegate, row, Texts.Format(nameof(Texts.Error_InvalidDelegate), user), Texts.Advice_InvalidDelegate));
                return null;
            }

            if (string.Equals(user, mailbox, StringComparison.OrdinalIgnoreCase))
            {
                Report(sink, row, InvalidRow(ErrorIds.DelegateIsOwner, row, Texts.Error_DelegateIsOwner, Texts.Advice_DelegateIsOwner));
                return null;
            }

            var p = new Pending(row, mailbox, user);
            if (mode == Mode.Remove)
            {
                return p;
            }

            var ok = TryRole(row, row.CalendarRole, "CalendarRole", sink, out p.Calendar)
                && TryRole(row, row.TasksRole, "TasksRole", sink, out p.Tasks)
                && TryRole(row, row.InboxRole, "InboxRole", sink, out p.Inbox)
                && TryRole(row, row.ContactsRole, "ContactsRole", sink, out p.Contacts)
                && TryRole(row, row.NotesRole, "NotesRole", sink, out p.Notes)
                && TryRole(row, row.JournalRole, "JournalRole", sink, out p.Journal);
            if (!ok)
            {
                return null;
            }

            if (!string.IsNullOrWhiteSpace(row.MeetingRequestDelivery))
            {
                if (!TryParseDelivery(row.MeetingRequestDelivery!, out var delivery))
                {
                    Report(sink, row, InvalidRow(ErrorIds.InvalidMeetingRequestDelivery, row, Texts.Format(nameof(Texts.Error_InvalidMeetingRequestDelivery), row.MeetingRequestDelivery!.Trim()), Texts.Advice_InvalidMeetingRequestDelivery));
                    return null;
                }

                p.Delivery = delivery;
            }

            return p;
        }

        private static bool TryRole(DelegateRequest row, string? text, string column, IOutputSink sink, out DelegateFolderRole? role)
        {
            role = null;
            if (string.IsNullOrWhiteSpace(text))
            {
                return true;
            }

            if (TryParseRole(text!, out var parsed))
            {
                role = parsed;
                return true;
            }

            Report(sink, row, InvalidRow(ErrorIds.InvalidDelegateRole, row, Texts.Format(nameof(Texts.Error_InvalidDelegateRole), column, text!.Trim()), Texts.Advice_InvalidDelegateRole));
            return false;
        }

        /// <summary>None, Reviewer, Author or Editor, any case (Custom can be read, never written).</summary>
        public static bool TryParseRole(string text, out DelegateFolderRole role)
        {
            var t = text.Trim();
            foreach (var candidate in new[] { DelegateFolderRole.None, DelegateFolderRole.Reviewer, DelegateFolderRole.Author, DelegateFolderRole.Editor })
            {
                if (string.Equals(candidate.ToString(), t, StringComparison.OrdinalIgnoreCase))
                {
                    role = candidate;
                    return true;
                }
            }

            role = DelegateFolderRole.None;
            return false;
        }

        public static bool TryParseDelivery(string text, out MeetingRequestDelivery delivery)
        {
            foreach (MeetingRequestDelivery candidate in Enum.GetValues(typeof(MeetingRequestDelivery)))
            {
                if (string.Equals(candidate.ToString(), text.Trim(), StringComparison.OrdinalIgnoreCase))
                {
                    delivery = candidate;
                    return true;
                }
            }

            delivery = MeetingRequestDelivery.DelegatesAndSendInformationToMe;
            return false;
        }

        private static bool CheckMailbox(DelegateRequest row, IOutputSink sink, bool writeResult)
        {
            if (string.IsNullOrWhiteSpace(row.Mailbox))
            {
                var error = InvalidRow(ErrorIds.MissingMailbox, row, Texts.Error_MissingMailbox, Texts.Advice_MissingMailbox_Delegates);
                if (writeResult)
                {
                    Report(sink, row, error);
                }
                else
                {
                    sink.WriteError(error);
                }

                return false;
            }

            if (!LooksLikeAddress(row.Mailbox!.Trim()))
            {
                var error = InvalidRow(ErrorIds.InvalidMailbox, row, Texts.Format(nameof(Texts.Error_InvalidMailbox), row.Mailbox!.Trim()), Texts.Advice_InvalidMailbox_Delegates);
                if (writeResult)
                {
                    Report(sink, row, error);
                }
                else
                {
                    sink.WriteError(error);
                }

                return false;
            }

            return true;
        }

        private static bool LooksLikeAddress(string text) => SmtpAddress.IsValid(text);

        // ------------------------------------------------------------------ state and diff

        private static DelegateEntry NewDelegate(string address) => DelegateDefaults.NewDelegate(address);

        private static void Apply(Pending p, DelegateEntry d)
        {
            d.Calendar = p.Calendar ?? d.Calendar;
            d.Tasks = p.Tasks ?? d.Tasks;
            d.Inbox = p.Inbox ?? d.Inbox;
            d.Contacts = p.Contacts ?? d.Contacts;
            d.Notes = p.Notes ?? d.Notes;
            d.Journal = p.Journal ?? d.Journal;
            d.ReceiveMeetingCopies = p.Row.ReceiveMeetingCopies ?? d.ReceiveMeetingCopies;
            d.ViewPrivateItems = p.Row.ViewPrivateItems ?? d.ViewPrivateItems;
        }

        private static List<string> Diff(DelegateEntry? before, DelegateEntry after)
        {
            var changes = new List<string>();
            void Role(string name, DelegateFolderRole? b, DelegateFolderRole? a)
            {
                if (before == null)
                {
                    changes.Add($"{name} {a ?? DelegateFolderRole.None}");
                }
                else if ((b ?? DelegateFolderRole.None) != (a ?? DelegateFolderRole.None))
                {
                    changes.Add($"{name} {b ?? DelegateFolderRole.None} -> {a ?? DelegateFolderRole.None}");
                }
            }

            void Flag(string name, bool? b, bool? a)
            {
                if (before == null)
                {
                    changes.Add($"{name} {a ?? false}");
                }
                else if ((b ?? false) != (a ?? false))
                {
                    changes.Add($"{name} {b ?? false} -> {a ?? false}");
                }
            }

            Role("CalendarRole", before?.Calendar, after.Calendar);
            Role("TasksRole", before?.Tasks, after.Tasks);
            Role("InboxRole", before?.Inbox, after.Inbox);
            Role("ContactsRole", before?.Contacts, after.Contacts);
            Role("NotesRole", before?.Notes, after.Notes);
            Role("JournalRole", before?.Journal, after.Journal);
            Flag("ReceiveMeetingCopies", before?.ReceiveMeetingCopies, after.ReceiveMeetingCopies);
            Flag("ViewPrivateItems", before?.ViewPrivateItems, after.ViewPrivateItems);
            return changes;
        }

        /// <summary>What the server reported wins; what it left out is what we asked for.</summary>
        private static DelegateEntry Merge(DelegateEntry desired, DelegateEntry? reported)
        {
            if (reported == null)
            {
                return desired;
            }

            var merged = desired.Copy();
            merged.DisplayName = reported.DisplayName ?? desired.DisplayName;
            merged.Calendar = reported.Calendar ?? desired.Calendar;
            merged.Tasks = reported.Tasks ?? desired.Tasks;
            merged.Inbox = reported.Inbox ?? desired.Inbox;
            merged.Contacts = reported.Contacts ?? desired.Contacts;
            merged.Notes = reported.Notes ?? desired.Notes;
            merged.Journal = reported.Journal ?? desired.Journal;
            merged.ReceiveMeetingCopies = reported.ReceiveMeetingCopies ?? desired.ReceiveMeetingCopies;
            merged.ViewPrivateItems = reported.ViewPrivateItems ?? desired.ViewPrivateItems;
            return merged;
        }

        private static bool Matches(DelegateEntry d, string? filter) =>
            string.IsNullOrWhiteSpace(filter)
            || string.Equals(d.Address, filter!.Trim(), StringComparison.OrdinalIgnoreCase)
            || string.Equals(d.DisplayName, filter.Trim(), StringComparison.OrdinalIgnoreCase);

        private MailboxDelegate ToModel(string mailbox, DelegateEntry d, MeetingRequestDelivery? delivery) =>
            new MailboxDelegate(mailbox, d.Address)
            {
                DisplayName = d.DisplayName,
                CalendarRole = d.Calendar ?? DelegateFolderRole.None,
                TasksRole = d.Tasks ?? DelegateFolderRole.None,
                InboxRole = d.Inbox ?? DelegateFolderRole.None,
                ContactsRole = d.Contacts ?? DelegateFolderRole.None,
                NotesRole = d.Notes ?? DelegateFolderRole.None,
                JournalRole = d.Journal ?? DelegateFolderRole.None,
                ReceiveMeetingCopies = d.ReceiveMeetingCopies ?? false,
                ViewPrivateItems = d.ViewPrivateItems ?? false,
                MeetingRequestDelivery = delivery,
                Source = sourceName,
            };

        private RowOutcome Success(Pending p, ShareAction action, DelegateEntry entry, MailboxState state, string? changes) =>
            new RowOutcome(
                new MailboxDelegateResult(p.Mailbox, p.Delegate, action)
                {
                    Row = p.Row.Row,
                    Current = ToModel(p.Mailbox, entry, state.Delivery),
                    Changes = string.IsNullOrEmpty(changes) ? null : changes,
                },
                null);

        private static RowOutcome Failure(Pending p, string errorId, ErrorKind kind, string message, string advice) =>
            new RowOutcome(Failed(p, message), new OperationError(errorId, kind, Compose(p.Row, p.Mailbox, p.Delegate, message), p.Row.Source ?? p.Mailbox, advice));

        private static MailboxDelegateResult Failed(Pending p, string message) =>
            new MailboxDelegateResult(p.Mailbox, p.Delegate, ShareAction.Failed) { Row = p.Row.Row, Message = message };

        private static string Describe(Pending p, Mode mode)
        {
            if (mode == Mode.Remove)
            {
                return $"Remove delegate {p.Delegate}";
            }

            var parts = new List<string>();
            void Add(string name, object? value)
            {
                if (value != null)
                {
                    parts.Add($"{name} {value}");
                }
            }

            Add("Calendar", p.Calendar);
            Add("Tasks", p.Tasks);
            Add("Inbox", p.Inbox);
            Add("Contacts", p.Contacts);
            Add("Notes", p.Notes);
            Add("Journal", p.Journal);
            Add("ReceiveMeetingCopies", p.Row.ReceiveMeetingCopies);
            Add("ViewPrivateItems", p.Row.ViewPrivateItems);
            Add("MeetingRequestDelivery", p.Delivery);
            var verb = mode == Mode.Add ? "Add or update delegate" : "Update delegate";
            return parts.Count == 0 ? $"{verb} {p.Delegate}" : $"{verb} {p.Delegate} ({string.Join(", ", parts)})";
        }

        // ------------------------------------------------------------------ errors

        private static void Report(IOutputSink sink, DelegateRequest row, OperationError error)
        {
            sink.WriteError(error);
            sink.WriteObject(new MailboxDelegateResult((row.Mailbox ?? string.Empty).Trim(), (row.Delegate ?? string.Empty).Trim(), ShareAction.Failed)
            {
                Row = row.Row,
                Message = error.Message,
            });
        }

        // The catalogue writes every id, category and advice; these only say how a delegate row is named.
        private static OperationError InvalidRow(string errorId, DelegateRequest row, string message, string advice) =>
            ErrorCatalog.InvalidRow(errorId, row.Row, row.Source ?? row, row.Mailbox, ErrorCatalog.Subject(Texts.Error_DelegateSubject, row.Delegate), message, advice);

        private static OperationError FromBackend(BackendError error, DelegateRequest row, string mailbox, string? user, Exception? exception = null) =>
            ErrorCatalog.FromBackend(error, ErrorFamily.Delegates, new RowRef(row.Row, row.Source ?? mailbox, mailbox, ErrorCatalog.Subject(Texts.Error_DelegateSubject, user)), exception);

        private static OperationError Unexpected(Exception ex, DelegateRequest row) =>
            ErrorCatalog.Unexpected(ex, row.Row, row.Source ?? row.Mailbox, row.Mailbox, ErrorCatalog.Subject(Texts.Error_DelegateSubject, row.Delegate));

        /// <summary>"Row 3: boss@contoso.com, delegate assistant@contoso.com: message"</summary>
        private static string Compose(DelegateRequest row, string? mailbox, string? user, string message) =>
            ErrorCatalog.Compose(row.Row, mailbox, ErrorCatalog.Subject(Texts.Error_DelegateSubject, user), message);

        private sealed class Pending
        {
            public DelegateFolderRole? Calendar;
            public DelegateFolderRole? Tasks;
            public DelegateFolderRole? Inbox;
            public DelegateFolderRole? Contacts;
            public DelegateFolderRole? Notes;
            public DelegateFolderRole? Journal;

            public Pending(DelegateRequest row, string mailbox, string @delegate)
            {
                Row = row;
                Mailbox = mailbox;
                Delegate = @delegate;
            }

            public DelegateRequest Row { get; }

            public string Mailbox { get; }

            public string Delegate { get; }

            public MeetingRequestDelivery? Delivery { get; set; }
        }

        private sealed class MailboxState
        {
            private readonly List<DelegateEntry> delegates;

            public MailboxState(DelegateList list)
            {
                delegates = list.Delegates.ToList();
                Delivery = list.Delivery;
            }

            public MeetingRequestDelivery? Delivery { get; set; }

            public DelegateEntry? Find(string address) =>
                delegates.FirstOrDefault(d => string.Equals(d.Address, address, StringComparison.OrdinalIgnoreCase));

            public void Put(DelegateEntry entry)
            {
                Remove(entry.Address);
                delegates.Add(entry);
            }

            public void Remove(string address) =>
                delegates.RemoveAll(d => string.Equals(d.Address, address, StringComparison.OrdinalIgnoreCase));
        }

        private sealed class RowOutcome
        {
            public RowOutcome(MailboxDelegateResult output, OperationError? error)
            {
                Output = output;
                Error = error;
            }

            public MailboxDelegateResult Output { get; }

            public OperationError? Error { get; }
        }
    }
}
