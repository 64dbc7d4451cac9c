using System;

namespace CalendarSharing
{
    /// <summary>
    /// A connection made by Connect-CalendarSharing. It never holds a secret: the credentials stay in
    /// the backend it names, which is looked up by <see cref="Id"/>.
    /// </summary>
    public sealed class CalendarSharingConnection
    {
        public CalendarSharingConnection(Guid id, ConnectionKind kind, string endpoint, string? userName)
        {
            Id = id;
            Kind = kind;
            Endpoint = endpoint;
            UserName = userName;
            ConnectedAt = DateTimeOffset.Now;
        }

        public Guid Id { get; }

        public ConnectionKind Kind { get; }

        /// <summary>The EWS or Graph URL the connection talks to.</summary>
        public string Endpoint { get; }

        /// <summary>The account name (never a password or token).</summary>
        public string? UserName { get; }

        public EwsAuthentication? Authentication { get; set; }

        /// <summary>The server version the endpoint reported, when known.</summary>
        public string? ServerVersion { get; set; }

        /// <summary>The organisation's primary domain, when known.</summary>
        public string? Organization { get; set; }

        /// <summary>True while this is the connection cmdlets use when -Connection is not given.</summary>
        public bool IsDefault { get; set; }

        public bool IsConnected { get; set; } = true;

        /// <summary>What this connection can do; a cmdlet that needs something else says which kind of connection can.</summary>
        public ConnectionCapabilities Capabilities { get; set; }

        public DateTimeOffset ConnectedAt { get; }

        /// <summary>The name Connect-CalendarSharing -Name gave it: how a sync profile's pairs name their connections (never a secret).</summary>
        public string? Name { get; set; }

        public override string ToString() => $"{Kind} {Endpoint} as {UserName}";
    }
}
