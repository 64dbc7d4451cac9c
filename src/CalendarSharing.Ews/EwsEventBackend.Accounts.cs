using System;
using System.Net;

namespace CalendarSharing.Ews
{
    public sealed partial class EwsEventBackend
    {
        /// <summary>
        /// A new connection to this connection's EWS server (the same URL, transport, certificate rules, server version,
        /// retries and limits) signed in as another account: a sync profile's stored credential. Never impersonates; an
        /// OAuth connection's copy signs in with the credential (Default authentication). The caller disposes it.
        /// </summary>
        public EwsCalendarBackend ConnectAs(NetworkCredential credential)
        {
            if (credential is null)
            {
                throw new ArgumentNullException(nameof(credential));
            }

            var o = Options;
            return new EwsCalendarBackend(new EwsConnectionOptions
            {
                Url = o.Url,
                Credential = credential,
                Authentication = o.Authentication == EwsAuthentication.OAuth ? EwsAuthentication.Default : o.Authentication,
                Handler = o.Handler,
                ServerCertificateValidation = o.ServerCertificateValidation,
                SkipCertificateCheck = o.SkipCertificateCheck,
                Warning = o.Warning,
                RequestServerVersion = o.RequestServerVersion,
                Retry = o.Retry,
                MaxConcurrency = o.MaxConcurrency,
                MaxBatchSize = o.MaxBatchSize,
                Kind = o.Kind,
                Trace = o.Trace,
                RequestTimeout = o.RequestTimeout,
                OrganizationDomain = o.OrganizationDomain,
            });
        }
    }
}
