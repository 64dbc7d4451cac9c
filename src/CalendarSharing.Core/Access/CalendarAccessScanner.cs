using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Output;
using CalendarSharing.Core.Permissions;
using CalendarSharing.Core.Publishing;
using CalendarSharing.Core.Resilience;
using CalendarSharing.Core.Resources;
using CalendarSharing.Core.Sharing;

namespace CalendarSharing.Core.Access
{
    /// <summary>
    /// The organisation-wide access scan (Get-CalendarAccessReport): for each mailbox (every one, pages of
    /// <see cref="IAccessScanBackend.ListMailboxesAsync"/>, or a list) and each of its calendars (the default one; secondary
    /// ones on request), one <see cref="CalendarAccessRow"/> per grant: every permission entry that grants something, the
    /// Default entry always (so every calendar read shows), Anonymous, external and published-user entries, delegates with
    /// their flags (<see cref="IDelegateBackend"/>), the calendar's anonymous publishing (<see cref="IPublishingBackend"/>),
    /// Full Access (<see cref="IMailboxAccessBackend"/>), each classified (<see cref="AccessExposure"/>) and, outside the
    /// organisation, compared with the mailbox's sharing policy (<see cref="SharingPolicyGate"/>).
    /// <para>
    /// Mailboxes go to the server in batches (<see cref="BatchSize"/> per ListCalendars request, the backend's own
    /// batching for permissions: EWS GetFolder carries up to MaxBatchSize folders), batches run side by side within the
    /// connection's concurrency budget, halved on a back-off answer (<see cref="AdaptiveConcurrencyLimiter"/>). A mailbox
    /// or calendar that cannot be read is a row with ErrorId and Error, never a gap. Rows come out in mailbox order.
    /// With a resume file every finished mailbox is recorded with its rows; a resumed scan reads only the others, and
    /// gives the same rows as one that never stopped. Mailboxes that failed for a reason that may pass (throttled,
    /// unreachable) are not recorded, so a resume reads them again.
    /// </para>
    /// </summary>
    public sealed class CalendarAccessScanner
    {
        private const string Activity = "Scanning calendar access";
        private readonly IAccessScanBackend scan;
        private readonly ICalendarBackend permissions;
        private readonly SemaphoreSlim policyGate = new SemaphoreSlim(1, 1);
        private SharingPolicyGate? policy;
        private int policyWarned;

        public CalendarAccessScanner(IAccessScanBackend scan, ICalendarBackend permissions)
        {
            this.scan = scan ?? throw new ArgumentNullException(nameof(scan));
            this.permissions = permissions ?? throw new ArgumentNullException(nameof(permissions));
            MaxConcurrency = Math.Max(1, permissions.Info.MaxConcurrency);
            BatchSize = Math.Max(1, permissions.Info.MaxBatchSize);
        }

        /// <summary>Delegates with their flags; null = not read (the connection has no Delegates capability).</summary>
        public IDelegateBackend? Delegates { get; set; }

        /// <summary>Anonymous publishing; null = not read.</summary>
        public IPublishingBackend? Publishing { get; set; }

        /// <summary>The sharing policy in force, for External, Anonymous and Published rows; null = not compared.</summary>
        public ISharingPolicyBackend? SharingPolicy
        {
            get => policyBackend;
            set
            {
                policyBackend = value;
                policy = value?.Organization == null ? null : new SharingPolicyGate(value);
            }
        }

        /// <summary>Full Access to each mailbox (Get-MailboxPermission); null = not read.</summary>
        public IMailboxAccessBackend? MailboxAccess { get; set; }

        /// <summary>Batches in flight at most (each holds one request at a time).</summary>
        public int MaxConcurrency { get; set; }

        /// <summary>Mailboxes per batch.</summary>
        public int BatchSize { get; set; }

        /// <summary>Attempts of one request in Core after the client's own retries gave up on a back-off answer.</summary>
        public RetryOptions Retry { get; set; } = new RetryOptions { MaxAttempts = 3 };

        private ISharingPolicyBackend? policyBackend;

        /// <summary>
        /// A scanner over everything the connection can read: AccessReport and Permissions are required, the rest used when
        /// there. With <paramref name="exchangeSession"/> (the admin's Exchange Management Shell session) the sharing policy,
        /// publishing and Full Access of on-premises mailboxes are read through it (<see cref="AccessSources"/>).
        /// </summary>
        /// <exception cref="CapabilityNotAvailableException">The connection cannot list mailboxes and calendars, or read permissions.</exception>
        public static CalendarAccessScanner For(ConnectionServices services, IExchangeCommandExecutor? exchangeSession = null, string? sessionName = null)
        {
            if (services is null)
            {
                throw new ArgumentNullException(nameof(services));
            }

            var sources = AccessSources.Of(services, exchangeSession, sessionName);
            var scanner = new CalendarAccessScanner(
                services.Require<IAccessScanBackend>(ConnectionCapabilities.AccessReport),
                services.Require<ICalendarBackend>(ConnectionCapabilities.Permissions))
            {
                Delegates = services.Find<IDelegateBackend>(ConnectionCapabilities.Delegates),
                Publishing = sources.Publishing,
                MailboxAccess = sources.MailboxAccess,
                SharingPolicy = sources.SharingPolicy,
            };
            return scanner;
        }

        /// <summary>
        /// What this scan cannot read, in words ("the sharing policy", "calendar publishing", "Full Access"); empty when it
        /// reads everything. Get-CalendarAccessReport says so in one warning (<see cref="AccessScanOptions.WarnWhatIsNotChecked"/>).
        /// </summary>
        public IReadOnlyList<string> NotChecked()
        {
            var missing = new List<string>();
            if (policy == null)
            {
                missing.Add(Texts.AccessScan_SourceSharingPolicy);
            }

            if (Publishing == null)
            {
                missing.Add(Texts.AccessScan_SourcePublishing);
            }

            if (MailboxAccess == null)
            {
                missing.Add(Texts.AccessScan_SourceFullAccess);
            }

            return missing;
        }

        /// <summary>Aliases and display names of <paramref name="names"/> resolved through the connection's directory (<see cref="AccessNames"/>).</summary>
        public Task<IReadOnlyDictionary<string, BackendResult<Principal>>> ResolveNamesAsync(IEnumerable<string?> names, CancellationToken cancellationToken) =>
            AccessNames.ResolveAsync(permissions, names, cancellationToken);

        /// <summary>Scans; each row goes to <paramref name="sink"/> (WriteObject), in mailbox order.</summary>
        /// <exception cref="BackendException">The organisation's mailboxes could not be listed.</exception>
        /// <exception cref="AccessScanFileException">The resume file cannot be used.</exception>
        public async Task<AccessScanStats> ScanAsync(AccessScanOptions options, IOutputSink sink, CancellationToken cancellationToken)
        {
            if (options is null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            var clock = Stopwatch.StartNew();
            var stats = new AccessScanStats();
            var limiter = new AdaptiveConcurrencyLimiter(MaxConcurrency);
            using var state = options.ResumePath == null ? null : AccessScanState.Open(options.ResumePath, options.IncludeSecondaryCalendars);
            var total = options.Mailboxes?.Count ?? 0;
            var done = 0;
            var lastProgress = Stopwatch.StartNew();
            void Progress(bool force)
            {
                if (force || lastProgress.ElapsedMilliseconds >= 200)
                {
                    lastProgress.Restart();
                    var known = Math.Max(total, stats.Mailboxes);
                    var d = Volatile.Read(ref done);
                    sink.WriteProgress(new ProgressInfo(Activity, $"{d} of {known} mailboxes", d, known));
                }
            }

            // Aliases and display names as admins type them become addresses first (one directory request for all of them);
            // one that names no single mailbox is a row with the reason, like a mailbox that cannot be read.
            var mailboxes = options.Mailboxes;
            var unresolved = new Dictionary<string, BackendError>(StringComparer.OrdinalIgnoreCase);
            if (mailboxes != null && mailboxes.Any(AccessNames.NeedsResolving))
            {
                var resolved = await AccessNames.ResolveAsync(permissions, mailboxes, cancellationToken).ConfigureAwait(false);
                var list = new List<string>(mailboxes.Count);
                foreach (var m in mailboxes)
                {
                    var address = AccessNames.AddressOf(m, resolved, out var why);
                    if (address == null)
                    {
                        var typed = (m ?? string.Empty).Trim();
                        unresolved[typed] = why!.Code == BackendErrorCode.PrincipalNotFound ? new BackendError(BackendErrorCode.MailboxNotFound, why.Message, why.ServerCode) : why;
                        list.Add(typed);
                    }
                    else
                    {
                        list.Add(address);
                    }
                }

                mailboxes = list;
            }

            // An EWS connection reads neither the sharing policy nor publishing (nor Full Access): one warning says what was
            // not checked and how to get it, and the rows outside the organisation say so instead of looking clean.
            var notChecked = NotChecked();
            if (options.WarnWhatIsNotChecked && (policy == null || Publishing == null))
            {
                sink.WriteWarning(Texts.Format(nameof(Texts.Warning_AccessScanNotChecked), string.Join(", ", notChecked), Texts.AccessScan_PolicyNotChecked));
            }

            sink.WriteVerbose($"Access scan: {(options.Mailboxes == null ? "every mailbox" : options.Mailboxes.Count + " mailbox(es)")}, {(options.IncludeSecondaryCalendars ? "all calendars" : "default calendars")}, {BatchSize} mailboxes per batch, {MaxConcurrency} batches at a time"
                + (state == null ? "." : $", resuming from {state.Path} ({state.FinishedMailboxes.Count} mailbox(es) done)."));
            var pipeline = new BatchPipeline(MaxConcurrency);
            var order = new ScanOrder();
            var position = 0L;
            try
            {
                await ForEachPageAsync(mailboxes, options, limiter, async page =>
                {
                    Interlocked.Add(ref stats.MailboxCount, page.Count);
                    var first = position;
                    position += page.Count;
                    await ScanPageAsync(page, first, order, pipeline, unresolved, options.IncludeSecondaryCalendars, state, limiter, stats, sink, () =>
                    {
                        Interlocked.Increment(ref done);
                        Progress(false);
                    }, cancellationToken).ConfigureAwait(false);
                }, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // Batches still running (of the last pages, or when the scan stops) finish, and record, before the scan returns.
                await pipeline.DrainAsync().ConfigureAwait(false);
                stats.WallTime = clock.Elapsed;
                stats.BackOffs = limiter.Decreases;
                sink.WriteProgress(new ProgressInfo(Activity, "Done", Volatile.Read(ref done), Math.Max(total, stats.Mailboxes), completed: true));
            }

            cancellationToken.ThrowIfCancellationRequested(); // a stopped scan says so, also when its last batch had started
            sink.WriteVerbose($"Access scan: {stats}.");
            return stats;
        }

        // ------------------------------------------------------------------ mailboxes

        private async Task ForEachPageAsync(IReadOnlyList<string>? mailboxes, AccessScanOptions options, AdaptiveConcurrencyLimiter limiter, Func<IReadOnlyList<string>, Task> onPage, CancellationToken cancellationToken)
        {
            var pageSize = Math.Max(1, options.PageSize);
            if (mailboxes != null)
            {
                var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                var list = new List<string>();
                foreach (var m in mailboxes)
                {
                    var text = (m ?? string.Empty).Trim();
                    if (seen.Add(text))
                    {
                        list.Add(text);
                    }
                }

                foreach (var page in BulkRunner.Chunk(list, pageSize))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await onPage(page).ConfigureAwait(false);
                }

                return;
            }

            // The next page is asked for as soon as this one's token is known, so the list's round trips overlap the reads.
            var listed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            Task<MailboxPage>? next = ListPageAsync(null);
            try
            {
                while (next != null)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var page = await next.ConfigureAwait(false);
                    next = page.NextPageToken is string token ? ListPageAsync(token) : null;
                    var fresh = page.Mailboxes.Where(m => !string.IsNullOrWhiteSpace(m) && listed.Add(m.Trim())).Select(m => m.Trim()).ToList();
                    if (fresh.Count > 0)
                    {
                        await onPage(fresh).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                // A page asked for ahead and no longer wanted (the scan stopped): its failure is observed, not left unobserved.
                next?.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            Task<MailboxPage> ListPageAsync(string? token) => CallAsync(limiter, t => scan.ListMailboxesAsync(token, pageSize, t), cancellationToken);
        }

        /// <summary>
        /// Hands a page's batches to <paramref name="pipeline"/> (returns once the last one has started, not finished), so a
        /// page's last batches run beside the next page's first ones; rows still leave in mailbox order through
        /// <paramref name="order"/>, where this page's mailboxes are numbered from <paramref name="first"/>.
        /// </summary>
        private async Task ScanPageAsync(IReadOnlyList<string> page, long first, ScanOrder order, BatchPipeline pipeline, IReadOnlyDictionary<string, BackendError> unresolved, bool includeSecondary, AccessScanState? state, AdaptiveConcurrencyLimiter limiter, AccessScanStats stats, IOutputSink sink, Action advance, CancellationToken cancellationToken)
        {
            var emitter = order.Page(first);
            var todo = new List<int>();
            for (var i = 0; i < page.Count; i++)
            {
                var mailbox = page[i];
                var saved = state?.RowsOf(mailbox);
                if (saved != null)
                {
                    Interlocked.Increment(ref stats.ResumedCount);
                    emitter.Complete(i, Writes(saved, stats, sink));
                    advance();
                    continue;
                }

                if (unresolved.TryGetValue(mailbox, out var why))
                {
                    Interlocked.Increment(ref stats.FailedCount);
                    emitter.Complete(i, Writes(new[] { ErrorRow(mailbox, "Calendar", why) }, stats, sink));
                    advance();
                    continue;
                }

                if (!ValidMailbox(mailbox, out var invalid))
                {
                    Interlocked.Increment(ref stats.FailedCount);
                    emitter.Complete(i, Writes(new[] { invalid! }, stats, sink));
                    advance();
                    continue;
                }

                todo.Add(i);
            }

            foreach (var batch in BulkRunner.Chunk(todo, BatchSize))
            {
                if (!await pipeline.StartAsync(token => ReadBatchAndEmitAsync(batch, token), batch, OnBatchFailed, cancellationToken).ConfigureAwait(false))
                {
                    return; // stopped: no new batch starts; the running ones finish
                }
            }

            async Task ReadBatchAndEmitAsync(IReadOnlyList<int> batch, CancellationToken token)
            {
                var mailboxes = batch.Select(i => page[i]).ToList();
                var read = await ReadBatchAsync(mailboxes, includeSecondary, limiter, sink, token).ConfigureAwait(false);
                for (var k = 0; k < batch.Count; k++)
                {
                    var (rows, mayPass) = read[k];
                    token.ThrowIfCancellationRequested();
                    if (state != null && !mayPass)
                    {
                        state.Record(mailboxes[k], rows);
                    }

                    Interlocked.Increment(ref stats.ReadCount);
                    if (rows.Any(r => r.ErrorId != null))
                    {
                        Interlocked.Increment(ref stats.FailedCount);
                    }

                    Interlocked.Add(ref stats.CalendarCount, rows.Select(r => r.Calendar).Distinct(StringComparer.OrdinalIgnoreCase).Count());
                    emitter.Complete(batch[k], Writes(rows, stats, sink));
                    advance();
                }
            }

            void OnBatchFailed(IReadOnlyList<int> batch, Exception ex)
            {
                foreach (var i in batch)
                {
                    var row = ErrorRow(page[i], "Calendar", ErrorIds.UnexpectedError, ex.Message + " " + Texts.Advice_UnexpectedError);
                    emitter.Complete(i, Writes(new[] { row }, stats, sink));
                    advance();
                }
            }
        }

        private static List<Action> Writes(IReadOnlyList<CalendarAccessRow> rows, AccessScanStats stats, IOutputSink sink)
        {
            Interlocked.Add(ref stats.RowCount, rows.Count);
            return rows.Select(r => (Action)(() => sink.WriteObject(r))).ToList();
        }

        private static bool ValidMailbox(string mailbox, out CalendarAccessRow? invalid)
        {
            invalid = null;
            if (mailbox.Length == 0)
            {
                invalid = ErrorRow(mailbox, "Calendar", ErrorIds.MissingMailbox, Texts.Error_MissingMailbox + " " + Texts.Advice_MissingMailbox);
                return false;
            }

            try
            {
                CalendarAddress.Default(mailbox);
                if (mailbox.IndexOf('@') < 0 || mailbox.IndexOf(":\\", StringComparison.Ordinal) >= 0)
                {
                    throw new FormatException();
                }

                return true;
            }
            catch (FormatException)
            {
                invalid = ErrorRow(mailbox, "Calendar", ErrorIds.InvalidMailbox, Texts.Format(nameof(Texts.Error_InvalidMailbox), mailbox) + " " + Texts.Advice_InvalidMailbox);
                return false;
            }
        }

        // ------------------------------------------------------------------ one batch

        /// <summary>Reads a batch of mailboxes: per mailbox its rows and whether a failure among them may pass on a later run.</summary>
        private async Task<IReadOnlyList<(IReadOnlyList<CalendarAccessRow> Rows, bool MayPass)>> ReadBatchAsync(
            IReadOnlyList<string> mailboxes, bool includeSecondary, AdaptiveConcurrencyLimiter limiter, IOutputSink sink, CancellationToken cancellationToken)
        {
            var result = new (IReadOnlyList<CalendarAccessRow> Rows, bool MayPass)[mailboxes.Count];

            // 1. The calendars of each mailbox: one request for the batch.
            IReadOnlyList<BackendResult<IReadOnlyList<CalendarAddress>>> lists;
            try
            {
                lists = await CallAsync(limiter, t => scan.ListCalendarsAsync(mailboxes, includeSecondary, t), cancellationToken).ConfigureAwait(false);
            }
            catch (BackendException ex)
            {
                for (var k = 0; k < mailboxes.Count; k++)
                {
                    result[k] = (new[] { ErrorRow(mailboxes[k], "Calendar", ex.Error) }, ex.Error.IsTransient || IsConnectionLevel(ex.Error));
                }

                return result;
            }

            // 2. The permissions of every calendar of the batch: the backend batches them (EWS GetFolder, MaxBatchSize folders per request).
            var addresses = new List<(int Mailbox, CalendarAddress Address)>();
            for (var k = 0; k < mailboxes.Count; k++)
            {
                var list = k < lists.Count ? lists[k] : BackendResult<IReadOnlyList<CalendarAddress>>.Fail(new BackendError(BackendErrorCode.ServerFault, $"No calendar list came back for {mailboxes[k]}."));
                if (!list.IsSuccess)
                {
                    result[k] = (new[] { ErrorRow(mailboxes[k], "Calendar", list.Error!) }, list.Error!.IsTransient || IsConnectionLevel(list.Error!));
                    continue;
                }

                foreach (var address in list.Value!)
                {
                    addresses.Add((k, address));
                }
            }

            IReadOnlyList<BackendResult<CalendarPermissionSet>> sets = Array.Empty<BackendResult<CalendarPermissionSet>>();
            BackendError? setsFailed = null;
            if (addresses.Count > 0)
            {
                try
                {
                    sets = await CallAsync(limiter, t => permissions.GetPermissionsAsync(addresses.Select(a => a.Address).ToList(), t), cancellationToken).ConfigureAwait(false);
                }
                catch (BackendException ex)
                {
                    setsFailed = ex.Error;
                }
            }

            // 3. Per mailbox: rows of each calendar, then delegates, publishing and Full Access where the connection has them.
            //    The mailboxes of the batch side by side (EWS GetDelegate names one mailbox per request); the limiter keeps
            //    the requests in flight within what the server accepts.
            await Task.WhenAll(Enumerable.Range(0, mailboxes.Count).Where(k => result[k].Rows == null).Select(ReadMailboxAsync)).ConfigureAwait(false);
            return result;

            async Task ReadMailboxAsync(int k)
            {
                var mailbox = mailboxes[k];
                var rows = new List<CalendarAccessRow>();
                var mayPass = false;
                var mine = addresses.Select((a, index) => (a, index)).Where(x => x.a.Mailbox == k).ToList();
                var read = new List<CalendarPermissionSet>();
                foreach (var (a, index) in mine)
                {
                    var error = setsFailed ?? (index < sets.Count ? sets[index].Error : new BackendError(BackendErrorCode.ServerFault, $"No permissions came back for {a.Address.DisplayText}."));
                    if (error != null)
                    {
                        rows.Add(ErrorRow(mailbox, CalendarText(a.Address), error, a.Address));
                        mayPass |= error.IsTransient || IsConnectionLevel(error);
                        continue;
                    }

                    read.Add(sets[index].Value!);
                }

                if (read.Count > 0)
                {
                    mayPass |= await MailboxRowsAsync(mailbox, read, rows, limiter, sink, cancellationToken).ConfigureAwait(false);
                }

                result[k] = (rows, mayPass);
            }
        }

        private async Task<bool> MailboxRowsAsync(string mailbox, IReadOnlyList<CalendarPermissionSet> sets, List<CalendarAccessRow> rows, AdaptiveConcurrencyLimiter limiter, IOutputSink sink, CancellationToken cancellationToken)
        {
            var mayPass = false;
            var owner = sets[0].Mailbox;
            var defaultSet = sets.FirstOrDefault(s => s.IsDefaultCalendar);

            // Delegates reach the calendar only through their folder entry (EWS GetDelegate reads the level back from it), so
            // they are read only where the default calendar has an entry a delegate can hold: that is where the flags matter.
            // A delegate is a user of the organisation's directory (AddDelegate refuses anyone else with ErrorDelegateNoUser:
            // https://learn.microsoft.com/exchange/client-developer/exchange-web-services/handling-delegation-related-errors-in-ews-in-exchange),
            // so an outsider's entry needs no GetDelegate.
            DelegateList? delegates = null;
            if (Delegates != null && defaultSet != null && defaultSet.Entries.Any(e => e.Principal.Kind == PrincipalKind.Internal && DelegateCapable(e.Role)))
            {
                try
                {
                    delegates = await CallAsync(limiter, t => Delegates.GetDelegatesAsync(owner, t), cancellationToken).ConfigureAwait(false);
                }
                catch (BackendException ex)
                {
                    rows.Add(ErrorRow(owner, defaultSet.CalendarName, ex.Error, defaultSet.Address, AccessPath.Delegate));
                    mayPass |= ex.Error.IsTransient || IsConnectionLevel(ex.Error);
                }
            }

            var publishing = Publishing == null ? null : await PublishingAsync(owner, sets, limiter, cancellationToken).ConfigureAwait(false);
            var fullAccess = MailboxAccess == null ? null : await FullAccessAsync(owner, limiter, cancellationToken).ConfigureAwait(false);

            foreach (var set in sets)
            {
                var delegateByAddress = set.IsDefaultCalendar && delegates != null
                    ? delegates.Delegates.GroupBy(d => d.Address, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase)
                    : new Dictionary<string, DelegateEntry>(StringComparer.OrdinalIgnoreCase);
                var shown = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var entry in set.Entries)
                {
                    if (entry.Role == CalendarRole.None && entry.Principal.Kind != PrincipalKind.Default)
                    {
                        continue; // grants nothing; the Default entry always shows, so every calendar read has a row
                    }

                    var row = Row(set, entry.Principal);
                    row.Role = entry.Role;
                    row.CanViewPrivateItems = entry.CanViewPrivateItems || entry.Role == CalendarRole.DelegateCanViewPrivate;
                    row.Path = entry.Principal.Kind == PrincipalKind.Default ? AccessPath.Default
                        : entry.Principal.Kind == PrincipalKind.Anonymous ? AccessPath.Anonymous
                        : entry.IsDelegate ? AccessPath.Delegate
                        : AccessPath.FolderEntry;
                    if (entry.Principal.Address != null && delegateByAddress.TryGetValue(entry.Principal.Address, out var d))
                    {
                        row.Path = AccessPath.Delegate;
                        row.CanViewPrivateItems |= d.ViewPrivateItems == true;
                        row.ReceivesMeetingRequests = ReceivesMeetingRequests(d, delegates!.Delivery);
                        shown.Add(d.Address);
                    }

                    rows.Add(row);
                }

                // A delegate whose calendar level the folder does not show as an entry (a Custom level, say).
                foreach (var d in delegateByAddress.Values.Where(d => !shown.Contains(d.Address) && d.Calendar is DelegateFolderRole level && level != DelegateFolderRole.None))
                {
                    rows.Add(new CalendarAccessRow(set.Mailbox, set.CalendarName)
                    {
                        CalendarId = set.CalendarId,
                        IsDefaultCalendar = set.IsDefaultCalendar,
                        Principal = d.Address,
                        PrincipalDisplayName = d.DisplayName,
                        PrincipalKind = PrincipalKind.Internal,
                        Path = AccessPath.Delegate,
                        Role = RoleOf(d.Calendar!.Value),
                        CanViewPrivateItems = d.ViewPrivateItems == true,
                        ReceivesMeetingRequests = ReceivesMeetingRequests(d, delegates!.Delivery),
                    });
                }

                if (publishing != null && publishing.TryGetValue(set, out var published))
                {
                    if (published.Error != null)
                    {
                        rows.Add(ErrorRow(set.Mailbox, set.CalendarName, published.Error, set.Address, AccessPath.Publishing));
                        mayPass |= published.Error.IsTransient || IsConnectionLevel(published.Error);
                    }
                    else if (published.Row != null)
                    {
                        rows.Add(published.Row);
                    }
                }

                if (fullAccess != null)
                {
                    if (fullAccess.Value.Error != null)
                    {
                        if (set.IsDefaultCalendar)
                        {
                            rows.Add(ErrorRow(set.Mailbox, set.CalendarName, fullAccess.Value.Error, set.Address, AccessPath.FullAccess));
                            mayPass |= fullAccess.Value.Error.IsTransient || IsConnectionLevel(fullAccess.Value.Error);
                        }
                    }
                    else
                    {
                        foreach (var user in fullAccess.Value.Users)
                        {
                            var row = Row(set, Principal.User(user));
                            row.Path = AccessPath.FullAccess;
                            row.Role = CalendarRole.Owner;
                            row.CanViewPrivateItems = true;
                            rows.Add(row);
                        }
                    }
                }
            }

            foreach (var row in rows.Where(r => r.ErrorId == null))
            {
                Classify(row);
            }

            await ComparePolicyAsync(owner, rows, sink, cancellationToken).ConfigureAwait(false);
            return mayPass;
        }

        private static bool DelegateCapable(CalendarRole role) =>
            role == CalendarRole.Delegate || role == CalendarRole.DelegateCanViewPrivate || role == CalendarRole.Editor
            || role == CalendarRole.Author || role == CalendarRole.Reviewer;

        private static bool? ReceivesMeetingRequests(DelegateEntry d, MeetingRequestDelivery? delivery) =>
            delivery == MeetingRequestDelivery.NoForward ? false : d.ReceiveMeetingCopies;

        private static CalendarRole? RoleOf(DelegateFolderRole level)
        {
            switch (level)
            {
                case DelegateFolderRole.Reviewer: return CalendarRole.Reviewer;
                case DelegateFolderRole.Author: return CalendarRole.Author;
                case DelegateFolderRole.Editor: return CalendarRole.Editor;
                default: return null;
            }
        }

        private static CalendarAccessRow Row(CalendarPermissionSet set, Principal principal) =>
            new CalendarAccessRow(set.Mailbox, set.CalendarName)
            {
                CalendarId = set.CalendarId,
                IsDefaultCalendar = set.IsDefaultCalendar,
                Principal = principal.Name,
                PrincipalDisplayName = principal.IsDistinguished ? null : principal.DisplayName,
                PrincipalKind = principal.Kind,
            };

        /// <summary>Internal, External (with its domain), Anonymous or Published.</summary>
        internal static void Classify(CalendarAccessRow row)
        {
            if (row.Path == AccessPath.Publishing)
            {
                row.Exposure = AccessExposure.Published;
                return;
            }

            switch (row.PrincipalKind)
            {
                case PrincipalKind.Anonymous:
                    row.Exposure = row.Role is CalendarRole r && r != CalendarRole.None ? AccessExposure.Anonymous : AccessExposure.Internal;
                    break;
                case PrincipalKind.External:
                    row.Exposure = AccessExposure.External;
                    var at = row.Principal?.LastIndexOf('@') ?? -1;
                    row.Domain = at >= 0 ? row.Principal!.Substring(at + 1).ToLowerInvariant() : row.Principal;
                    break;
                default:
                    row.Exposure = AccessExposure.Internal;
                    break;
            }
        }

        // ------------------------------------------------------------------ sharing policy

        /// <summary>
        /// External rows: the mailbox's policy entry for the domain (else * for a federated one, else Anonymous); Anonymous
        /// and Published rows: its Anonymous entry (anonymous access and publishing are what that entry allows:
        /// https://learn.microsoft.com/exchange/sharing/sharing-policies/sharing-policies). The policy read once per run.
        /// </summary>
        private async Task ComparePolicyAsync(string owner, List<CalendarAccessRow> rows, IOutputSink sink, CancellationToken cancellationToken)
        {
            foreach (var row in rows.Where(r => r.ErrorId == null && r.Exposure != AccessExposure.Internal && r.Role is CalendarRole role && role != CalendarRole.None))
            {
                if (policy == null)
                {
                    row.Policy = Texts.AccessScan_PolicyNotChecked;
                    continue;
                }

                var address = row.Exposure == AccessExposure.External && row.Principal != null ? row.Principal : SharingPolicyDomains.Anonymous;
                SharingVerdict verdict;
                await policyGate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    verdict = await policy.EvaluateAsync(owner, address, row.Role!.Value, cancellationToken).ConfigureAwait(false);
                }
                catch (BackendException ex)
                {
                    if (Interlocked.Exchange(ref policyWarned, 1) == 0)
                    {
                        sink.WriteWarning(Texts.Format(nameof(Texts.Warning_AccessScanPolicyUnread), owner, ex.Error.Message));
                    }

                    row.Policy = Texts.AccessScan_PolicyNotChecked;
                    continue;
                }
                finally
                {
                    policyGate.Release();
                }

                row.Policy = verdict.Policy;
                row.PolicyLimit = verdict.Highest;
                row.OverPolicy = !verdict.Allowed;
            }
        }

        // ------------------------------------------------------------------ publishing and Full Access

        private sealed class Published
        {
            public CalendarAccessRow? Row { get; set; }

            public BackendError? Error { get; set; }
        }

        private async Task<Dictionary<CalendarPermissionSet, Published>?> PublishingAsync(string owner, IReadOnlyList<CalendarPermissionSet> sets, AdaptiveConcurrencyLimiter limiter, CancellationToken cancellationToken)
        {
            var result = new Dictionary<CalendarPermissionSet, Published>();
            IExchangeCommandExecutor? x;
            try
            {
                x = await Publishing!.ExecutorForAsync(owner, cancellationToken).ConfigureAwait(false);
            }
            catch (BackendException ex)
            {
                foreach (var set in sets)
                {
                    result[set] = new Published { Error = ex.Error };
                }

                return result;
            }

            if (x == null)
            {
                return null;
            }

            IReadOnlyList<IReadOnlyDictionary<string, object?>> folders;
            try
            {
                folders = (await CallAsync(limiter, t => x.InvokeAsync(PublishingCommandBuilder.GetCalendarFolders(owner), t), cancellationToken).ConfigureAwait(false)).Objects;
            }
            catch (BackendException ex)
            {
                foreach (var set in sets)
                {
                    result[set] = new Published { Error = ex.Error };
                }

                return result;
            }

            foreach (var set in sets)
            {
                var folder = set.IsDefaultCalendar
                    ? folders.FirstOrDefault(f => string.Equals(ExchangeBags.Text(f, "FolderType"), "Calendar", StringComparison.OrdinalIgnoreCase))
                    : folders.FirstOrDefault(f => string.Equals(ExchangeBags.Text(f, "Name"), set.CalendarName, StringComparison.OrdinalIgnoreCase));
                if (folder == null)
                {
                    continue;
                }

                var identity = PublishingCommandBuilder.FolderIdentity(owner, ExchangeBags.Text(folder, "FolderPath") ?? "/" + set.CalendarName);
                try
                {
                    var read = await CallAsync(limiter, t => x.InvokeAsync(PublishingCommandBuilder.GetCalendarFolder(identity), t), cancellationToken).ConfigureAwait(false);
                    var o = read.Objects.FirstOrDefault();
                    if (o == null || !ExchangeBags.Flag(o, "PublishEnabled"))
                    {
                        continue;
                    }

                    PublishingCommands.TryParseLevel(ExchangeBags.Text(o, "DetailLevel"), out var level);
                    var from = ExchangeBags.Text(o, "PublishDateRangeFrom");
                    var to = ExchangeBags.Text(o, "PublishDateRangeTo");
                    result[set] = new Published
                    {
                        Row = new CalendarAccessRow(set.Mailbox, set.CalendarName)
                        {
                            CalendarId = set.CalendarId,
                            IsDefaultCalendar = set.IsDefaultCalendar,
                            Principal = "Published",
                            PrincipalKind = PrincipalKind.Anonymous,
                            Path = AccessPath.Publishing,
                            Role = level == PublishingDetailLevel.FullDetails ? CalendarRole.Reviewer : level == PublishingDetailLevel.LimitedDetails ? CalendarRole.LimitedDetails : CalendarRole.AvailabilityOnly,
                            PublishedDetail = $"{level}, {from ?? "?"} back, {to ?? "?"} ahead",
                        },
                    };
                }
                catch (BackendException ex)
                {
                    result[set] = new Published { Error = ex.Error };
                }
            }

            return result;
        }

        private async Task<(IReadOnlyList<string> Users, BackendError? Error)?> FullAccessAsync(string owner, AdaptiveConcurrencyLimiter limiter, CancellationToken cancellationToken)
        {
            try
            {
                var x = await MailboxAccess!.ExecutorForAsync(owner, cancellationToken).ConfigureAwait(false);
                if (x == null)
                {
                    return null;
                }

                var read = await CallAsync(limiter, t => x.InvokeAsync(ExchangeCommandBuilder.GetFullAccess(owner), t), cancellationToken).ConfigureAwait(false);
                var users = read.Objects
                    .Where(o => !ExchangeBags.Flag(o, "Deny") && !ExchangeBags.Flag(o, "IsInherited")
                        && ExchangeBags.List(o, "AccessRights").Any(r => string.Equals(r, "FullAccess", StringComparison.OrdinalIgnoreCase)))
                    .Select(o => ExchangeBags.Text(o, "User") ?? string.Empty)
                    .Where(u => u.Length > 0 && !u.StartsWith("NT AUTHORITY\\", StringComparison.OrdinalIgnoreCase) && !u.StartsWith("S-1-5-", StringComparison.OrdinalIgnoreCase))
                    .Distinct(StringComparer.OrdinalIgnoreCase)
                    .ToList();
                return (users, null);
            }
            catch (BackendException ex)
            {
                return (Array.Empty<string>(), ex.Error);
            }
        }

        // ------------------------------------------------------------------ requests within the budget

        /// <summary>One request through the concurrency limiter; a back-off answer halves the limit and is tried again within <see cref="Retry"/>.</summary>
        private async Task<T> CallAsync<T>(AdaptiveConcurrencyLimiter limiter, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        {
            var budget = new RetryBudget(Retry);
            while (true)
            {
                var lease = await limiter.AcquireAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    var value = await call(cancellationToken).ConfigureAwait(false);
                    lease.Dispose();
                    return value;
                }
                catch (BackendException ex) when (ex.Error.Code == BackendErrorCode.Throttled || ex.Error.Code == BackendErrorCode.Transient)
                {
                    lease.BackOff();
                    if (!budget.TryNextAttempt(null, out var delay))
                    {
                        throw;
                    }

                    await RetryBudget.DelayAsync(delay, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    lease.Dispose();
                    throw;
                }
            }
        }

        /// <summary>
        /// The scan's batches side by side: at most <c>width</c> at once over the whole scan, across page boundaries (a page
        /// no longer waits for its slowest batch before the next page starts). A failing batch never stops the others: its
        /// exception goes to the caller's handler. Once the scan is stopped no batch starts; the running ones finish.
        /// </summary>
        private sealed class BatchPipeline
        {
            private readonly SemaphoreSlim slots;
            private readonly List<Task> running = new List<Task>();

            public BatchPipeline(int width)
            {
                slots = new SemaphoreSlim(Math.Max(1, width));
            }

            /// <summary>Waits for a free slot and starts <paramref name="body"/> in it; false when the scan was stopped first.</summary>
            public async Task<bool> StartAsync<T>(Func<CancellationToken, Task> body, T item, Action<T, Exception> onError, CancellationToken cancellationToken)
            {
                try
                {
                    await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }

                var task = RunAsync();
                lock (running)
                {
                    running.RemoveAll(t => t.IsCompleted);
                    running.Add(task);
                }

                return true;

                async Task RunAsync()
                {
                    try
                    {
                        await body(cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        // Reported once, by the scan.
                    }
                    catch (Exception ex)
                    {
                        onError(item, ex);
                    }
                    finally
                    {
                        slots.Release();
                    }
                }
            }

            /// <summary>Completes when every batch started so far has finished.</summary>
            public Task DrainAsync()
            {
                lock (running)
                {
                    return Task.WhenAll(running.ToArray());
                }
            }
        }

        /// <summary>Rows in mailbox order over the whole scan: mailboxes finish in any order, each one's rows leave once every earlier mailbox's have.</summary>
        private sealed class ScanOrder
        {
            private readonly object gate = new object();
            private readonly Dictionary<long, List<Action>> pending = new Dictionary<long, List<Action>>();
            private long next;

            /// <summary>The numbering of one page, whose first mailbox is number <paramref name="first"/> of the scan.</summary>
            public PageOrder Page(long first) => new PageOrder(this, first);

            private void Complete(long index, List<Action> writes)
            {
                lock (gate)
                {
                    pending[index] = writes;
                    while (pending.TryGetValue(next, out var ready))
                    {
                        pending.Remove(next);
                        foreach (var write in ready)
                        {
                            write();
                        }

                        next++;
                    }
                }
            }

            public sealed class PageOrder
            {
                private readonly ScanOrder order;
                private readonly long first;

                public PageOrder(ScanOrder order, long first)
                {
                    this.order = order;
                    this.first = first;
                }

                /// <summary>Mailbox <paramref name="index"/> of the page is done; these are its writes.</summary>
                public void Complete(int index, List<Action> writes) => order.Complete(first + index, writes);
            }
        }

        // ------------------------------------------------------------------ error rows

        private static bool IsConnectionLevel(BackendError error) =>
            error.Code == BackendErrorCode.Connection || error.Code == BackendErrorCode.Authentication || error.Code == BackendErrorCode.Canceled;

        private static string CalendarText(CalendarAddress address) => address.CalendarName ?? address.FolderId ?? "Calendar";

        private static CalendarAccessRow ErrorRow(string mailbox, string calendar, BackendError error, CalendarAddress? address = null, AccessPath path = AccessPath.FolderEntry)
        {
            var (id, _, advice) = ErrorCatalog.Describe(error.Code);
            var row = ErrorRow(mailbox, calendar, id, error.Message + " " + advice);
            row.Path = path;
            row.IsDefaultCalendar = address?.IsDefaultCalendar ?? true;
            row.CalendarId = address?.FolderId;
            return row;
        }

        private static CalendarAccessRow ErrorRow(string mailbox, string calendar, string errorId, string error) =>
            new CalendarAccessRow(mailbox, calendar) { ErrorId = errorId, Error = error };
    }
}
