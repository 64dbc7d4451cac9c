using System;
using System.Security;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Connections;
using CalendarSharing.Ews;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// An EWS connection's sign-in-as: the same server, signed in as the stored account (DOMAIN\user split as
    /// Connect-CalendarSharing -Credential splits it), declared as any EWS connection is.
    /// </summary>
    internal sealed class EwsAccountSignIn : IAccountSignIn
    {
        private readonly EwsCalendarBackend ews;

        public EwsAccountSignIn(EwsCalendarBackend ews)
        {
            this.ews = ews ?? throw new ArgumentNullException(nameof(ews));
        }

        public BackendInfo Server => ews.Info;

        public ConnectionServices SignInAs(string userName, SecureString password) =>
            BackendFactory.Declare(ews.EventBackend.ConnectAs(BackendFactory.ToNetworkCredential(userName, password)));
    }
}
