using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Permissions;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Access
{
    /// <summary>
    /// Names as admins type them for the access cmdlets (-Mailbox of the report, -User of the reverse view, -Owner/-Viewer
    /// of Test-CalendarSharing, -From/-To of Copy-CalendarAccess): an alias or a display name ("alice", "Alice Jones") is
    /// resolved to the SMTP address it names through the connection's directory (EWS ResolveNames, Graph users), with the
    /// rules of <see cref="MailboxNameResolver"/> (what needs resolving, once per distinct name). Unlike the permission
    /// cmdlets, where a name left as typed fails at the read that follows, these cmdlets compare addresses (a scan's rows,
    /// a user's entries), so a name that names no single mailbox or user is reported here, with the directory's reason.
    /// </summary>
    public static class AccessNames
    {
        /// <summary>True for an alias or a display name (no '@'), which the directory has to turn into an address.</summary>
        public static bool NeedsResolving(string? name) => MailboxNameResolver.NeedsResolving(name);

        /// <summary>
        /// For each distinct name of <paramref name="names"/> that needs resolving: the principal it names, or why it names
        /// none (not found, ambiguous, the directory could not be asked). Names that are addresses are not in the answer.
        /// </summary>
        public static async Task<IReadOnlyDictionary<string, BackendResult<Principal>>> ResolveAsync(ICalendarBackend directory, IEnumerable<string?> names, CancellationToken cancellationToken)
        {
            if (directory is null)
            {
                throw new ArgumentNullException(nameof(directory));
            }

            var result = new Dictionary<string, BackendResult<Principal>>(StringComparer.OrdinalIgnoreCase);
            var pending = (names ?? Array.Empty<string?>())
                .Where(NeedsResolving)
                .Select(n => MailboxNameResolver.MailboxPart(n!))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();
            if (pending.Count == 0)
            {
                return result;
            }

            IReadOnlyList<BackendResult<Principal>> answers;
            try
            {
                answers = await directory.ResolvePrincipalsAsync(pending, cancellationToken).ConfigureAwait(false);
            }
            catch (BackendException ex)
            {
                foreach (var name in pending)
                {
                    result[name] = BackendResult<Principal>.Fail(ex.Error);
                }

                return result;
            }

            for (var i = 0; i < pending.Count; i++)
            {
                var answer = i < answers.Count ? answers[i] : BackendResult<Principal>.Fail(new BackendError(BackendErrorCode.PrincipalNotFound, Texts.Format(nameof(Texts.Error_AccessNameNotResolved), pending[i], "-")));
                result[pending[i]] = answer.IsSuccess && string.IsNullOrEmpty(answer.Value!.Address)
                    ? BackendResult<Principal>.Fail(new BackendError(BackendErrorCode.PrincipalNotFound, Texts.Format(nameof(Texts.Error_AccessNameNotResolved), pending[i], answer.Value.Name)))
                    : answer;
            }

            return result;
        }

        /// <summary>
        /// The address <paramref name="name"/> stands for: itself when it is an address (or empty), else what
        /// <paramref name="resolved"/> says; null with <paramref name="error"/> when it names no single mailbox or user.
        /// "alias:\Calendar" keeps its calendar part.
        /// </summary>
        public static string? AddressOf(string? name, IReadOnlyDictionary<string, BackendResult<Principal>> resolved, out BackendError? error)
        {
            error = null;
            var text = (name ?? string.Empty).Trim();
            if (!NeedsResolving(text))
            {
                return text;
            }

            var part = MailboxNameResolver.MailboxPart(text);
            if (!resolved.TryGetValue(part, out var answer))
            {
                error = new BackendError(BackendErrorCode.PrincipalNotFound, Texts.Format(nameof(Texts.Error_AccessNameNotResolved), text, "-"));
                return null;
            }

            if (!answer.IsSuccess)
            {
                var code = answer.Error!.Code == BackendErrorCode.MailboxNotFound || answer.Error.Code == BackendErrorCode.InvalidInput
                    ? BackendErrorCode.PrincipalNotFound
                    : answer.Error.Code;
                error = new BackendError(code, Texts.Format(nameof(Texts.Error_AccessNameNotResolved), text, answer.Error.Message), answer.Error.ServerCode);
                return null;
            }

            return MailboxNameResolver.WithAddress(text, answer.Value!.Address ?? string.Empty);
        }
    }
}
