using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Permissions;
using CalendarSharing.Core.Resilience;
using CalendarSharing.Core.Roles;
using CalendarSharing.Ews.Protocol;

namespace CalendarSharing.Ews
{
    /// <summary>
    /// Principal resolution: ResolveNames, once per name per connection.
    /// </summary>
    public sealed partial class EwsCalendarBackend
    {
        /// <summary>Each name is looked up once per connection (see <see cref="PrincipalResolutionCache"/>).</summary>
        public Task<IReadOnlyList<BackendResult<Principal>>> ResolvePrincipalsAsync(IReadOnlyList<string> names, CancellationToken cancellationToken) =>
            resolutions.ResolveAsync(names, ResolveUncachedAsync, cancellationToken);

        private async Task<IReadOnlyList<BackendResult<Principal>>> ResolveUncachedAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
        {
            try
            {
                var failures = new EwsException?[names.Count];
                var tasks = names.Select(async (n, i) =>
                {
                    try
                    {
                        return await ResolveOneAsync(n, cancellationToken).ConfigureAwait(false);
                    }
                    catch (EwsException ex) when (IsPerRequest(ex))
                    {
                        failures[i] = ex;
                        return BackendResult<Principal>.Fail(ErrorOf(ex));
                    }
                }).ToList();
                var results = await Task.WhenAll(tasks).ConfigureAwait(false);
                ThrowIfAllFailed(failures);
                return results;
            }
            catch (EwsException ex)
            {
                throw ex.ToBackendException();
            }
        }

        private async Task<BackendResult<Principal>> ResolveOneAsync(string name, CancellationToken cancellationToken)
        {
            var text = (name ?? string.Empty).Trim();
            if (text.Length == 0)
            {
                return BackendResult<Principal>.Fail(new BackendError(BackendErrorCode.InvalidInput, "The user name is empty. Give an SMTP address, an alias or a display name."));
            }

            var distinguished = Principal.TryParseDistinguished(text);
            if (distinguished != null)
            {
                return BackendResult<Principal>.Ok(distinguished);
            }

            var smtp = LooksLikeSmtp(text);
            if (smtp && organizationDomain != null && IsExternal(text))
            {
                // Outside the organisation: the directory cannot vouch for it; the sharing policy decides at write time.
                return BackendResult<Principal>.Ok(Principal.User(text, null, external: true));
            }

            EwsItemResult<IReadOnlyList<EwsResolution>> answer;
            try
            {
                answer = await client.ExecuteAsync(new ResolveNamesOperation(text), cancellationToken).ConfigureAwait(false);
            }
            catch (EwsFaultException ex) when (smtp && ex.Code == BackendErrorCode.AccessDenied)
            {
                return BackendResult<Principal>.Ok(Principal.User(text, null, IsExternal(text)));
            }

            var candidates = (answer.Value ?? Array.Empty<EwsResolution>()).Where(r => !string.IsNullOrEmpty(r.EmailAddress)).ToList();
            var code = answer.Message.ResponseCode;
            if (smtp)
            {
                var exact = candidates.FirstOrDefault(r => string.Equals(StripSmtp(r.EmailAddress!), text, StringComparison.OrdinalIgnoreCase));
                if (exact != null)
                {
                    return BackendResult<Principal>.Ok(FromResolution(exact));
                }
            }

            if (answer.Message.IsSuccess && candidates.Count == 1)
            {
                return BackendResult<Principal>.Ok(FromResolution(candidates[0]));
            }

            if (code == EwsResponseCodes.ErrorNameResolutionMultipleResults || candidates.Count > 1)
            {
                var list = string.Join(", ", candidates.Take(10).Select(c => $"{c.Name} <{StripSmtp(c.EmailAddress!)}>"));
                return BackendResult<Principal>.Fail(new BackendError(BackendErrorCode.PrincipalAmbiguous, $"'{text}' matches more than one entry: {list}. Give the SMTP address.", EwsResponseCodes.ErrorNameResolutionMultipleResults));
            }

            if (smtp && organizationDomain == null)
            {
                return BackendResult<Principal>.Ok(Principal.User(text, null, external: false));
            }

            return BackendResult<Principal>.Fail(new BackendError(
                BackendErrorCode.PrincipalNotFound,
                $"No one in the directory of {organizationDomain ?? "the organisation"} matches '{text}'. Give an existing user's SMTP address, alias or display name.",
                code.Length == 0 ? EwsResponseCodes.ErrorNameResolutionNoResults : code));
        }

        private Principal FromResolution(EwsResolution r)
        {
            var address = StripSmtp(r.EmailAddress!);
            var external = IsExternal(address) || (organizationDomain == null && (r.MailboxType == EwsMailboxTypes.Contact || r.MailboxType == EwsMailboxTypes.OneOff));
            return Principal.User(address, r.Name, external);
        }

        private static string StripSmtp(string address) => SmtpAddress.StripPrefix(address);

        private static bool LooksLikeSmtp(string text) => SmtpAddress.IsValid(text);

        /// <summary>Outside the organisation's domain (and its subdomains); false while the domain is unknown.</summary>
        private bool IsExternal(string address) =>
            organizationDomain != null && SmtpAddress.TryParse(address, out var smtp) && !smtp.IsInDomain(organizationDomain);

        private static string? DomainOf(string? address) => SmtpAddress.DomainOf(address);
    }
}
