using System;
using System.Collections.Generic;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Diagnostics
{
    /// <summary>An exception and everything under it (inner and aggregated exceptions), for naming a failure's real cause.</summary>
    public static class ExceptionChain
    {
        /// <summary>The exception first, then its inner ones depth first; at most 32.</summary>
        public static IReadOnlyList<Exception> Flatten(Exception ex)
        {
            var list = new List<Exception>();
            var pending = new Stack<Exception>();
            pending.Push(ex);
            while (pending.Count > 0 && list.Count < 32)
            {
                var e = pending.Pop();
                list.Add(e);
                if (e is AggregateException aggregate)
                {
                    for (var i = aggregate.InnerExceptions.Count - 1; i >= 0; i--)
                    {
                        pending.Push(aggregate.InnerExceptions[i]);
                    }
                }
                else if (e.InnerException != null)
                {
                    pending.Push(e.InnerException);
                }
            }

            return list;
        }

        /// <summary>
        /// For -Verbose: each exception under a failure as its type and the first line of its message. Use it only for
        /// exceptions whose messages hold no secret (Azure.Identity, MSAL, sockets and TLS name endpoints, codes and trace
        /// ids, never the secret or the assertion that was sent).
        /// </summary>
        public static IEnumerable<string> VerboseLines(Exception ex)
        {
            var i = 0;
            foreach (var e in Flatten(ex))
            {
                var message = e.Message ?? string.Empty;
                var newline = message.IndexOfAny(new[] { '\r', '\n' });
                yield return Texts.Format(nameof(Texts.SignIn_Verbose), ++i, e.GetType().FullName, newline < 0 ? message : message.Substring(0, newline));
            }
        }
    }
}
