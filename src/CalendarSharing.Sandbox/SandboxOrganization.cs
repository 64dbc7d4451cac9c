using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using CalendarSharing.Sandbox.Auth;
using CalendarSharing.Sandbox.Behaviour;
using CalendarSharing.Sandbox.Directory;
using CalendarSharing.Sandbox.Identity;
using CalendarSharing.Sandbox.Ews;
using CalendarSharing.Sandbox.Model;
using CalendarSharing.Sandbox.Validation;

namespace CalendarSharing.Sandbox
{
    /// <summary>A simulated Exchange organisation, in memory, deterministic.</summary>
    public sealed partial class SandboxOrganization
    {
        public const string Domain = "contoso.com";
        public const string ExternalDomain = "fabrikam.com";

        /// <summary>The most generated mailboxes an organisation holds (user00001 … user99999 at most).</summary>
        public const int MaxGeneratedMailboxes = 99999;

        public static readonly Uri DefaultEwsUrl = new Uri("https://sandbox.contoso.com/EWS/Exchange.asmx");

        private readonly List<SandboxAccount> accounts = new List<SandboxAccount>();
        private readonly Dictionary<string, SandboxMailbox> mailboxes = new Dictionary<string, SandboxMailbox>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, int> requestCounts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        private readonly object violationsGate = new object();
        private readonly List<string> violations = new List<string>();
        private int throttledResponses;
        private int transientFaults;

        private SandboxOrganization(SandboxOptions options, EwsSchemaValidator? validator)
        {
            Options = options;
            Validator = validator;
            Behaviour = new RequestPipeline(this);
            Authenticator = new Authenticator(this);
            Seed();
            SeedCloud();
            SeedSharing();
        }

        /// <summary>
        /// Builds the organisation of docs/design/contracts.md. With StrictValidation on, the schemas must be found
        /// (SchemaDirectory or EwsSchemaValidator.Locate()), otherwise this throws: strict mode never skips silently.
        /// </summary>
        public static SandboxOrganization Create(SandboxOptions? options = null)
        {
            options = options ?? new SandboxOptions();
            if (options.GeneratedMailboxes < 0 || options.GeneratedMailboxes > MaxGeneratedMailboxes)
            {
                throw new ArgumentOutOfRangeException(nameof(options), "GeneratedMailboxes must be between 0 and 99999.");
            }

            if (options.TransientFaultRate < 0 || options.TransientFaultRate > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(options), "TransientFaultRate must be between 0 and 1.");
            }

            EwsSchemaValidator? validator = null;
            if (options.StrictValidation)
            {
                var directory = options.SchemaDirectory ?? EwsSchemaValidator.Locate();
                if (directory == null || !File.Exists(Path.Combine(directory, "messages.xsd")) || !File.Exists(Path.Combine(directory, "types.xsd")))
                {
                    throw new InvalidOperationException(
                        "StrictValidation is on but the EWS schemas (types.xsd, messages.xsd) were not found" +
                        (directory == null ? string.Empty : " in '" + directory + "'") +
                        ". Set SandboxOptions.SchemaDirectory or the " + EwsSchemaValidator.SchemaPathVariable + " environment variable.");
                }

                validator = EwsSchemaValidator.Load(directory);
            }

            var graphValidator = options.GraphStrictValidation ? GraphMetadataValidator.Load(options.GraphMetadataPath) : null;
            return new SandboxOrganization(options, validator) { GraphValidator = graphValidator };
        }

        public SandboxOptions Options { get; }

        public Uri EwsUrl => DefaultEwsUrl;

        public SandboxAccount Admin => accounts[0];

        public IReadOnlyList<SandboxAccount> Accounts => accounts;

        /// <summary>Strict-mode findings: every request or response that failed the XSDs.</summary>
        public IReadOnlyList<string> SchemaViolations
        {
            get
            {
                lock (violationsGate)
                {
                    return violations.ToArray();
                }
            }
        }

        /// <summary>Requests received per EWS operation name (GetFolder, UpdateFolder, …).</summary>
        public IReadOnlyDictionary<string, int> RequestCounts => new Dictionary<string, int>(requestCounts, StringComparer.Ordinal);

        /// <summary>ErrorServerBusy faults sent because an account was past EwsConcurrencyLimit.</summary>
        public int ThrottledResponses => Volatile.Read(ref throttledResponses);

        /// <summary>Transient faults injected (HTTP 503 or ErrorInternalServerTransientError).</summary>
        public int TransientFaults => Volatile.Read(ref transientFaults);

        public HttpMessageHandler CreateHandler() => new SandboxHandler(this);

        /// <summary>A handler for one simulated server of the organisation (autodiscover answers, EWS on or off, …).</summary>
        public HttpMessageHandler CreateHandler(SandboxEndpointOptions endpoint) => new SandboxHandler(this, endpoint);

        internal EwsSchemaValidator? Validator { get; }

        internal GraphMetadataValidator? GraphValidator { get; private set; }

        internal SandboxDirectory Directory { get; } = new SandboxDirectory();

        /// <summary>Every bearer token the organisation issued (EWS, Graph and the admin API read the same store).</summary>
        internal TokenStore Tokens { get; } = new TokenStore();

        /// <summary>Latency, throttling, transient faults and the concurrent-writer hook, for every protocol.</summary>
        internal RequestPipeline Behaviour { get; }

        /// <summary>One per organisation, so NTLM connection state is shared by every handler and host.</summary>
        internal Authenticator Authenticator { get; }

        /// <summary>The account with this SMTP address or CONTOSO\alias logon name, or null.</summary>
        public SandboxAccount? FindAccount(string logonName)
        {
            var name = logonName.Trim();
            var slash = name.IndexOf('\\');
            if (slash >= 0)
            {
                return accounts.FirstOrDefault(a => string.Equals(a.DomainUser, name, StringComparison.OrdinalIgnoreCase));
            }

            return mailboxes.TryGetValue(name, out var mailbox) ? mailbox.Account : null;
        }

        internal SandboxMailbox? FindMailbox(string address) =>
            mailboxes.TryGetValue(address.Trim(), out var mailbox) ? mailbox : null;

        /// <summary>The mailbox if it lives on-premises (what the EWS endpoint can see), else null.</summary>
        internal SandboxMailbox? FindEwsMailbox(string address)
        {
            var mailbox = FindMailbox(address);
            return mailbox != null && mailbox.Account.Home == MailboxHome.OnPremises ? mailbox : null;
        }

        internal void CountRequest(string operation) => requestCounts.AddOrUpdate(operation, 1, (_, n) => n + 1);

        internal void CountThrottled() => Interlocked.Increment(ref throttledResponses);

        internal void CountTransientFault() => Interlocked.Increment(ref transientFaults);

        internal void RecordViolations(string what, IReadOnlyList<string> findings)
        {
            if (findings.Count == 0)
            {
                return;
            }

            lock (violationsGate)
            {
                foreach (var finding in findings)
                {
                    violations.Add(what + ": " + finding);
                }
            }
        }
    }
}
