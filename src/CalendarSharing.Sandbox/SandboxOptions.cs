using System;

namespace CalendarSharing.Sandbox
{
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

        /// <summary>Where the mailboxes live: all on-premises (EWS only, the default), all in the cloud (Graph only), or split.</summary>
        public SandboxTopology Topology { get; set; } = SandboxTopology.OnPremises;

        /// <summary>Graph requests in flight per caller and mailbox before 429 ApplicationThrottled; 0 = no limit (Outlook's is 4).</summary>
        public int GraphConcurrencyLimit { get; set; }

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
    }
}
