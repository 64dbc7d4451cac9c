using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Permissions;
using Microsoft.Graph.Models;

namespace CalendarSharing.Online.Graph
{
    /// <summary>
    /// The directory through GET /users with $filter (https://learn.microsoft.com/graph/api/user-list): a name that
    /// is neither an address, a user principal name nor an object id is looked for as an alias (mailNickname) or a
    /// display name, as EWS ResolveNames finds it; tab completion asks for the entries a prefix starts.
    /// </summary>
    public sealed partial class GraphCalendarBackend : IDirectorySearch
    {
        /// <summary>Not an address, UPN or object id: Graph's users/{id} cannot find it, a $filter can.</summary>
        private static bool IsBareName(string text) => text.IndexOf('@') < 0 && !Guid.TryParse(text, out _);

        /// <summary>An OData string literal: single quotes doubled (https://docs.oasis-open.org/odata/odata/v4.01/odata-v4.01-part2-url-conventions.html#sec_URLComponents).</summary>
        internal static string Literal(string value) => "'" + value.Replace("'", "''") + "'";

        /// <summary>The step that finds a bare name: at most two, so that a second match makes it ambiguous.</summary>
        private GraphStep FindByName(string text)
        {
            var literal = Literal(text);
            return new GraphStep(
                requests.FindUsers($"mailNickname eq {literal} or displayName eq {literal}", 2),
                $"Cannot find '{text}' in the directory",
                NotFoundMeans.Principal);
        }

        /// <summary>The answer of <see cref="FindByName"/>: one user, or PrincipalAmbiguous / PrincipalNotFound.</summary>
        private async Task<BackendResult<Principal>> ReadByNameAsync(string text, GraphStep step, CancellationToken cancellationToken)
        {
            var users = await ReadUsersAsync(step, cancellationToken).ConfigureAwait(false);
            if (users.Count == 1)
            {
                return BackendResult<Principal>.Ok(ToPrincipal(users[0], text));
            }

            if (users.Count > 1)
            {
                return BackendResult<Principal>.Fail(new BackendError(
                    BackendErrorCode.PrincipalAmbiguous,
                    $"'{text}' matches more than one user: {string.Join(", ", users.Select(u => ToPrincipal(u, text).Address))}. Give the SMTP address."));
            }

            return BackendResult<Principal>.Fail(new BackendError(
                BackendErrorCode.PrincipalNotFound,
                $"No one in the directory of {organizationDomain ?? "the organisation"} has the alias or display name '{text}'. Give the user's SMTP address, user principal name, alias or display name."));
        }

        public async Task<IReadOnlyList<Principal>> SearchAsync(string prefix, int max, CancellationToken cancellationToken)
        {
            var text = (prefix ?? string.Empty).Trim();
            if (text.Length == 0 || max <= 0)
            {
                return Array.Empty<Principal>();
            }

            // $top on users is 1..999 (https://learn.microsoft.com/graph/api/user-list#optional-query-parameters).
            var literal = Literal(text);
            var step = new GraphStep(
                requests.FindUsers($"startswith(displayName,{literal}) or startswith(mail,{literal}) or startswith(mailNickname,{literal})", Math.Min(max, 999)),
                $"Cannot search the directory for '{text}'",
                NotFoundMeans.Principal);
            await gateway.ExecuteAsync(new[] { step }, cancellationToken).ConfigureAwait(false);
            if (!step.IsSuccess)
            {
                throw new BackendException(step.Error ?? UnexpectedStatus(step));
            }

            return (await ReadUsersAsync(step, cancellationToken).ConfigureAwait(false))
                .Where(u => !string.IsNullOrEmpty(u.Mail) || !string.IsNullOrEmpty(u.UserPrincipalName))
                .Select(u => ToPrincipal(u, text))
                .Take(max)
                .ToList();
        }

        private static async Task<IReadOnlyList<User>> ReadUsersAsync(GraphStep step, CancellationToken cancellationToken)
        {
            var page = await step.ParseAsync(UserCollectionResponse.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
            return page?.Value ?? new List<User>();
        }

        private static Principal ToPrincipal(User user, string text)
        {
            var address = !string.IsNullOrEmpty(user.Mail) ? user.Mail! : !string.IsNullOrEmpty(user.UserPrincipalName) ? user.UserPrincipalName! : text;
            return Principal.User(address, user.DisplayName, external: false, serverId: user.Id);
        }
    }
}
