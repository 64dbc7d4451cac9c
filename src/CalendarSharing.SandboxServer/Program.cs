// Starts a sandbox organisation on Kestrel:
//   dotnet run --project src/CalendarSharing.SandboxServer -- --urls https://127.0.0.1:8443 [--mailboxes N] [--latency-ms N]
//       [--concurrency-limit N] [--graph-concurrency-limit N] [--topology OnPremises|Cloud|Hybrid] [--strict]
// and prints the EWS, Graph and token URLs, the certificate thumbprint to pin, the sandbox accounts with their
// (sandbox-only) passwords and mailbox homes, and the seeded app registrations.
using System;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using CalendarSharing.Sandbox;
using CalendarSharing.SandboxServer;

var url = "https://127.0.0.1:8443";
var options = new SandboxOptions();
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException("Missing value after " + args[i] + ".");
        int NextInt() => int.Parse(Next(), NumberStyles.None, CultureInfo.InvariantCulture);
        switch (args[i])
        {
            case "--urls":
                url = Next().Split(';')[0];
                break;
            case "--mailboxes":
                options.GeneratedMailboxes = NextInt();
                break;
            case "--latency-ms":
                options.Latency = TimeSpan.FromMilliseconds(NextInt());
                break;
            case "--concurrency-limit":
                options.EwsConcurrencyLimit = NextInt();
                break;
            case "--graph-concurrency-limit":
                options.GraphConcurrencyLimit = NextInt();
                break;
            case "--topology":
                options.Topology = Enum.Parse<SandboxTopology>(Next(), ignoreCase: true);
                break;
            case "--strict":
                options.StrictValidation = true;
                break;
            default:
                throw new ArgumentException("Unknown argument " + args[i] + ".");
        }
    }
}
catch (Exception ex) when (ex is ArgumentException || ex is FormatException || ex is OverflowException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine("usage: --urls https://127.0.0.1:8443 [--mailboxes N] [--latency-ms N] [--concurrency-limit N] [--graph-concurrency-limit N] [--topology OnPremises|Cloud|Hybrid] [--strict]");
    return 2;
}

var org = SandboxOrganization.Create(options);
await using var host = await SandboxHost.StartAsync(org, url);

Console.WriteLine("CalendarSharing sandbox (simulated Exchange 2019 + Exchange Online, contoso.com, topology " + options.Topology + ")");
Console.WriteLine("EWS URL:     " + host.EwsUrl);
Console.WriteLine("Graph URL:   " + host.GraphBaseUrl + "   (in process: " + org.GraphBaseUrl + ")");
Console.WriteLine("Authority:   " + host.LoginUrl + "   tenant " + SandboxOrganization.TenantId + " (" + SandboxOrganization.TenantDomain + ")");
Console.WriteLine("Token URL:   " + host.TokenEndpoint);
Console.WriteLine("IMDS URL:    " + new Uri(host.BaseAddress, "/metadata/identity/oauth2/token") + " (header Metadata: true)");
Console.WriteLine("Certificate: " + host.Certificate.Thumbprint + " (self-signed; pin it)");
Console.WriteLine("Accounts (sandbox-only passwords):");
foreach (var account in org.Accounts)
{
    if (account.Address.StartsWith("user", StringComparison.Ordinal) && options.GeneratedMailboxes > 3 && account.Address != "user0001@contoso.com")
    {
        continue; // generated users share one password; listing the first is enough
    }

    Console.WriteLine($"  {account.Address,-26} {account.DomainUser,-18} {account.Password,-16} {account.Kind,-6} {account.Home}");
}

if (options.GeneratedMailboxes > 3)
{
    Console.WriteLine($"  ... user0001..user{options.GeneratedMailboxes:D4}@contoso.com, all with password Sandbox!User1");
}

Console.WriteLine("App registrations (sandbox-only secrets; app tokens have Calendars.ReadWrite on every cloud mailbox):");
foreach (var app in org.Apps)
{
    var credential = app.IsManagedIdentity ? "managed identity (IMDS)" : "secret " + string.Join(", ", app.Secrets);
    Console.WriteLine($"  {app.ClientId}  {app.DisplayName,-48} {credential}");
}

Console.WriteLine("Press Ctrl+C to stop.");
var stop = new TaskCompletionSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true; // stop gracefully below instead of the runtime's default exit
    stop.TrySetResult();
}

using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
await stop.Task;
Console.WriteLine("Stopping.");
return 0;
