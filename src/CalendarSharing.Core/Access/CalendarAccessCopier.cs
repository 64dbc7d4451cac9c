using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Output;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Access
{
    /// <summary>The reverse view Copy-CalendarAccess needs: every calendar a user reaches, and how (CalendarAccessIndex.ReachableBy rows).</summary>
    public interface ICalendarAccessSource
    {
        /// <summary>Rows of every calendar <paramref name="user"/> reaches; calendars that could not be read come with ErrorId.</summary>
        Task<IReadOnlyList<CalendarAccessRow>> ReachableByAsync(string user, IOutputSink sink, CancellationToken cancellationToken);
    }

    /// <summary>The reverse view from a scan run now (every mailbox, every calendar), or from the rows of a saved one.</summary>
    public sealed class ScannedCalendarAccess : ICalendarAccessSource
    {
        private readonly CalendarAccessScanner? scanner;
        private readonly AccessScanOptions? options;
        private CalendarAccessIndex? index;

        /// <param name="scanner">The scanner of the connection.</param>
        /// <param name="options">What to scan; default: every mailbox, secondary calendars included (a share may be on any).</param>
        public ScannedCalendarAccess(CalendarAccessScanner scanner, AccessScanOptions? options = null)
        {
            this.scanner = scanner ?? throw new ArgumentNullException(nameof(scanner));
            this.options = options ?? new AccessScanOptions { IncludeSecondaryCalendars = true };
        }

        /// <param name="index">A scan already made (a resume file or a saved report, CalendarAccessIndex.Load).</param>
        public ScannedCalendarAccess(CalendarAccessIndex index)
        {
            this.index = index ?? throw new ArgumentNullException(nameof(index));
        }

        public async Task<IReadOnlyList<CalendarAccessRow>> ReachableByAsync(string user, IOutputSink sink, CancellationToken cancellationToken)
        {
            if (index == null)
            {
                var rows = new CollectingSink(sink);
                await scanner!.ScanAsync(options!, rows, cancellationToken).ConfigureAwait(false);
                index = new CalendarAccessIndex(rows.Objects.OfType<CalendarAccessRow>());
            }

            return index.ReachableBy(user);
        }
    }

    /// <summary>
    /// Copy-CalendarAccess: what a source user holds on other people's calendars (their own folder entries, on every calendar
    /// the reverse view finds, and their delegate entries with every folder level and flag) given to a target user as upserts,
    /// through the permission and delegate engines (so each row has its result and its error, -WhatIf and -Confirm per row, and
    /// the sharing policy is checked for an outside target). With RemoveSource (offboarding) the source's entries are removed
    /// afterwards, each only where its copy succeeded, so nothing is lost when a copy fails. Only the source's and the
    /// target's entries are ever written: the permission engine changes one entry of a folder and keeps every other one.
    /// Not copied: Default, Anonymous, a group's entry, Full Access (Grant-MailboxAccess), the source's own mailbox.
    /// </summary>
    public sealed class CalendarAccessCopier
    {
        private readonly ICalendarAccessSource source;
        private readonly CalendarPermissionCommands permissions;
        private readonly IDelegateBackend? delegateBackend;
        private readonly DelegateCommands? delegates;

        public CalendarAccessCopier(ICalendarAccessSource source, CalendarPermissionCommands permissions, IDelegateBackend? delegateBackend, int maxConcurrency = 4, string sourceName = "Ews")
        {
            this.source = source ?? throw new ArgumentNullException(nameof(source));
            this.permissions = permissions ?? throw new ArgumentNullException(nameof(permissions));
            this.delegateBackend = delegateBackend;
            delegates = delegateBackend == null ? null : new DelegateCommands(delegateBackend, maxConcurrency, sourceName);
        }

        /// <summary>
        /// True under -WhatIf: a copy not made (declined) still shows the removal that would follow it. Under -Confirm a
        /// declined copy is never followed by the removal, so the source keeps what the target did not get.
        /// </summary>
        public bool PreviewRemovals { get; set; }

        /// <summary>Where -From and -To typed as an alias or display name are looked up (<see cref="AccessNames"/>); null = addresses only.</summary>
        public ICalendarBackend? Directory { get; set; }

        /// <summary>The copier over the connection: the reverse view from a scan of it, its permission and delegate engines.</summary>
        /// <exception cref="CapabilityNotAvailableException">The connection cannot scan or write permissions.</exception>
        public static CalendarAccessCopier For(ConnectionServices services, CalendarPermissionCommands permissions, ICalendarAccessSource? source = null)
        {
            if (services is null)
            {
                throw new ArgumentNullException(nameof(services));
            }

            source ??= new ScannedCalendarAccess(CalendarAccessScanner.For(services));
            return new CalendarAccessCopier(source, permissions, services.Find<IDelegateBackend>(ConnectionCapabilities.Delegates), Math.Max(1, services.Info.MaxConcurrency), services.Info.SourceName)
            {
                Directory = services.Find<ICalendarBackend>(ConnectionCapabilities.Permissions),
            };
        }

        /// <summary>Copies; writes CalendarShareResult (folder entries) and MailboxDelegateResult (delegates) rows, then the removals.</summary>
        public async Task CopyAsync(string from, string to, bool removeSource, IOutputSink sink, CancellationToken cancellationToken)
        {
            from = (from ?? string.Empty).Trim();
            to = (to ?? string.Empty).Trim();
            if (Directory != null && (AccessNames.NeedsResolving(from) || AccessNames.NeedsResolving(to)))
            {
                var names = await AccessNames.ResolveAsync(Directory, new[] { from, to }, cancellationToken).ConfigureAwait(false);
                var fromAddress = AccessNames.AddressOf(from, names, out var fromWhy);
                var toAddress = AccessNames.AddressOf(to, names, out var toWhy);
                foreach (var (typed, why) in new[] { (from, fromWhy), (to, toWhy) })
                {
                    if (why != null)
                    {
                        var (id, kind, advice) = ErrorCatalog.Describe(why.Code);
                        sink.WriteError(new OperationError(id, kind, why.Message, typed, advice));
                    }
                }

                if (fromAddress == null || toAddress == null)
                {
                    return;
                }

                sink.WriteVerbose($"-From {from} is {fromAddress}; -To {to} is {toAddress}.");
                from = fromAddress;
                to = toAddress;
            }
            if (from.Length == 0 || to.Length == 0 || string.Equals(from, to, StringComparison.OrdinalIgnoreCase))
            {
                sink.WriteError(new OperationError(ErrorIds.CopyAccessSameUser, ErrorKind.InvalidArgument, Texts.Format(nameof(Texts.Error_CopyAccessSameUser), from, to), from.Length == 0 ? to : from, Texts.Advice_CopyAccessSameUser));
                return;
            }

            var reachable = await source.ReachableByAsync(from, sink, cancellationToken).ConfigureAwait(false);
            var folderRows = new List<(ShareRequest Copy, CalendarAccessRow Row)>();
            var delegateOwners = new List<string>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var row in reachable)
            {
                var where = row.Mailbox + "\\" + row.Calendar;
                if (row.ErrorId != null)
                {
                    sink.WriteWarning(Texts.Format(nameof(Texts.Warning_CopyAccessUnread), where, row.Error ?? row.ErrorId, from));
                    continue;
                }

                if (string.Equals(row.Mailbox, to, StringComparison.OrdinalIgnoreCase))
                {
                    sink.WriteVerbose($"{where}: {to} owns this calendar; nothing to copy there.");
                    continue;
                }

                if (row.Path == AccessPath.Delegate && row.IsDefaultCalendar && delegates != null)
                {
                    if (!delegateOwners.Contains(row.Mailbox, StringComparer.OrdinalIgnoreCase))
                    {
                        delegateOwners.Add(row.Mailbox);
                    }

                    continue;
                }

                if ((row.Path != AccessPath.FolderEntry && row.Path != AccessPath.Delegate) || !(row.Role is CalendarRole role) || role == CalendarRole.None)
                {
                    if (row.Path == AccessPath.Group || row.Path == AccessPath.FullAccess)
                    {
                        sink.WriteVerbose($"{where}: {from} reaches it through {row.Via ?? row.Path.ToString()}, which is not {from}'s own entry; not copied.");
                    }

                    continue;
                }

                if (!seen.Add(where))
                {
                    continue;
                }

                folderRows.Add((new ShareRequest
                {
                    Mailbox = row.Mailbox,
                    Calendar = row.IsDefaultCalendar ? null : row.Calendar,
                    User = to,
                    Role = role.ToString(),
                    CanViewPrivateItems = row.CanViewPrivateItems,
                    Source = row,
                }, row));
            }

            if (folderRows.Count == 0 && delegateOwners.Count == 0)
            {
                sink.WriteWarning(Texts.Format(nameof(Texts.Warning_CopyAccessNothing), from));
                return;
            }

            // Delegates first: adding a delegate sets its calendar folder level too.
            var delegateCopies = await DelegateRowsAsync(delegateOwners, from, to, sink, cancellationToken).ConfigureAwait(false);
            var n = 0;
            foreach (var d in delegateCopies)
            {
                d.Copy.Row = ++n;
            }

            foreach (var f in folderRows)
            {
                f.Copy.Row = ++n;
            }

            var results = new ResultSink(sink);
            if (delegateCopies.Count > 0)
            {
                await delegates!.AddAsync(delegateCopies.Select(d => d.Copy).ToList(), results, cancellationToken).ConfigureAwait(false);
            }

            if (folderRows.Count > 0)
            {
                await permissions.SetAsync(folderRows.Select(f => f.Copy).ToList(), results, cancellationToken).ConfigureAwait(false);
            }

            if (!removeSource)
            {
                return;
            }

            // Offboarding: the source's entry goes only where the target now holds the copy (or, under -WhatIf, would).
            bool Copied(int row) => results.Outcomes.TryGetValue(row, out var action)
                ? action == ShareAction.Added || action == ShareAction.Updated || action == ShareAction.Unchanged
                : PreviewRemovals;
            var removeDelegates = new List<DelegateRequest>();
            foreach (var d in delegateCopies)
            {
                if (Copied(d.Copy.Row!.Value))
                {
                    removeDelegates.Add(new DelegateRequest { Row = ++n, Mailbox = d.Copy.Mailbox, Delegate = from, Source = d.Copy.Source });
                }
                else
                {
                    sink.WriteWarning(Texts.Format(nameof(Texts.Warning_CopyAccessKept), d.Copy.Mailbox, from, to));
                }
            }

            var removeFolders = new List<ShareRequest>();
            foreach (var f in folderRows)
            {
                if (Copied(f.Copy.Row!.Value))
                {
                    removeFolders.Add(new ShareRequest { Row = ++n, Mailbox = f.Copy.Mailbox, Calendar = f.Copy.Calendar, User = from, Source = f.Row });
                }
                else
                {
                    sink.WriteWarning(Texts.Format(nameof(Texts.Warning_CopyAccessKept), f.Row.Mailbox + "\\" + f.Row.Calendar, from, to));
                }
            }

            if (removeDelegates.Count > 0)
            {
                await delegates!.RemoveAsync(removeDelegates, sink, cancellationToken).ConfigureAwait(false);
            }

            if (removeFolders.Count > 0)
            {
                await permissions.RemoveAsync(removeFolders, sink, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>The source's delegate entry on each owner, read back whole (every folder level and flag), as a row for the target.</summary>
        private async Task<List<(DelegateRequest Copy, DelegateEntry Entry)>> DelegateRowsAsync(IReadOnlyList<string> owners, string from, string to, IOutputSink sink, CancellationToken cancellationToken)
        {
            var rows = new List<(DelegateRequest, DelegateEntry)>();
            foreach (var owner in owners)
            {
                DelegateList list;
                try
                {
                    list = await delegateBackend!.GetDelegatesAsync(owner, cancellationToken).ConfigureAwait(false);
                }
                catch (BackendException ex)
                {
                    sink.WriteError(ErrorCatalog.FromBackend(ex.Error, ErrorFamily.Delegates, new RowRef(null, owner, owner, Texts.Format(nameof(Texts.Error_DelegateSubject), from)), ex));
                    continue;
                }

                var entry = list.Delegates.FirstOrDefault(d => string.Equals(d.Address, from, StringComparison.OrdinalIgnoreCase));
                if (entry == null)
                {
                    sink.WriteWarning(Texts.Format(nameof(Texts.Warning_CopyAccessDelegateGone), owner, from));
                    continue;
                }

                static string? Level(DelegateFolderRole? r) => r is DelegateFolderRole v && v != DelegateFolderRole.Custom ? v.ToString() : null;
                rows.Add((new DelegateRequest
                {
                    Mailbox = owner,
                    Delegate = to,
                    CalendarRole = Level(entry.Calendar),
                    TasksRole = Level(entry.Tasks),
                    InboxRole = Level(entry.Inbox),
                    ContactsRole = Level(entry.Contacts),
                    NotesRole = Level(entry.Notes),
                    JournalRole = Level(entry.Journal),
                    ReceiveMeetingCopies = entry.ReceiveMeetingCopies,
                    ViewPrivateItems = entry.ViewPrivateItems,
                    Source = owner,
                }, entry));
            }

            return rows;
        }

        /// <summary>Keeps what each numbered row came to (for RemoveSource) and passes everything on.</summary>
        private sealed class ResultSink : IOutputSink
        {
            private readonly IOutputSink inner;

            public ResultSink(IOutputSink inner)
            {
                this.inner = inner;
            }

            public ConcurrentDictionary<int, ShareAction> Outcomes { get; } = new ConcurrentDictionary<int, ShareAction>();

            public void WriteObject(object item)
            {
                switch (item)
                {
                    case CalendarShareResult r when r.Row is int row:
                        Outcomes[row] = r.Action;
                        break;
                    case MailboxDelegateResult d when d.Row is int row:
                        Outcomes[row] = d.Action;
                        break;
                }

                inner.WriteObject(item);
            }

            public void WriteError(OperationError error)
            {
                inner.WriteError(error);
            }

            public void WriteWarning(string message) => inner.WriteWarning(message);

            public void WriteVerbose(string message) => inner.WriteVerbose(message);

            public void WriteDebug(string message) => inner.WriteDebug(message);

            public void WriteProgress(ProgressInfo progress) => inner.WriteProgress(progress);

            public bool ShouldProcess(string target, string action) => inner.ShouldProcess(target, action);
        }
    }

    /// <summary>Keeps the objects written; passes every other stream on.</summary>
    internal sealed class CollectingSink : IOutputSink
    {
        private readonly IOutputSink inner;
        private readonly ConcurrentQueue<object> objects = new ConcurrentQueue<object>();

        public CollectingSink(IOutputSink inner)
        {
            this.inner = inner;
        }

        public IReadOnlyList<object> Objects => objects.ToList();

        public void WriteObject(object item) => objects.Enqueue(item);

        public void WriteError(OperationError error) => inner.WriteError(error);

        public void WriteWarning(string message) => inner.WriteWarning(message);

        public void WriteVerbose(string message) => inner.WriteVerbose(message);

        public void WriteDebug(string message) => inner.WriteDebug(message);

        public void WriteProgress(ProgressInfo progress) => inner.WriteProgress(progress);

        public bool ShouldProcess(string target, string action) => inner.ShouldProcess(target, action);
    }
}
