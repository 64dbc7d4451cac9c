using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Permissions;

namespace CalendarSharing.Core.Backends
{
    /// <summary>
    /// One server API (EWS, Graph; the sandbox speaks both) seen from the engine. Batch methods return
    /// one result per input, in input order: a bad item is a value, never an exception. Exceptions are
    /// for request-level failures only (<see cref="BackendException"/>, or OperationCanceledException).
    /// </summary>
    public interface ICalendarBackend : IPermissionStore, IDisposable
    {
        /// <summary>What the connection object shows: endpoint, user, kind. Filled in by ConnectAsync.</summary>
        BackendInfo Info { get; }

        /// <summary>Checks that the endpoint answers and the credentials work; fills Info.ServerVersion.</summary>
        Task ConnectAsync(CancellationToken cancellationToken);

        /// <summary>Reads the permission list of each calendar, delegate roles shown (a listing). Changes go through <see cref="PermissionApplier"/>.</summary>
        Task<IReadOnlyList<BackendResult<CalendarPermissionSet>>> GetPermissionsAsync(
            IReadOnlyList<CalendarAddress> calendars, CancellationToken cancellationToken);

        /// <summary>Turns what a user typed (alias, display name, UPN, SMTP) into a principal.</summary>
        Task<IReadOnlyList<BackendResult<Principal>>> ResolvePrincipalsAsync(
            IReadOnlyList<string> names, CancellationToken cancellationToken);
    }

    /// <summary>Descriptive facts about a backend. Never holds a secret.</summary>
    public sealed class BackendInfo
    {
        public BackendInfo(ConnectionKind kind, string endpoint, string? userName)
        {
            Kind = kind;
            Endpoint = endpoint;
            UserName = userName;
        }

        public ConnectionKind Kind { get; }

        public string Endpoint { get; }

        public string? UserName { get; }

        public EwsAuthentication? Authentication { get; set; }

        public string? ServerVersion { get; set; }

        public string? Organization { get; set; }

        /// <summary>Name written to CalendarPermission.Source (Ews, Graph, Sandbox).</summary>
        public string SourceName { get; set; } = "Ews";

        /// <summary>How many requests the engine may have in flight at once against this backend.</summary>
        public int MaxConcurrency { get; set; } = 8;

        /// <summary>How many calendars one batched request may carry.</summary>
        public int MaxBatchSize { get; set; } = 10;

        /// <summary>
        /// Which side of a hybrid organisation this backend reaches: OnPremises (EWS), Online (Graph), or null when it
        /// reaches both (a routing backend) or neither is known. Used to pair connections for hybrid routing.
        /// </summary>
        public Routing.MailboxLocation? Side { get; set; }
    }
}
