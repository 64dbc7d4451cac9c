namespace CalendarSharing.Sandbox
{
    /// <summary>Where one sandbox mailbox lives.</summary>
    public enum MailboxHome
    {
        /// <summary>Exchange Server: reachable through EWS only (Graph answers 404 MailboxNotEnabledForRESTAPI).</summary>
        OnPremises,

        /// <summary>Exchange Online: reachable through Graph only (EWS answers ErrorNonExistentMailbox).</summary>
        Cloud,
    }

    /// <summary>Where the sandbox organisation's mailboxes live.</summary>
    public enum SandboxTopology
    {
        /// <summary>Every mailbox on-premises (the foundation's behaviour).</summary>
        OnPremises,

        /// <summary>Every mailbox in Exchange Online.</summary>
        Cloud,

        /// <summary>
        /// A hybrid organisation: alice, bob, hans, boardroom and the odd generated users on-premises; admin, carol,
        /// marie and the even generated users in the cloud. See src/CalendarSharing.Sandbox/README.md.
        /// </summary>
        Hybrid,
    }
}
