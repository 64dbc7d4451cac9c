using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Permissions;
using CalendarSharing.Core.Resilience;

namespace CalendarSharing.Core.Routing
{
    /// <summary>Where a mailbox lives in a hybrid organisation.</summary>
    public enum MailboxLocation
    {
        OnPremises,
        Online,
    }

    /// <summary>
    /// A hybrid organisation behind one backend: each mailbox goes to the connection that hosts it. A home hint (the
    /// sandbox knows each mailbox's home) answers first; otherwise the mailbox is looked for online, and one that Graph
    /// does not host (404 MailboxNotEnabledForRESTAPI / unknown) is taken to the on-premises connection. Each decision is
    /// made once per mailbox and reported through <see cref="Trace"/> (-Verbose).
    /// </summary>
    public sealed partial class RoutingBackend : ICalendarBackend
    {
        private readonly ICalendarBackend onPremises;
        private readonly ICalendarBackend online;
        private readonly Func<string, MailboxLocation?>? homeHint;
        private readonly ConcurrentDictionary<string, MailboxLocation> routes;
        private readonly ConcurrentDictionary<string, bool> reported = new ConcurrentDictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        private readonly bool ownsBackends;

        /// <summary>A routing backend that owns both backends (disposes them) and keeps its own routes.</summary>
        public RoutingBackend(ICalendarBackend onPremises, ICalendarBackend online, Func<string, MailboxLocation?>? homeHint = null, Action<string>? trace = null)
            : this(onPremises, online, homeHint, trace, routes: null, ownsBackends: true)
        {
        }

        /// <summary>
        /// A routing backend over two backends. <paramref name="routes"/>, when given, is a route cache shared with
        /// other routing backends over the same pair (so a mailbox found once is not looked for again); a route taken
        /// from it is still reported once per routing backend. When <paramref name="ownsBackends"/> is false,
        /// <see cref="Dispose"/> leaves both backends open (they belong to the session's connections).
        /// </summary>
        public RoutingBackend(
            ICalendarBackend onPremises,
            ICalendarBackend online,
            Func<string, MailboxLocation?>? homeHint,
            Action<string>? trace,
            ConcurrentDictionary<string, MailboxLocation>? routes,
            bool ownsBackends)
        {
            this.onPremises = onPremises ?? throw new ArgumentNullException(nameof(onPremises));
            this.online = online ?? throw new ArgumentNullException(nameof(online));
            this.homeHint = homeHint;
            this.routes = routes ?? new ConcurrentDictionary<string, MailboxLocation>(StringComparer.OrdinalIgnoreCase);
            this.ownsBackends = ownsBackends;
            Trace = trace;
            Info = new BackendInfo(online.Info.Kind, onPremises.Info.Endpoint + " + " + online.Info.Endpoint, online.Info.UserName ?? onPremises.Info.UserName)
            {
                SourceName = onPremises.Info.SourceName + "+" + online.Info.SourceName,
                MaxConcurrency = Math.Max(1, Math.Min(onPremises.Info.MaxConcurrency, online.Info.MaxConcurrency)),
                MaxBatchSize = Math.Max(1, Math.Min(onPremises.Info.MaxBatchSize, online.Info.MaxBatchSize)),
                Organization = onPremises.Info.Organization ?? online.Info.Organization,
                ServerVersion = Join(onPremises.Info.ServerVersion, online.Info.ServerVersion),
            };
        }

        /// <summary>The backend that serves on-premises mailboxes.</summary>
        public ICalendarBackend OnPremises => onPremises;

        /// <summary>The backend that serves Exchange Online mailboxes.</summary>
        public ICalendarBackend Online => online;

        public BackendInfo Info { get; }

        /// <summary>Receives "alice@contoso.com: on-premises (EWS https://…)" once per mailbox.</summary>
        public Action<string>? Trace { get; set; }

        /// <summary>Where a mailbox was routed, once known.</summary>
        public MailboxLocation? RouteOf(string mailbox) => routes.TryGetValue(mailbox.Trim(), out var l) ? l : (MailboxLocation?)null;

        public async Task ConnectAsync(CancellationToken cancellationToken)
        {
            await onPremises.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await online.ConnectAsync(cancellationToken).ConfigureAwait(false);
            Info.ServerVersion = Join(onPremises.Info.ServerVersion, online.Info.ServerVersion);
        }

        public Task<IReadOnlyList<BackendResult<CalendarPermissionSet>>> GetPermissionsAsync(IReadOnlyList<CalendarAddress> calendars, CancellationToken cancellationToken) =>
            RouteAsync(calendars, c => c.Mailbox, (b, items, t) => b.GetPermissionsAsync(items, t), r => r.Error, cancellationToken);

        /// <summary>Versioned reads, each mailbox on its side (a read also settles where an unknown mailbox lives).</summary>
        public Task<IReadOnlyList<BackendResult<CalendarPermissionSet>>> ReadPermissionSetsAsync(IReadOnlyList<CalendarAddress> calendars, CancellationToken cancellationToken) =>
            RouteAsync(calendars, c => c.Mailbox, (b, items, t) => b.ReadPermissionSetsAsync(items, t), r => r.Error, cancellationToken);

        /// <summary>
        /// Writes, each calendar to the side it was read from (the applier reads before it writes, so the route is known;
        /// a write never goes looking). Each side's writes go to it whole, so EWS still batches them.
        /// </summary>
        public async Task<IReadOnlyList<PermissionWriteAnswer>> WritePermissionSetsAsync(IReadOnlyList<PermissionWrite> writes, CancellationToken cancellationToken)
        {
            var answers = new PermissionWriteAnswer[writes.Count];
            var parts = Enumerable.Range(0, writes.Count).GroupBy(i => SideOf(writes[i].Read.Mailbox)).ToList();
            await Task.WhenAll(parts.Select(async part =>
            {
                var indices = part.ToList();
                var done = await part.Key.WritePermissionSetsAsync(indices.Select(i => writes[i]).ToList(), cancellationToken).ConfigureAwait(false);
                for (var k = 0; k < indices.Count; k++)
                {
                    answers[indices[k]] = done[k];
                }
            })).ConfigureAwait(false);
            return answers;
        }

        /// <summary>What the calendar's side cannot express (an invitation on premises, a role Graph lacks).</summary>
        public ChangeOutcome? Refuse(CalendarPermissionSet set, PermissionChange change) => SideOf(set.Mailbox).Refuse(set, change);

        /// <summary>The delegate capability of the mailbox's side.</summary>
        public IDelegateBackend? DelegatesFor(string mailbox) => SideOf(mailbox).DelegatesFor(mailbox);

        /// <summary>The on-premises connection's retry budget (a conflict is retried alike on either side).</summary>
        public RetryOptions PermissionRetry => onPremises.PermissionRetry;

        /// <summary>The backend a known mailbox lives on; online when not known (a read settles it first).</summary>
        private ICalendarBackend SideOf(string mailbox) => Known(mailbox) == MailboxLocation.OnPremises ? onPremises : online;

        /// <summary>Directory lookups: online first (the cloud directory holds both in hybrid), on-premises for what it does not know.</summary>
        public async Task<IReadOnlyList<BackendResult<Principal>>> ResolvePrincipalsAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
        {
            var results = (await online.ResolvePrincipalsAsync(names, cancellationToken).ConfigureAwait(false)).ToArray();
            var missing = Enumerable.Range(0, names.Count).Where(i => !results[i].IsSuccess && results[i].Error!.Code == BackendErrorCode.PrincipalNotFound).ToList();
            if (missing.Count > 0)
            {
                var again = await onPremises.ResolvePrincipalsAsync(missing.Select(i => names[i]).ToList(), cancellationToken).ConfigureAwait(false);
                for (var k = 0; k < missing.Count; k++)
                {
                    if (again[k].IsSuccess)
                    {
                        results[missing[k]] = again[k];
                    }
                }
            }

            return results;
        }

        private MailboxLocation? Known(string mailbox)
        {
            var key = mailbox.Trim();
            if (routes.TryGetValue(key, out var location))
            {
                Report(key, location, "found there earlier in this session");
                return location;
            }

            var hint = homeHint?.Invoke(key);
            if (hint.HasValue)
            {
                Decide(key, hint.Value, "its home");
            }

            return hint;
        }

        private void Decide(string mailbox, MailboxLocation location, string why)
        {
            routes.TryAdd(mailbox, location);
            Report(mailbox, routes.TryGetValue(mailbox, out var settled) ? settled : location, why);
        }

        /// <summary>Writes where a mailbox goes, once per mailbox for this routing backend.</summary>
        private void Report(string mailbox, MailboxLocation location, string why)
        {
            if (reported.TryAdd(mailbox, true))
            {
                var backend = location == MailboxLocation.Online ? online : onPremises;
                Trace?.Invoke($"{mailbox} is {(location == MailboxLocation.Online ? "in Exchange Online" : "on-premises")} ({why}): routed to {backend.Info.SourceName} {backend.Info.Endpoint}.");
            }
        }

        private static string? Join(string? a, string? b) => a is null && b is null ? null : a + " + " + b;

        /// <summary>
        /// Splits the items by where their mailbox lives, runs each part on its backend, and puts the results back in
        /// input order. Items of unknown mailboxes go online first; those Graph does not host go on-premises.
        /// </summary>
        private async Task<IReadOnlyList<BackendResult<T>>> RouteAsync<TItem, T>(
            IReadOnlyList<TItem> items,
            Func<TItem, string> mailboxOf,
            Func<ICalendarBackend, IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<BackendResult<T>>>> run,
            Func<BackendResult<T>, BackendError?> errorOf,
            CancellationToken cancellationToken)
            where T : class
        {
            var results = new BackendResult<T>[items.Count];
            var byTarget = Enumerable.Range(0, items.Count).GroupBy(i => Known(mailboxOf(items[i]))).ToList();

            async Task RunPart(ICalendarBackend backend, List<int> indices)
            {
                if (indices.Count == 0)
                {
                    return;
                }

                var answers = await run(backend, indices.Select(i => items[i]).ToList(), cancellationToken).ConfigureAwait(false);
                for (var k = 0; k < indices.Count; k++)
                {
                    results[indices[k]] = answers[k];
                }
            }

            var tasks = new List<Task>();
            List<int>? unknown = null;
            foreach (var group in byTarget)
            {
                if (group.Key == MailboxLocation.Online)
                {
                    tasks.Add(RunPart(online, group.ToList()));
                }
                else if (group.Key == MailboxLocation.OnPremises)
                {
                    tasks.Add(RunPart(onPremises, group.ToList()));
                }
                else
                {
                    unknown = group.ToList();
                }
            }

            if (unknown != null)
            {
                tasks.Add(RunUnknownAsync());
            }

            await Task.WhenAll(tasks).ConfigureAwait(false);
            return results;

            async Task RunUnknownAsync()
            {
                await RunPart(online, unknown!).ConfigureAwait(false);
                var elsewhere = unknown!.Where(i => errorOf(results[i])?.Code == BackendErrorCode.MailboxNotFound).ToList();
                foreach (var i in unknown!.Except(elsewhere).Where(i => results[i].IsSuccess))
                {
                    Decide(mailboxOf(items[i]).Trim(), MailboxLocation.Online, "found online");
                }

                await RunPart(onPremises, elsewhere).ConfigureAwait(false);
                foreach (var i in elsewhere.Where(i => results[i].IsSuccess))
                {
                    Decide(mailboxOf(items[i]).Trim(), MailboxLocation.OnPremises, "not hosted online, found on-premises");
                }
            }
        }

        public void Dispose()
        {
            if (ownsBackends)
            {
                onPremises.Dispose();
                online.Dispose();
            }
        }
    }
}
