using CalendarSharing.Core.Permissions;

namespace CalendarSharing.Core.Commands
{
    /// <summary>
    /// What -WhatIf and -Confirm say will happen to one entry. Default and Anonymous are first-class principals that
    /// cannot be removed (ARCHITECTURE.md section 3): Remove-CalendarShare sets them to None, so the text says that.
    /// </summary>
    public static class ShouldProcessText
    {
        public static string Action(bool removal, Principal principal, CalendarRole role)
        {
            if (principal.IsDistinguished)
            {
                return removal ? $"Set {principal.Name} to None" : $"Set {principal.Name} to {role}";
            }

            return removal ? $"Remove the calendar permission of {principal.Name}" : $"Grant {role} to {principal.Name}";
        }
    }
}
