using System;
using System.Collections.Generic;
using System.Linq;

namespace CalendarSharing.Sandbox.Graph
{
    /// <summary>The kind of a property, as far as $select, $filter and $orderby care.</summary>
    internal enum ODataPropertyKind
    {
        Primitive,
        Complex,
        Collection,
        Navigation,
    }

    /// <summary>
    /// The properties of the Graph v1.0 types the sandbox serves, by name as the v1.0 metadata
    /// (https://graph.microsoft.com/v1.0/$metadata) declares them: what $select, $filter and $orderby may name.
    /// </summary>
    internal sealed class ODataType
    {
        private readonly Dictionary<string, ODataPropertyKind> properties;
        private readonly Dictionary<string, string[]> complexMembers;

        private ODataType(string name, bool alwaysId, Dictionary<string, ODataPropertyKind> properties, Dictionary<string, string[]>? complexMembers = null)
        {
            Name = name;
            AlwaysId = alwaysId;
            this.properties = properties;
            this.complexMembers = complexMembers ?? new Dictionary<string, string[]>(StringComparer.Ordinal);
        }

        /// <summary>microsoft.graph.{Name}.</summary>
        public string Name { get; }

        /// <summary>
        /// Outlook entities answer a $select with the id (and @odata.etag) too; directory objects answer only what was
        /// selected (https://learn.microsoft.com/graph/query-parameters#select-parameter).
        /// </summary>
        public bool AlwaysId { get; }

        public ODataPropertyKind? Kind(string property) => properties.TryGetValue(property, out var kind) ? kind : (ODataPropertyKind?)null;

        /// <summary>The property's name as the metadata spells it (Graph matches names case-insensitively), or null.</summary>
        public string? Canonical(string property) => properties.Keys.FirstOrDefault(k => string.Equals(k, property, StringComparison.OrdinalIgnoreCase));

        /// <summary>The members of a complex property (emailAddress: name, address), or null.</summary>
        public string[]? Members(string property) => complexMembers.TryGetValue(property, out var members) ? members : null;

        private static readonly string[] EmailAddress = { "address", "name" };

        public static readonly ODataType Calendar = new ODataType("calendar", true, Props(
            P("id", "changeKey", "color", "hexColor", "isDefaultCalendar", "isRemovable", "isTallyingResponses", "name", "canEdit", "canShare",
              "canViewPrivateItems", "defaultOnlineMeetingProvider"),
            C("allowedOnlineMeetingProviders"),
            X("owner"),
            N("calendarPermissions", "calendarView", "events", "multiValueExtendedProperties", "singleValueExtendedProperties")),
            new Dictionary<string, string[]>(StringComparer.Ordinal) { ["owner"] = EmailAddress });

        public static readonly ODataType CalendarPermission = new ODataType("calendarPermission", true, Props(
            P("id", "isInsideOrganization", "isRemovable", "role"),
            C("allowedRoles"),
            X("emailAddress")),
            new Dictionary<string, string[]>(StringComparer.Ordinal) { ["emailAddress"] = EmailAddress });

        public static readonly ODataType MailboxSettings = new ODataType("mailboxSettings", false, Props(
            P("archiveFolder", "dateFormat", "delegateMeetingMessageDeliveryOptions", "timeFormat", "timeZone", "userPurpose"),
            X("automaticRepliesSetting", "language", "workingHours")));

        public static readonly ODataType WorkingHours = new ODataType("workingHours", false, Props(P("endTime", "startTime"), C("daysOfWeek"), X("timeZone")));

        public static readonly ODataType AutomaticRepliesSetting = new ODataType("automaticRepliesSetting", false, Props(
            P("externalAudience", "externalReplyMessage", "internalReplyMessage", "status"), X("scheduledEndDateTime", "scheduledStartDateTime")));

        /// <summary>microsoft.graph.event (outlookItem and entity included).</summary>
        public static readonly ODataType Event = new ODataType("event", true, Props(
            P("id", "changeKey", "createdDateTime", "lastModifiedDateTime", "allowNewTimeProposals", "bodyPreview", "hasAttachments", "hideAttendees",
              "iCalUId", "importance", "isAllDay", "isCancelled", "isDraft", "isOnlineMeeting", "isOrganizer", "isReminderOn", "onlineMeetingProvider",
              "onlineMeetingUrl", "originalEndTimeZone", "originalStart", "originalStartTimeZone", "reminderMinutesBeforeStart", "responseRequested",
              "sensitivity", "seriesMasterId", "showAs", "subject", "transactionId", "type", "webLink"),
            C("categories", "attendees", "cancelledOccurrences", "locations"),
            X("body", "end", "location", "onlineMeeting", "organizer", "recurrence", "responseStatus", "start"),
            N("attachments", "calendar", "exceptionOccurrences", "extensions", "instances", "multiValueExtendedProperties", "singleValueExtendedProperties")),
            new Dictionary<string, string[]>(StringComparer.Ordinal) { ["location"] = new[] { "displayName", "locationType", "locationUri", "uniqueId", "uniqueIdType" } });

        public static readonly ODataType LocaleInfo = new ODataType("localeInfo", false, Props(P("displayName", "locale")));

        /// <summary>microsoft.graph.user (directoryObject and entity included): its structural properties.</summary>
        public static readonly ODataType User = new ODataType("user", false, Props(
            P("id", "deletedDateTime", "aboutMe", "accountEnabled", "ageGroup", "birthday", "city", "companyName", "consentProvidedForMinor", "country",
              "createdDateTime", "creationType", "department", "displayName", "employeeHireDate", "employeeId", "employeeLeaveDateTime", "employeeType",
              "externalUserState", "externalUserStateChangeDateTime", "faxNumber", "givenName", "hireDate", "identityParentId", "isManagementRestricted",
              "isResourceAccount", "jobTitle", "lastPasswordChangeDateTime", "legalAgeGroupClassification", "mail", "mailNickname", "mobilePhone",
              "mySite", "officeLocation", "onPremisesDistinguishedName", "onPremisesDomainName", "onPremisesImmutableId", "onPremisesLastSyncDateTime",
              "onPremisesSamAccountName", "onPremisesSecurityIdentifier", "onPremisesSyncEnabled", "onPremisesUserPrincipalName", "passwordPolicies",
              "postalCode", "preferredDataLocation", "preferredLanguage", "preferredName", "securityIdentifier", "showInAddressList",
              "signInSessionsValidFromDateTime", "state", "streetAddress", "surname", "usageLocation", "userPrincipalName", "userType"),
            C("assignedLicenses", "assignedPlans", "businessPhones", "identities", "imAddresses", "interests", "licenseAssignmentStates",
              "onPremisesProvisioningErrors", "otherMails", "pastProjects", "provisionedPlans", "proxyAddresses", "responsibilities", "schools",
              "serviceProvisioningErrors", "skills"),
            X("authorizationInfo", "customSecurityAttributes", "employeeOrgData", "mailboxSettings", "onPremisesExtensionAttributes", "passwordProfile",
              "print", "signInActivity")));

        /// <summary>microsoft.graph.group (directoryObject and entity included): the properties the sandbox models, and its navigation properties.</summary>
        public static readonly ODataType Group = new ODataType("group", false, Props(
            P("id", "deletedDateTime", "classification", "createdDateTime", "description", "displayName", "mail", "mailEnabled", "mailNickname",
              "onPremisesSecurityIdentifier", "onPremisesSyncEnabled", "securityEnabled", "securityIdentifier", "visibility"),
            C("groupTypes", "proxyAddresses"),
            N("members", "memberOf", "transitiveMembers", "transitiveMemberOf", "owners", "calendar", "events")));

        /// <summary>
        /// microsoft.graph.directoryObject as a collection of users, groups and contacts answers it: $select may name the
        /// derived types' properties (id, displayName, mail …), which each item carries or reads as null.
        /// </summary>
        public static readonly ODataType DirectoryObject = new ODataType("directoryObject", false, Props(
            P("id", "deletedDateTime", "displayName", "mail", "mailNickname", "userPrincipalName", "mailEnabled", "securityEnabled"),
            C("groupTypes", "proxyAddresses")));

        private static KeyValuePair<string, ODataPropertyKind>[] P(params string[] names) => names.Select(n => new KeyValuePair<string, ODataPropertyKind>(n, ODataPropertyKind.Primitive)).ToArray();

        private static KeyValuePair<string, ODataPropertyKind>[] C(params string[] names) => names.Select(n => new KeyValuePair<string, ODataPropertyKind>(n, ODataPropertyKind.Collection)).ToArray();

        private static KeyValuePair<string, ODataPropertyKind>[] X(params string[] names) => names.Select(n => new KeyValuePair<string, ODataPropertyKind>(n, ODataPropertyKind.Complex)).ToArray();

        private static KeyValuePair<string, ODataPropertyKind>[] N(params string[] names) => names.Select(n => new KeyValuePair<string, ODataPropertyKind>(n, ODataPropertyKind.Navigation)).ToArray();

        private static Dictionary<string, ODataPropertyKind> Props(params KeyValuePair<string, ODataPropertyKind>[][] groups)
        {
            var result = new Dictionary<string, ODataPropertyKind>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in groups.SelectMany(g => g))
            {
                result[pair.Key] = pair.Value;
            }

            return result;
        }
    }
}
