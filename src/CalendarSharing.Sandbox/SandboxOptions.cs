using System;

namespace CalendarSharing.Sandbox
{
    /// <summary>Knobs of a sandbox organisation.</summary>
    public sealed class SandboxOptions
    {
        /// <summary>Extra generated mailboxes user0001@contoso.com … (for bulk runs and benchmarks), at most 99,999 (user99999).</summary>
        public int GeneratedMailboxes { get; set; }

        /// <summary>
        /// The "large organisation" seed: the generated mailboxes get a realistic spread of calendar access, drawn from
        /// <see cref="Seed"/> so it is the same every time (most calendars Default free/busy only; some internal Reviewer,
        /// LimitedDetails and Editor grants; a few shares with the partner domain, within and beyond the sharing policy;
        /// a few Anonymous entries and published calendars; some delegates; some secondary calendars with a share).
        /// SandboxOrganization.GeneratedSharingSpread says what was planted. Off: every generated calendar has Default
        /// free/busy only.
        /// </summary>
        public bool GeneratedSharing { get; set; }

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

        /// <summary>What ServerVersionInfo says in every response header (Exchange 2019 by default).</summary>
        public SandboxServerVersion ServerVersion { get; set; } = SandboxServerVersion.Exchange2019;

        /// <summary>Where the mailboxes live: all on-premises (EWS only, the default), all in the cloud (Graph only), or split.</summary>
        public SandboxTopology Topology { get; set; } = SandboxTopology.OnPremises;

        /// <summary>Graph requests in flight per caller and mailbox before 429 ApplicationThrottled; 0 = no limit (Outlook's is 4).</summary>
        public int GraphConcurrencyLimit { get; set; }

        /// <summary>
        /// Graph's server-side page size for the calendars list when the client sends no $top; the rest comes through
        /// @odata.nextLink. Outlook's collections page by 10 (https://learn.microsoft.com/graph/paging says the default
        /// page size varies by API; 10 is what calendars, events and messages answer, see
        /// https://learn.microsoft.com/answers/questions/735973). 0 = no server-side paging.
        /// </summary>
        public int GraphPageSize { get; set; } = 10;

        /// <summary>
        /// The same for calendarPermissions lists. Graph documents no default for them
        /// (https://learn.microsoft.com/graph/api/calendar-list-calendarpermissions), so the sandbox pages them by 10 as
        /// Outlook pages its other collections: a client that does not follow @odata.nextLink is caught on any calendar
        /// with more than ten entries. 0 = the whole list unless the client sends $top.
        /// </summary>
        public int GraphPermissionPageSize { get; set; } = 10;

        /// <summary>
        /// getSchedule's availabilityView shows working elsewhere as 0 (free), as the concept page
        /// https://learn.microsoft.com/graph/outlook-get-free-busy-schedule does, instead of 4 (the resource page
        /// https://learn.microsoft.com/graph/api/resources/scheduleinformation). scheduleItems keep the status either way.
        /// </summary>
        public bool GraphWorkingElsewhereAsFree { get; set; }

        /// <summary>Seconds written into the Retry-After header of Graph 429 responses.</summary>
        public int GraphRetryAfterSeconds { get; set; } = 1;

        /// <summary>
        /// Check every Graph request (path segments, JSON property names, enum members) and every Graph response against
        /// the v1.0 metadata; findings go to SchemaViolations. Create() throws when the metadata is not found.
        /// </summary>
        public bool GraphStrictValidation { get; set; }

        /// <summary>The v1.0 CSDL file for GraphStrictValidation; default: GraphMetadataValidator.Locate().</summary>
        public string? GraphMetadataPath { get; set; }

        /// <summary>Folder of types.xsd/messages.xsd; default: EwsSchemaValidator.Locate().</summary>
        public string? SchemaDirectory { get; set; }

        /// <summary>
        /// EWS MailTipsServiceConfiguration MailTipsEnabled: false makes GetMailTips answer ErrorMailTipsDisabled
        /// (https://learn.microsoft.com/exchange/client-developer/web-service-reference/mailtipsenabled).
        /// </summary>
        public bool MailTipsEnabled { get; set; } = true;

        /// <summary>
        /// EWS MaxRecipientsPerGetMailTipsRequest, announced by GetServiceConfiguration; a GetMailTips naming more
        /// recipients is refused (https://learn.microsoft.com/exchange/client-developer/web-service-reference/maxrecipientspergetmailtipsrequest).
        /// </summary>
        public int MaxRecipientsPerGetMailTipsRequest { get; set; } = 50;
    }

    /// <summary>The ServerVersionInfo header values of a simulated server.</summary>
    public sealed class SandboxServerVersion
    {
        public SandboxServerVersion(int majorVersion, int minorVersion, int majorBuildNumber, int minorBuildNumber, string version)
        {
            MajorVersion = majorVersion;
            MinorVersion = minorVersion;
            MajorBuildNumber = majorBuildNumber;
            MinorBuildNumber = minorBuildNumber;
            Version = version;
        }

        /// <summary>Exchange 2019 CU12: 15.2.1544.14, V2017_07_11.</summary>
        public static SandboxServerVersion Exchange2019 => new SandboxServerVersion(15, 2, 1544, 14, "V2017_07_11");

        /// <summary>Exchange 2013 CU23: 15.0.1497.2, V2_23.</summary>
        public static SandboxServerVersion Exchange2013 => new SandboxServerVersion(15, 0, 1497, 2, "V2_23");

        /// <summary>Exchange 2010 SP3: 14.3.123.4, Exchange2010_SP2.</summary>
        public static SandboxServerVersion Exchange2010 => new SandboxServerVersion(14, 3, 123, 4, "Exchange2010_SP2");

        public int MajorVersion { get; }

        public int MinorVersion { get; }

        public int MajorBuildNumber { get; }

        public int MinorBuildNumber { get; }

        public string Version { get; }
    }
}
