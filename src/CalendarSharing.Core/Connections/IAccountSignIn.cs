using System.Security;
using CalendarSharing.Core.Backends;

namespace CalendarSharing.Core.Connections
{
    /// <summary>
    /// The sign-in-as capability: a new connection to the server this connection reaches (the same URL, transport and
    /// limits), signed in as another account. A sync profile uses it for a connection name that is a stored credential
    /// (Save-CalendarSharingCredential). The caller disposes the new connection's backend; it is never added to the session.
    /// </summary>
    public interface IAccountSignIn
    {
        /// <summary>What the new connection reaches (for -Verbose; a hybrid connection's is its on-premises side).</summary>
        BackendInfo Server { get; }

        /// <summary>The new connection, with its capabilities declared. The password stays a SecureString.</summary>
        ConnectionServices SignInAs(string userName, SecureString password);
    }
}
