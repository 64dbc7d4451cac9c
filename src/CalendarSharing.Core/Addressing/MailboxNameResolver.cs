using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Commands;

namespace CalendarSharing.Core.Addressing
{
    /// <summary>
    /// Exchange names a mailbox folder as "alias:\Calendar" or "Display Name:\Calendar"
    /// (https://learn.microsoft.com/powershell/module/exchange/get-mailboxfolderpermission, -Identity), and its objects
    /// pipe in that way. EWS and Graph address mailboxes by SMTP address, so a mailbox without '@' is resolved through
    /// the connection's directory (EWS ResolveNames, Graph users) with the backend's ResolvePrincipalsAsync, once per
    /// distinct name, and the row carries the SMTP address from then on. A name that resolves to no single mailbox is
    /// left as typed: the read that follows reports it as MailboxNotFound, naming what the admin typed.
    /// </summary>
    public static class MailboxNameResolver
    {
        /// <summary>The mailbox part of "mailbox" or "mailbox:\Calendar".</summary>
        public static string MailboxPart(string text)
        {
            var sep = text.IndexOf(":\\", StringComparison.Ordinal);
            return (sep >= 0 ? text.Substring(0, sep) : text).Trim();
        }

        /// <summary>The resolved address in place of the name, keeping a folder path (<c>name:\Calendar\Rooms</c>) after it.</summary>
        public static string WithAddress(string text, string address)
        {
            var sep = text.IndexOf(":\\", StringComparison.Ordinal);
            return sep >= 0 ? address + text.Substring(sep) : address;
        }

        /// <summary>True for an alias or a display name: anything that is not an SMTP address or UPN.</summary>
        public static bool NeedsResolving(string? mailbox)
        {
            if (string.IsNullOrWhiteSpace(mailbox))
            {
                return false;
            }

            var part = MailboxPart(mailbox!);
            return part.Length > 0 && part.IndexOf('@') < 0;
        }

        /// <summary>Rewrites, in place, each row whose mailbox is an alias or display name to the SMTP address it names.</summary>
        public static async Task ResolveAsync(ICalendarBackend backend, IReadOnlyList<ShareRequest> rows, CancellationToken cancellationToken)
        {
            if (backend is null)
            {
                throw new ArgumentNullException(nameof(backend));
            }

            var pending = rows.Where(r => NeedsResolving(r.Mailbox)).ToList();
            if (pending.Count == 0)
            {
                return;
            }

            var names = pending.Select(r => MailboxPart(r.Mailbox!)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            IReadOnlyList<BackendResult<Permissions.Principal>> results;
            try
            {
                results = await backend.ResolvePrincipalsAsync(names, cancellationToken).ConfigureAwait(false);
            }
            catch (BackendException)
            {
                // The read that follows meets the same server and reports what is wrong, row by row.
                return;
            }

            var smtp = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < names.Count && i < results.Count; i++)
            {
                var address = results[i].IsSuccess ? results[i].Value?.Address : null;
                if (!string.IsNullOrEmpty(address))
                {
                    smtp[names[i]] = address!;
                }
            }

            foreach (var row in pending)
            {
                var text = row.Mailbox!.Trim();
                if (smtp.TryGetValue(MailboxPart(text), out var address))
                {
                    row.Mailbox = WithAddress(text, address);
                }
            }
        }
    }
}
