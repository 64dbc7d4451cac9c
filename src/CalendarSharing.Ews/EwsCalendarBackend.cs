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
    /// <summary>The calendar-permission backend over EWS.</summary>
    public sealed partial class EwsCalendarBackend : ICalendarBackend
    {
        private readonly EwsConnectionOptions options;
        private readonly EwsClient client;
        private readonly BackendInfo info;
        private readonly PrincipalResolutionCache resolutions = new PrincipalResolutionCache();
        private string? organizationDomain;

        public EwsCalendarBackend(EwsConnectionOptions options)
        {
            this.options = options ?? throw new ArgumentNullException(nameof(options));
            try
            {
                client = new EwsClient(options);
            }
            catch (ArgumentException ex)
            {
                throw new BackendException(new BackendError(BackendErrorCode.InvalidInput, ex.Message), ex);
            }

            organizationDomain = options.OrganizationDomain ?? DomainOf(options.Credential?.UserName);
            info = new BackendInfo(options.Kind, options.Url.ToString(), client.UserText)
            {
                Authentication = options.Authentication,
                SourceName = options.Kind == ConnectionKind.Sandbox ? "Sandbox" : "Ews",
                MaxConcurrency = Math.Max(1, options.MaxConcurrency),
                MaxBatchSize = Math.Max(1, options.MaxBatchSize),
                Organization = organizationDomain,
                Side = Core.Routing.MailboxLocation.OnPremises,
            };
        }

        public BackendInfo Info => info;

        private int BatchSize => Math.Max(1, options.MaxBatchSize);

        // ---------------------------------------------------------------- Connect

        public async Task ConnectAsync(CancellationToken cancellationToken)
        {
            try
            {
                // Any answer to a GetFolder of our own calendar proves the endpoint and the credentials.
                var op = new GetFolderOperation(new[] { EwsFolderReference.Distinguished(EwsWellKnownNames.CalendarFolder) }, includePermissions: false);
                var result = await client.ExecuteAsync(op, cancellationToken).ConfigureAwait(false);
                Trace($"connected: own calendar {result[0].Message}");
                if (organizationDomain == null && options.Credential?.UserName is string user && user.Length > 0)
                {
                    var name = user.IndexOf('\\') >= 0 ? user.Substring(user.IndexOf('\\') + 1) : user;
                    var resolved = await client.ExecuteAsync(new ResolveNamesOperation(name), cancellationToken).ConfigureAwait(false);
                    var address = resolved.Value?.Select(r => r.EmailAddress).FirstOrDefault(a => DomainOf(a) != null);
                    organizationDomain = DomainOf(address);
                    info.Organization = organizationDomain;
                }
            }
            catch (EwsException ex)
            {
                throw ex.ToBackendException();
            }

            info.ServerVersion = client.ServerVersion?.ToString();
        }

        // ---------------------------------------------------------------- Helpers

        /// <summary>
        /// A call sends several EWS requests. When one of them fails as a whole (throttled past the budget, server
        /// unreachable, a SOAP fault), only its items fail, as values: other requests may already have been applied.
        /// A refused credential is never per item.
        /// </summary>
        private static bool IsPerRequest(EwsException ex) => ex.Code != BackendErrorCode.Authentication;

        private static BackendError ErrorOf(EwsException ex) => new BackendError(ex.Code, ex.Message, ex.ServerCode) { WholeRequest = true };

        /// <summary>When every item failed because its request failed, nothing was done: that is a request-level failure.</summary>
        private static void ThrowIfAllFailed(IReadOnlyList<EwsException?> failures)
        {
            if (failures.Count > 0 && failures.All(f => f != null))
            {
                throw failures[0]!.ToBackendException();
            }
        }

        /// <summary>Chunks of MaxBatchSize; with impersonation one mailbox per chunk (the header names one mailbox).</summary>
        private IEnumerable<List<T>> Batches<T>(IReadOnlyList<T> items, Func<T, string> mailbox)
        {
            IEnumerable<IEnumerable<T>> groups = options.UseImpersonation
                ? items.GroupBy(mailbox, StringComparer.OrdinalIgnoreCase)
                : new[] { items.AsEnumerable() };
            foreach (var group in groups)
            {
                var list = group.ToList();
                for (var i = 0; i < list.Count; i += BatchSize)
                {
                    yield return list.Skip(i).Take(BatchSize).ToList();
                }
            }
        }

        private static TimeSpan? BackOff(EwsResponseMessage message) => message.BackOff;

        private static BackendError ItemError(EwsResponseMessage message, string what) =>
            new BackendError(
                EwsErrorMap.ToBackendCode(message.ResponseCode),
                $"{what}: {message.ResponseCode}" + (message.MessageText != null ? ": " + message.MessageText : "."),
                message.ResponseCode);

        private void Trace(string line) => options.Trace?.Invoke("EWS " + line);

        public void Dispose() => client.Dispose();
    }
}
