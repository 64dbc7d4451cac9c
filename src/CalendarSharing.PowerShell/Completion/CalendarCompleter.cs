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

namespace CalendarSharing.PowerShell.Completion
{
    /// <summary>
    /// -Calendar: the calendar of the mailbox already on the command line, by the name the mailbox gives it (Kalender,
    /// Calendrier), read once per connection and mailbox and bounded like the directory completer. Secondary calendars
    /// are not listed: no backend can enumerate a mailbox's calendar folders yet.
    /// </summary>
    public sealed class CalendarCompleter : IArgumentCompleter
    {
        private static readonly ConcurrentDictionary<(Guid, string), Task<string?>> Cache = new ConcurrentDictionary<(Guid, string), Task<string?>>();

        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            CompletionText.Safely(() =>
            {
                var mailbox = TypedMailbox(fakeBoundParameters);
                if (mailbox is null || mailbox.IndexOf('@') < 0)
                {
                    return Array.Empty<CompletionResult>();
                }

                var (key, backend) = CompletionConnection.Find(fakeBoundParameters);
                if (backend is null)
                {
                    return Array.Empty<CompletionResult>();
                }

                if (Cache.Count > 256)
                {
                    Cache.Clear();
                }

                var task = Cache.GetOrAdd((key, mailbox.ToLowerInvariant()), _ => Task.Run(async () =>
                {
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                    var results = await backend.GetPermissionsAsync(new[] { CalendarAddress.Default(mailbox) }, cts.Token).ConfigureAwait(false);
                    return results.Count == 1 && results[0].IsSuccess ? results[0].Value!.CalendarName : null;
                }));

                if (!task.Wait(MailboxCompleter.Budget) || task.Status != TaskStatus.RanToCompletion || task.Result is null)
                {
                    if (task.IsFaulted || task.IsCanceled || (task.IsCompleted && task.Result is null))
                    {
                        Cache.TryRemove((key, mailbox.ToLowerInvariant()), out _);
                    }

                    return Array.Empty<CompletionResult>();
                }

                return CompletionText.StartingWith(wordToComplete, new[] { task.Result });
            });

        private static string? TypedMailbox(IDictionary? fakeBoundParameters)
        {
            var value = fakeBoundParameters?["Mailbox"];
            if (value is PSObject pso)
            {
                value = pso.BaseObject;
            }

            if (value is IEnumerable items && !(value is string))
            {
                value = items.Cast<object?>().FirstOrDefault();
                value = value is PSObject p ? p.BaseObject : value;
            }

            var text = value?.ToString();
            return string.IsNullOrWhiteSpace(text) ? null : MailboxNameResolver.MailboxPart(text!);
        }
    }
}
