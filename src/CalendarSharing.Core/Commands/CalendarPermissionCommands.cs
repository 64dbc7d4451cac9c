using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Output;
using CalendarSharing.Core.Permissions;
using CalendarSharing.Core.Resources;
using CalendarSharing.Core.Roles;

namespace CalendarSharing.Core.Commands
{
    /// <summary>
    /// What Get-CalendarPermission, Set-CalendarShare and Remove-CalendarShare do. The cmdlets only
    /// declare parameters and hand rows over; everything else happens here, reported through the sink.
    /// A bad row is an error naming that row; every other row still runs.
    /// </summary>
    public sealed class CalendarPermissionCommands
    {
        /// <summary>Progress is reported only for more rows than this.</summary>
        public const int ProgressThreshold = 5;

        private readonly ICalendarBackend backend;

        public CalendarPermissionCommands(ICalendarBackend backend)
        {
            this.backend = backend ?? throw new ArgumentNullException(nameof(backend));
        }

        /// <summary>The organisation's sharing policy, checked before a role is granted to someone outside it (null: the server alone decides).</summary>
        public Sharing.SharingPolicyGate? SharingPolicy { get; set; }

        /// <summary>Writes one CalendarPermission per entry of each calendar (only the row's User when one is given).</summary>
        public async Task GetAsync(IReadOnlyList<ShareRequest> calendars, IOutputSink sink, CancellationToken cancellationToken)
        {
            await MailboxNameResolver.ResolveAsync(backend, calendars, cancellationToken).ConfigureAwait(false);
            var valid = new List<(ShareRequest Row, CalendarAddress Address)>();
            foreach (var row in calendars)
            {
                if (TryParseAddress(row, sink, out var address))
                {
                    valid.Add((row, address!));
                }
            }

            var batches = BulkRunner.Chunk(valid, backend.Info.MaxBatchSize);
            var emitter = new OrderedEmitter(batches.Count);
            var indices = Enumerable.Range(0, batches.Count).ToList();
            await BulkRunner.RunAsync(
                indices,
                backend.Info.MaxConcurrency,
                async (i, token) =>
                {
                    var batch = batches[i];
                    var writes = new List<Action>();
                    try
                    {
                        var results = await backend.GetPermissionsAsync(batch.Select(b => b.Address).ToList(), token).ConfigureAwait(false);
                        for (var j = 0; j < batch.Count; j++)
                        {
                            var (row, address) = batch[j];
                            var result = results[j];
                            if (!result.IsSuccess)
                            {
                                var error = ErrorCatalog.FromBackend(result.Error!, row, address.DisplayText, null);
                                writes.Add(() => sink.WriteError(error));
                                continue;
                            }

                            var set = result.Value!;
                            foreach (var entry in set.Entries.Where(e => MatchesUser(e.Principal, row.User)))
                            {
                                var output = ToOutput(set, entry);
                                writes.Add(() => sink.WriteObject(output));
                            }
                        }
                    }
                    catch (BackendException ex)
                    {
                        writes.AddRange(batch.Select(b => (Action)(() => sink.WriteError(ErrorCatalog.FromBackend(ex.Error, b.Row, b.Address.DisplayText, null, ex)))));
                    }

                    emitter.Complete(i, writes);
                },
                (i, ex) => emitter.Complete(i, batches[i].Select(b => (Action)(() => sink.WriteError(ErrorCatalog.Unexpected(ex, b.Row, b.Address.DisplayText)))).ToList()),
                cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Upserts each row; writes one CalendarShareResult per row and an error for each row that failed.</summary>
        public Task SetAsync(IReadOnlyList<ShareRequest> rows, IOutputSink sink, CancellationToken cancellationToken) =>
            ChangeAsync(rows, removal: false, sink, cancellationToken);

        /// <summary>Removes each row's entry; Default and Anonymous cannot be removed and are set to None instead.</summary>
        public Task RemoveAsync(IReadOnlyList<ShareRequest> rows, IOutputSink sink, CancellationToken cancellationToken) =>
            ChangeAsync(rows, removal: true, sink, cancellationToken);

        private async Task ChangeAsync(IReadOnlyList<ShareRequest> rows, bool removal, IOutputSink sink, CancellationToken cancellationToken)
        {
            var activity = removal ? "Removing calendar permissions" : "Granting calendar permissions";
            var progress = new ProgressReporter(sink, activity, rows.Count);

            // 1. Parse every row; a bad row is reported and left out. Aliases and display names become SMTP addresses first.
            await MailboxNameResolver.ResolveAsync(backend, rows, cancellationToken).ConfigureAwait(false);
            var parsed = new List<PendingRow>();
            foreach (var row in rows)
            {
                var pending = Parse(row, removal, sink);
                if (pending is null)
                {
                    progress.Advance(1);
                }
                else
                {
                    parsed.Add(pending);
                }
            }

            // 2. Resolve the users in one batch.
            await ResolveAsync(parsed, sink, progress, cancellationToken).ConfigureAwait(false);
            var resolved = parsed.Where(p => p.Principal != null).ToList();

            // 2b. A role for someone outside the organisation must be within the mailbox's sharing policy.
            var verdicts = removal ? null : await Sharing.SharingPolicyCheck.RunAsync(
                SharingPolicy,
                resolved,
                p => (p.Address.Mailbox, p.Principal!, p.Role),
                (p, verdict) =>
                {
                    Fail(sink, p, verdict.ToError(p.Row.Row, p.Row.Source ?? (object?)p.Row.Mailbox, p.Address.DisplayText, ErrorCatalog.Subject(Texts.Error_UserSubject, p.Principal!.Name)));
                    progress.Advance(1);
                },
                sink,
                cancellationToken).ConfigureAwait(false);

            // 3. -WhatIf / -Confirm, per row, now that the target is known.
            var approved = new List<PendingRow>();
            var read = await ReadTargetsAsync(resolved.Select(p => p.Address), cancellationToken).ConfigureAwait(false);
            foreach (var p in resolved)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var action = ShouldProcessText.Action(removal, p.Principal!, PermissionPlanner.Normalise(p.Role, p.Row.CanViewPrivateItems));
                action += !removal && p.Row.SendInvitation ? Texts.ShouldProcess_AndSendInvitation : string.Empty;
                if (verdicts != null && verdicts.TryGetValue(p, out var verdict))
                {
                    action += " (" + verdict.Describe() + ")";
                }

                if (sink.ShouldProcess(TargetName(read, p.Address), action))
                {
                    approved.Add(p);
                }
                else
                {
                    progress.Advance(1);
                }
            }

            // 4. One change set per calendar, rows in input order; batches of calendars run concurrently.
            var sets = approved.GroupBy(p => p.Address).Select(g => g.ToList()).ToList();
            var batches = BulkRunner.Chunk(sets, backend.Info.MaxBatchSize);
            var emitter = new OrderedEmitter(batches.Count);
            await BulkRunner.RunAsync(
                Enumerable.Range(0, batches.Count).ToList(),
                backend.Info.MaxConcurrency,
                async (i, token) =>
                {
                    var writes = await ApplyBatchAsync(batches[i], removal, read, sink, token).ConfigureAwait(false);
                    emitter.Complete(i, writes);
                    progress.Advance(batches[i].Sum(s => s.Count));
                },
                (i, ex) =>
                {
                    var writes = new List<Action>();
                    foreach (var p in batches[i].SelectMany(s => s))
                    {
                        var error = ErrorCatalog.Unexpected(ex, p.Row, p.Address.DisplayText);
                        writes.Add(() => Fail(sink, p, error));
                    }

                    emitter.Complete(i, writes);
                    progress.Advance(batches[i].Sum(s => s.Count));
                },
                cancellationToken).ConfigureAwait(false);

            progress.Complete();
        }

        /// <summary>
        /// Reads each distinct default calendar once, in batches run side by side: the sets name the target of -WhatIf and
        /// -Confirm the way the result names it (the default calendar is addressed by its well-known id, so its display
        /// name, Kalender or Calendrier, is known only once read: ARCHITECTURE.md section 4), and the applier plans on them
        /// with their version, so a run reads each calendar once (a conflict still re-reads). A calendar that cannot be read
        /// here keeps its typed text and is read again by the applier, which reports why.
        /// </summary>
        private async Task<IReadOnlyDictionary<CalendarAddress, CalendarPermissionSet>> ReadTargetsAsync(IEnumerable<CalendarAddress> addresses, CancellationToken cancellationToken)
        {
            var read = new System.Collections.Concurrent.ConcurrentDictionary<CalendarAddress, CalendarPermissionSet>();
            var batches = BulkRunner.Chunk(addresses.Where(a => a.IsDefaultCalendar).Distinct().ToList(), backend.Info.MaxBatchSize);
            await BulkRunner.RunAsync(
                batches,
                backend.Info.MaxConcurrency,
                async (batch, token) =>
                {
                    IReadOnlyList<BackendResult<CalendarPermissionSet>> results;
                    try
                    {
                        results = await backend.ReadPermissionSetsAsync(batch, token).ConfigureAwait(false);
                    }
                    catch (BackendException)
                    {
                        return;
                    }

                    for (var i = 0; i < batch.Count && i < results.Count; i++)
                    {
                        if (results[i].IsSuccess)
                        {
                            read[batch[i]] = results[i].Value!;
                        }
                    }
                },
                (batch, ex) => { },
                cancellationToken).ConfigureAwait(false);
            return read;
        }

        /// <summary>The calendar's name as read, else the address as typed.</summary>
        private static string TargetName(IReadOnlyDictionary<CalendarAddress, CalendarPermissionSet> read, CalendarAddress address) =>
            read.TryGetValue(address, out var set) && !string.IsNullOrEmpty(set.CalendarName) ? set.Mailbox + "\\" + set.CalendarName : address.DisplayText;

        private async Task<List<Action>> ApplyBatchAsync(IReadOnlyList<List<PendingRow>> sets, bool removal, IReadOnlyDictionary<CalendarAddress, CalendarPermissionSet> read, IOutputSink sink, CancellationToken cancellationToken)
        {
            var writes = new List<Action>();
            var changeSets = sets
                .Select(s => new CalendarChangeSet(
                    s[0].Address,
                    s.Select(p => new PermissionChange(p.Principal!, removal ? (CalendarRole?)null : p.Role, p.Row.CanViewPrivateItems) { SendInvitation = !removal && p.Row.SendInvitation }).ToList()))
                .ToList();

            IReadOnlyList<BackendResult<CalendarChangeResult>> results;
            try
            {
                sink.WriteVerbose($"Applying {changeSets.Sum(c => c.Changes.Count)} change(s) to {changeSets.Count} calendar(s): {string.Join(", ", changeSets.Select(c => c.Calendar.DisplayText))}.");
                results = await new PermissionApplier(backend).ApplyAsync(changeSets, read, cancellationToken).ConfigureAwait(false);
            }
            catch (BackendException ex)
            {
                foreach (var p in sets.SelectMany(s => s))
                {
                    var error = ErrorCatalog.FromBackend(ex.Error, p.Row, p.Address.DisplayText, p.Principal!.Name, ex);
                    writes.Add(() => Fail(sink, p, error));
                }

                return writes;
            }

            for (var i = 0; i < sets.Count; i++)
            {
                var set = sets[i];
                var result = results[i];
                if (!result.IsSuccess)
                {
                    foreach (var p in set)
                    {
                        var error = ErrorCatalog.FromBackend(result.Error!, p.Row, p.Address.DisplayText, p.Principal!.Name);
                        writes.Add(() => Fail(sink, p, error));
                    }

                    continue;
                }

                var calendar = result.Value!.Calendar;
                for (var j = 0; j < set.Count; j++)
                {
                    var p = set[j];
                    var outcome = result.Value.Outcomes[j];
                    var output = new CalendarShareResult(calendar.Mailbox, calendar.CalendarName, p.Principal!.Name, outcome.Action)
                    {
                        Role = outcome.NewRole,
                        PreviousRole = outcome.PreviousRole,
                        Row = p.Row.Row,
                        Message = outcome.Message,
                        InvitationSent = outcome.InvitationSent,
                    };

                    if (outcome.Action == ShareAction.Failed)
                    {
                        var error = ErrorCatalog.FromBackend(
                            new BackendError(outcome.ErrorCode ?? BackendErrorCode.RoleNotAllowed, outcome.Message ?? "The change was refused."),
                            p.Row,
                            calendar.Mailbox + "\\" + calendar.CalendarName,
                            p.Principal.Name);
                        writes.Add(() =>
                        {
                            sink.WriteError(error);
                            sink.WriteObject(output);
                        });
                        continue;
                    }

                    var line = $"{calendar.Mailbox}\\{calendar.CalendarName}: {p.Principal.Name} {outcome.Action} ({outcome.PreviousRole?.ToString() ?? "no entry"} -> {outcome.NewRole}).";
                    writes.Add(() =>
                    {
                        sink.WriteVerbose(line);
                        sink.WriteObject(output);
                    });
                }
            }

            return writes;
        }

        private async Task ResolveAsync(List<PendingRow> rows, IOutputSink sink, ProgressReporter progress, CancellationToken cancellationToken)
        {
            foreach (var p in rows)
            {
                p.Principal = Principal.TryParseDistinguished(p.Row.User);
            }

            var names = rows.Where(p => p.Principal is null).Select(p => p.Row.User!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (names.Count == 0)
            {
                return;
            }

            var resolved = new Dictionary<string, BackendResult<Principal>>(StringComparer.OrdinalIgnoreCase);
            try
            {
                var results = await backend.ResolvePrincipalsAsync(names, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < names.Count; i++)
                {
                    resolved[names[i]] = results[i];
                }
            }
            catch (BackendException ex)
            {
                foreach (var name in names)
                {
                    resolved[name] = BackendResult<Principal>.Fail(ex.Error);
                }
            }

            foreach (var p in rows.Where(r => r.Principal is null))
            {
                var result = resolved[p.Row.User!.Trim()];
                if (result.IsSuccess)
                {
                    p.Principal = result.Value;
                    continue;
                }

                Fail(sink, p, ErrorCatalog.FromBackend(result.Error!, p.Row, p.Address.DisplayText, p.Row.User));
                progress.Advance(1);
            }
        }

        private static PendingRow? Parse(ShareRequest row, bool removal, IOutputSink sink)
        {
            if (!TryParseAddress(row, sink, out var address))
            {
                return null;
            }

            if (string.IsNullOrWhiteSpace(row.User))
            {
                Report(sink, row, address!, ErrorCatalog.InvalidRow(ErrorIds.MissingUser, row, Texts.Error_MissingUser, Texts.Advice_MissingUser));
                return null;
            }

            var role = CalendarRole.None;
            if (!removal)
            {
                // One role, in any spelling, an Exchange AccessRights array, or Editor + SharingPermissionFlags.
                var parsedRole = RoleInput.Parse(row.Role, row.SharingPermissionFlags);
                if (!parsedRole.IsSuccess)
                {
                    Report(sink, row, address!, ErrorCatalog.InvalidRow(parsedRole.ErrorId!, row, parsedRole.Message!, parsedRole.Advice!));
                    return null;
                }

                role = parsedRole.Role;
            }

            return new PendingRow(row, address!, role);
        }

        private static bool TryParseAddress(ShareRequest row, IOutputSink sink, out CalendarAddress? address)
        {
            address = null;
            if (string.IsNullOrWhiteSpace(row.Mailbox))
            {
                Report(sink, row, null, ErrorCatalog.InvalidRow(ErrorIds.MissingMailbox, row, Texts.Error_MissingMailbox, Texts.Advice_MissingMailbox));
                return false;
            }

            try
            {
                address = CalendarAddress.Parse(row.Mailbox!, row.Calendar);
                return true;
            }
            catch (FormatException ex)
            {
                Report(sink, row, null, ErrorCatalog.InvalidRow(ErrorIds.InvalidMailbox, row, ex.Message, Texts.Advice_InvalidMailbox));
                return false;
            }
        }

        private static void Report(IOutputSink sink, ShareRequest row, CalendarAddress? address, OperationError error)
        {
            sink.WriteError(error);
            sink.WriteObject(new CalendarShareResult(address?.Mailbox ?? row.Mailbox ?? string.Empty, address?.CalendarName ?? "Calendar", row.User ?? string.Empty, ShareAction.Failed)
            {
                Row = row.Row,
                Message = error.Message,
            });
        }

        private static void Fail(IOutputSink sink, PendingRow p, OperationError error) => Report(sink, p.Row, p.Address, error);

        private static bool MatchesUser(Principal principal, string? filter)
        {
            if (string.IsNullOrWhiteSpace(filter))
            {
                return true;
            }

            var wanted = Principal.TryParseDistinguished(filter);
            if (wanted != null)
            {
                return principal.Equals(wanted);
            }

            var f = filter!.Trim();
            return string.Equals(principal.Address, f, StringComparison.OrdinalIgnoreCase)
                || string.Equals(principal.DisplayName, f, StringComparison.OrdinalIgnoreCase)
                || (principal.Address != null && f.IndexOf('@') < 0 && principal.Address.StartsWith(f + "@", StringComparison.OrdinalIgnoreCase));
        }

        private CalendarPermission ToOutput(CalendarPermissionSet set, PermissionEntry entry) =>
            new CalendarPermission(set.Mailbox, set.CalendarName, entry.Principal.Name, entry.Principal.Kind, entry.Role)
            {
                DisplayName = entry.Principal.DisplayName,
                CanViewPrivateItems = entry.CanViewPrivateItems || entry.Role == CalendarRole.DelegateCanViewPrivate,
                Source = backend.Info.SourceName,
                CalendarId = set.CalendarId,
            };

        private sealed class PendingRow
        {
            public PendingRow(ShareRequest row, CalendarAddress address, CalendarRole role)
            {
                Row = row;
                Address = address;
                Role = role;
            }

            public ShareRequest Row { get; }

            public CalendarAddress Address { get; }

            public CalendarRole Role { get; }

            public Principal? Principal { get; set; }
        }
    }
}
