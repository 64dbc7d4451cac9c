using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CalendarSharing.Core.Commands
{
    /// <summary>
    /// Runs work items with bounded concurrency. A failing item never stops the others: its exception goes
    /// to <paramref name="onError"/>. Cancellation stops starting new items and surfaces as
    /// OperationCanceledException once the running ones have returned.
    /// </summary>
    public static class BulkRunner
    {
        public static async Task RunAsync<T>(
            IReadOnlyList<T> items,
            int maxConcurrency,
            Func<T, CancellationToken, Task> body,
            Action<T, Exception> onError,
            CancellationToken cancellationToken)
        {
            if (items.Count == 0)
            {
                return;
            }

            using var gate = new SemaphoreSlim(Math.Max(1, maxConcurrency));
            var running = new List<Task>(items.Count);
            foreach (var item in items)
            {
                try
                {
                    await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                running.Add(RunOneAsync(item));
            }

            await Task.WhenAll(running).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();

            async Task RunOneAsync(T item)
            {
                try
                {
                    await body(item, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Reported once, by the caller.
                }
                catch (Exception ex)
                {
                    onError(item, ex);
                }
                finally
                {
                    gate.Release();
                }
            }
        }

        /// <summary>Splits a list into consecutive chunks of at most <paramref name="size"/>.</summary>
        public static IReadOnlyList<IReadOnlyList<T>> Chunk<T>(IReadOnlyList<T> items, int size)
        {
            size = Math.Max(1, size);
            var chunks = new List<IReadOnlyList<T>>((items.Count + size - 1) / size);
            for (var i = 0; i < items.Count; i += size)
            {
                chunks.Add(items.Skip(i).Take(size).ToList());
            }

            return chunks;
        }
    }
}
