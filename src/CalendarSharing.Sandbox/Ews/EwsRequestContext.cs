using System;
using CalendarSharing.Sandbox.Faults;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox.Ews
{
    /// <summary>Who is asking and as whom: the authenticated account, and the impersonated one if any.</summary>
    internal sealed class EwsRequestContext
    {
        public EwsRequestContext(SandboxOrganization org, SandboxAccount caller, SandboxAccount? impersonated, string requestVersion)
        {
            Org = org;
            Caller = caller;
            Impersonated = impersonated;
            RequestVersion = requestVersion;
        }

        public SandboxOrganization Org { get; }

        public SandboxAccount Caller { get; }

        public SandboxAccount? Impersonated { get; }

        public string RequestVersion { get; }

        /// <summary>The account the request acts as: the impersonated one, else the caller.</summary>
        public SandboxAccount Effective => Impersonated ?? Caller;

        /// <summary>The mailbox a DistinguishedFolderId without a Mailbox element means; null when it lives in the cloud.</summary>
        public SandboxMailbox? DefaultMailbox => Org.FindEwsMailbox(Effective.Address);

        /// <summary>
        /// Own mailbox, or the admin (Full Access to every mailbox) acting explicitly. An admin impersonating
        /// someone has that user's rights, as with ApplicationImpersonation.
        /// </summary>
        public bool CanAccess(SandboxMailbox mailbox) =>
            string.Equals(mailbox.Address, Effective.Address, StringComparison.OrdinalIgnoreCase) ||
            (Impersonated == null && Caller.Kind == SandboxMailboxKind.Admin);

        public void DemandAccess(SandboxMailbox mailbox)
        {
            if (!CanAccess(mailbox))
            {
                throw new EwsItemException("ErrorAccessDenied");
            }
        }
    }
}
