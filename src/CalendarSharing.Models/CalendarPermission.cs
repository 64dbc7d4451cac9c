namespace CalendarSharing
{
    /// <summary>One entry of a calendar's permission list, as Get-CalendarPermission writes it.</summary>
    public sealed class CalendarPermission
    {
        public CalendarPermission(string mailbox, string calendar, string user, PrincipalKind principalKind, CalendarRole role)
        {
            Mailbox = mailbox;
            Calendar = calendar;
            User = user;
            PrincipalKind = principalKind;
            Role = role;
        }

        /// <summary>Primary SMTP address of the mailbox that owns the calendar.</summary>
        public string Mailbox { get; }

        /// <summary>Display name of the calendar folder (for example Calendar, Kalender, Calendrier).</summary>
        public string Calendar { get; }

        /// <summary>The principal: Default, Anonymous or an SMTP address.</summary>
        public string User { get; }

        /// <summary>The principal's display name when the server reports one.</summary>
        public string? DisplayName { get; set; }

        public PrincipalKind PrincipalKind { get; }

        public CalendarRole Role { get; }

        /// <summary>True for delegates that may see private items.</summary>
        public bool CanViewPrivateItems { get; set; }

        /// <summary>Which server API reported the entry (Ews, Graph, Sandbox).</summary>
        public string? Source { get; set; }

        /// <summary>The folder id of the calendar on the server.</summary>
        public string? CalendarId { get; set; }

        public override string ToString() => $"{Mailbox}\\{Calendar}: {User} = {Role}";
    }
}
