using System;

namespace CalendarSharing.Online.Identity
{
    /// <summary>The Microsoft cloud a tenant lives in (national clouds have their own sign-in and Graph hosts).</summary>
    public enum GraphEnvironment
    {
        Global,
        USGov,
        USGovDoD,
        China,
    }

    /// <summary>Where a cloud signs in and where its Graph lives (learn.microsoft.com/graph/deployments).</summary>
    public static class GraphCloud
    {
        /// <summary>The Entra ID authority host of a cloud.</summary>
        public static Uri AuthorityHost(GraphEnvironment environment)
        {
            switch (environment)
            {
                case GraphEnvironment.USGov:
                case GraphEnvironment.USGovDoD:
                    return new Uri("https://login.microsoftonline.us/");
                case GraphEnvironment.China:
                    return new Uri("https://login.chinacloudapi.cn/");
                default:
                    return new Uri("https://login.microsoftonline.com/");
            }
        }

        /// <summary>The Graph root (no version segment) of a cloud.</summary>
        public static Uri GraphRoot(GraphEnvironment environment)
        {
            switch (environment)
            {
                case GraphEnvironment.USGov:
                    return new Uri("https://graph.microsoft.us/");
                case GraphEnvironment.USGovDoD:
                    return new Uri("https://dod-graph.microsoft.us/");
                case GraphEnvironment.China:
                    return new Uri("https://microsoftgraph.chinacloudapi.cn/");
                default:
                    return new Uri("https://graph.microsoft.com/");
            }
        }

        /// <summary>
        /// The Exchange Online resource of a cloud: the admin API host and its token audience
        /// (Connect-ExchangeOnline's O365Default, O365USGovGCCHigh, O365USGovDoD, O365China).
        /// </summary>
        public static Uri ExchangeRoot(GraphEnvironment environment)
        {
            switch (environment)
            {
                case GraphEnvironment.USGov:
                    return new Uri("https://outlook.office365.us/");
                case GraphEnvironment.USGovDoD:
                    return new Uri("https://webmail.apps.mil/");
                case GraphEnvironment.China:
                    return new Uri("https://partner.outlook.cn/");
                default:
                    return new Uri("https://outlook.office365.com/");
            }
        }

        /// <summary>The app-only (and device code) scope: the Graph root's .default.</summary>
        public static string DefaultScope(Uri graphRoot) =>
            new Uri(graphRoot, "/.default").GetLeftPart(UriPartial.Path);
    }
}
