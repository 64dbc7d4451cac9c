using System.Collections.Generic;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Connections
{
    /// <summary>
    /// The words of the one "this connection cannot do that" error: what the capability does, and which kind of connection
    /// can do it. Kept beside the registry, which is the only place that raises <see cref="CapabilityNotAvailableException"/>.
    /// </summary>
    public static class CapabilityText
    {
        // Names of Texts entries, not texts: the words themselves live in Texts.resx like every user-facing sentence.
        // Events, availability, change feed and access report are reached by the same connections as permissions.
        private static readonly Dictionary<ConnectionCapabilities, (string What, string? Alternative)> Words =
            new Dictionary<ConnectionCapabilities, (string, string?)>
            {
                [ConnectionCapabilities.Permissions] = (nameof(Texts.Capability_Permissions_What), nameof(Texts.Capability_Permissions_Alternative)),
                [ConnectionCapabilities.Delegates] = (nameof(Texts.Capability_Delegates_What), nameof(Texts.Capability_Delegates_Alternative)),
                [ConnectionCapabilities.MailboxAccess] = (nameof(Texts.Capability_MailboxAccess_What), nameof(Texts.Capability_MailboxAccess_Alternative)),
                [ConnectionCapabilities.Events] = (nameof(Texts.Capability_Events_What), nameof(Texts.Capability_Permissions_Alternative)),
                [ConnectionCapabilities.Availability] = (nameof(Texts.Capability_Availability_What), nameof(Texts.Capability_Permissions_Alternative)),
                [ConnectionCapabilities.ChangeFeed] = (nameof(Texts.Capability_ChangeFeed_What), nameof(Texts.Capability_Permissions_Alternative)),
                [ConnectionCapabilities.AccessReport] = (nameof(Texts.Capability_AccessReport_What), nameof(Texts.Capability_Permissions_Alternative)),
                [ConnectionCapabilities.SharingPolicy] = (nameof(Texts.Capability_SharingPolicy_What), nameof(Texts.Capability_SharingPolicy_Alternative)),
                [ConnectionCapabilities.Publishing] = (nameof(Texts.Capability_Publishing_What), nameof(Texts.Capability_Publishing_Alternative)),
                [ConnectionCapabilities.SignInAs] = (nameof(Texts.Capability_SignInAs_What), nameof(Texts.Capability_SignInAs_Alternative)),
                [ConnectionCapabilities.GroupMembership] = (nameof(Texts.Capability_GroupMembership_What), nameof(Texts.Capability_Permissions_Alternative)),
            };

        /// <summary>What the capability does, in words ("manage mailbox delegates").</summary>
        public static string What(ConnectionCapabilities capability) =>
            Words.TryGetValue(capability, out var text) ? Texts.Get(text.What) : capability.ToString();

        /// <summary>What kind of connection can do it, in words, or null when no kind can in this version.</summary>
        public static string? AlternativeFor(ConnectionCapabilities capability) =>
            Words.TryGetValue(capability, out var text) && text.Alternative is not null ? Texts.Get(text.Alternative) : null;

        /// <summary>The message of the error for a connection that lacks <paramref name="capability"/>.</summary>
        public static string Missing(ConnectionCapabilities capability, BackendInfo info)
        {
            var what = Words.TryGetValue(capability, out var text) ? Texts.Get(text.What) : capability.ToString();
            var alternative = AlternativeFor(capability);
            var head = Texts.Format(nameof(Texts.Error_CapabilityNotAvailable), info.Kind, info.Endpoint, what);
            return alternative is null
                ? Texts.Format(nameof(Texts.Error_CapabilityNoAlternativeTail), head)
                : Texts.Format(nameof(Texts.Error_CapabilityAlternativeTail), head, alternative);
        }
    }
}
