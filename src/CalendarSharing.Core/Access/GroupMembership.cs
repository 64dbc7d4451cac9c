using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Connections;

namespace CalendarSharing.Core.Access
{
    /// <summary>One member of a group, or one group a user belongs to.</summary>
    public sealed class GroupMember
    {
        public GroupMember(string address, string? displayName, bool isGroup)
        {
            Address = (address ?? throw new ArgumentNullException(nameof(address))).Trim();
            DisplayName = displayName;
            IsGroup = isGroup;
        }

        /// <summary>Primary SMTP address.</summary>
        public string Address { get; }

        public string? DisplayName { get; }

        /// <summary>A (nested) group rather than a user or contact.</summary>
        public bool IsGroup { get; }

        public override string ToString() => IsGroup ? Address + " (group)" : Address;
    }

    /// <summary>One page of the groups a user belongs to.</summary>
    public sealed class GroupPage
    {
        public GroupPage(IReadOnlyList<GroupMember> groups, string? nextPageToken)
        {
            Groups = groups ?? throw new ArgumentNullException(nameof(groups));
            NextPageToken = nextPageToken;
        }

        public IReadOnlyList<GroupMember> Groups { get; }

        /// <summary>Null on the last page.</summary>
        public string? NextPageToken { get; }
    }

    /// <summary>
    /// The GroupMembership capability: who is in a group, as far as the protocol shows it. EWS: ExpandDL, one group's direct
    /// members per call (nested groups come back as members to expand in turn; "Recursive expansion is not supported",
    /// https://learn.microsoft.com/exchange/client-developer/web-service-reference/expanddl-operation). Graph: a user's
    /// transitiveMemberOf, every group through nesting in one paged read
    /// (https://learn.microsoft.com/graph/api/user-list-transitivememberof). The loops (recursion, cycles, concurrency,
    /// paging) are <see cref="GroupMembershipResolver"/>'s.
    /// </summary>
    public interface IGroupMembershipBackend
    {
        /// <summary>True when <see cref="ListGroupsOfAsync"/> answers (Graph); false when only groups can be expanded (EWS).</summary>
        bool ListsGroupsOfUser { get; }

        /// <summary>One page of every group <paramref name="user"/> is in, nested ones included; <paramref name="pageToken"/> null = the first page.</summary>
        /// <exception cref="BackendException">The user is not found (PrincipalNotFound), the read was refused, or this protocol cannot list them (NotSupported).</exception>
        Task<GroupPage> ListGroupsOfAsync(string user, string? pageToken, int pageSize, CancellationToken cancellationToken);

        /// <summary>The direct members of a group; PrincipalNotFound (as a failed result) when the address names no group.</summary>
        Task<BackendResult<IReadOnlyList<GroupMember>>> ExpandGroupAsync(string group, CancellationToken cancellationToken);
    }

    /// <summary>What <see cref="GroupMembershipResolver.GroupsContainingAsync"/> found for one user.</summary>
    public sealed class GroupAnswer
    {
        public GroupAnswer(IReadOnlyList<GroupMember> groups, IReadOnlyList<(string Group, BackendError Error)> unread)
        {
            Groups = groups;
            Unread = unread;
        }

        /// <summary>The candidate groups that hold the user, directly or through nested groups.</summary>
        public IReadOnlyList<GroupMember> Groups { get; }

        /// <summary>Groups whose members could not be read (the user may be in them), each with why.</summary>
        public IReadOnlyList<(string Group, BackendError Error)> Unread { get; }
    }

    /// <summary>
    /// Which of the groups a scan shows (the principals of its entries that name no scanned mailbox) hold a user. With a
    /// protocol that lists a user's groups (Graph) one paged read per user; otherwise each candidate group is expanded
    /// once for every user asked about (ExpandDL), nested groups in turn, at most <see cref="MaxConcurrency"/> at a time, a
    /// group that comes round again (a nesting cycle) not again. An address that names no group is simply not one.
    /// </summary>
    public sealed class GroupMembershipResolver
    {
        private readonly IGroupMembershipBackend backend;
        private readonly ConcurrentDictionary<string, Task<BackendResult<IReadOnlyList<GroupMember>>>> expanded =
            new ConcurrentDictionary<string, Task<BackendResult<IReadOnlyList<GroupMember>>>>(StringComparer.OrdinalIgnoreCase);

        public GroupMembershipResolver(IGroupMembershipBackend backend, int maxConcurrency = 4)
        {
            this.backend = backend ?? throw new ArgumentNullException(nameof(backend));
            MaxConcurrency = Math.Max(1, maxConcurrency);
        }

        public int MaxConcurrency { get; }

        /// <summary>A resolver over the connection's GroupMembership capability, or null when it does not declare one.</summary>
        public static GroupMembershipResolver? For(ConnectionServices services) =>
            (services ?? throw new ArgumentNullException(nameof(services))).Find<IGroupMembershipBackend>(ConnectionCapabilities.GroupMembership) is IGroupMembershipBackend backend
                ? new GroupMembershipResolver(backend, services.Info.MaxConcurrency)
                : null;

        /// <summary>Page size for a user's groups (Graph $top).</summary>
        public int PageSize { get; set; } = 100;

        /// <summary>The groups expanded so far (tests: each group once).</summary>
        public int ExpandedCount => expanded.Count;

        /// <summary>The candidates that hold <paramref name="user"/>, directly or nested (the answer also names groups it could not read).</summary>
        /// <exception cref="BackendException">A user's groups could not be listed (Graph).</exception>
        public async Task<GroupAnswer> GroupsContainingAsync(string user, IReadOnlyCollection<string> candidates, CancellationToken cancellationToken)
        {
            var wanted = new HashSet<string>(candidates.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()), StringComparer.OrdinalIgnoreCase);
            if (wanted.Count == 0)
            {
                return new GroupAnswer(Array.Empty<GroupMember>(), Array.Empty<(string, BackendError)>());
            }

            if (backend.ListsGroupsOfUser)
            {
                var groups = new List<GroupMember>();
                string? token = null;
                do
                {
                    var page = await backend.ListGroupsOfAsync(user, token, PageSize, cancellationToken).ConfigureAwait(false);
                    groups.AddRange(page.Groups.Where(g => wanted.Contains(g.Address)));
                    token = page.NextPageToken;
                }
                while (token != null);

                return new GroupAnswer(groups.GroupBy(g => g.Address, StringComparer.OrdinalIgnoreCase).Select(g => g.First()).ToList(), Array.Empty<(string, BackendError)>());
            }

            await ExpandAllAsync(wanted, cancellationToken).ConfigureAwait(false);
            var holding = new List<GroupMember>();
            var unread = new List<(string, BackendError)>();
            foreach (var candidate in wanted)
            {
                var result = expanded[candidate].Result;
                if (!result.IsSuccess)
                {
                    if (result.Error!.Code != BackendErrorCode.PrincipalNotFound)
                    {
                        unread.Add((candidate, result.Error));
                    }

                    continue;
                }

                if (Holds(candidate, user, new HashSet<string>(StringComparer.OrdinalIgnoreCase), unread))
                {
                    holding.Add(new GroupMember(candidate, null, isGroup: true));
                }
            }

            return new GroupAnswer(holding, unread.Distinct().ToList());
        }

        /// <summary>Expands the groups and every group nested in them, wave by wave, each once.</summary>
        private async Task ExpandAllAsync(IEnumerable<string> groups, CancellationToken cancellationToken)
        {
            using (var gate = new SemaphoreSlim(MaxConcurrency))
            {
                var wave = groups.ToList();
                while (wave.Count > 0)
                {
                    var tasks = wave.Select(g => expanded.GetOrAdd(g, name => ExpandOneAsync(name, gate, cancellationToken))).ToList();
                    var results = await Task.WhenAll(tasks).ConfigureAwait(false);
                    wave = results.Where(r => r.IsSuccess)
                        .SelectMany(r => r.Value!)
                        .Where(m => m.IsGroup && !expanded.ContainsKey(m.Address))
                        .Select(m => m.Address)
                        .Distinct(StringComparer.OrdinalIgnoreCase)
                        .ToList();
                }
            }
        }

        private async Task<BackendResult<IReadOnlyList<GroupMember>>> ExpandOneAsync(string group, SemaphoreSlim gate, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await backend.ExpandGroupAsync(group, cancellationToken).ConfigureAwait(false);
            }
            catch (BackendException ex)
            {
                return BackendResult<IReadOnlyList<GroupMember>>.Fail(ex.Error);
            }
            finally
            {
                gate.Release();
            }
        }

        /// <summary>True when <paramref name="user"/> is in <paramref name="group"/> or a group nested in it (a cycle stops at a group seen before).</summary>
        private bool Holds(string group, string user, HashSet<string> seen, List<(string, BackendError)> unread)
        {
            if (!seen.Add(group) || !expanded.TryGetValue(group, out var task))
            {
                return false;
            }

            var result = task.Result;
            if (!result.IsSuccess)
            {
                if (result.Error!.Code != BackendErrorCode.PrincipalNotFound)
                {
                    unread.Add((group, result.Error));
                }

                return false;
            }

            foreach (var member in result.Value!)
            {
                if (string.Equals(member.Address, user, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return result.Value!.Where(m => m.IsGroup).Any(m => Holds(m.Address, user, seen, unread));
        }
    }
}
