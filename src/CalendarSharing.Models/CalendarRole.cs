namespace CalendarSharing
{
    /// <summary>
    /// The role a principal holds on a calendar, in the module's own vocabulary
    /// (ARCHITECTURE.md section 3). Input accepts the EWS, Graph and Exchange cmdlet
    /// spellings as well; output always uses these names.
    /// </summary>
    public enum CalendarRole
    {
        None = 0,
        AvailabilityOnly,
        LimitedDetails,
        Reviewer,
        Author,
        NoneditingAuthor,
        Contributor,
        PublishingAuthor,
        PublishingEditor,
        Editor,
        Owner,
        Delegate,
        DelegateCanViewPrivate,
        /// <summary>Read back only: the server's flags match no named level.</summary>
        Custom,
    }

    /// <summary>Who a permission entry is for.</summary>
    public enum PrincipalKind
    {
        /// <summary>Everyone in the organisation who has no entry of their own ("My Organization").</summary>
        Default,
        /// <summary>Unauthenticated and external users without an entry of their own.</summary>
        Anonymous,
        /// <summary>A user or group of the organisation.</summary>
        Internal,
        /// <summary>A user outside the organisation.</summary>
        External,
    }

    /// <summary>What an upsert or removal did to one row.</summary>
    public enum ShareAction
    {
        Added,
        Updated,
        Unchanged,
        Removed,
        Skipped,
        Failed,
    }

    /// <summary>The kind of server behind a connection.</summary>
    public enum ConnectionKind
    {
        Sandbox,
        Ews,
        Graph,
    }

    /// <summary>How an EWS connection authenticates.</summary>
    public enum EwsAuthentication
    {
        Default,
        Ntlm,
        Negotiate,
        Basic,
        OAuth,
    }
}
