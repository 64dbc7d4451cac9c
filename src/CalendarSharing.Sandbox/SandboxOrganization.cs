using System;
using System.Collections.Generic;
using System.Net.Http;

namespace CalendarSharing.Sandbox
{
    // CONTRACT STUB: the sandbox helper replaces the bodies; the public surface is agreed (docs/design/contracts.md).

    /// <summary>Knobs of a sandbox organisation.</summary>
    public sealed class SandboxOptions
    {
        /// <summary>Extra generated mailboxes user0001@contoso.com … (for bulk runs and benchmarks).</summary>
        public int GeneratedMailboxes { get; set; }

        /// <summary>Added to every response.</summary>
        public TimeSpan Latency { get; set; }

        /// <summary>EWS requests in flight per account before ErrorServerBusy is returned; 0 = no limit.</summary>
        public int EwsConcurrencyLimit { get; set; }

        /// <summary>BackOffMilliseconds written into ErrorServerBusy faults.</summary>
        public int BackOffMilliseconds { get; set; } = 100;

        /// <summary>Probability (0..1) that a request gets a transient fault (503 or ErrorInternalServerTransientError).</summary>
        public double TransientFaultRate { get; set; }

        /// <summary>Seed for everything random (fault injection, ids).</summary>
        public int Seed { get; set; } = 1;

        /// <summary>Validate every request received and every response sent against the official XSDs.</summary>
        public bool StrictValidation { get; set; }

        /// <summary>Folder of types.xsd/messages.xsd; default: EwsSchemaValidator.Locate().</summary>
        public string? SchemaDirectory { get; set; }
    }

    public enum SandboxMailboxKind
    {
        User,
        Room,
        Admin,
    }

    /// <summary>A sign-in account of the sandbox. Passwords are sandbox-only and printed by SandboxServer.</summary>
    public sealed class SandboxAccount
    {
        public SandboxAccount(string address, string displayName, string password, SandboxMailboxKind kind, string language, string calendarName)
        {
            Address = address;
            DisplayName = displayName;
            Password = password;
            Kind = kind;
            Language = language;
            CalendarName = calendarName;
        }

        public string Address { get; }

        public string DisplayName { get; }

        public string Password { get; }

        public SandboxMailboxKind Kind { get; }

        public string Language { get; }

        public string CalendarName { get; }

        /// <summary>The NetBIOS-style logon name, CONTOSO\alice.</summary>
        public string DomainUser => "CONTOSO\\" + Address.Substring(0, Address.IndexOf('@'));
    }

    /// <summary>A simulated Exchange organisation, in memory, deterministic.</summary>
    public sealed partial class SandboxOrganization
    {
        public const string Domain = "contoso.com";
        public const string ExternalDomain = "fabrikam.com";

        public static readonly Uri DefaultEwsUrl = new Uri("https://sandbox.contoso.com/EWS/Exchange.asmx");

        public static SandboxOrganization Create(SandboxOptions? options = null) => throw new NotImplementedException();

        public SandboxOptions Options => throw new NotImplementedException();

        public Uri EwsUrl => DefaultEwsUrl;

        public SandboxAccount Admin => throw new NotImplementedException();

        public IReadOnlyList<SandboxAccount> Accounts => throw new NotImplementedException();

        /// <summary>Strict-mode findings: every request or response that failed the XSDs.</summary>
        public IReadOnlyList<string> SchemaViolations => throw new NotImplementedException();

        /// <summary>Requests received per EWS operation name (GetFolder, UpdateFolder, …).</summary>
        public IReadOnlyDictionary<string, int> RequestCounts => throw new NotImplementedException();

        public HttpMessageHandler CreateHandler() => throw new NotImplementedException();
    }
}
