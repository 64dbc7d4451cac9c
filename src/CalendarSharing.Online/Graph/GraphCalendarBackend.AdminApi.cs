using System;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Online.AdminRest;

namespace CalendarSharing.Online.Graph
{
    /// <summary>
    /// An Exchange Online connection also runs Exchange cmdlets (Full Access, Send As, Send on Behalf live only
    /// there): through the admin API (InvokeCommand), with a token for the cloud's Exchange Online resource
    /// (https://outlook.office365.com/.default) from the same Azure.Identity credential the Graph calls use.
    /// The admin API client is made on first use, so a calendar-only session never asks for that token.
    /// </summary>
    public sealed partial class GraphCalendarBackend : IExchangeCommandExecutor
    {
        private readonly object adminGate = new object();
        private AdminRestClient? adminApi;

        public ExchangeFlavor Flavor => ExchangeFlavor.Online;

        /// <summary>Where the cmdlets go (the admin API's InvokeCommand URL of the tenant), for -Verbose and tests.</summary>
        public Uri? AdminApiInvokeUrl => AdminApi(throwIfUnavailable: false)?.InvokeCommandUrl;

        public Task<ExchangeCommandResult> InvokeAsync(ExchangeCommand command, CancellationToken cancellationToken) =>
            AdminApi(throwIfUnavailable: true)!.InvokeAsync(command, cancellationToken);

        private AdminRestClient? AdminApi(bool throwIfUnavailable)
        {
            lock (adminGate)
            {
                if (adminApi != null)
                {
                    return adminApi;
                }

                var tenant = options.SignIn.TenantId;
                if (string.IsNullOrWhiteSpace(tenant))
                {
                    if (!throwIfUnavailable)
                    {
                        return null;
                    }

                    throw new BackendException(new BackendError(
                        BackendErrorCode.NotSupported,
                        "Full Access, Send As and Send on Behalf go through the Exchange Online admin API, which needs the tenant: connect with -TenantId (the tenant id or contoso.onmicrosoft.com).",
                        null));
                }

                var scope = options.ExchangeScope;
                adminApi = new AdminRestClient(new AdminRestOptions
                {
                    BaseUrl = options.AdminApiBaseUrl,
                    Tenant = tenant!,
                    AccessTokenProvider = token => ExchangeTokenAsync(scope, token),
                    Handler = options.Handler,
                    Trace = options.Trace == null ? null : new Action<string>(line => options.Trace("AdminApi " + line)),
                });
                return adminApi;
            }
        }

        private async Task<string> ExchangeTokenAsync(string scope, CancellationToken cancellationToken)
        {
            try
            {
                var token = await credential.GetTokenAsync(new TokenRequestContext(new[] { scope }), cancellationToken).ConfigureAwait(false);
                return token.Token;
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                throw new BackendException(GraphErrorMap.FromException(ex, "Cannot sign in to the Exchange Online admin API (" + scope + ")", NotFoundMeans.Mailbox), ex);
            }
        }

        private void DisposeAdminApi()
        {
            lock (adminGate)
            {
                adminApi?.Dispose();
                adminApi = null;
            }
        }
    }
}
