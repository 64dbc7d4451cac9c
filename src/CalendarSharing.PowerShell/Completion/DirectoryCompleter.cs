using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Permissions;

namespace CalendarSharing.PowerShell.Completion
{
    /// <summary>
    /// Mailboxes and users from the connection's directory (EWS ResolveNames with the typed prefix), offered as SMTP
    /// addresses with the display name as tooltip. Bounded: at most <see cref="MaxResults"/> results, and the prompt
    /// waits at most <see cref="Budget"/> for the server; a search still running then goes on in the background and
    /// fills the cache for the next Tab. Cached per connection and prefix for <see cref="CacheLifetime"/>; a shorter
    /// prefix whose answer was complete answers a longer one without asking the server again.
    /// </summary>
    public class MailboxCompleter : IArgumentCompleter
    {
        public const int MaxResults = 50;

        public static readonly TimeSpan Budget = TimeSpan.FromSeconds(1);

        public static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(5);

        private const int MaxCacheEntries = 256;

        private static readonly ConcurrentDictionary<(Guid, string), CacheEntry> Cache = new ConcurrentDictionary<(Guid, string), CacheEntry>();

        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            CompletionText.Safely(() =>
            {
                var prefix = MailboxPrefix(CompletionText.Unquote(wordToComplete));
                var found = Extra(prefix).Select(e => CompletionText.Result(e)).ToList();
                if (prefix.Length > 0)
                {
                    var (key, backend) = CompletionConnection.Find(fakeBoundParameters);
                    if (backend is IDirectorySearch search)
                    {
                        found.AddRange(Lookup(key, search, prefix)
                            .Where(p => !string.IsNullOrEmpty(p.Address))
                            .Select(p => CompletionText.Result(p.Address!, string.IsNullOrEmpty(p.DisplayName) ? p.Address : $"{p.DisplayName} <{p.Address}>")));
                    }
                }

                return found.Take(MaxResults);
            });

        /// <summary>Principals that are not in the directory but may be typed here (Default, Anonymous for -User).</summary>
        protected virtual IEnumerable<string> Extra(string prefix) => Array.Empty<string>();

        /// <summary>The mailbox part of "alice:\Calendar" being typed.</summary>
        private static string MailboxPrefix(string word)
        {
            var sep = word.IndexOf(":\\", StringComparison.Ordinal);
            return (sep >= 0 ? word.Substring(0, sep) : word).Trim();
        }

        private static IReadOnlyList<Principal> Lookup(Guid connection, IDirectorySearch search, string prefix)
        {
            var now = DateTime.UtcNow;
            var key = (connection, prefix.ToLowerInvariant());

            // A shorter prefix already answered completely: filter it here.
            for (var n = prefix.Length - 1; n > 0; n--)
            {
                if (Cache.TryGetValue((connection, key.Item2.Substring(0, n)), out var shorter) && shorter.IsFresh(now) &&
                    shorter.Task.Status == TaskStatus.RanToCompletion && shorter.Task.Result.Count < MaxResults)
                {
                    return shorter.Task.Result.Where(p => Matches(p, prefix)).ToList();
                }
            }

            if (!Cache.TryGetValue(key, out var entry) || !entry.IsFresh(now) || entry.Task.IsFaulted || entry.Task.IsCanceled)
            {
                if (Cache.Count > MaxCacheEntries)
                {
                    Cache.Clear();
                }

                // The search outlives the budget so that the next Tab finds it in the cache, but not forever.
                var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                var task = Task.Run(() => search.SearchAsync(prefix, MaxResults, cts.Token));
                task.ContinueWith(_ => cts.Dispose(), TaskScheduler.Default);
                entry = new CacheEntry(task, now);
                Cache[key] = entry;
            }

            // Never block the prompt longer than the budget; give what there is.
            if (!entry.Task.Wait(Budget) || entry.Task.Status != TaskStatus.RanToCompletion)
            {
                return Array.Empty<Principal>();
            }

            return entry.Task.Result;
        }

        private static bool Matches(Principal p, string prefix) =>
            (p.Address ?? string.Empty).StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ||
            (p.DisplayName ?? string.Empty).StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ||
            (p.DisplayName ?? string.Empty).Split(' ').Any(w => w.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

        private sealed class CacheEntry
        {
            public CacheEntry(Task<IReadOnlyList<Principal>> task, DateTime created)
            {
                Task = task;
                Created = created;
            }

            public Task<IReadOnlyList<Principal>> Task { get; }

            public DateTime Created { get; }

            public bool IsFresh(DateTime now) => now - Created < CacheLifetime;
        }
    }

    /// <summary>-User / -Delegate: the directory, plus Default and Anonymous where the cmdlet accepts them.</summary>
    public sealed class UserCompleter : MailboxCompleter
    {
        protected override IEnumerable<string> Extra(string prefix) =>
            new[] { "Default", "Anonymous" }.Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
    }
}
