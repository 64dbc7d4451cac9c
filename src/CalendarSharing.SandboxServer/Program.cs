// Starts a sandbox organisation on Kestrel:
//   dotnet run --project src/CalendarSharing.SandboxServer -- --urls https://127.0.0.1:8443 [--mailboxes N] [--latency-ms N]
//       [--concurrency-limit N] [--graph-concurrency-limit N] [--topology OnPremises|Cloud|Hybrid] [--strict]
//       [--autodiscover] [--ews-disabled] [--server-version 2010|2013|2016|2019] [--front-end-auth]
// --autodiscover also serves POX and SOAP autodiscover (/autodiscover/autodiscover.xml|.svc) on the same host, answering
// every address with this host's EWS URL: map autodiscover.contoso.com to 127.0.0.1 (hosts file) and listen on 443 to
// try Connect-CalendarSharing -Mailbox end to end. --ews-disabled answers /EWS with 403 (EWS turned off);
// --server-version sets ServerVersionInfo (2013 and older make Test-CalendarSharingConnection warn).
// --front-end-auth trusts an authenticating reverse proxy on 127.0.0.1 (Apache httpd + mod_auth_gssapi in the Negotiate
// interop test) that names the user it verified in X-CalendarSharing-FrontEnd-User, proven by the shared secret in
// X-CalendarSharing-FrontEnd-Secret, which this process reads from CALENDARSHARING_SANDBOX_FRONTEND_SECRET; see
// SandboxFrontEndTrust and docs/design/connecting.md.
// It prints the EWS, Graph and token URLs, the certificate thumbprint to pin, the sandbox accounts with their
// (sandbox-only) passwords and mailbox homes, and the seeded app registrations.
using System;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using CalendarSharing.Sandbox;
using CalendarSharing.SandboxServer;

var url = "https://127.0.0.1:8443";
var options = new SandboxOptions();
var endpoint = new SandboxEndpointOptions();
var autodiscover = false;
SandboxFrontEndTrust? frontEnd = null;
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
            case "--autodiscover":
                autodiscover = true;
                break;
            case "--front-end-auth":
                frontEnd = new SandboxFrontEndTrust(Environment.GetEnvironmentVariable(SandboxFrontEndTrust.SecretVariable) ??
                    throw new ArgumentException("--front-end-auth needs the shared secret in " + SandboxFrontEndTrust.SecretVariable + "."));
                break;
            case "--ews-disabled":
                endpoint.EwsEnabled = false;
                break;
            case "--server-version":
                options.ServerVersion = Next() switch
                {
                    "2010" => SandboxServerVersion.Exchange2010,
                    "2013" => SandboxServerVersion.Exchange2013,
                    "2016" => new SandboxServerVersion(15, 1, 2507, 6, "V2017_07_11"),
                    "2019" => SandboxServerVersion.Exchange2019,
                    var other => throw new ArgumentException("--server-version takes 2010, 2013, 2016 or 2019, not " + other + "."),
                };
                break;
            default:
                throw new ArgumentException("Unknown argument " + args[i] + ".");
        }
    }
}
catch (Exception ex) when (ex is ArgumentException || ex is FormatException || ex is OverflowException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine("usage: --urls https://127.0.0.1:8443 [--mailboxes N] [--latency-ms N] [--concurrency-limit N] [--graph-concurrency-limit N] [--topology OnPremises|Cloud|Hybrid] [--strict] [--autodiscover] [--ews-disabled] [--server-version 2010|2013|2016|2019] [--front-end-auth]");
    return 2;
}

var org = SandboxOrganization.Create(options);
Uri? ewsUrl = null;
if (autodiscover)
{
    endpoint.Autodiscover = _ => SandboxAutodiscoverReply.Settings(ewsUrl!);
}

await using var host = await SandboxHost.StartAsync(org, url, endpoint, frontEnd);
ewsUrl = host.EwsUrl;

Console.WriteLine("CalendarSharing sandbox (simulated Exchange 2019 + Exchange Online, contoso.com, topology " + options.Topology + ")");
Console.WriteLine("EWS URL:     " + host.EwsUrl);
Console.WriteLine("Graph URL:   " + host.GraphBaseUrl + "   (in process: " + org.GraphBaseUrl + ")");
Console.WriteLine("Authority:   " + host.LoginUrl + "   tenant " + SandboxOrganization.TenantId + " (" + SandboxOrganization.TenantDomain + ")");
Console.WriteLine("Token URL:   " + host.TokenEndpoint);
Console.WriteLine("IMDS URL:    " + new Uri(host.BaseAddress, "/metadata/identity/oauth2/token") + " (header Metadata: true)");
Console.WriteLine("Published:   " + new Uri(host.BaseAddress, "/owa/calendar/") + "...   (calendar.html and calendar.ics of each published calendar; its links, read with Get-MailboxCalendarFolder, name " + SandboxOrganization.DefaultPublishedCalendarUrl + ": the path is the same)");
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

if (autodiscover)
{
    Console.WriteLine("Autodiscover: " + new Uri(host.BaseAddress, "/autodiscover/autodiscover.svc") + " (SOAP) and " + new Uri(host.BaseAddress, "/autodiscover/autodiscover.xml") + " (POX)");
    Console.WriteLine("  With 127.0.0.1 autodiscover.contoso.com in the hosts file and --urls https://127.0.0.1:443:");
    Console.WriteLine("  Connect-CalendarSharing -Mailbox alice@contoso.com -Credential 'CONTOSO\\alice' -SkipCertificateCheck -Verbose");
}

Console.WriteLine("Try: Test-CalendarSharingConnection -EwsUrl " + host.EwsUrl + " -Credential 'CONTOSO\\alice' -Mailbox alice@contoso.com -SkipCertificateCheck");
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
