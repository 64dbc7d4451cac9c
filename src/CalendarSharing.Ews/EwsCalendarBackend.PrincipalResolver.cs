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
    /// Principal resolution, once per name per connection. ResolveNames takes one UnresolvedEntry per request
    /// (https://learn.microsoft.com/exchange/client-developer/web-service-reference/resolvenames), so plain SMTP addresses
    /// of the organisation, when a call brings many, are first looked up in bulk:
    /// <list type="number">
    /// <item>the global address list, a page of people per FindPeople request, while the pages left are fewer than the
    /// addresses still unknown: a person whose (primary) address is the one asked is the principal, with the display name
    /// and mailbox type ResolveNames would give;</item>
    /// <item>GetMailTips for the rest, MaxRecipientsPerGetMailTipsRequest addresses a request: an address the server calls an
    /// invalid recipient is the same "not found" ResolveNames would give.</item>
    /// </list>
    /// Everything else goes to ResolveNames as before: aliases, display names, ambiguous names, and addresses GetMailTips
    /// calls valid, because its RecipientAddress echoes the address asked and so cannot tell a proxy address from the
    /// primary one nor give the display name
    /// (https://learn.microsoft.com/exchange/client-developer/web-service-reference/getmailtips-operation).
    /// </summary>
    public sealed partial class EwsCalendarBackend
    {
        /// <summary>People per FindPeople page (the default EWSFindCountLimit,
        /// https://learn.microsoft.com/exchange/client-developer/exchange-web-services/ews-throttling-in-exchange).</summary>
        internal const int DirectoryPageSize = 1000;

        /// <summary>
        /// Recipients per GetMailTips when GetServiceConfiguration does not say: a conservative figure below what servers
        /// announce in MaxRecipientsPerGetMailTipsRequest.
        /// </summary>
        internal const int DefaultMailTipsBatchSize = 20;

        /// <summary>
        /// The fewest plain SMTP addresses worth a bulk lookup: below it, a first page of the address list, the mail tips
        /// configuration and a GetMailTips could cost about as much as the ResolveNames requests they save.
        /// </summary>
        internal const int BulkResolutionThreshold = 10;

        private readonly object mailTipsGate = new object();
        private Task<EwsMailTipsConfiguration?>? mailTipsConfiguration;
        private volatile bool directoryPagesUnavailable;
        private volatile bool mailTipsUnavailable;

        /// <summary>Each name is looked up once per connection (see <see cref="PrincipalResolutionCache"/>).</summary>
        public Task<IReadOnlyList<BackendResult<Principal>>> ResolvePrincipalsAsync(IReadOnlyList<string> names, CancellationToken cancellationToken) =>
            resolutions.ResolveAsync(names, ResolveUncachedAsync, cancellationToken);

        private async Task<IReadOnlyList<BackendResult<Principal>>> ResolveUncachedAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
        {
            try
            {
                var bulk = await ResolveInBulkAsync(names, cancellationToken).ConfigureAwait(false);
                var failures = new EwsException?[names.Count];
                var tasks = names.Select(async (n, i) =>
                {
                    if (bulk.TryGetValue((n ?? string.Empty).Trim(), out var known))
                    {
                        return known;
                    }

                    try
                    {
                        return await ResolveOneAsync(n ?? string.Empty, cancellationToken).ConfigureAwait(false);
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

        /// <summary>
        /// The answers the bulk lookups settle, by address; the names missing from it go to ResolveNames. Only plain SMTP
        /// addresses of the organisation's domain take part, and only when there are <see cref="BulkResolutionThreshold"/>
        /// of them or more.
        /// </summary>
        private async Task<Dictionary<string, BackendResult<Principal>>> ResolveInBulkAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
        {
            var settled = new Dictionary<string, BackendResult<Principal>>(StringComparer.OrdinalIgnoreCase);
            var wanted = names
                .Select(n => (n ?? string.Empty).Trim())
                .Where(t => organizationDomain != null && LooksLikeSmtp(t) && !t.StartsWith("smtp:", StringComparison.OrdinalIgnoreCase) && !IsExternal(t))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();
            if (wanted.Count < BulkResolutionThreshold)
            {
                return settled;
            }

            await FindInDirectoryAsync(wanted, settled, cancellationToken).ConfigureAwait(false);
            var unknown = wanted.Where(a => !settled.ContainsKey(a)).ToList();
            if (unknown.Count >= BulkResolutionThreshold)
            {
                await FindInvalidRecipientsAsync(unknown, settled, cancellationToken).ConfigureAwait(false);
            }

            Trace($"bulk resolution: {wanted.Count} SMTP address(es), {settled.Count} settled, {wanted.Count - settled.Count} left for ResolveNames");
            return settled;
        }

        /// <summary>Pages of the global address list while that costs fewer requests than ResolveNames for the addresses left.</summary>
        private async Task FindInDirectoryAsync(IReadOnlyList<string> wanted, Dictionary<string, BackendResult<Principal>> settled, CancellationToken cancellationToken)
        {
            if (directoryPagesUnavailable || !EwsVersions.AtLeast(options.RequestServerVersion, "Exchange2013"))
            {
                return;
            }

            var left = new HashSet<string>(wanted, StringComparer.OrdinalIgnoreCase);
            var offset = 0;
            while (left.Count > 0)
            {
                EwsItemResult<EwsPeoplePage> answer;
                try
                {
                    answer = await client.ExecuteAsync(new FindPeopleOperation(offset, DirectoryPageSize), cancellationToken).ConfigureAwait(false);
                }
                catch (EwsException ex) when (IsPerRequest(ex))
                {
                    // No address list to page (an older server, an account without a mailbox or the right to it):
                    // ResolveNames still answers each name, and the connection stops asking unless the failure may pass.
                    directoryPagesUnavailable |= !MayPass(ex);
                    Trace($"FindPeople for bulk resolution failed ({ex.ServerCode ?? ex.Code.ToString()}); names go to ResolveNames");
                    return;
                }

                if (!answer.IsSuccess)
                {
                    directoryPagesUnavailable |= !MayPass(answer.Message.ResponseCode);
                    return;
                }

                var people = answer.Value!.People;
                foreach (var person in people)
                {
                    var address = person.EmailAddress == null ? null : StripSmtp(person.EmailAddress.Trim());
                    if (address != null && left.Remove(address))
                    {
                        settled[address] = BackendResult<Principal>.Ok(FromResolution(person));
                    }
                }

                offset += people.Count;
                var total = answer.Value.Total;
                var more = people.Count > 0 && (total is int t ? offset < t : people.Count >= DirectoryPageSize);
                if (!more)
                {
                    return;
                }

                // A server may answer shorter pages than asked: count the pages left in the size it answers.
                var pagesLeft = total is int all ? (all - offset + people.Count - 1) / people.Count : 1;
                if (pagesLeft >= left.Count)
                {
                    return;
                }
            }
        }

        /// <summary>GetMailTips InvalidRecipient for each address, in batches of the server's MaxRecipientsPerGetMailTipsRequest.</summary>
        private async Task FindInvalidRecipientsAsync(IReadOnlyList<string> addresses, Dictionary<string, BackendResult<Principal>> settled, CancellationToken cancellationToken)
        {
            if (mailTipsUnavailable || !EwsVersions.AtLeast(options.RequestServerVersion, "Exchange2010"))
            {
                return;
            }

            var config = await MailTipsConfigurationAsync(cancellationToken).ConfigureAwait(false);
            if (config != null && !config.Enabled)
            {
                return;
            }

            var size = config != null && config.MaxRecipientsPerRequest > 0 ? config.MaxRecipientsPerRequest : DefaultMailTipsBatchSize;
            var batches = new List<List<string>>();
            for (var i = 0; i < addresses.Count; i += size)
            {
                batches.Add(addresses.Skip(i).Take(size).ToList());
            }

            var own = options.Credential?.UserName;
            var sendingAs = own != null && LooksLikeSmtp(own) ? own : null;
            var answers = await Task.WhenAll(batches.Select(async batch =>
            {
                try
                {
                    return (batch, await client.ExecuteAsync(new GetMailTipsOperation(sendingAs, batch), cancellationToken).ConfigureAwait(false));
                }
                catch (EwsException ex) when (IsPerRequest(ex))
                {
                    mailTipsUnavailable |= !MayPass(ex);
                    Trace($"GetMailTips for {batch.Count} address(es) failed ({ex.ServerCode ?? ex.Code.ToString()}); they go to ResolveNames");
                    return (batch, (EwsItemResult<IReadOnlyList<EwsItemResult<EwsMailTip>>>?)null);
                }
            })).ConfigureAwait(false);

            foreach (var (batch, answer) in answers)
            {
                if (answer == null || !answer.IsSuccess)
                {
                    mailTipsUnavailable |= answer != null && !MayPass(answer.Message.ResponseCode);
                    continue;
                }

                for (var i = 0; i < batch.Count; i++)
                {
                    var tip = answer.Value![i];
                    if (tip.IsSuccess && tip.Value!.InvalidRecipient == true && !tip.Value.Pending)
                    {
                        settled[batch[i]] = BackendResult<Principal>.Fail(NotFound(batch[i], EwsResponseCodes.ErrorNameResolutionNoResults));
                    }
                }
            }
        }

        /// <summary>A failure that another request may not meet: throttling, a dropped connection, a transient server fault.</summary>
        private static bool MayPass(EwsException ex) => MayPass(ex.Code);

        private static bool MayPass(string responseCode) => MayPass(EwsErrorMap.ToBackendCode(responseCode));

        private static bool MayPass(BackendErrorCode code) =>
            code == BackendErrorCode.Throttled || code == BackendErrorCode.Transient || code == BackendErrorCode.Connection || code == BackendErrorCode.Canceled;

        /// <summary>The server's mail tips configuration, asked once per connection; null when it would not say.</summary>
        private Task<EwsMailTipsConfiguration?> MailTipsConfigurationAsync(CancellationToken cancellationToken)
        {
            lock (mailTipsGate)
            {
                if (mailTipsConfiguration == null || mailTipsConfiguration.IsCanceled)
                {
                    mailTipsConfiguration = AskMailTipsConfigurationAsync(cancellationToken);
                }

                return mailTipsConfiguration;
            }
        }

        private async Task<EwsMailTipsConfiguration?> AskMailTipsConfigurationAsync(CancellationToken cancellationToken)
        {
            try
            {
                var answer = await client.ExecuteAsync(new GetServiceConfigurationOperation(), cancellationToken).ConfigureAwait(false);
                Trace(answer.IsSuccess
                    ? $"mail tips: enabled {answer.Value!.Enabled}, {answer.Value.MaxRecipientsPerRequest} recipients per GetMailTips"
                    : $"GetServiceConfiguration MailTips: {answer.Message.ResponseCode}; GetMailTips batches of {DefaultMailTipsBatchSize}");
                return answer.IsSuccess ? answer.Value : null;
            }
            catch (EwsException ex) when (IsPerRequest(ex))
            {
                Trace($"GetServiceConfiguration MailTips failed ({ex.ServerCode ?? ex.Code.ToString()}); GetMailTips batches of {DefaultMailTipsBatchSize}");
                return null;
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

            return BackendResult<Principal>.Fail(NotFound(text, code.Length == 0 ? EwsResponseCodes.ErrorNameResolutionNoResults : code));
        }

        private BackendError NotFound(string text, string serverCode) =>
            new BackendError(
                BackendErrorCode.PrincipalNotFound,
                $"No one in the directory of {organizationDomain ?? "the organisation"} matches '{text}'. Give an existing user's SMTP address, alias or display name.",
                serverCode);

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
