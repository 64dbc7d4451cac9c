using CalendarSharing.Online.Graph;
using CalendarSharing.Online.Identity;
using CalendarSharing.Sandbox;

namespace CalendarSharing.Benchmarks
{
    /// <summary>
    /// The Graph connection every benchmark opens against the sandbox: the real Microsoft Graph SDK, signed in at the
    /// sandbox's token endpoint as its seeded app (client secret), over the sandbox's in-process handler. Linked into each
    /// benchmark program (&lt;Compile Include="..\Shared\SandboxGraph.cs" /&gt;); a program sets what it varies
    /// (MaxConcurrency, MaxBatchSize) on the options it gets back.
    /// </summary>
    internal static class SandboxGraph
    {
        public static GraphConnectionOptions Options(SandboxOrganization org)
        {
            var secret = new System.Security.SecureString();
            foreach (var c in SandboxOrganization.SandboxAppSecret)
            {
                secret.AppendChar(c);
            }

            return new GraphConnectionOptions
            {
                SignIn = new GraphSignIn
                {
                    Kind = GraphSignInKind.ClientSecret,
                    TenantId = SandboxOrganization.TenantId,
                    ClientId = SandboxOrganization.SandboxAppClientId,
                    ClientSecret = secret,
                    AuthorityHost = org.LoginUrl,
                },
                GraphRoot = org.GraphBaseUrl,
                Handler = org.CreateHandler(),
                Kind = ConnectionKind.Sandbox,
                OrganizationDomain = "contoso.com",
            };
        }
    }
}
