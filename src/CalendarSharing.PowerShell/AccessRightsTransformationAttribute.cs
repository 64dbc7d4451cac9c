using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// Lets Exchange's shapes bind to a string role parameter: Get-MailboxFolderPermission writes AccessRights as a
    /// collection (e.g. {Reviewer}, an ArrayList after remoting) and SharingPermissionFlags as a flags enum
    /// (https://learn.microsoft.com/powershell/module/exchange/get-mailboxfolderpermission). A collection becomes its
    /// elements joined with ", "; Core (Roles/RoleInput) splits them again and reports a row that names two roles. Never
    /// throws, so a row whose shape is odd still binds, keeps its row number and gets an error naming the row.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class AccessRightsTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject pso ? pso.BaseObject : inputData;
            switch (value)
            {
                case null:
                    return string.Empty;
                case string text:
                    return text;
                case IEnumerable items:
                    var parts = new List<string>();
                    foreach (var item in items)
                    {
                        var element = item is PSObject p ? p.BaseObject : item;
                        var part = element?.ToString()?.Trim();
                        if (!string.IsNullOrEmpty(part))
                        {
                            parts.Add(part!);
                        }
                    }

                    return string.Join(", ", parts);
                default:
                    // An enum (SharingPermissionFlags), or a deserialized object whose ToString is its value.
                    return value.ToString() ?? string.Empty;
            }
        }
    }
}
