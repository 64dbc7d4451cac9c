// Written from Texts.resx: one property per entry. Add a property (and a name in Names) for each entry you add; a test checks that both lists agree.
#nullable enable
using System.Globalization;
using System.Resources;

namespace CalendarSharing.Core.Resources
{
    /// <summary>Every user-facing sentence of the module, read from Texts.resx (STYLE.md item 16).</summary>
    public static partial class Texts
    {
        private static readonly ResourceManager Manager = new ResourceManager("CalendarSharing.Core.Resources.Texts", typeof(Texts).Assembly);

        /// <summary>The names of every entry, for the tests that check each one is there and filled.</summary>
        public static readonly string[] Names =
        {
            "Advice_MailboxNotFound",
            "Advice_CalendarNotFound",
            "Advice_UserNotFound",
            "Advice_UserNotFound_Delegates",
            "Advice_UserNotFound_MailboxAccess",
            "Advice_UserAmbiguous",
            "Advice_AccessDenied",
            "Advice_AccessDenied_Delegates",
            "Advice_AccessDenied_MailboxAccess",
            "Advice_NotAllowedBySharingPolicy",
            "Advice_RoleNotAllowed",
            "Advice_InvalidInput",
            "Advice_Throttled",
            "Advice_ServerUnavailable",
            "Advice_ConcurrentChange",
            "Advice_ConcurrentChange_Delegates",
            "Advice_ConcurrentChange_MailboxAccess",
            "Advice_AuthenticationFailed",
            "Advice_ConnectionFailed",
            "Advice_NotSupported",
            "Advice_Canceled",
            "Advice_ServerFault",
            "Advice_UnexpectedError",
            "Advice_NotConnected",
            "Advice_ConnectionClosed",
            "Advice_CapabilityNotAvailable",
            "Advice_CapabilityNotAvailableNoAlternative",
            "Advice_ExchangeSessionRequired",
            "Advice_ExchangeSessionNotAvailable",
            "Advice_NotADelegate",
            "Advice_ConnectionNotFound",
            "Advice_AutodiscoverFailed",
            "Advice_ConnectFailed",
            "Advice_SignInFailed",
            "Error_RowPrefix",
            "Error_UserSubject",
            "Error_DelegateSubject",
            "Error_NotConnected",
            "Error_ConnectionClosed",
            "Error_CapabilityNotAvailable",
            "Error_ExchangeSessionRequired",
            "Error_ExchangeSessionRequiredRow",
            "Error_ExchangeSessionNotAvailable",
            "Error_DelegatesNotAvailable",
            "Error_NotADelegate",
            "Error_MissingMailbox",
            "Error_InvalidMailbox",
            "Error_MissingUser",
            "Error_MissingDelegate",
            "Error_InvalidDelegate",
            "Error_DelegateIsOwner",
            "Error_InvalidMeetingRequestDelivery",
            "Error_InvalidDelegateRole",
            "Error_InvalidAccessRight",
            "Error_MissingAccessRight",
            "Advice_MissingMailbox_Delegates",
            "Advice_MissingMailbox_MailboxAccess",
            "Advice_InvalidMailbox_Delegates",
            "Advice_InvalidMailbox_MailboxAccess",
            "Advice_MissingUser_MailboxAccess",
            "Advice_MissingDelegate",
            "Advice_InvalidDelegate",
            "Advice_DelegateIsOwner",
            "Advice_InvalidMeetingRequestDelivery",
            "Advice_InvalidDelegateRole",
            "Advice_InvalidAccessRight",
            "Advice_MissingAccessRight",
            "SkipCertificateCheckWarning",
            "Discovering",
            "Connecting",
            "ConnectFailed",
            "RoutingBetween",
            "UsingStoredCredential",
            "Connected",
            "SandboxCreating",
            "Disconnected",
            "NoSuchConnection",
            "NoConnectionToClose",
            "DisconnectAction",
            "ForceConfirmed",
            "ProgressStatus",
            "Target_Graph",
            "Target_GraphTenant",
            "Target_Sandbox",
            "Error_DelegatesAlternative",
            "Advice_AuthenticationFailed_Connections",
            "Advice_ConnectionFailed_Connections",
            "Error_MissingRole",
            "Advice_MissingUser",
            "Advice_MissingRole",
            "Advice_InvalidRole",
            "Advice_MissingMailbox",
            "Advice_InvalidMailbox",
            "SignIn_NameNotResolved",
            "SignIn_Refused",
            "SignIn_TimedOut",
            "SignIn_Tls",
            "SignIn_Unreachable",
            "SignIn_ImdsUnreachable",
            "SignIn_NoManagedIdentity",
            "SignIn_WrongSecret",
            "SignIn_ExpiredSecret",
            "SignIn_AppNotFound",
            "SignIn_TenantNotFound",
            "SignIn_CertificateRefused",
            "SignIn_Refused_Aad",
            "SignIn_FailedNoCode",
            "SignIn_Verbose",
            "SignIn_CertificateFileMissing",
            "SignIn_CertificateFileUnreadable",
            "SignIn_ThumbprintNotFound",
            "Error_ConnectionInOtherRunspace",
            "Error_ExchangeSessionRequiredSharing",
            "Error_InvalidSharingDomain",
            "Advice_InvalidSharingDomain",
            "Error_InvalidSharingDetailLevel",
            "Advice_InvalidSharingDetailLevel",
            "Target_SharingPolicy",
            "Action_SetSharingDomains",
            "Action_SetSharingDomain",
            "Action_RemoveSharingDomain",
            "Action_EnableSharingPolicy",
            "Action_DisableSharingPolicy",
            "Action_MakeDefaultSharingPolicy",
            "Action_NewSharingPolicy",
            "Action_AssignSharingPolicy",
            "Progress_AssignSharingPolicy",
            "Warning_SharingPolicyDisabled",
            "Warning_SharingPolicyUnchecked",
            "Error_SharingPolicyExists",
            "Advice_SharingPolicyExists",
            "Error_SharingPolicyNotFound",
            "Advice_SharingPolicyNotFound",
            "Error_NoDefaultSharingPolicy",
            "Advice_NoDefaultSharingPolicy",
            "Advice_MissingMailbox_SharingPolicy",
            "Baseline_Scuba_Title",
            "Baseline_Scuba_Pass",
            "Baseline_Scuba_Fail",
            "Baseline_Cis_Title",
            "Baseline_Cis_Pass",
            "Baseline_Cis_Fail",
            "Baseline_Cis_NoDefault",
            "WhatIf_SharingPolicyVerdict",
            "Error_NoSharingPolicy",
            "Error_SharingPolicyDisabled",
            "Error_SharingPolicyNoEntry",
            "Error_SharingPolicyBeyond",
            "Advice_SharingPolicyWiden",
            "Advice_SharingPolicyAtMost",
            "Advice_EventNotFound",
            "Advice_MissingSubject",
            "Error_MissingSubject",
            "Advice_MissingEventId",
            "Error_MissingEventId",
            "Advice_InvalidTimeZone",
            "Error_InvalidEventWindow",
            "Error_MissingStart",
            "Advice_InvalidEventWindow",
            "Error_DurationTooLong",
            "Error_InvalidInterval",
            "Advice_InvalidInterval",
            "Error_InvalidAttendee",
            "Warning_AttendeeNoData",
            "Warning_NoMeetingTime",
            "Warning_EventWindowIncomplete",
            "ShouldProcess_NewEvent",
            "ShouldProcess_RemoveEvent",
            "Message_EventNotThere",
            "Message_EventExists",
            "Error_InvalidDetailLevel",
            "Advice_InvalidDetailLevel",
            "Error_InvalidPublishingRange",
            "Advice_InvalidPublishingRange",
            "Error_ExchangeSessionRequiredPublishing",
            "Error_PublishingCalendarNotFound",
            "Error_PublishingNoDefaultCalendar",
            "Advice_MissingMailbox_Publishing",
            "Advice_InvalidMailbox_Publishing",
            "Advice_SharingInvitationNotAvailable",
            "Error_AccessScanFileInvalid",
            "Advice_AccessScanFileInvalid",
            "Error_AccessScanFileRow",
            "Error_AccessScanStateMismatch",
            "Advice_AccessScanStateMismatch",
            "Warning_AccessScanPolicyUnread",
            "Error_AccessScanListFailed",
            "Error_AccessScanFileUnreadable",
            "Sync_PairRef",
            "Error_InvalidSyncProfile",
            "Error_SyncProfileNotFound",
            "Error_SyncProfileUnreadable",
            "Error_SyncProfileNotJson",
            "Error_SyncProfileVersion",
            "Error_SyncFieldType",
            "Error_SyncFieldMissing",
            "Error_SyncFieldUnknown",
            "Error_SyncFieldUnknownCase",
            "Error_SyncFieldEnum",
            "Error_SyncFieldMailbox",
            "Error_SyncFieldPositive",
            "Error_SyncFieldRange",
            "Error_SyncFieldPattern",
            "Error_SyncFieldConnectionName",
            "Error_SyncPairSameCalendar",
            "Error_SyncPairDuplicate",
            "Sync_TypeObject",
            "Sync_TypeList",
            "Sync_TypeString",
            "Sync_TypeNumber",
            "Sync_TypeBoolean",
            "Sync_TypeStringList",
            "Sync_TypeDuration",
            "Error_SyncLeaseTakenOver",
            "Warning_SyncStateCorrupt",
            "Error_SyncStateStoreNotAvailable",
            "Error_SyncConnectionNotFound",
            "Error_SyncPairFailed",
            "Sync_PairDescription",
            "Sync_ProgressActivity",
            "ShouldProcess_SyncPair",
            "ShouldProcess_RemoveSyncCopies",
            "Sync_ShouldProcessReset",
            "Sync_PairLeased",
            "Verbose_SyncStateForgotten",
            "Verbose_SyncContinuous",
            "Verbose_SyncReconnected",
            "Verbose_SyncUpToDate",
            "Sync_ActionCreate",
            "Sync_ActionUpdate",
            "Sync_ActionDelete",
            "Sync_ActionSkip",
            "Sync_ActionOf",
            "Sync_ActionConflict",
            "Advice_SyncPassFailed",
            "Advice_InvalidSyncProfile",
            "Advice_SyncProfileNotFound",
            "Advice_SyncProfileExists",
            "Advice_SyncPairNotFound",
            "Advice_InvalidSyncPair",
            "Advice_SyncConnectionNotFound",
            "Advice_SyncStateStoreNotAvailable",
            "Error_SyncProfileExists",
            "Error_SyncPairNotFound",
            "ShouldProcess_NewSyncProfile",
            "ShouldProcess_WriteSyncProfile",
            "Error_SyncReadFailed",
            "Advice_SyncReadFailed",
            "Error_SyncDeletionThresholdExceeded",
            "Advice_SyncDeletionThresholdExceeded",
            "Error_SyncWriteFailed",
            "Advice_SyncWriteFailed",
            "Error_SyncConflict",
            "Advice_SyncConflict",
            "Error_SyncLeaseLost",
            "Advice_SyncLeaseLost",
            "Explain_Owner",
            "Explain_FolderEntry",
            "Explain_NoEntry",
            "Explain_Default",
            "Explain_NoEntryExternal",
            "Explain_Anonymous",
            "Explain_PolicyNone",
            "Explain_PolicyDisabled",
            "Explain_PolicyNoEntry",
            "Explain_PolicyAllows",
            "Explain_Capped",
            "Explain_NotChecked",
            "Explain_SharingPolicySubject",
            "Explain_RelationshipSubject",
            "Explain_PublishingSubject",
            "Explain_DelegateSubject",
            "Explain_FullAccessSubject",
            "Explain_NoSharingPolicyCapability",
            "Explain_NoPublishingCapability",
            "Explain_NoDelegatesCapability",
            "Explain_NoMailboxAccessCapability",
            "Explain_NoRelationship",
            "Explain_RelationshipOff",
            "Explain_Relationship",
            "Explain_CrossTenantNotChecked",
            "Explain_Published",
            "Explain_NotPublished",
            "Explain_NotDelegate",
            "Explain_Delegate",
            "Explain_DelegateDefaultCalendarOnly",
            "Explain_Yes",
            "Explain_No",
            "Explain_FullAccess",
            "Explain_NoFullAccess",
            "Explain_Effective",
            "Explain_EffectiveNone",
            "Error_CopyAccessSameUser",
            "Advice_CopyAccessSameUser",
            "Warning_CopyAccessUnread",
            "Warning_CopyAccessNothing",
            "Warning_CopyAccessKept",
            "Warning_CopyAccessDelegateGone",
            "Error_SyncStoredCredentialFailed",
            "Error_SyncStoredCredentialNoServer",
            "Capability_Permissions_What",
            "Capability_Permissions_Alternative",
            "Capability_Delegates_What",
            "Capability_Delegates_Alternative",
            "Capability_MailboxAccess_What",
            "Capability_MailboxAccess_Alternative",
            "Capability_Events_What",
            "Capability_Availability_What",
            "Capability_ChangeFeed_What",
            "Capability_AccessReport_What",
            "Capability_SharingPolicy_What",
            "Capability_SharingPolicy_Alternative",
            "Capability_Publishing_What",
            "Capability_Publishing_Alternative",
            "Error_CapabilityNoAlternativeTail",
            "Error_CapabilityAlternativeTail",
            "Error_InvalidRoleInRow",
            "Error_InvalidRole",
            "Error_InvalidRoleEmpty",
            "Error_MultipleRoles",
            "Advice_MultipleRoles",
            "Advice_InvalidSharingPermissionFlags",
            "Error_UnknownSharingPermissionFlags",
            "Error_PrivateFlagNeedsDelegate",
            "Error_SharingPermissionFlagsNotEditor",
            "WhatIf_PublishingPolicyVerdict",
            "Error_PublishingNoSharingPolicy",
            "Error_PublishingSharingPolicyDisabled",
            "Error_PublishingNoAnonymousEntry",
            "Error_PublishingBeyondPolicy",
            "Advice_PublishingPolicyWiden",
            "Advice_PublishingPolicyAtMost",
            "Verbose_CrossTenantNotChecked",
            "Error_AccessNameNotResolved",
            "Error_AccessNameNotInReport",
            "Error_AccessNameAmbiguousInReport",
            "ShouldProcess_WriteAccessHtml",
            "Error_AccessHtmlIsFolder",
            "Error_AccessHtmlNoFolder",
            "Error_AccessHtmlNotWritten",
            "Advice_AccessReportNotWritten",
            "Verbose_AccessHtmlWritten",
            "Sync_PassedByOtherWorker",
            "ShouldProcess_AndSendInvitation",
            "Error_PermissionConflictExhausted",
            "Error_PermissionRetryExhausted",
            "Error_PermissionChangeNotMade",
            "Error_PermissionDelegateNotWritten",
            "Warning_AccessScanNotChecked",
            "AccessScan_PolicyNotChecked",
            "AccessScan_SourceSharingPolicy",
            "AccessScan_SourcePublishing",
            "AccessScan_SourceFullAccess",
            "Capability_SignInAs_What",
            "Capability_SignInAs_Alternative",
            "Verbose_SyncStoredCredentialServer",
            "Error_SyncStoredCredentialNoDefault",
            "Error_SharingPolicyAssignNoSide",
            "Verbose_SharingPolicyAssignSide",
            "Routing_SideOnline",
            "Routing_SideOnPremises",
            "Error_RoutedSideCannot",
            "Error_RoutedNeitherSide",
            "Verbose_EventResending",
            "Verbose_EventAnswerLost",
            "Verbose_EventCreated",
            "Verbose_EventExists",
            "Error_NotATimeZone",
            "Error_SyncOriginalGone",
            "Error_SyncCopyGone",
            "Error_SyncChangesEndless",
            "Error_SyncWindowTooFull",
            "Error_PublishingFolderNotRead",
            "Verbose_PublishingUnchanged",
            "Error_ServerAnsweredStatus",
            "Verbose_CredentialRemoved",
            "Target_StoredCredential",
            "Verbose_CredentialRead",
            "Verbose_CredentialSaved",
            "Error_CredentialNoUserName",
            "Warning_CredentialFileNotRestricted",
            "Warning_CredentialFolderNotRestricted",
            "Error_CredentialNoPassword",
            "Error_NotAMailboxAddress",
            "Error_CalendarNamedTwice",
            "Verbose_AvailabilityPlan",
            "Verbose_MeetingTimesStats",
            "Verbose_FreeBusyStats",
            "ShouldProcess_ReplaceCredential",
            "ShouldProcess_SaveCredential",
            "ShouldProcess_RemoveCredential",
            "Advice_CredentialNoPassword",
            "Advice_CredentialNoUserName",
            "Warning_MailboxRightsNotListed",
            "Text_AndMore",
            "Error_TimeZoneEmpty",
            "Error_MailboxEmptyWithCalendar",
            "Error_MailboxEmpty",
            "Warning_MailboxRightsNotListedAll",
            "Error_ProbeNeedsUrlOrMailbox",
            "Error_WindowEndsBeforeStart",
            "Error_ConnectionKindNotAvailable",
            "Verbose_AutodiscoverFallback",
            "Error_EwsConnectionNeedsUrl",
            "Error_UnknownGraphSignIn",
            "Error_UnknownGraphCloud",
            "Error_GraphConnectionNeedsSignIn",
            "Error_ExchangeSessionFailed",
            "Error_AzureTableUrlNoTable",
            "Error_AzureTableUrlNotSas",
            "Error_AzureTableNotOpened",
            "Error_AzureTableNeedsSpec",
            "Error_AzureTableConnectionStringNoTable",
            "Error_AzureTableCredentialType",
            "Error_SyncStateFormatUnknown",
            "Error_AzureTableNoToken",
            "Error_SyncLeaseLapsed",
            "Warning_EwsCertificateNotChecked",
            "Error_EwsServerVersionTooOld",
            "Error_EwsServerBusy",
            "Error_AutodiscoverNotAnAddress",
            "Error_NotADnsName",
            "Error_DnsNoAnswer",
            "Error_ProbeNoTcp",
            "Error_EventCreatedNotReadBack",
            "Error_EventGone",
            "Error_EwsNoSyncState",
            "Error_EwsSyncStateExpired",
            "Error_EwsPullNoWatermark",
            "Error_FindFolderNoAnswer",
            "Error_StreamingUnreachable",
            "Error_StreamingRefused",
            "Error_StreamingHttp",
            "Error_StreamingSilent",
            "Error_GraphNoSchedule",
            "Error_GraphChangesEndless",
            "Error_FolderStatisticsNoCalendar",
            "Error_GraphNotAPage",
            "Error_GraphDelegateCannotSet",
            "Error_GraphTooManyPages",
            "Error_AdminApiUnreachable",
            "Error_AdminApiTimeout",
            "Error_AdminApiNotJson",
            "Error_InvitationRoleNotAllowed",
            "Error_InvitationRoleNotAllowedRow",
            "Error_GraphEventNotFound",
            "Capability_GroupMembership_What",
            "Warning_AccessGroupsNotExpanded",
            "Warning_AccessGroupsNotChecked",
            "Warning_AccessGroupUnread",
            "Warning_AccessGroupsUnlisted",
            "Explain_Group",
            "Explain_GroupSubject",
            "Explain_NoGroupCapability",
        };

        /// <summary>The entry <paramref name="name"/> in the current UI culture; throws when it is missing, so a typo fails every test that reaches it.</summary>
        public static string Get(string name) =>
            Manager.GetString(name, CultureInfo.CurrentUICulture) ?? throw new MissingManifestResourceException("No text named " + name + " in CalendarSharing.Core.Resources.Texts.");

        /// <summary>string.Format in the current culture over the entry <paramref name="name"/>.</summary>
        public static string Format(string name, params object?[] args) => string.Format(CultureInfo.CurrentCulture, Get(name), args);

        /// <summary>Check the mailbox address; use its primary SMTP address (Get-Recipient shows it).</summary>
        public static string Advice_MailboxNotFound => Get(nameof(Advice_MailboxNotFound));

        /// <summary>Omit -Calendar for the default calendar, or give the display name of a calendar that exists in the mailbox.</summary>
        public static string Advice_CalendarNotFound => Get(nameof(Advice_CalendarNotFound));

        /// <summary>Give the user's primary SMTP address, or Default / Anonymous.</summary>
        public static string Advice_UserNotFound => Get(nameof(Advice_UserNotFound));

        /// <summary>Give the primary SMTP address of a user who has a mailbox.</summary>
        public static string Advice_UserNotFound_Delegates => Get(nameof(Advice_UserNotFound_Delegates));

        /// <summary>Give the user's primary SMTP address; the user must exist in the organisation.</summary>
        public static string Advice_UserNotFound_MailboxAccess => Get(nameof(Advice_UserNotFound_MailboxAccess));

        /// <summary>Several directory entries match; give the user's primary SMTP address.</summary>
        public static string Advice_UserAmbiguous => Get(nameof(Advice_UserAmbiguous));

        /// <summary>Connect with an account that has Full Access to the mailbox or the ApplicationImpersonation role (Connect-CalendarSharing -Impersonation).</summary>
        public static string Advice_AccessDenied => Get(nameof(Advice_AccessDenied));

        /// <summary>Connect with an account that may manage this mailbox's delegates (the owner, or an admin with Full Access or impersonation).</summary>
        public static string Advice_AccessDenied_Delegates => Get(nameof(Advice_AccessDenied_Delegates));

        /// <summary>Use an Exchange session (or admin connection) whose account may manage recipients (Organization Management or Recipient Management).</summary>
        public static string Advice_AccessDenied_MailboxAccess => Get(nameof(Advice_AccessDenied_MailboxAccess));

        /// <summary>Grant a role the sharing policy allows for this domain (often AvailabilityOnly or LimitedDetails), or change the organisation's sharing policy.</summary>
        public static string Advice_NotAllowedBySharingPolicy => Get(nameof(Advice_NotAllowedBySharingPolicy));

        /// <summary>Choose a role this principal and calendar accept.</summary>
        public static string Advice_RoleNotAllowed => Get(nameof(Advice_RoleNotAllowed));

        /// <summary>Correct the input and run the row again.</summary>
        public static string Advice_InvalidInput => Get(nameof(Advice_InvalidInput));

        /// <summary>The server kept throttling after every retry; run the failed rows again later.</summary>
        public static string Advice_Throttled => Get(nameof(Advice_Throttled));

        /// <summary>The server had a passing fault after every retry; run the failed rows again later.</summary>
        public static string Advice_ServerUnavailable => Get(nameof(Advice_ServerUnavailable));

        /// <summary>Another writer kept changing this calendar; run the row again.</summary>
        public static string Advice_ConcurrentChange => Get(nameof(Advice_ConcurrentChange));

        /// <summary>Another writer kept changing this mailbox's delegates; run the row again.</summary>
        public static string Advice_ConcurrentChange_Delegates => Get(nameof(Advice_ConcurrentChange_Delegates));

        /// <summary>Another writer kept changing this mailbox's permissions; run the row again.</summary>
        public static string Advice_ConcurrentChange_MailboxAccess => Get(nameof(Advice_ConcurrentChange_MailboxAccess));

        /// <summary>Check the user name and password (or token), then run Connect-CalendarSharing again.</summary>
        public static string Advice_AuthenticationFailed => Get(nameof(Advice_AuthenticationFailed));

        /// <summary>Check the server name, the network and the certificate, then connect again.</summary>
        public static string Advice_ConnectionFailed => Get(nameof(Advice_ConnectionFailed));

        /// <summary>This server or protocol cannot do this.</summary>
        public static string Advice_NotSupported => Get(nameof(Advice_NotSupported));

        /// <summary>The operation was stopped; run it again to finish the remaining rows.</summary>
        public static string Advice_Canceled => Get(nameof(Advice_Canceled));

        /// <summary>The server refused the request; run again with -Debug to see the server's answer.</summary>
        public static string Advice_ServerFault => Get(nameof(Advice_ServerFault));

        /// <summary>Run the command again with -Debug and report the output if it persists.</summary>
        public static string Advice_UnexpectedError => Get(nameof(Advice_UnexpectedError));

        /// <summary>Run Connect-CalendarSharing, or pass -Connection.</summary>
        public static string Advice_NotConnected => Get(nameof(Advice_NotConnected));

        /// <summary>Run Connect-CalendarSharing again and pass the new connection, or omit -Connection to use the default one.</summary>
        public static string Advice_ConnectionClosed => Get(nameof(Advice_ConnectionClosed));

        /// <summary>Use a connection that can do this: {0}.</summary>
        public static string Advice_CapabilityNotAvailable => Get(nameof(Advice_CapabilityNotAvailable));

        /// <summary>No kind of connection can do this yet.</summary>
        public static string Advice_CapabilityNotAvailableNoAlternative => Get(nameof(Advice_CapabilityNotAvailableNoAlternative));

        /// <summary>Open a session (New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri http://&lt;server&gt;/PowerShell/) and pass it with -ExchangeSession, or, for Exchange Online mailboxes, connect with Connect-CalendarSharing -TenantId ... -ClientId ... (the admin API needs no session).</summary>
        public static string Advice_ExchangeSessionRequired => Get(nameof(Advice_ExchangeSessionRequired));

        /// <summary>Open a new session with New-PSSession -ConfigurationName Microsoft.Exchange and pass it with -ExchangeSession.</summary>
        public static string Advice_ExchangeSessionNotAvailable => Get(nameof(Advice_ExchangeSessionNotAvailable));

        /// <summary>Use Add-MailboxDelegate to make the user a delegate.</summary>
        public static string Advice_NotADelegate => Get(nameof(Advice_NotADelegate));

        /// <summary>Get-CalendarSharingConnection lists the open connections.</summary>
        public static string Advice_ConnectionNotFound => Get(nameof(Advice_ConnectionNotFound));

        /// <summary>Give the EWS URL with -EwsUrl (it is used when autodiscover fails); -Verbose shows each autodiscover step.</summary>
        public static string Advice_AutodiscoverFailed => Get(nameof(Advice_AutodiscoverFailed));

        /// <summary>Check the URL, the credentials and the authentication method; -Verbose shows what was tried.</summary>
        public static string Advice_ConnectFailed => Get(nameof(Advice_ConnectFailed));

        /// <summary>Check the tenant, the app id and its certificate or secret; -Verbose shows each sign-in step.</summary>
        public static string Advice_SignInFailed => Get(nameof(Advice_SignInFailed));

        /// <summary>Row {0}: </summary>
        public static string Error_RowPrefix => Get(nameof(Error_RowPrefix));

        /// <summary>user {0}</summary>
        public static string Error_UserSubject => Get(nameof(Error_UserSubject));

        /// <summary>delegate {0}</summary>
        public static string Error_DelegateSubject => Get(nameof(Error_DelegateSubject));

        /// <summary>There is no connection. Run Connect-CalendarSharing first (Connect-CalendarSharing -Sandbox needs no tenant).</summary>
        public static string Error_NotConnected => Get(nameof(Error_NotConnected));

        /// <summary>The connection to {0} is closed. Run Connect-CalendarSharing again.</summary>
        public static string Error_ConnectionClosed => Get(nameof(Error_ConnectionClosed));

        /// <summary>The {0} connection to {1} cannot {2}.</summary>
        public static string Error_CapabilityNotAvailable => Get(nameof(Error_CapabilityNotAvailable));

        /// <summary>Full Access, Send As and Send on Behalf live in the Exchange Management Shell, not in EWS, and this connection cannot run Exchange cmdlets.</summary>
        public static string Error_ExchangeSessionRequired => Get(nameof(Error_ExchangeSessionRequired));

        /// <summary>{0} lives in the Exchange Management Shell, not in EWS.</summary>
        public static string Error_ExchangeSessionRequiredRow => Get(nameof(Error_ExchangeSessionRequiredRow));

        /// <summary>The Exchange session {0} to {1} is {2}.</summary>
        public static string Error_ExchangeSessionNotAvailable => Get(nameof(Error_ExchangeSessionNotAvailable));

        /// <summary>manage delegates</summary>
        public static string Error_DelegatesNotAvailable => Get(nameof(Error_DelegatesNotAvailable));

        /// <summary>{0} is not a delegate of {1}.</summary>
        public static string Error_NotADelegate => Get(nameof(Error_NotADelegate));

        /// <summary>The row has no mailbox.</summary>
        public static string Error_MissingMailbox => Get(nameof(Error_MissingMailbox));

        /// <summary>'{0}' is not an SMTP address.</summary>
        public static string Error_InvalidMailbox => Get(nameof(Error_InvalidMailbox));

        /// <summary>The row has no user.</summary>
        public static string Error_MissingUser => Get(nameof(Error_MissingUser));

        /// <summary>The row has no delegate.</summary>
        public static string Error_MissingDelegate => Get(nameof(Error_MissingDelegate));

        /// <summary>'{0}' is not an SMTP address.</summary>
        public static string Error_InvalidDelegate => Get(nameof(Error_InvalidDelegate));

        /// <summary>A mailbox cannot be its own delegate.</summary>
        public static string Error_DelegateIsOwner => Get(nameof(Error_DelegateIsOwner));

        /// <summary>'{0}' is not a meeting request delivery.</summary>
        public static string Error_InvalidMeetingRequestDelivery => Get(nameof(Error_InvalidMeetingRequestDelivery));

        /// <summary>{0} '{1}' is not a delegate folder role.</summary>
        public static string Error_InvalidDelegateRole => Get(nameof(Error_InvalidDelegateRole));

        /// <summary>'{0}' is not a mailbox access right.</summary>
        public static string Error_InvalidAccessRight => Get(nameof(Error_InvalidAccessRight));

        /// <summary>The row has no access right.</summary>
        public static string Error_MissingAccessRight => Get(nameof(Error_MissingAccessRight));

        /// <summary>Give the mailbox in a Mailbox (or Identity, Owner) column.</summary>
        public static string Advice_MissingMailbox_Delegates => Get(nameof(Advice_MissingMailbox_Delegates));

        /// <summary>Give the mailbox in a Mailbox (or Identity, PrimarySmtpAddress) column.</summary>
        public static string Advice_MissingMailbox_MailboxAccess => Get(nameof(Advice_MissingMailbox_MailboxAccess));

        /// <summary>Give the mailbox's primary SMTP address, such as boss@contoso.com.</summary>
        public static string Advice_InvalidMailbox_Delegates => Get(nameof(Advice_InvalidMailbox_Delegates));

        /// <summary>Give the mailbox's primary SMTP address, such as shared@contoso.com.</summary>
        public static string Advice_InvalidMailbox_MailboxAccess => Get(nameof(Advice_InvalidMailbox_MailboxAccess));

        /// <summary>Give the user in a User (or Trustee) column.</summary>
        public static string Advice_MissingUser_MailboxAccess => Get(nameof(Advice_MissingUser_MailboxAccess));

        /// <summary>Give the delegate's SMTP address in a Delegate (or User, Trustee) column.</summary>
        public static string Advice_MissingDelegate => Get(nameof(Advice_MissingDelegate));

        /// <summary>Give the delegate's primary SMTP address, such as assistant@contoso.com.</summary>
        public static string Advice_InvalidDelegate => Get(nameof(Advice_InvalidDelegate));

        /// <summary>Give a different user as the delegate.</summary>
        public static string Advice_DelegateIsOwner => Get(nameof(Advice_DelegateIsOwner));

        /// <summary>Use DelegatesOnly, DelegatesAndMe, DelegatesAndSendInformationToMe or NoForward.</summary>
        public static string Advice_InvalidMeetingRequestDelivery => Get(nameof(Advice_InvalidMeetingRequestDelivery));

        /// <summary>Use None, Reviewer, Author or Editor.</summary>
        public static string Advice_InvalidDelegateRole => Get(nameof(Advice_InvalidDelegateRole));

        /// <summary>Use FullAccess, SendAs or SendOnBehalf.</summary>
        public static string Advice_InvalidAccessRight => Get(nameof(Advice_InvalidAccessRight));

        /// <summary>Give FullAccess, SendAs and/or SendOnBehalf in an AccessRight column.</summary>
        public static string Advice_MissingAccessRight => Get(nameof(Advice_MissingAccessRight));

        /// <summary>-SkipCertificateCheck: the server certificate is not checked, so anyone on the network path could pose as the server and read the credentials. Use it only in a lab.</summary>
        public static string SkipCertificateCheckWarning => Get(nameof(SkipCertificateCheckWarning));

        /// <summary>Running autodiscover for {0}.</summary>
        public static string Discovering => Get(nameof(Discovering));

        /// <summary>Connecting to {0} as {1} ({2}, {3} authentication).</summary>
        public static string Connecting => Get(nameof(Connecting));

        /// <summary>Could not connect to {0}: {1}</summary>
        public static string ConnectFailed => Get(nameof(ConnectFailed));

        /// <summary>No -Connection: routing each mailbox between the on-premises connection to {0} and the online connection to {1} (online first, on-premises when Exchange Online does not host it).</summary>
        public static string RoutingBetween => Get(nameof(RoutingBetween));

        /// <summary>Using the stored credential '{0}' for {1} ({2}).</summary>
        public static string UsingStoredCredential => Get(nameof(UsingStoredCredential));

        /// <summary>Connected to {0} as {1} ({2}); server version {3}. This is now the default connection.</summary>
        public static string Connected => Get(nameof(Connected));

        /// <summary>Creating the sandbox organisation contoso.com in this session ({0} generated mailboxes besides the named ones).</summary>
        public static string SandboxCreating => Get(nameof(SandboxCreating));

        /// <summary>Closed the connection to {0} as {1}.</summary>
        public static string Disconnected => Get(nameof(Disconnected));

        /// <summary>There is no open connection to {0} as {1}.</summary>
        public static string NoSuchConnection => Get(nameof(NoSuchConnection));

        /// <summary>There is no default connection to close.</summary>
        public static string NoConnectionToClose => Get(nameof(NoConnectionToClose));

        /// <summary>Close the connection</summary>
        public static string DisconnectAction => Get(nameof(DisconnectAction));

        /// <summary>Performing the operation "{0}" on target "{1}" (-Force).</summary>
        public static string ForceConfirmed => Get(nameof(ForceConfirmed));

        /// <summary>{0} of {1}</summary>
        public static string ProgressStatus => Get(nameof(ProgressStatus));

        /// <summary>Microsoft Graph</summary>
        public static string Target_Graph => Get(nameof(Target_Graph));

        /// <summary>Microsoft Graph (tenant {0})</summary>
        public static string Target_GraphTenant => Get(nameof(Target_GraphTenant));

        /// <summary>sandbox</summary>
        public static string Target_Sandbox => Get(nameof(Target_Sandbox));

        /// <summary>an EWS (on-premises) or Exchange Online (Graph) connection to the mailbox's side</summary>
        public static string Error_DelegatesAlternative => Get(nameof(Error_DelegatesAlternative));

        /// <summary>Check the credentials: the user name and password, or the tenant, the app id and its certificate or secret; -Verbose shows each sign-in step.</summary>
        public static string Advice_AuthenticationFailed_Connections => Get(nameof(Advice_AuthenticationFailed_Connections));

        /// <summary>Check the server or authority name, the network (proxy, firewall) and the certificate; -Verbose shows what was tried.</summary>
        public static string Advice_ConnectionFailed_Connections => Get(nameof(Advice_ConnectionFailed_Connections));

        /// <summary>The row has no role.</summary>
        public static string Error_MissingRole => Get(nameof(Error_MissingRole));

        /// <summary>Give the user in a User (or Trustee, Delegate, Principal) column, or Default / Anonymous.</summary>
        public static string Advice_MissingUser => Get(nameof(Advice_MissingUser));

        /// <summary>Give the role in a Role (or AccessRights, Permission) column: {0}.</summary>
        public static string Advice_MissingRole => Get(nameof(Advice_MissingRole));

        /// <summary>Use one of: {0}.</summary>
        public static string Advice_InvalidRole => Get(nameof(Advice_InvalidRole));

        /// <summary>Give the mailbox in a Mailbox (or Identity, Owner) column.</summary>
        public static string Advice_MissingMailbox => Get(nameof(Advice_MissingMailbox));

        /// <summary>Give an SMTP address such as alice@contoso.com, optionally followed by :\CalendarName.</summary>
        public static string Advice_InvalidMailbox => Get(nameof(Advice_InvalidMailbox));

        /// <summary>the name {0} could not be resolved (DNS). Check the name and -Environment (the cloud), and this machine's DNS and proxy settings.</summary>
        public static string SignIn_NameNotResolved => Get(nameof(SignIn_NameNotResolved));

        /// <summary>{0} refused the connection. Check the sign-in authority, the proxy and the firewall.</summary>
        public static string SignIn_Refused => Get(nameof(SignIn_Refused));

        /// <summary>{0} did not answer in time. Check the proxy and the firewall.</summary>
        public static string SignIn_TimedOut => Get(nameof(SignIn_TimedOut));

        /// <summary>the TLS handshake with {0} failed. Check the proxy (a TLS-inspecting proxy needs its root certificate trusted) and the system clock.</summary>
        public static string SignIn_Tls => Get(nameof(SignIn_Tls));

        /// <summary>{0} could not be reached ({1}). Check the network, the proxy and the firewall.</summary>
        public static string SignIn_Unreachable => Get(nameof(SignIn_Unreachable));

        /// <summary>the managed identity endpoint ({0}) could not be reached: this machine has no managed identity. Only an Azure VM, App Service, Functions, Container Apps or Automation host with an identity assigned has one; elsewhere sign in with a certificate or a secret.</summary>
        public static string SignIn_ImdsUnreachable => Get(nameof(SignIn_ImdsUnreachable));

        /// <summary>no managed identity is available on this machine. Only an Azure VM, App Service, Functions, Container Apps or Automation host with an identity assigned has one; elsewhere sign in with a certificate or a secret.</summary>
        public static string SignIn_NoManagedIdentity => Get(nameof(SignIn_NoManagedIdentity));

        /// <summary>the tenant refused the client secret (AADSTS7000215, invalid client secret). Give the secret's value, not its id, and check that the secret still exists on the app registration.</summary>
        public static string SignIn_WrongSecret => Get(nameof(SignIn_WrongSecret));

        /// <summary>the client secret has expired (AADSTS7000222). Create a new secret for the app registration.</summary>
        public static string SignIn_ExpiredSecret => Get(nameof(SignIn_ExpiredSecret));

        /// <summary>the app was not found in the tenant (AADSTS700016). Check -ClientId and -TenantId, and that the app is registered or consented in that tenant.</summary>
        public static string SignIn_AppNotFound => Get(nameof(SignIn_AppNotFound));

        /// <summary>the tenant was not found ({0}). Check -TenantId (a tenant id or a verified domain such as contoso.onmicrosoft.com) and -Environment.</summary>
        public static string SignIn_TenantNotFound => Get(nameof(SignIn_TenantNotFound));

        /// <summary>the tenant refused the certificate ({0}). Upload the certificate's public key to the app registration, or use one that is registered and not expired.</summary>
        public static string SignIn_CertificateRefused => Get(nameof(SignIn_CertificateRefused));

        /// <summary>the tenant refused the sign-in ({0}). Check the tenant, the app id and its certificate or secret.</summary>
        public static string SignIn_Refused_Aad => Get(nameof(SignIn_Refused_Aad));

        /// <summary>the sign-in failed. Check the tenant, the app id and its certificate or secret; -Verbose shows the cause.</summary>
        public static string SignIn_FailedNoCode => Get(nameof(SignIn_FailedNoCode));

        /// <summary>Sign-in failure, cause {0}: {1}: {2}</summary>
        public static string SignIn_Verbose => Get(nameof(SignIn_Verbose));

        /// <summary>The certificate file '{0}' does not exist.</summary>
        public static string SignIn_CertificateFileMissing => Get(nameof(SignIn_CertificateFileMissing));

        /// <summary>Cannot open the certificate file '{0}': the file is not a PKCS#12 (.pfx) file or the password is wrong.</summary>
        public static string SignIn_CertificateFileUnreadable => Get(nameof(SignIn_CertificateFileUnreadable));

        /// <summary>No certificate with thumbprint {0} (and its private key) is in CurrentUser\My or LocalMachine\My.</summary>
        public static string SignIn_ThumbprintNotFound => Get(nameof(SignIn_ThumbprintNotFound));

        /// <summary>The connection to {0} was made in another runspace; connections are kept per runspace. Run Connect-CalendarSharing in this runspace (for ForEach-Object -Parallel: inside the script block).</summary>
        public static string Error_ConnectionInOtherRunspace => Get(nameof(Error_ConnectionInOtherRunspace));

        /// <summary>Sharing policies live in the Exchange Management Shell, not in EWS, and this connection cannot run Exchange cmdlets.</summary>
        public static string Error_ExchangeSessionRequiredSharing => Get(nameof(Error_ExchangeSessionRequiredSharing));

        /// <summary>'{0}' is not a domain a sharing policy can name: give a domain name (fabrikam.com), * (every federated organisation) or Anonymous (anyone, through published links).</summary>
        public static string Error_InvalidSharingDomain => Get(nameof(Error_InvalidSharingDomain));

        /// <summary>Correct -Domain: a domain name such as fabrikam.com (subdomains are not implied), '*' in quotes, or use -Anonymous.</summary>
        public static string Advice_InvalidSharingDomain => Get(nameof(Advice_InvalidSharingDomain));

        /// <summary>'{0}' is not a detail level a sharing policy can allow: AvailabilityOnly, LimitedDetails or Reviewer.</summary>
        public static string Error_InvalidSharingDetailLevel => Get(nameof(Error_InvalidSharingDetailLevel));

        /// <summary>Use -DetailLevel AvailabilityOnly (free/busy), LimitedDetails (free/busy, subject and location) or Reviewer (all details).</summary>
        public static string Advice_InvalidSharingDetailLevel => Get(nameof(Advice_InvalidSharingDetailLevel));

        /// <summary>Sharing policy '{0}'</summary>
        public static string Target_SharingPolicy => Get(nameof(Target_SharingPolicy));

        /// <summary>{0} (Domains: {1})</summary>
        public static string Action_SetSharingDomains => Get(nameof(Action_SetSharingDomains));

        /// <summary>Share calendars with {0} up to {1}</summary>
        public static string Action_SetSharingDomain => Get(nameof(Action_SetSharingDomain));

        /// <summary>Stop sharing calendars with {0}</summary>
        public static string Action_RemoveSharingDomain => Get(nameof(Action_RemoveSharingDomain));

        /// <summary>Enable the policy</summary>
        public static string Action_EnableSharingPolicy => Get(nameof(Action_EnableSharingPolicy));

        /// <summary>Disable the policy (no new external sharing under it)</summary>
        public static string Action_DisableSharingPolicy => Get(nameof(Action_DisableSharingPolicy));

        /// <summary>Make it the default policy (for every mailbox without a policy of its own)</summary>
        public static string Action_MakeDefaultSharingPolicy => Get(nameof(Action_MakeDefaultSharingPolicy));

        /// <summary>Create the policy with Domains: {0}</summary>
        public static string Action_NewSharingPolicy => Get(nameof(Action_NewSharingPolicy));

        /// <summary>Assign sharing policy '{0}'</summary>
        public static string Action_AssignSharingPolicy => Get(nameof(Action_AssignSharingPolicy));

        /// <summary>Assigning sharing policy '{0}'</summary>
        public static string Progress_AssignSharingPolicy => Get(nameof(Progress_AssignSharingPolicy));

        /// <summary>The sharing policy '{0}' is disabled: its entries take effect once it is enabled (Set-CalendarSharingPolicy -Identity '{0}' -Enabled $true).</summary>
        public static string Warning_SharingPolicyDisabled => Get(nameof(Warning_SharingPolicyDisabled));

        /// <summary>{0}: the sharing policy could not be read ({1}); the server decides whether the share is allowed.</summary>
        public static string Warning_SharingPolicyUnchecked => Get(nameof(Warning_SharingPolicyUnchecked));

        /// <summary>A sharing policy '{0}' already exists with other settings (Domains: {1}); it was left as it is.</summary>
        public static string Error_SharingPolicyExists => Get(nameof(Error_SharingPolicyExists));

        /// <summary>Change it with Enable-ExternalCalendarSharing -Policy '{0}' or Set-CalendarSharingPolicy -Identity '{0}', or choose another name.</summary>
        public static string Advice_SharingPolicyExists => Get(nameof(Advice_SharingPolicyExists));

        /// <summary>There is no sharing policy '{0}'. The organisation has: {1}.</summary>
        public static string Error_SharingPolicyNotFound => Get(nameof(Error_SharingPolicyNotFound));

        /// <summary>Name one of the policies Get-CalendarSharingPolicy lists, or create it with New-CalendarSharingPolicy.</summary>
        public static string Advice_SharingPolicyNotFound => Get(nameof(Advice_SharingPolicyNotFound));

        /// <summary>The organisation has no default sharing policy.</summary>
        public static string Error_NoDefaultSharingPolicy => Get(nameof(Error_NoDefaultSharingPolicy));

        /// <summary>Name the policy with -Policy (-Identity), or make one the default: Set-CalendarSharingPolicy -Identity &lt;name&gt; -Default.</summary>
        public static string Advice_NoDefaultSharingPolicy => Get(nameof(Advice_NoDefaultSharingPolicy));

        /// <summary>Give the mailbox (SMTP address) in -Mailbox or in a Mailbox, PrimarySmtpAddress or Identity column.</summary>
        public static string Advice_MissingMailbox_SharingPolicy => Get(nameof(Advice_MissingMailbox_SharingPolicy));

        /// <summary>Calendar details shall not be shared with all domains.</summary>
        public static string Baseline_Scuba_Title => Get(nameof(Baseline_Scuba_Title));

        /// <summary>No sharing policy shares calendars with * ({0} read).</summary>
        public static string Baseline_Scuba_Pass => Get(nameof(Baseline_Scuba_Pass));

        /// <summary>Calendars are shared with * (every domain) by: {0}. Remove the calendar action: Disable-ExternalCalendarSharing -Policy &lt;name&gt; -Domain '*'.</summary>
        public static string Baseline_Scuba_Fail => Get(nameof(Baseline_Scuba_Fail));

        /// <summary>External sharing of calendars shall not be available.</summary>
        public static string Baseline_Cis_Title => Get(nameof(Baseline_Cis_Title));

        /// <summary>The default sharing policy '{0}' is disabled.</summary>
        public static string Baseline_Cis_Pass => Get(nameof(Baseline_Cis_Pass));

        /// <summary>The default sharing policy '{0}' is enabled (calendar entries: {1}). Disable it: Set-CalendarSharingPolicy -Identity '{0}' -Enabled $false.</summary>
        public static string Baseline_Cis_Fail => Get(nameof(Baseline_Cis_Fail));

        /// <summary>The organisation has no default sharing policy, so no mailbox shares calendars externally without one assigned.</summary>
        public static string Baseline_Cis_NoDefault => Get(nameof(Baseline_Cis_NoDefault));

        /// <summary>within sharing policy '{0}': {1} up to {2}</summary>
        public static string WhatIf_SharingPolicyVerdict => Get(nameof(WhatIf_SharingPolicyVerdict));

        /// <summary>no sharing policy applies to the mailbox (none is assigned and none is the default), so nothing may be shared with {0}; {1} is beyond it.</summary>
        public static string Error_NoSharingPolicy => Get(nameof(Error_NoSharingPolicy));

        /// <summary>the mailbox's sharing policy '{0}' is disabled, so nothing may be shared with {1}; {2} is beyond it.</summary>
        public static string Error_SharingPolicyDisabled => Get(nameof(Error_SharingPolicyDisabled));

        /// <summary>the sharing policy '{0}' does not share calendars with {1} (no entry for it, for * or for Anonymous that reaches it); {2} is beyond it.</summary>
        public static string Error_SharingPolicyNoEntry => Get(nameof(Error_SharingPolicyNoEntry));

        /// <summary>the sharing policy '{0}' allows at most {1} for {2} (entry {3}); {4} is beyond it.</summary>
        public static string Error_SharingPolicyBeyond => Get(nameof(Error_SharingPolicyBeyond));

        /// <summary>Widen the policy first (Enable-ExternalCalendarSharing -Policy '{0}' -Domain {1} -DetailLevel {2}), or assign the mailbox a policy that allows it.</summary>
        public static string Advice_SharingPolicyWiden => Get(nameof(Advice_SharingPolicyWiden));

        /// <summary>Grant {0} or less, or widen the policy first: Enable-ExternalCalendarSharing -Policy '{1}' -Domain {2} -DetailLevel {3}.</summary>
        public static string Advice_SharingPolicyAtMost => Get(nameof(Advice_SharingPolicyAtMost));
    
        /// <summary>Get-CalendarEvent lists the calendar's events with their ids; the event may have been deleted.</summary>
        public static string Advice_EventNotFound => Get(nameof(Advice_EventNotFound));

        /// <summary>Give the subject in a Subject column or with -Subject.</summary>
        public static string Advice_MissingSubject => Get(nameof(Advice_MissingSubject));

        /// <summary>The row has no subject.</summary>
        public static string Error_MissingSubject => Get(nameof(Error_MissingSubject));

        /// <summary>Give the event's id in an Id column or with -Id, or pipe the events from Get-CalendarEvent.</summary>
        public static string Advice_MissingEventId => Get(nameof(Advice_MissingEventId));

        /// <summary>The row has no event id.</summary>
        public static string Error_MissingEventId => Get(nameof(Error_MissingEventId));

        /// <summary>Give a Windows name such as 'W. Europe Standard Time' or an IANA name such as 'Europe/Berlin'; tab completion of -TimeZone lists them.</summary>
        public static string Advice_InvalidTimeZone => Get(nameof(Advice_InvalidTimeZone));

        /// <summary>The window ends ({1}) at or before it starts ({0}).</summary>
        public static string Error_InvalidEventWindow => Get(nameof(Error_InvalidEventWindow));

        /// <summary>The row has no start time.</summary>
        public static string Error_MissingStart => Get(nameof(Error_MissingStart));

        /// <summary>Give an end after the start (-End, or -Days for a window of whole days).</summary>
        public static string Advice_InvalidEventWindow => Get(nameof(Advice_InvalidEventWindow));

        /// <summary>A meeting of {0} minutes does not fit between {1} and {2}.</summary>
        public static string Error_DurationTooLong => Get(nameof(Error_DurationTooLong));

        /// <summary>An interval of {0} minutes is outside what this connection's free/busy allows ({1}-{2} minutes).</summary>
        public static string Error_InvalidInterval => Get(nameof(Error_InvalidInterval));

        /// <summary>Give -IntervalMinutes from {0} to {1}.</summary>
        public static string Advice_InvalidInterval => Get(nameof(Advice_InvalidInterval));

        /// <summary>'{0}' is not an attendee's SMTP address.</summary>
        public static string Error_InvalidAttendee => Get(nameof(Error_InvalidAttendee));

        /// <summary>No free/busy information for {0}: {1} The meeting times treat it as not free.</summary>
        public static string Warning_AttendeeNoData => Get(nameof(Warning_AttendeeNoData));

        /// <summary>No slot of {0} minutes between {1} and {2} meets the conditions. Widen the window, lower -MinimumAttendeePercentage, or leave out -WorkingHoursOnly.</summary>
        public static string Warning_NoMeetingTime => Get(nameof(Warning_NoMeetingTime));

        /// <summary>{0}: a one-minute part of the window holds more events than one read returns; some events of it are missing.</summary>
        public static string Warning_EventWindowIncomplete => Get(nameof(Warning_EventWindowIncomplete));

        /// <summary>Create event '{0}' from {1} to {2} ({3})</summary>
        public static string ShouldProcess_NewEvent => Get(nameof(ShouldProcess_NewEvent));

        /// <summary>Remove event '{0}' ({1})</summary>
        public static string ShouldProcess_RemoveEvent => Get(nameof(ShouldProcess_RemoveEvent));

        /// <summary>No such event in {0}.</summary>
        public static string Message_EventNotThere => Get(nameof(Message_EventNotThere));

        /// <summary>The event exists already (transaction id {0}).</summary>
        public static string Message_EventExists => Get(nameof(Message_EventExists));

        /// <summary>'{0}' is not a publishing detail level.</summary>
        public static string Error_InvalidDetailLevel => Get(nameof(Error_InvalidDetailLevel));

        /// <summary>Use AvailabilityOnly (busy times only), LimitedDetails (with subject and location) or FullDetails.</summary>
        public static string Advice_InvalidDetailLevel => Get(nameof(Advice_InvalidDetailLevel));

        /// <summary>'{0}' is not a publishing date range.</summary>
        public static string Error_InvalidPublishingRange => Get(nameof(Error_InvalidPublishingRange));

        /// <summary>Use OneDay, ThreeDays, OneWeek, OneMonth, ThreeMonths, SixMonths or OneYear: how far before today (-From) or after today (-To) the published calendar reaches.</summary>
        public static string Advice_InvalidPublishingRange => Get(nameof(Advice_InvalidPublishingRange));

        /// <summary>calendar publishing lives in the Exchange Management Shell (Set-MailboxCalendarFolder), not in EWS.</summary>
        public static string Error_ExchangeSessionRequiredPublishing => Get(nameof(Error_ExchangeSessionRequiredPublishing));

        /// <summary>the mailbox has no calendar named '{0}'.</summary>
        public static string Error_PublishingCalendarNotFound => Get(nameof(Error_PublishingCalendarNotFound));

        /// <summary>Get-MailboxFolderStatistics -FolderScope Calendar listed no default calendar.</summary>
        public static string Error_PublishingNoDefaultCalendar => Get(nameof(Error_PublishingNoDefaultCalendar));

        /// <summary>Give the mailbox in a Mailbox (or Identity, PrimarySmtpAddress) column.</summary>
        public static string Advice_MissingMailbox_Publishing => Get(nameof(Advice_MissingMailbox_Publishing));

        /// <summary>Give the mailbox's primary SMTP address, such as alice@contoso.com.</summary>
        public static string Advice_InvalidMailbox_Publishing => Get(nameof(Advice_InvalidMailbox_Publishing));

        /// <summary>Leave out -SendInvitation for on-premises mailboxes (the share is then made without one) and tell the recipient yourself, or share from Outlook, which sends the invitation. Exchange Online mailboxes send it with the share.</summary>
        public static string Advice_SharingInvitationNotAvailable => Get(nameof(Advice_SharingInvitationNotAvailable));

        /// <summary>'{0}' is not a saved access scan: give a resume file written by Get-CalendarAccessReport -Resume, or a report saved with Export-Csv.</summary>
        public static string Error_AccessScanFileInvalid => Get(nameof(Error_AccessScanFileInvalid));

        /// <summary>Give the file Get-CalendarAccessReport -Resume wrote, or save a report with Get-CalendarAccessReport | Export-Csv report.csv and give that.</summary>
        public static string Advice_AccessScanFileInvalid => Get(nameof(Advice_AccessScanFileInvalid));

        /// <summary>Row {1} of '{0}' cannot be read: {2}</summary>
        public static string Error_AccessScanFileRow => Get(nameof(Error_AccessScanFileRow));

        /// <summary>The resume file '{0}' belongs to a scan {1} secondary calendars; this scan runs {2} them.</summary>
        public static string Error_AccessScanStateMismatch => Get(nameof(Error_AccessScanStateMismatch));

        /// <summary>Resume with the same -IncludeSecondaryCalendars setting as the scan that wrote the file, or give a new -Resume file to start over.</summary>
        public static string Advice_AccessScanStateMismatch => Get(nameof(Advice_AccessScanStateMismatch));

        /// <summary>The sharing policy of {0} could not be read ({1}); External, Anonymous and Published rows are not compared with it.</summary>
        public static string Warning_AccessScanPolicyUnread => Get(nameof(Warning_AccessScanPolicyUnread));

        /// <summary>The organisation's mailboxes could not be listed: {0}</summary>
        public static string Error_AccessScanListFailed => Get(nameof(Error_AccessScanListFailed));

        /// <summary>The saved scan '{0}' cannot be read: {1}</summary>
        public static string Error_AccessScanFileUnreadable => Get(nameof(Error_AccessScanFileUnreadable));

        /// <summary>pair {0} ({1})</summary>
        public static string Sync_PairRef => Get(nameof(Sync_PairRef));

        /// <summary>The sync profile {0} is not valid: {1}</summary>
        public static string Error_InvalidSyncProfile => Get(nameof(Error_InvalidSyncProfile));

        /// <summary>There is no sync profile at {0}.</summary>
        public static string Error_SyncProfileNotFound => Get(nameof(Error_SyncProfileNotFound));

        /// <summary>The sync profile {0} cannot be read: {1}</summary>
        public static string Error_SyncProfileUnreadable => Get(nameof(Error_SyncProfileUnreadable));

        /// <summary>the file is not JSON ({0}).</summary>
        public static string Error_SyncProfileNotJson => Get(nameof(Error_SyncProfileNotJson));

        /// <summary>the profile is of format {0}; this module reads format {1} and older.</summary>
        public static string Error_SyncProfileVersion => Get(nameof(Error_SyncProfileVersion));

        /// <summary>'{0}' must be {1}.</summary>
        public static string Error_SyncFieldType => Get(nameof(Error_SyncFieldType));

        /// <summary>'{0}' is missing.</summary>
        public static string Error_SyncFieldMissing => Get(nameof(Error_SyncFieldMissing));

        /// <summary>'{0}' is not a field here; the fields are {1}.</summary>
        public static string Error_SyncFieldUnknown => Get(nameof(Error_SyncFieldUnknown));

        /// <summary>'{0}' is not a field here; did you mean '{1}'? (Field names are case-sensitive.)</summary>
        public static string Error_SyncFieldUnknownCase => Get(nameof(Error_SyncFieldUnknownCase));

        /// <summary>'{0}' is not one of {1}.</summary>
        public static string Error_SyncFieldEnum => Get(nameof(Error_SyncFieldEnum));

        /// <summary>'{0}' is not an SMTP address.</summary>
        public static string Error_SyncFieldMailbox => Get(nameof(Error_SyncFieldMailbox));

        /// <summary>'{0}' cannot be {1}.</summary>
        public static string Error_SyncFieldPositive => Get(nameof(Error_SyncFieldPositive));

        /// <summary>'{0}' is {1}; it must be between {2} and {3}.</summary>
        public static string Error_SyncFieldRange => Get(nameof(Error_SyncFieldRange));

        /// <summary>'{0}' is not a .NET regular expression ({1}).</summary>
        public static string Error_SyncFieldPattern => Get(nameof(Error_SyncFieldPattern));

        /// <summary>'{0}' is not a connection name: letters, digits and . _ @ - only (a connection's -Name or a stored credential's name; never a secret).</summary>
        public static string Error_SyncFieldConnectionName => Get(nameof(Error_SyncFieldConnectionName));

        /// <summary>the source and the target are the same calendar.</summary>
        public static string Error_SyncPairSameCalendar => Get(nameof(Error_SyncPairSameCalendar));

        /// <summary>the same pair as pair {0}.</summary>
        public static string Error_SyncPairDuplicate => Get(nameof(Error_SyncPairDuplicate));

        /// <summary>an object ({ ... })</summary>
        public static string Sync_TypeObject => Get(nameof(Sync_TypeObject));

        /// <summary>a list ([ ... ])</summary>
        public static string Sync_TypeList => Get(nameof(Sync_TypeList));

        /// <summary>a string</summary>
        public static string Sync_TypeString => Get(nameof(Sync_TypeString));

        /// <summary>a number</summary>
        public static string Sync_TypeNumber => Get(nameof(Sync_TypeNumber));

        /// <summary>true or false</summary>
        public static string Sync_TypeBoolean => Get(nameof(Sync_TypeBoolean));

        /// <summary>a list of non-empty strings</summary>
        public static string Sync_TypeStringList => Get(nameof(Sync_TypeStringList));

        /// <summary>a duration such as "90.00:00:00", "P90D" or a number of days</summary>
        public static string Sync_TypeDuration => Get(nameof(Sync_TypeDuration));

        /// <summary>The lease on the pair {0} was taken over by {1} after it lapsed; this worker wrote nothing.</summary>
        public static string Error_SyncLeaseTakenOver => Get(nameof(Error_SyncLeaseTakenOver));

        /// <summary>The sync state of {0} in {1} could not be read ({2}); it was kept as {3} and the pair's next pass compares by stamp (no duplicates).</summary>
        public static string Warning_SyncStateCorrupt => Get(nameof(Warning_SyncStateCorrupt));

        /// <summary>No state store can open '{0}': an Azure Table store needs the CalendarSharing.Online state store, and a folder is given as a path.</summary>
        public static string Error_SyncStateStoreNotAvailable => Get(nameof(Error_SyncStateStoreNotAvailable));

        /// <summary>No connection of this session is named '{0}'.</summary>
        public static string Error_SyncConnectionNotFound => Get(nameof(Error_SyncConnectionNotFound));

        /// <summary>{0} -&gt; {1}: {2}</summary>
        public static string Error_SyncPairFailed => Get(nameof(Error_SyncPairFailed));

        /// <summary>{0}, {1}, private items {2}, {3} ahead</summary>
        public static string Sync_PairDescription => Get(nameof(Sync_PairDescription));

        /// <summary>Syncing calendars</summary>
        public static string Sync_ProgressActivity => Get(nameof(Sync_ProgressActivity));

        /// <summary>Mirror {0} into it ({1})</summary>
        public static string ShouldProcess_SyncPair => Get(nameof(ShouldProcess_SyncPair));

        /// <summary>Remove the copies sync profile {0} made (no cancellation is sent)</summary>
        public static string ShouldProcess_RemoveSyncCopies => Get(nameof(ShouldProcess_RemoveSyncCopies));

        /// <summary>Forget the sync state and compare the whole window by stamp</summary>
        public static string Sync_ShouldProcessReset => Get(nameof(Sync_ShouldProcessReset));

        /// <summary>{0}: another worker holds the pair's lease; it syncs the pair now.</summary>
        public static string Sync_PairLeased => Get(nameof(Sync_PairLeased));

        /// <summary>{0}: sync state forgotten.</summary>
        public static string Verbose_SyncStateForgotten => Get(nameof(Verbose_SyncStateForgotten));

        /// <summary>Watching {0} pair(s): {1} change subscription(s), {2} pair(s) polled every {3} s. Ctrl+C stops.</summary>
        public static string Verbose_SyncContinuous => Get(nameof(Verbose_SyncContinuous));

        /// <summary>A change subscription reconnected: catching up {0} calendar(s) (events in between are not replayed).</summary>
        public static string Verbose_SyncReconnected => Get(nameof(Verbose_SyncReconnected));

        /// <summary>{0}: up to date.</summary>
        public static string Verbose_SyncUpToDate => Get(nameof(Verbose_SyncUpToDate));

        /// <summary>Create copy</summary>
        public static string Sync_ActionCreate => Get(nameof(Sync_ActionCreate));

        /// <summary>Update copy</summary>
        public static string Sync_ActionUpdate => Get(nameof(Sync_ActionUpdate));

        /// <summary>Delete copy</summary>
        public static string Sync_ActionDelete => Get(nameof(Sync_ActionDelete));

        /// <summary>Skip</summary>
        public static string Sync_ActionSkip => Get(nameof(Sync_ActionSkip));

        /// <summary> of source item {0}</summary>
        public static string Sync_ActionOf => Get(nameof(Sync_ActionOf));

        /// <summary>conflict</summary>
        public static string Sync_ActionConflict => Get(nameof(Sync_ActionConflict));

        /// <summary>Run Get-CalendarSyncStatus for the pair's last error, fix what it names, and run Start-CalendarSync again; the other pairs ran.</summary>
        public static string Advice_SyncPassFailed => Get(nameof(Advice_SyncPassFailed));

        /// <summary>Correct the fields named (pair numbers count the pairs in the file from 1) and run the command again; nothing was synced or written.</summary>
        public static string Advice_InvalidSyncProfile => Get(nameof(Advice_InvalidSyncProfile));

        /// <summary>Give the path of a profile New-CalendarSyncProfile made.</summary>
        public static string Advice_SyncProfileNotFound => Get(nameof(Advice_SyncProfileNotFound));

        /// <summary>Give another -Path, or -Force to replace the profile (its pairs are lost; their copies stay, stamped with the old profile id).</summary>
        public static string Advice_SyncProfileExists => Get(nameof(Advice_SyncProfileExists));

        /// <summary>Get-Content the profile (or Get-CalendarSyncStatus) to see its pairs; Add-CalendarSyncPair adds one.</summary>
        public static string Advice_SyncPairNotFound => Get(nameof(Advice_SyncPairNotFound));

        /// <summary>Correct the row and run it again; the other rows were added.</summary>
        public static string Advice_InvalidSyncPair => Get(nameof(Advice_InvalidSyncPair));

        /// <summary>Connect-CalendarSharing ... -Name &lt;name&gt; in this session first (a profile names connections, never credentials), or remove the pair's connection name to use the default connection.</summary>
        public static string Advice_SyncConnectionNotFound => Get(nameof(Advice_SyncConnectionNotFound));

        /// <summary>Give a folder path, or an Azure Table URI once the Azure state store is installed with the module.</summary>
        public static string Advice_SyncStateStoreNotAvailable => Get(nameof(Advice_SyncStateStoreNotAvailable));

        /// <summary>There is already a sync profile at {0}.</summary>
        public static string Error_SyncProfileExists => Get(nameof(Error_SyncProfileExists));

        /// <summary>The profile {0} has no pair {1}.</summary>
        public static string Error_SyncPairNotFound => Get(nameof(Error_SyncPairNotFound));

        /// <summary>Create a sync profile ({0})</summary>
        public static string ShouldProcess_NewSyncProfile => Get(nameof(ShouldProcess_NewSyncProfile));

        /// <summary>Write the profile: {0} pair(s) added, {1} pair(s) changed</summary>
        public static string ShouldProcess_WriteSyncProfile => Get(nameof(ShouldProcess_WriteSyncProfile));
        /// <summary>{0}: the pass stopped because reading {1} failed ({2}). Nothing was written or deleted.</summary>
        public static string Error_SyncReadFailed => Get(nameof(Error_SyncReadFailed));

        /// <summary>Check that the connection can read that calendar (Get-CalendarEvent), then run Start-CalendarSync again: the pass starts over from the last state saved.</summary>
        public static string Advice_SyncReadFailed => Get(nameof(Advice_SyncReadFailed));

        /// <summary>{0}: the pass would delete {1} of the pair's {2} copies, more than the threshold of {3:P0}. Nothing was written.</summary>
        public static string Error_SyncDeletionThresholdExceeded => Get(nameof(Error_SyncDeletionThresholdExceeded));

        /// <summary>Run Start-CalendarSync -WhatIf to see the deletions; when they are right, run it again with -Force, or raise the pair's DeletionThreshold.</summary>
        public static string Advice_SyncDeletionThresholdExceeded => Get(nameof(Advice_SyncDeletionThresholdExceeded));

        /// <summary>{0}: {1} of the pass's writes failed; the first: {2}. The watermark was kept, so the next pass tries them again.</summary>
        public static string Error_SyncWriteFailed => Get(nameof(Error_SyncWriteFailed));

        /// <summary>Check that the connection may write the calendar named in the message (Editor or owner), then run Start-CalendarSync again.</summary>
        public static string Advice_SyncWriteFailed => Get(nameof(Advice_SyncWriteFailed));

        /// <summary>{0}: {1} item(s) were changed on both sides since the last pass and were left as they are (Conflict Report).</summary>
        public static string Error_SyncConflict => Get(nameof(Error_SyncConflict));

        /// <summary>The pass's Actions list them (IsConflict); settle each in Outlook, or choose SourceWins, TargetWins or LatestWins for the pair.</summary>
        public static string Advice_SyncConflict => Get(nameof(Advice_SyncConflict));

        /// <summary>{0}: another worker took the pair's lease during the pass; this worker stopped before saving.</summary>
        public static string Error_SyncLeaseLost => Get(nameof(Error_SyncLeaseLost));

        /// <summary>Nothing to do: the other worker syncs the pair. If this happens often, make the lease longer than a pass takes.</summary>
        public static string Advice_SyncLeaseLost => Get(nameof(Advice_SyncLeaseLost));
        /// <summary>{0} owns the calendar.</summary>
        public static string Explain_Owner => Get(nameof(Explain_Owner));

        /// <summary>{0} has an entry of their own on the calendar: {1}.</summary>
        public static string Explain_FolderEntry => Get(nameof(Explain_FolderEntry));

        /// <summary>{0} has no entry of their own on the calendar.</summary>
        public static string Explain_NoEntry => Get(nameof(Explain_NoEntry));

        /// <summary>So the Default entry applies (everyone in the organisation without an entry of their own): {0}.</summary>
        public static string Explain_Default => Get(nameof(Explain_Default));

        /// <summary>{0} is outside the organisation and has no entry of their own on the calendar; the Default entry applies only inside the organisation.</summary>
        public static string Explain_NoEntryExternal => Get(nameof(Explain_NoEntryExternal));

        /// <summary>So the Anonymous entry applies (what a viewer outside the organisation gets without an entry of their own): {0}.</summary>
        public static string Explain_Anonymous => Get(nameof(Explain_Anonymous));

        /// <summary>No sharing policy applies to {0}: nothing is shared with {1}.</summary>
        public static string Explain_PolicyNone => Get(nameof(Explain_PolicyNone));

        /// <summary>Sharing policy '{0}' is disabled: nothing is shared with {1}.</summary>
        public static string Explain_PolicyDisabled => Get(nameof(Explain_PolicyDisabled));

        /// <summary>Sharing policy '{0}' has no entry for {1}, and no * or Anonymous entry reaches it: nothing is shared with it.</summary>
        public static string Explain_PolicyNoEntry => Get(nameof(Explain_PolicyNoEntry));

        /// <summary>Sharing policy '{0}' allows {1} at most {2} (entry {3}).</summary>
        public static string Explain_PolicyAllows => Get(nameof(Explain_PolicyAllows));

        /// <summary>The folder's {0} goes beyond that: the viewer gets {1}.</summary>
        public static string Explain_Capped => Get(nameof(Explain_Capped));

        /// <summary>{0} not checked: {1}</summary>
        public static string Explain_NotChecked => Get(nameof(Explain_NotChecked));

        /// <summary>The sharing policy was</summary>
        public static string Explain_SharingPolicySubject => Get(nameof(Explain_SharingPolicySubject));

        /// <summary>Organisation relationships were</summary>
        public static string Explain_RelationshipSubject => Get(nameof(Explain_RelationshipSubject));

        /// <summary>Publishing was</summary>
        public static string Explain_PublishingSubject => Get(nameof(Explain_PublishingSubject));

        /// <summary>Delegates were</summary>
        public static string Explain_DelegateSubject => Get(nameof(Explain_DelegateSubject));

        /// <summary>Full Access was</summary>
        public static string Explain_FullAccessSubject => Get(nameof(Explain_FullAccessSubject));

        /// <summary>this connection cannot read sharing policies (an Exchange Online connection reads them through the admin API; on premises they live in the Exchange Management Shell).</summary>
        public static string Explain_NoSharingPolicyCapability => Get(nameof(Explain_NoSharingPolicyCapability));

        /// <summary>this connection cannot read calendar publishing (an Exchange Online connection reads it through the admin API; on premises it lives in the Exchange Management Shell).</summary>
        public static string Explain_NoPublishingCapability => Get(nameof(Explain_NoPublishingCapability));

        /// <summary>this connection cannot read delegates.</summary>
        public static string Explain_NoDelegatesCapability => Get(nameof(Explain_NoDelegatesCapability));

        /// <summary>this connection cannot read mailbox permissions (an Exchange Online connection reads them through the admin API; on premises they live in the Exchange Management Shell).</summary>
        public static string Explain_NoMailboxAccessCapability => Get(nameof(Explain_NoMailboxAccessCapability));

        /// <summary>No organisation relationship names {0}.</summary>
        public static string Explain_NoRelationship => Get(nameof(Explain_NoRelationship));

        /// <summary>Organisation relationship '{0}' names {1} but shares no free/busy (disabled, or FreeBusyAccessEnabled is off).</summary>
        public static string Explain_RelationshipOff => Get(nameof(Explain_RelationshipOff));

        /// <summary>Organisation relationship '{0}' gives {1} free/busy in scheduling at {2}; across organisations it shows no more than the calendar's Default entry ({3}): {4}.</summary>
        public static string Explain_Relationship => Get(nameof(Explain_Relationship));

        /// <summary>Graph's cross-tenant m365Capabilities not checked: it is not in Microsoft Graph v1.0 nor in the Graph SDK this module uses, so a tenant-to-tenant calendar setting, if there is one, is not read.</summary>
        public static string Explain_CrossTenantNotChecked => Get(nameof(Explain_CrossTenantNotChecked));

        /// <summary>The calendar is published at {0}: anyone with its link sees {1}.</summary>
        public static string Explain_Published => Get(nameof(Explain_Published));

        /// <summary>The calendar is not published.</summary>
        public static string Explain_NotPublished => Get(nameof(Explain_NotPublished));

        /// <summary>{0} is not a delegate of the mailbox.</summary>
        public static string Explain_NotDelegate => Get(nameof(Explain_NotDelegate));

        /// <summary>{0} is a delegate of the mailbox: calendar {1}, private items {2}, meeting requests {3}.</summary>
        public static string Explain_Delegate => Get(nameof(Explain_Delegate));

        /// <summary>A delegate's level applies to the default calendar; this calendar counts only its folder entry.</summary>
        public static string Explain_DelegateDefaultCalendarOnly => Get(nameof(Explain_DelegateDefaultCalendarOnly));

        /// <summary>yes</summary>
        public static string Explain_Yes => Get(nameof(Explain_Yes));

        /// <summary>no</summary>
        public static string Explain_No => Get(nameof(Explain_No));

        /// <summary>{0} has Full Access to the mailbox: they can open every folder, this calendar as Owner.</summary>
        public static string Explain_FullAccess => Get(nameof(Explain_FullAccess));

        /// <summary>{0} has no Full Access to the mailbox.</summary>
        public static string Explain_NoFullAccess => Get(nameof(Explain_NoFullAccess));

        /// <summary>{0} sees {1} (through {2}).</summary>
        public static string Explain_Effective => Get(nameof(Explain_Effective));

        /// <summary>{0} sees nothing of the calendar.</summary>
        public static string Explain_EffectiveNone => Get(nameof(Explain_EffectiveNone));

        /// <summary>Copy-CalendarAccess needs two different users: -From '{0}', -To '{1}'.</summary>
        public static string Error_CopyAccessSameUser => Get(nameof(Error_CopyAccessSameUser));

        /// <summary>Give the user whose access to copy as -From and another user as -To.</summary>
        public static string Advice_CopyAccessSameUser => Get(nameof(Advice_CopyAccessSameUser));

        /// <summary>{0} could not be read ({1}): what {2} holds there is neither copied nor removed.</summary>
        public static string Warning_CopyAccessUnread => Get(nameof(Warning_CopyAccessUnread));

        /// <summary>{0} holds no entry of their own on anyone's calendar and is no one's delegate: nothing to copy.</summary>
        public static string Warning_CopyAccessNothing => Get(nameof(Warning_CopyAccessNothing));

        /// <summary>{0}: {1}'s entry stays, because {2} did not get its copy.</summary>
        public static string Warning_CopyAccessKept => Get(nameof(Warning_CopyAccessKept));

        /// <summary>{0}: {1} is no longer a delegate of the mailbox (the scan saw one); nothing copied there.</summary>
        public static string Warning_CopyAccessDelegateGone => Get(nameof(Warning_CopyAccessDelegateGone));

        /// <summary>No connection of this session is named '{0}', and the stored credential '{0}' cannot open one for this run: {1}</summary>
        public static string Error_SyncStoredCredentialFailed => Get(nameof(Error_SyncStoredCredentialFailed));

        /// <summary>it names an account, not a server, and the default connection is no EWS connection to take the server from. ...</summary>
        public static string Error_SyncStoredCredentialNoServer => Get(nameof(Error_SyncStoredCredentialNoServer));
    

        /// <summary>read or change calendar permissions</summary>
        public static string Capability_Permissions_What => Get(nameof(Capability_Permissions_What));

        /// <summary>an EWS (on-premises), Exchange Online or sandbox connection (Connect-CalendarSharing -EwsUrl …, -TenantId … -ClientId …, or -Sandbox)</summary>
        public static string Capability_Permissions_Alternative => Get(nameof(Capability_Permissions_Alternative));

        /// <summary>manage mailbox delegates</summary>
        public static string Capability_Delegates_What => Get(nameof(Capability_Delegates_What));

        /// <summary>an EWS (on-premises) or Exchange Online connection to the mailbox's side (Connect-CalendarSharing -EwsUrl … or -TenantId … -ClientId …), or -Sandbox</summary>
        public static string Capability_Delegates_Alternative => Get(nameof(Capability_Delegates_Alternative));

        /// <summary>grant or revoke Full Access, Send As and Send on Behalf (they live in the Exchange Management Shell, not in EWS)</summary>
        public static string Capability_MailboxAccess_What => Get(nameof(Capability_MailboxAccess_What));

        /// <summary>for on-premises mailboxes, the admin's Exchange Management Shell session passed with -ExchangeSession (New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri http://&lt;server&gt;/PowerShell/); for Exchange Online mailboxes, an Exchange Online connection (Connect-CalendarSharing -TenantId … -ClientId …), which uses the admin API</summary>
        public static string Capability_MailboxAccess_Alternative => Get(nameof(Capability_MailboxAccess_Alternative));

        /// <summary>read or change calendar events</summary>
        public static string Capability_Events_What => Get(nameof(Capability_Events_What));

        /// <summary>read free/busy</summary>
        public static string Capability_Availability_What => Get(nameof(Capability_Availability_What));

        /// <summary>follow calendar changes (calendar sync)</summary>
        public static string Capability_ChangeFeed_What => Get(nameof(Capability_ChangeFeed_What));

        /// <summary>list every mailbox and calendar for an organisation-wide access report</summary>
        public static string Capability_AccessReport_What => Get(nameof(Capability_AccessReport_What));

        /// <summary>read or change the organisation's sharing policy (it lives in the Exchange Management Shell, not in EWS)</summary>
        public static string Capability_SharingPolicy_What => Get(nameof(Capability_SharingPolicy_What));

        /// <summary>on premises, the admin's Exchange Management Shell session passed with -ExchangeSession (New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri http://&lt;server&gt;/PowerShell/); for Exchange Online, an Exchange Online connection (Connect-CalendarSharing -TenantId … -ClientId …, or -Sandbox -Backend Graph), which uses the admin API</summary>
        public static string Capability_SharingPolicy_Alternative => Get(nameof(Capability_SharingPolicy_Alternative));

        /// <summary>publish calendars anonymously (publishing lives in the Exchange Management Shell, Set-MailboxCalendarFolder, not in EWS)</summary>
        public static string Capability_Publishing_What => Get(nameof(Capability_Publishing_What));

        /// <summary>for on-premises mailboxes, the admin's Exchange Management Shell session passed with -ExchangeSession; for Exchange Online mailboxes, an Exchange Online connection (Connect-CalendarSharing -TenantId … -ClientId …, or -Sandbox -Backend Graph), which uses the admin API</summary>
        public static string Capability_Publishing_Alternative => Get(nameof(Capability_Publishing_Alternative));

        /// <summary>{0} No kind of connection can in this version of CalendarSharing.</summary>
        public static string Error_CapabilityNoAlternativeTail => Get(nameof(Error_CapabilityNoAlternativeTail));

        /// <summary>{0} Use {1}.</summary>
        public static string Error_CapabilityAlternativeTail => Get(nameof(Error_CapabilityAlternativeTail));

        /// <summary>{0} (in AccessRights {1})</summary>
        public static string Error_InvalidRoleInRow => Get(nameof(Error_InvalidRoleInRow));

        /// <summary>{0} is not a calendar role. Valid roles: {1}. The EWS, Graph and Exchange cmdlet spellings (FreeBusyTimeOnly, limitedRead, write, …) are accepted too.</summary>
        public static string Error_InvalidRole => Get(nameof(Error_InvalidRole));

        /// <summary>(empty)</summary>
        public static string Error_InvalidRoleEmpty => Get(nameof(Error_InvalidRoleEmpty));

        /// <summary>The row names {0} roles ({1}); a calendar entry holds one.</summary>
        public static string Error_MultipleRoles => Get(nameof(Error_MultipleRoles));

        /// <summary>Give one role per row, e.g. AccessRights Reviewer, or Editor with SharingPermissionFlags Delegate for a delegate.</summary>
        public static string Advice_MultipleRoles => Get(nameof(Advice_MultipleRoles));

        /// <summary>SharingPermissionFlags go with AccessRights Editor: Delegate, or Delegate, CanViewPrivateItems (or give -Role Delegate / DelegateCanViewPrivate).</summary>
        public static string Advice_InvalidSharingPermissionFlags => Get(nameof(Advice_InvalidSharingPermissionFlags));

        /// <summary>'{0}' is not a SharingPermissionFlags value (Delegate, CanViewPrivateItems).</summary>
        public static string Error_UnknownSharingPermissionFlags => Get(nameof(Error_UnknownSharingPermissionFlags));

        /// <summary>SharingPermissionFlags CanViewPrivateItems needs Delegate as well.</summary>
        public static string Error_PrivateFlagNeedsDelegate => Get(nameof(Error_PrivateFlagNeedsDelegate));

        /// <summary>SharingPermissionFlags {0} go with Editor, not {1}.</summary>
        public static string Error_SharingPermissionFlagsNotEditor => Get(nameof(Error_SharingPermissionFlagsNotEditor));
        /// <summary>within sharing policy '{0}': Anonymous up to {1}</summary>
        public static string WhatIf_PublishingPolicyVerdict => Get(nameof(WhatIf_PublishingPolicyVerdict));

        /// <summary>no sharing policy applies to the mailbox (none is assigned and none is the default), so its calendar may not be published; {0} is beyond it.</summary>
        public static string Error_PublishingNoSharingPolicy => Get(nameof(Error_PublishingNoSharingPolicy));

        /// <summary>the mailbox's sharing policy '{0}' is disabled, so its calendar may not be published; {1} is beyond it.</summary>
        public static string Error_PublishingSharingPolicyDisabled => Get(nameof(Error_PublishingSharingPolicyDisabled));

        /// <summary>the sharing policy '{0}' has no Anonymous entry, so the mailbox's calendar may not be published; {1} is beyond it.</summary>
        public static string Error_PublishingNoAnonymousEntry => Get(nameof(Error_PublishingNoAnonymousEntry));

        /// <summary>the sharing policy '{0}' lets the calendar be published with at most {1} (entry {2}); {3} is beyond it.</summary>
        public static string Error_PublishingBeyondPolicy => Get(nameof(Error_PublishingBeyondPolicy));

        /// <summary>Allow publishing first (Enable-ExternalCalendarSharing -Policy '{0}' -Anonymous -DetailLevel {1}), or assign the mailbox a policy with an Anonymous entry.</summary>
        public static string Advice_PublishingPolicyWiden => Get(nameof(Advice_PublishingPolicyWiden));

        /// <summary>Publish with -DetailLevel {0} or less, or widen the policy first: Enable-ExternalCalendarSharing -Policy '{1}' -Anonymous -DetailLevel {2}.</summary>
        public static string Advice_PublishingPolicyAtMost => Get(nameof(Advice_PublishingPolicyAtMost));

        /// <summary>Graph's cross-tenant m365Capabilities not checked: it is not in Microsoft Graph v1.0 nor in the Graph SDK this module uses, so a tenant-to-tenant calendar setting, if there is one, is not listed.</summary>
        public static string Verbose_CrossTenantNotChecked => Get(nameof(Verbose_CrossTenantNotChecked));
        /// <summary>'{0}' is not an SMTP address, and the directory finds no single mailbox or user by that alias or display name ({1}).</summary>
        public static string Error_AccessNameNotResolved => Get(nameof(Error_AccessNameNotResolved));

        /// <summary>'{0}' is not an SMTP address, and no mailbox or user in {1} has that alias or display name.</summary>
        public static string Error_AccessNameNotInReport => Get(nameof(Error_AccessNameNotInReport));

        /// <summary>'{0}' is not an SMTP address, and several addresses in {1} have that alias or display name: {2}.</summary>
        public static string Error_AccessNameAmbiguousInReport => Get(nameof(Error_AccessNameAmbiguousInReport));

        /// <summary>Write the HTML access report ({0} row(s))</summary>
        public static string ShouldProcess_WriteAccessHtml => Get(nameof(ShouldProcess_WriteAccessHtml));

        /// <summary>it is a folder</summary>
        public static string Error_AccessHtmlIsFolder => Get(nameof(Error_AccessHtmlIsFolder));

        /// <summary>the folder '{0}' is not there</summary>
        public static string Error_AccessHtmlNoFolder => Get(nameof(Error_AccessHtmlNoFolder));

        /// <summary>{0}: the HTML access report could not be written ({1}).</summary>
        public static string Error_AccessHtmlNotWritten => Get(nameof(Error_AccessHtmlNotWritten));

        /// <summary>Give -HtmlPath a file in a folder that exists and that you may write to, and run the command again.</summary>
        public static string Advice_AccessReportNotWritten => Get(nameof(Advice_AccessReportNotWritten));

        /// <summary>Wrote the HTML access report to {0}.</summary>
        public static string Verbose_AccessHtmlWritten => Get(nameof(Verbose_AccessHtmlWritten));

        /// <summary>{0}: another worker synced this pair in this pass (at {1}); nothing to do.</summary>
        public static string Sync_PassedByOtherWorker => Get(nameof(Sync_PassedByOtherWorker));

        /// <summary> and send a sharing invitation</summary>
        public static string ShouldProcess_AndSendInvitation => Get(nameof(ShouldProcess_AndSendInvitation));

        /// <summary>{0}: other writers kept changing the permissions ({1} attempts); nothing was changed.</summary>
        public static string Error_PermissionConflictExhausted => Get(nameof(Error_PermissionConflictExhausted));

        /// <summary>{0}: the server kept failing ({1}) after {2} attempts; nothing was changed.</summary>
        public static string Error_PermissionRetryExhausted => Get(nameof(Error_PermissionRetryExhausted));

        /// <summary>{0}: the change was not made.</summary>
        public static string Error_PermissionChangeNotMade => Get(nameof(Error_PermissionChangeNotMade));

        /// <summary>The delegate record of {0} on {1} was not written.</summary>
        public static string Error_PermissionDelegateNotWritten => Get(nameof(Error_PermissionDelegateNotWritten));

        /// <summary>Not checked: {0}. This connection cannot read them (on premises they live in the Exchange Management Shell), so rows outside the organisation say Policy '{1}'. Pass -ExchangeSession, or connect to Exchange Online.</summary>
        public static string Warning_AccessScanNotChecked => Get(nameof(Warning_AccessScanNotChecked));

        /// <summary>not checked</summary>
        public static string AccessScan_PolicyNotChecked => Get(nameof(AccessScan_PolicyNotChecked));

        /// <summary>the sharing policy</summary>
        public static string AccessScan_SourceSharingPolicy => Get(nameof(AccessScan_SourceSharingPolicy));

        /// <summary>calendar publishing</summary>
        public static string AccessScan_SourcePublishing => Get(nameof(AccessScan_SourcePublishing));

        /// <summary>Full Access</summary>
        public static string AccessScan_SourceFullAccess => Get(nameof(AccessScan_SourceFullAccess));

        /// <summary>open a connection from a stored credential (a sync profile's connection name): a stored credential is an account and a password, which sign in to an Exchange server's EWS, not to Exchange Online</summary>
        public static string Capability_SignInAs_What => Get(nameof(Capability_SignInAs_What));

        /// <summary>an EWS connection to the server the account signs in to (Connect-CalendarSharing -EwsUrl …), or a hybrid one (its on-premises side) as the default connection; for Exchange Online mailboxes, connect with -Name and name that connection in the profile instead</summary>
        public static string Capability_SignInAs_Alternative => Get(nameof(Capability_SignInAs_Alternative));

        /// <summary>The stored credential '{0}' signs in to {1} {2} for this run.</summary>
        public static string Verbose_SyncStoredCredentialServer => Get(nameof(Verbose_SyncStoredCredentialServer));

        /// <summary>it names an account, not a server, and there is no default connection to take the server from. Connect to that server first (Connect-CalendarSharing -EwsUrl), or connect with -Name '{0}'.</summary>
        public static string Error_SyncStoredCredentialNoDefault => Get(nameof(Error_SyncStoredCredentialNoDefault));

        /// <summary>the mailbox is hosted on premises, where sharing policies are set in the Exchange Management Shell, which this connection cannot reach.</summary>
        public static string Error_SharingPolicyAssignNoSide => Get(nameof(Error_SharingPolicyAssignNoSide));

        /// <summary>{0}: its sharing policy is set through {1}.</summary>
        public static string Verbose_SharingPolicyAssignSide => Get(nameof(Verbose_SharingPolicyAssignSide));

        /// <summary>in Exchange Online</summary>
        public static string Routing_SideOnline => Get(nameof(Routing_SideOnline));

        /// <summary>on-premises</summary>
        public static string Routing_SideOnPremises => Get(nameof(Routing_SideOnPremises));

        /// <summary>{0} is {1}, and the {2} connection to {3} cannot {4}.</summary>
        public static string Error_RoutedSideCannot => Get(nameof(Error_RoutedSideCannot));

        /// <summary>{0} is hosted neither in Exchange Online nor on-premises.</summary>
        public static string Error_RoutedNeitherSide => Get(nameof(Error_RoutedNeitherSide));

        /// <summary>{0}: creating '{1}' failed ({2}) and no event has its transaction id: sending it again.</summary>
        public static string Verbose_EventResending => Get(nameof(Verbose_EventResending));

        /// <summary>{0}: the answer to creating '{1}' was lost ({2}); the event was made and found by its transaction id.</summary>
        public static string Verbose_EventAnswerLost => Get(nameof(Verbose_EventAnswerLost));

        /// <summary>{0}: '{1}' created ({2}).</summary>
        public static string Verbose_EventCreated => Get(nameof(Verbose_EventCreated));

        /// <summary>{0}: '{1}' exists already (transaction id {2}).</summary>
        public static string Verbose_EventExists => Get(nameof(Verbose_EventExists));

        /// <summary>'{0}' is not a time zone. Give a Windows name such as 'W. Europe Standard Time' or an IANA name such as 'Europe/Berlin'.</summary>
        public static string Error_NotATimeZone => Get(nameof(Error_NotATimeZone));

        /// <summary>The event {0} of {1} is gone.</summary>
        public static string Error_SyncOriginalGone => Get(nameof(Error_SyncOriginalGone));

        /// <summary>The copy {0} in {1} is gone.</summary>
        public static string Error_SyncCopyGone => Get(nameof(Error_SyncCopyGone));

        /// <summary>The changes of {0} kept saying more were available.</summary>
        public static string Error_SyncChangesEndless => Get(nameof(Error_SyncChangesEndless));

        /// <summary>A part of the window of {0} held more items than one read returns.</summary>
        public static string Error_SyncWindowTooFull => Get(nameof(Error_SyncWindowTooFull));

        /// <summary>Get-MailboxCalendarFolder returned nothing for {0}.</summary>
        public static string Error_PublishingFolderNotRead => Get(nameof(Error_PublishingFolderNotRead));

        /// <summary>{0}: publishing Unchanged.</summary>
        public static string Verbose_PublishingUnchanged => Get(nameof(Verbose_PublishingUnchanged));

        /// <summary>The server answered {0}.</summary>
        public static string Error_ServerAnsweredStatus => Get(nameof(Error_ServerAnsweredStatus));

        /// <summary>Removed the stored credential '{0}' ({1}).</summary>
        public static string Verbose_CredentialRemoved => Get(nameof(Verbose_CredentialRemoved));

        /// <summary>{0} ({1}) in {2}</summary>
        public static string Target_StoredCredential => Get(nameof(Target_StoredCredential));

        /// <summary>Read the credential '{0}' for {1} from {2} ({3}).</summary>
        public static string Verbose_CredentialRead => Get(nameof(Verbose_CredentialRead));

        /// <summary>Saved the credential '{0}' for {1} to {2}, protected with {3}.</summary>
        public static string Verbose_CredentialSaved => Get(nameof(Verbose_CredentialSaved));

        /// <summary>The credential '{0}' has no user name.</summary>
        public static string Error_CredentialNoUserName => Get(nameof(Error_CredentialNoUserName));

        /// <summary>Could not restrict {0} to its owner (chmod 600) on this runtime; do it yourself.</summary>
        public static string Warning_CredentialFileNotRestricted => Get(nameof(Warning_CredentialFileNotRestricted));

        /// <summary>Could not restrict {0} to its owner (chmod 700) on this runtime; do it yourself.</summary>
        public static string Warning_CredentialFolderNotRestricted => Get(nameof(Warning_CredentialFolderNotRestricted));

        /// <summary>The credential '{0}' has no password.</summary>
        public static string Error_CredentialNoPassword => Get(nameof(Error_CredentialNoPassword));

        /// <summary>'{0}' is not a valid mailbox address. Give one SMTP address such as alice@contoso.com.</summary>
        public static string Error_NotAMailboxAddress => Get(nameof(Error_NotAMailboxAddress));

        /// <summary>The mailbox '{0}' names calendar '{1}' but the calendar '{2}' was also given. Name the calendar once.</summary>
        public static string Error_CalendarNamedTwice => Get(nameof(Error_CalendarNamedTwice));

        /// <summary>Free/busy of {0} mailbox(es) from {1:u} to {2:u}: {3} request(s) of at most {4} mailboxes and {5:0.##} days, {6} at a time.</summary>
        public static string Verbose_AvailabilityPlan => Get(nameof(Verbose_AvailabilityPlan));

        /// <summary>Meeting times: {0}.</summary>
        public static string Verbose_MeetingTimesStats => Get(nameof(Verbose_MeetingTimesStats));

        /// <summary>Free/busy: {0}.</summary>
        public static string Verbose_FreeBusyStats => Get(nameof(Verbose_FreeBusyStats));

        /// <summary>Replace the stored credential (protected with {0})</summary>
        public static string ShouldProcess_ReplaceCredential => Get(nameof(ShouldProcess_ReplaceCredential));

        /// <summary>Save the credential (protected with {0})</summary>
        public static string ShouldProcess_SaveCredential => Get(nameof(ShouldProcess_SaveCredential));

        /// <summary>Remove the stored credential</summary>
        public static string ShouldProcess_RemoveCredential => Get(nameof(ShouldProcess_RemoveCredential));

        /// <summary>Pass a PSCredential with a password.</summary>
        public static string Advice_CredentialNoPassword => Get(nameof(Advice_CredentialNoPassword));

        /// <summary>Pass a PSCredential whose UserName is the account, such as alice@contoso.com or CONTOSO\alice.</summary>
        public static string Advice_CredentialNoUserName => Get(nameof(Advice_CredentialNoUserName));

        /// <summary>Full Access, Send As and Send on Behalf of {0}{1} are not listed: they live in the Exchange Management Shell of the mailbox's side. Pass -ExchangeSession to include them.</summary>
        public static string Warning_MailboxRightsNotListed => Get(nameof(Warning_MailboxRightsNotListed));

        /// <summary> and {0} more</summary>
        public static string Text_AndMore => Get(nameof(Text_AndMore));

        /// <summary>The time zone is empty. Give a Windows name such as 'W. Europe Standard Time' or an IANA name such as 'Europe/Berlin'.</summary>
        public static string Error_TimeZoneEmpty => Get(nameof(Error_TimeZoneEmpty));

        /// <summary>The mailbox is empty. Give an SMTP address such as alice@contoso.com, optionally followed by :\CalendarName.</summary>
        public static string Error_MailboxEmptyWithCalendar => Get(nameof(Error_MailboxEmptyWithCalendar));

        /// <summary>The mailbox is empty. Give an SMTP address such as alice@contoso.com.</summary>
        public static string Error_MailboxEmpty => Get(nameof(Error_MailboxEmpty));

        /// <summary>Full Access, Send As and Send on Behalf are not listed: they live in the Exchange Management Shell. Pass -ExchangeSession to include them.</summary>
        public static string Warning_MailboxRightsNotListedAll => Get(nameof(Warning_MailboxRightsNotListedAll));

        /// <summary>Give an EWS URL or a mailbox to discover it from.</summary>
        public static string Error_ProbeNeedsUrlOrMailbox => Get(nameof(Error_ProbeNeedsUrlOrMailbox));

        /// <summary>The window ends before it starts.</summary>
        public static string Error_WindowEndsBeforeStart => Get(nameof(Error_WindowEndsBeforeStart));

        /// <summary>{0} connections are not available yet.</summary>
        public static string Error_ConnectionKindNotAvailable => Get(nameof(Error_ConnectionKindNotAvailable));

        /// <summary>Autodiscover found no EWS URL; using -EwsUrl {0}.</summary>
        public static string Verbose_AutodiscoverFallback => Get(nameof(Verbose_AutodiscoverFallback));

        /// <summary>An EWS connection needs -EwsUrl.</summary>
        public static string Error_EwsConnectionNeedsUrl => Get(nameof(Error_EwsConnectionNeedsUrl));

        /// <summary>Unknown Graph sign-in '{0}'.</summary>
        public static string Error_UnknownGraphSignIn => Get(nameof(Error_UnknownGraphSignIn));

        /// <summary>Unknown cloud '{0}'. Use Global, USGov, USGovDoD or China.</summary>
        public static string Error_UnknownGraphCloud => Get(nameof(Error_UnknownGraphCloud));

        /// <summary>A Graph connection needs a sign-in.</summary>
        public static string Error_GraphConnectionNeedsSignIn => Get(nameof(Error_GraphConnectionNeedsSignIn));

        /// <summary>{0}: the Exchange session to {1} failed: {2}</summary>
        public static string Error_ExchangeSessionFailed => Get(nameof(Error_ExchangeSessionFailed));

        /// <summary>The Azure Table URL {0}://{1}/ names no table: end it with /&lt;table name&gt;.</summary>
        public static string Error_AzureTableUrlNoTable => Get(nameof(Error_AzureTableUrlNoTable));

        /// <summary>The Azure Table URL {0} has a query that is not a shared access signature (no sig=).</summary>
        public static string Error_AzureTableUrlNotSas => Get(nameof(Error_AzureTableUrlNotSas));

        /// <summary>The Azure Table state store {0} could not be opened: {1}.</summary>
        public static string Error_AzureTableNotOpened => Get(nameof(Error_AzureTableNotOpened));

        /// <summary>The Azure Table state store needs a table URL or a connection string with Table=&lt;name&gt;.</summary>
        public static string Error_AzureTableNeedsSpec => Get(nameof(Error_AzureTableNeedsSpec));

        /// <summary>The Azure Table state store's connection string names no table: add ;Table=&lt;name&gt;.</summary>
        public static string Error_AzureTableConnectionStringNoTable => Get(nameof(Error_AzureTableConnectionStringNoTable));

        /// <summary>The credential for the Azure Table state store {0} is a {1}, not an Azure TokenCredential.</summary>
        public static string Error_AzureTableCredentialType => Get(nameof(Error_AzureTableCredentialType));

        /// <summary>The sync state of partition '{0}' in {1} is in format '{2}', which this version does not read.</summary>
        public static string Error_SyncStateFormatUnknown => Get(nameof(Error_SyncStateFormatUnknown));

        /// <summary>The sync state store {0} could not get a token (for a managed identity, check that the Automation account's identity is on and has Storage Table Data Contributor on the table): {1}</summary>
        public static string Error_AzureTableNoToken => Get(nameof(Error_AzureTableNoToken));

        /// <summary>Worker '{0}' no longer holds the lease on pair '{1}' of profile '{2}': it lapsed and another worker took it. Nothing was written.</summary>
        public static string Error_SyncLeaseLapsed => Get(nameof(Error_SyncLeaseLapsed));

        /// <summary>The server certificate of {0} is not checked (-SkipCertificateCheck): anyone on the network path can read the credentials. Use it only in a lab.</summary>
        public static string Warning_EwsCertificateNotChecked => Get(nameof(Warning_EwsCertificateNotChecked));

        /// <summary>{0} needs RequestServerVersion {1} or later; the connection asks for {2}.</summary>
        public static string Error_EwsServerVersionTooOld => Get(nameof(Error_EwsServerVersionTooOld));

        /// <summary>The server {0} is busy and kept asking us to back off ({1} for {2}): {3}</summary>
        public static string Error_EwsServerBusy => Get(nameof(Error_EwsServerBusy));

        /// <summary>'{0}' is not an e-mail address: autodiscover needs the mailbox's SMTP address, such as alice@contoso.com.</summary>
        public static string Error_AutodiscoverNotAnAddress => Get(nameof(Error_AutodiscoverNotAnAddress));

        /// <summary>'{0}' is not a DNS name.</summary>
        public static string Error_NotADnsName => Get(nameof(Error_NotADnsName));

        /// <summary>the DNS server {0} did not answer within {1:0} s</summary>
        public static string Error_DnsNoAnswer => Get(nameof(Error_DnsNoAnswer));

        /// <summary>no TCP connection to {0}:{1} within {2:0} s</summary>
        public static string Error_ProbeNoTcp => Get(nameof(Error_ProbeNoTcp));

        /// <summary>The event '{0}' was created in {1} but cannot be read back.</summary>
        public static string Error_EventCreatedNotReadBack => Get(nameof(Error_EventCreatedNotReadBack));

        /// <summary>The event {0} of {1} is gone.</summary>
        public static string Error_EventGone => Get(nameof(Error_EventGone));

        /// <summary>The server answered SyncFolderItems for {0} without a SyncState.</summary>
        public static string Error_EwsNoSyncState => Get(nameof(Error_EwsNoSyncState));

        /// <summary>The SyncState of {0} is no longer valid ({1}): the changes since it cannot be listed.</summary>
        public static string Error_EwsSyncStateExpired => Get(nameof(Error_EwsSyncStateExpired));

        /// <summary>The server answered a pull subscription for {0} without a watermark.</summary>
        public static string Error_EwsPullNoWatermark => Get(nameof(Error_EwsPullNoWatermark));

        /// <summary>FindFolder in {0} returned no answer.</summary>
        public static string Error_FindFolderNoAnswer => Get(nameof(Error_FindFolderNoAnswer));

        /// <summary>GetStreamingEvents: could not reach {0}: {1}</summary>
        public static string Error_StreamingUnreachable => Get(nameof(Error_StreamingUnreachable));

        /// <summary>The server {0} refused the credentials for GetStreamingEvents (HTTP 401).</summary>
        public static string Error_StreamingRefused => Get(nameof(Error_StreamingRefused));

        /// <summary>GetStreamingEvents: the server {0} answered HTTP {1} {2}.</summary>
        public static string Error_StreamingHttp => Get(nameof(Error_StreamingHttp));

        /// <summary>GetStreamingEvents: nothing arrived for {0:0} s, not even a heartbeat; the connection is taken as dropped.</summary>
        public static string Error_StreamingSilent => Get(nameof(Error_StreamingSilent));

        /// <summary>Graph returned no schedule for {0}.</summary>
        public static string Error_GraphNoSchedule => Get(nameof(Error_GraphNoSchedule));

        /// <summary>Cannot read the changes of {0}: Graph kept sending next pages.</summary>
        public static string Error_GraphChangesEndless => Get(nameof(Error_GraphChangesEndless));

        /// <summary>Get-MailboxFolderStatistics does not list the calendar {0}; the invitation was not sent.</summary>
        public static string Error_FolderStatisticsNoCalendar => Get(nameof(Error_FolderStatisticsNoCalendar));

        /// <summary>'{0}' is not a page of this connection's user list.</summary>
        public static string Error_GraphNotAPage => Get(nameof(Error_GraphNotAPage));

        /// <summary>Microsoft Graph cannot set {0} for delegate {1} of {2}. Nothing was changed for this delegate.</summary>
        public static string Error_GraphDelegateCannotSet => Get(nameof(Error_GraphDelegateCannotSet));

        /// <summary>{0}: Graph kept sending next pages ({1}).</summary>
        public static string Error_GraphTooManyPages => Get(nameof(Error_GraphTooManyPages));

        /// <summary>{0}: the admin API at {1} could not be reached: {2}</summary>
        public static string Error_AdminApiUnreachable => Get(nameof(Error_AdminApiUnreachable));

        /// <summary>{0}: the admin API did not answer within {1:0} s.</summary>
        public static string Error_AdminApiTimeout => Get(nameof(Error_AdminApiTimeout));

        /// <summary>{0}: the admin API's answer is not JSON: {1}</summary>
        public static string Error_AdminApiNotJson => Get(nameof(Error_AdminApiNotJson));

        /// <summary>Exchange sends a sharing invitation only with AvailabilityOnly, LimitedDetails, Reviewer or Editor, not {0}.</summary>
        public static string Error_InvitationRoleNotAllowed => Get(nameof(Error_InvitationRoleNotAllowed));

        /// <summary>Exchange sends a sharing invitation only with AvailabilityOnly, LimitedDetails, Reviewer, Editor or a delegate role, not {0}; nothing was changed for {1}. Leave out -SendInvitation for this role.</summary>
        public static string Error_InvitationRoleNotAllowedRow => Get(nameof(Error_InvitationRoleNotAllowedRow));

        /// <summary>Cannot change the event {0} of {1}: there is no such event.</summary>
        public static string Error_GraphEventNotFound => Get(nameof(Error_GraphEventNotFound));

        /// <summary>read who is in a group (EWS ExpandDL, Graph transitiveMemberOf)</summary>
        public static string Capability_GroupMembership_What => Get(nameof(Capability_GroupMembership_What));

        /// <summary>{0} principal(s) of the scanned entries may be groups ({1}), and their members were not read, so access through a group is not shown: {2} Name the user's groups with -Group.</summary>
        public static string Warning_AccessGroupsNotExpanded => Get(nameof(Warning_AccessGroupsNotExpanded));

        /// <summary>{0} principal(s) of the saved scan's entries may be groups ({1}); with no connection their members were not checked, so access through a group is not shown. Connect-CalendarSharing first, or name the user's groups with -Group.</summary>
        public static string Warning_AccessGroupsNotChecked => Get(nameof(Warning_AccessGroupsNotChecked));

        /// <summary>The members of {0} could not be read ({1}): access {2} may have through it is not shown.</summary>
        public static string Warning_AccessGroupUnread => Get(nameof(Warning_AccessGroupUnread));

        /// <summary>The groups of {0} could not be listed ({1}): access through a group is not shown.</summary>
        public static string Warning_AccessGroupsUnlisted => Get(nameof(Warning_AccessGroupsUnlisted));

        /// <summary>{0} is in {1}, which has an entry on the calendar: {2}. Folder permissions from a user's own entry and the groups they are in add up: the least restrictive applies.</summary>
        public static string Explain_Group => Get(nameof(Explain_Group));
    

        /// <summary>Group membership was</summary>
        public static string Explain_GroupSubject => Get(nameof(Explain_GroupSubject));

        /// <summary>this connection cannot read group membership.</summary>
        public static string Explain_NoGroupCapability => Get(nameof(Explain_NoGroupCapability));
    }
}
