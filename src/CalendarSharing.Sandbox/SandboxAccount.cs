using System;

namespace CalendarSharing.Sandbox
{
    public enum SandboxMailboxKind
    {
        User,
        Room,
        Admin,
    }

    /// <summary>A sign-in account of the sandbox. Passwords are sandbox-only and printed by SandboxServer.</summary>
    public sealed class SandboxAccount
    {
        public SandboxAccount(string address, string displayName, string password, SandboxMailboxKind kind, string language, string calendarName)
        {
            Address = address;
            DisplayName = displayName;
            Password = password;
            Kind = kind;
            Language = language;
            CalendarName = calendarName;
        }

        public string Address { get; }

        public string DisplayName { get; }

        public string Password { get; }

        public SandboxMailboxKind Kind { get; }

        public string Language { get; }

        public string CalendarName { get; }

        /// <summary>Where the mailbox lives (SandboxOptions.Topology): EWS answers on-premises mailboxes, Graph cloud ones.</summary>
        public MailboxHome Home { get; internal set; } = MailboxHome.OnPremises;

        /// <summary>The Entra object id Graph uses for /users/{id} (deterministic, derived from the address).</summary>
        public Guid ObjectId { get; internal set; }

        /// <summary>The NetBIOS-style logon name, CONTOSO\alice.</summary>
        /// <summary>The alias (Exchange's Alias, Graph's mailNickname): the local part of the address.</summary>
        public string Alias => Address.Substring(0, Address.IndexOf('@'));

        public string DomainUser => "CONTOSO\\" + Address.Substring(0, Address.IndexOf('@'));
    }
}
