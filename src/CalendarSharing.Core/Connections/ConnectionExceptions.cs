using System;

namespace CalendarSharing.Core.Connections
{
    /// <summary>
    /// No connection to work through: none was made in this runspace, or the one given was closed. Thrown by the
    /// connection registry; the cmdlet layer turns it into the NotConnected / ConnectionClosed error.
    /// </summary>
    public sealed class NotConnectedException : InvalidOperationException
    {
        public NotConnectedException(string message, bool closed)
            : base(message)
        {
            Closed = closed;
        }

        /// <summary>True when a connection was given but has been closed; false when there is none at all.</summary>
        public bool Closed { get; }
    }

    /// <summary>
    /// The connection cannot do what the cmdlet asks (an EWS connection asked for the admin API's sharing policy, say).
    /// Raised from one place, the connection's capability lookup, so every cmdlet says it the same way.
    /// </summary>
    public sealed class CapabilityNotAvailableException : InvalidOperationException
    {
        public CapabilityNotAvailableException(string message, ConnectionCapabilities capability, ConnectionKind kind, string? alternative)
            : base(message)
        {
            Capability = capability;
            Kind = kind;
            Alternative = alternative;
        }

        /// <summary>The capability that was asked for.</summary>
        public ConnectionCapabilities Capability { get; }

        /// <summary>The kind of the connection that lacks it.</summary>
        public ConnectionKind Kind { get; }

        /// <summary>What kind of connection can do it, in words ("an Exchange Online connection"), when one can.</summary>
        public string? Alternative { get; }
    }
}
