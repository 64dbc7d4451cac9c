using System;
using System.Collections.Generic;
using System.Linq;
using CalendarSharing.Core.Resources;

using CalendarSharing.Core.Commands;

namespace CalendarSharing.Core.Roles
{
    /// <summary>
    /// Reads the role of one input row as Exchange writes it as well as in our own spellings. Get-MailboxFolderPermission
    /// gives AccessRights as an array (one role, e.g. {Reviewer}) and a delegate as AccessRights {Editor} with
    /// SharingPermissionFlags "Delegate" or "Delegate, CanViewPrivateItems"
    /// (https://learn.microsoft.com/powershell/module/exchange/get-mailboxfolderpermission,
    /// https://learn.microsoft.com/powershell/module/exchange/add-mailboxfolderpermission). The cmdlet layer joins an
    /// array with ", " before the row reaches Core, so one text carries every element.
    /// </summary>
    public static class RoleInput
    {
        /// <summary>The outcome: a role, or the error id and message of a row that names no single role.</summary>
        public sealed class Result
        {
            private Result(CalendarRole role, string? errorId, string? message, string? advice)
            {
                Role = role;
                ErrorId = errorId;
                Message = message;
                Advice = advice;
            }

            public CalendarRole Role { get; }

            /// <summary>MissingRole, InvalidRole, MultipleRoles or InvalidSharingPermissionFlags; null on success.</summary>
            public string? ErrorId { get; }

            public string? Message { get; }

            public string? Advice { get; }

            public bool IsSuccess => ErrorId is null;

            internal static Result Ok(CalendarRole role) => new Result(role, null, null, null);

            internal static Result Fail(string id, string message, string advice) => new Result(CalendarRole.None, id, message, advice);
        }

        /// <summary>Splits what the cmdlet layer joined (an AccessRights or SharingPermissionFlags array) back into its parts.</summary>
        public static IReadOnlyList<string> Split(string? text) =>
            (text ?? string.Empty).Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Trim())
                .Where(p => p.Length > 0)
                .ToList();

        /// <summary>Parses a row's role and SharingPermissionFlags into one role.</summary>
        public static Result Parse(string? role, string? sharingPermissionFlags)
        {
            var parts = Split(role);
            if (parts.Count == 0)
            {
                return Result.Fail(ErrorIds.MissingRole, Texts.Error_MissingRole, Texts.Format(nameof(Texts.Advice_MissingRole), RoleVocabulary.ValidNames));
            }

            var roles = new List<CalendarRole>();
            foreach (var part in parts)
            {
                if (!RoleVocabulary.TryParse(part, out var parsed))
                {
                    var shown = parts.Count == 1 ? $"'{part}'" : Texts.Format(nameof(Texts.Error_InvalidRoleInRow), $"'{part}'", string.Join(", ", parts));
                    return Result.Fail(
                        ErrorIds.InvalidRole,
                        Texts.Format(nameof(Texts.Error_InvalidRole), shown, RoleVocabulary.ValidNames),
                        Texts.Format(nameof(Texts.Advice_InvalidRole), RoleVocabulary.ValidNames));
                }

                if (!roles.Contains(parsed))
                {
                    roles.Add(parsed);
                }
            }

            if (roles.Count > 1)
            {
                return Result.Fail(
                    ErrorIds.MultipleRoles,
                    Texts.Format(nameof(Texts.Error_MultipleRoles), roles.Count, string.Join(", ", roles)),
                    Texts.Advice_MultipleRoles);
            }

            var flags = Split(sharingPermissionFlags).Where(f => !string.Equals(f, "None", StringComparison.OrdinalIgnoreCase)).ToList();
            if (flags.Count == 0)
            {
                return Result.Ok(roles[0]);
            }

            var delegateFlag = flags.Any(f => string.Equals(f, "Delegate", StringComparison.OrdinalIgnoreCase));
            var privateFlag = flags.Any(f => string.Equals(f, "CanViewPrivateItems", StringComparison.OrdinalIgnoreCase));
            var unknown = flags.Where(f => !string.Equals(f, "Delegate", StringComparison.OrdinalIgnoreCase) && !string.Equals(f, "CanViewPrivateItems", StringComparison.OrdinalIgnoreCase)).ToList();
            var flagsAdvice = Texts.Advice_InvalidSharingPermissionFlags;
            if (unknown.Count > 0)
            {
                return Result.Fail(ErrorIds.InvalidSharingPermissionFlags, Texts.Format(nameof(Texts.Error_UnknownSharingPermissionFlags), string.Join(", ", unknown)), flagsAdvice);
            }

            if (!delegateFlag)
            {
                return Result.Fail(ErrorIds.InvalidSharingPermissionFlags, Texts.Error_PrivateFlagNeedsDelegate, flagsAdvice);
            }

            switch (roles[0])
            {
                case CalendarRole.Editor:
                case CalendarRole.Delegate:
                    return Result.Ok(privateFlag ? CalendarRole.DelegateCanViewPrivate : CalendarRole.Delegate);
                case CalendarRole.DelegateCanViewPrivate:
                    return Result.Ok(CalendarRole.DelegateCanViewPrivate);
                default:
                    return Result.Fail(ErrorIds.InvalidSharingPermissionFlags, Texts.Format(nameof(Texts.Error_SharingPermissionFlagsNotEditor), string.Join(", ", flags), roles[0]), flagsAdvice);
            }
        }
    }
}
