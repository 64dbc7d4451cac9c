using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;

namespace CalendarSharing.Core.Permissions
{
    /// <summary>
    /// What a connection's directory said about each name it was asked, kept for the connection's life so a name is
    /// looked up once whichever command or capability asks (a CSV naming the same user on a thousand rows, or
    /// Set-CalendarShare after Get-CalendarPermission). Only principals found are kept: "no such user" or "more than one
    /// match" is asked again by the next command (the admin may just have created the user), as is a throttled, failed
    /// or cancelled lookup; within one command each name is asked once anyway. Concurrent requests for the same name
    /// share one lookup. Thread-safe; one per connection.
    /// </summary>
    public sealed class PrincipalResolutionCache
    {
        private readonly ConcurrentDictionary<string, Lazy<Task<BackendResult<Principal>>>> entries =
            new ConcurrentDictionary<string, Lazy<Task<BackendResult<Principal>>>>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Names answered so far (for tests and diagnostics).</summary>
        public int Count => entries.Count;

        /// <summary>
        /// Resolves <paramref name="names"/>, one result per name in order. Names not yet known are handed to
        /// <paramref name="resolve"/> together (once each, duplicates removed), so a backend may batch them.
        /// </summary>
        public async Task<IReadOnlyList<BackendResult<Principal>>> ResolveAsync(
            IReadOnlyList<string> names,
            Func<IReadOnlyList<string>, CancellationToken, Task<IReadOnlyList<BackendResult<Principal>>>> resolve,
            CancellationToken cancellationToken)
        {
            if (names == null)
            {
                throw new ArgumentNullException(nameof(names));
            }

            var keys = names.Select(n => (n ?? string.Empty).Trim()).ToList();
            var mine = new Dictionary<string, TaskCompletionSource<BackendResult<Principal>>>(StringComparer.OrdinalIgnoreCase);
            var lookups = new Task<BackendResult<Principal>>[keys.Count];
            for (var i = 0; i < keys.Count; i++)
            {
                var key = keys[i];
                if (mine.TryGetValue(key, out var own))
                {
                    lookups[i] = own.Task;
                    continue;
                }

                var source = new TaskCompletionSource<BackendResult<Principal>>(TaskCreationOptions.RunContinuationsAsynchronously);
                var candidate = new Lazy<Task<BackendResult<Principal>>>(() => source.Task);
                var entry = entries.GetOrAdd(key, candidate);
                if (ReferenceEquals(entry, candidate))
                {
                    mine[key] = source;
                }

                lookups[i] = entry.Value;
            }

            if (mine.Count > 0)
            {
                var asked = mine.Keys.ToList();
                try
                {
                    var answers = await resolve(asked, cancellationToken).ConfigureAwait(false);
                    for (var i = 0; i < asked.Count; i++)
                    {
                        var answer = answers[i];
                        if (!IsSettled(answer))
                        {
                            Forget(asked[i]);
                        }

                        mine[asked[i]].TrySetResult(answer);
                    }
                }
                catch (Exception ex)
                {
                    foreach (var key in asked)
                    {
                        Forget(key);
                        if (ex is OperationCanceledException)
                        {
                            mine[key].TrySetCanceled();
                        }
                        else
                        {
                            mine[key].TrySetException(ex);
                        }
                    }

                    throw;
                }
            }

            return await Task.WhenAll(lookups).ConfigureAwait(false);
        }

        /// <summary>Drops every answer (for example after the directory changed under a long-lived connection).</summary>
        public void Clear() => entries.Clear();

        private void Forget(string key) => entries.TryRemove(key, out _);

        private static bool IsSettled(BackendResult<Principal> answer) => answer.IsSuccess;
    }
}
