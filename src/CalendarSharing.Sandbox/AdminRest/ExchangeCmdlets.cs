using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CalendarSharing.Sandbox.Directory;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox.AdminRest
{
    /// <summary>What one cmdlet run gave: its objects (property bags) and its warnings.</summary>
    internal sealed class AdminCmdletResult
    {
        public List<Dictionary<string, object?>> Objects { get; } = new List<Dictionary<string, object?>>();

        public List<string> Warnings { get; } = new List<string>();

        /// <summary>Get- cmdlets page their output; writes never do.</summary>
        public bool Pageable { get; set; }
    }

    /// <summary>
    /// The Exchange cmdlets behind the sandbox's admin API, over the mailbox-level rights model (Add-MailboxPermission,
    /// Add-RecipientPermission, Set-Mailbox -GrantSendOnBehalfTo:
    /// https://learn.microsoft.com/powershell/module/exchangepowershell/): Get-Mailbox, Set-Mailbox
    /// -GrantSendOnBehalfTo, Get/Add/Remove-MailboxPermission (FullAccess), Get/Add/Remove-RecipientPermission (SendAs,
    /// Exchange Online) and, so an on-premises run can be played against the sandbox too, Get/Add/Remove-ADPermission
    /// (the Send-As extended right).
    /// </summary>
    internal sealed class ExchangeCmdlets
    {
        private const string Server = "sandbox.contoso.com";
        private static readonly Dictionary<string, string[]> Known = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["Get-Mailbox"] = new[] { "Identity", "ResultSize" },
            ["Set-Mailbox"] = new[] { "Identity", "GrantSendOnBehalfTo", "Confirm" },
            ["Get-MailboxPermission"] = new[] { "Identity", "User", "ResultSize" },
            ["Add-MailboxPermission"] = new[] { "Identity", "User", "AccessRights", "InheritanceType", "AutoMapping", "Confirm" },
            ["Remove-MailboxPermission"] = new[] { "Identity", "User", "AccessRights", "InheritanceType", "Confirm" },
            ["Get-RecipientPermission"] = new[] { "Identity", "Trustee", "AccessRights", "ResultSize" },
            ["Add-RecipientPermission"] = new[] { "Identity", "Trustee", "AccessRights", "Confirm" },
            ["Remove-RecipientPermission"] = new[] { "Identity", "Trustee", "AccessRights", "Confirm" },
            ["Get-ADPermission"] = new[] { "Identity", "User" },
            ["Add-ADPermission"] = new[] { "Identity", "User", "ExtendedRights", "Confirm" },
            ["Remove-ADPermission"] = new[] { "Identity", "User", "ExtendedRights", "Confirm" },
        };

        private readonly SandboxOrganization org;

        public ExchangeCmdlets(SandboxOrganization org)
        {
            this.org = org;
            calendarFolders = new CalendarFolderCmdlets(org);
        }

        private readonly CalendarFolderCmdlets calendarFolders;

        public AdminCmdletResult Invoke(string name, JsonElement parameters)
        {
            if (Sharing.SharingCmdlets.Handles(name, parameters))
            {
                return new Sharing.SharingCmdlets(org).Invoke(name, parameters);
            }

            if (CalendarFolderCmdlets.Handles(name))
            {
                return calendarFolders.Invoke(name, parameters);
            }

            if (!Known.TryGetValue(name, out var allowed))
            {
                throw new AdminCmdletException(AdminCmdletException.CommandNotFound, $"The term '{name}' is not recognized as a name of a cmdlet, function, script file, or executable program.");
            }

            var p = new Params(parameters);
            foreach (var given in p.Names)
            {
                if (!allowed.Contains(given, StringComparer.OrdinalIgnoreCase))
                {
                    throw new AdminCmdletException(AdminCmdletException.ParameterBinding, $"A parameter cannot be found that matches parameter name '{given}'.");
                }
            }

            switch (name.ToLowerInvariant())
            {
                case "get-mailbox": return GetMailbox(p);
                case "set-mailbox": return SetMailbox(p);
                case "get-mailboxpermission": return GetMailboxPermission(p);
                case "add-mailboxpermission": return ChangeFullAccess(p, add: true);
                case "remove-mailboxpermission": return ChangeFullAccess(p, add: false);
                case "get-recipientpermission": return GetRecipientPermission(p);
                case "add-recipientpermission": return ChangeSendAs(p, "Trustee", "AccessRights", "SendAs", add: true);
                case "remove-recipientpermission": return ChangeSendAs(p, "Trustee", "AccessRights", "SendAs", add: false);
                case "get-adpermission": return GetAdPermission(p);
                case "add-adpermission": return ChangeSendAs(p, "User", "ExtendedRights", "Send-As", add: true);
                default: return ChangeSendAs(p, "User", "ExtendedRights", "Send-As", add: false);
            }
        }

        // ------------------------------------------------------------------ cmdlets

        private AdminCmdletResult GetMailbox(Params p)
        {
            var result = new AdminCmdletResult { Pageable = true };
            var identity = p.String("Identity");
            var mailboxes = identity == null
                ? org.Accounts.Select(a => org.FindMailbox(a.Address)!).ToList()
                : new List<SandboxMailbox> { Mailbox(identity) };
            foreach (var m in mailboxes)
            {
                var entry = org.Directory.FindByAddress(m.Address)!;
                result.Objects.Add(new Dictionary<string, object?>
                {
                    ["Identity"] = entry.Alias,
                    ["Name"] = entry.Alias,
                    ["DisplayName"] = entry.DisplayName,
                    ["Alias"] = entry.Alias,
                    ["PrimarySmtpAddress"] = entry.Address,
                    ["DistinguishedName"] = Dn(entry),
                    ["RecipientTypeDetails"] = entry.Kind == DirectoryEntryKind.Room ? "RoomMailbox" : "UserMailbox",
                    ["GrantSendOnBehalfTo"] = m.Rights.SendOnBehalf.ToList(),
                    ["SharingPolicy"] = org.AssignedSharingPolicy(m.Address),
                });
            }

            return result;
        }

        /// <summary>
        /// -GrantSendOnBehalfTo: a plain value or list overwrites (as Exchange does); a hashtable with Add/Remove
        /// (any case, as CIPP sends lowercase) edits and keeps every other grantee.
        /// </summary>
        private AdminCmdletResult SetMailbox(Params p)
        {
            var result = new AdminCmdletResult();
            var mailbox = Mailbox(p.Required("Identity"));
            var changed = false;
            if (p.TryGet("GrantSendOnBehalfTo", out var value))
            {
                if (value.ValueKind == JsonValueKind.Object)
                {
                    var add = Params.Strings(Params.Member(value, "Add")).Select(u => Recipient(u, "object").Address).ToList();
                    var remove = Params.Strings(Params.Member(value, "Remove")).Select(u => Recipient(u, "object").Address).ToList();
                    foreach (var u in add)
                    {
                        changed |= mailbox.Rights.AddSendOnBehalf(u);
                    }

                    foreach (var u in remove)
                    {
                        changed |= mailbox.Rights.RemoveSendOnBehalf(u);
                    }
                }
                else
                {
                    var users = Params.Strings(value).Select(u => Recipient(u, "object").Address).ToList();
                    changed = mailbox.Rights.ReplaceSendOnBehalf(users);
                }
            }

            if (!changed)
            {
                result.Warnings.Add($"The command completed successfully but no settings of '{CanonicalName(mailbox)}' have been modified.");
            }

            return result;
        }

        private AdminCmdletResult GetMailboxPermission(Params p)
        {
            var result = new AdminCmdletResult { Pageable = true };
            var mailbox = Mailbox(p.Required("Identity"));
            var user = p.String("User") is string u ? Recipient(u, "user") : null;
            var identity = Display(mailbox);
            if (user == null)
            {
                result.Objects.Add(MailboxAce(identity, "NT AUTHORITY\\SELF", new List<string> { "FullAccess", "ReadPermission" }));
            }

            foreach (var holder in mailbox.Rights.FullAccess.Where(h => user == null || Same(h.Key, user.Address)))
            {
                result.Objects.Add(MailboxAce(identity, holder.Key, new List<string> { "FullAccess" }));
            }

            return result;
        }

        private AdminCmdletResult ChangeFullAccess(Params p, bool add)
        {
            var result = new AdminCmdletResult();
            var mailbox = Mailbox(p.Required("Identity"));
            var user = Recipient(p.Required("User"), "user");
            var rights = p.Strings("AccessRights");
            if (rights.Count == 0 || rights.Any(r => !Same(r, "FullAccess")))
            {
                throw new AdminCmdletException(AdminCmdletException.InvalidOperation, "The sandbox models only the FullAccess mailbox permission; AccessRights must be FullAccess.");
            }

            if (add)
            {
                mailbox.Rights.AddFullAccess(user.Address, p.Bool("AutoMapping") ?? true);
                result.Objects.Add(MailboxAce(Display(mailbox), user.Address, new List<string> { "FullAccess" }));
            }
            else if (!mailbox.Rights.RemoveFullAccess(user.Address))
            {
                result.Warnings.Add($"Can't remove the access control entry on the object \"{CanonicalName(mailbox)}\" for account \"{Account(user)}\" because the ACE doesn't exist on the object.");
            }

            return result;
        }

        private AdminCmdletResult GetRecipientPermission(Params p)
        {
            var result = new AdminCmdletResult { Pageable = true };
            var mailbox = Mailbox(p.Required("Identity"));
            var trustee = p.String("Trustee") is string t ? Recipient(t, "user") : null;
            var rights = p.Strings("AccessRights");
            if (rights.Any(r => !Same(r, "SendAs")))
            {
                throw new AdminCmdletException(AdminCmdletException.ParameterBinding, "Cannot bind parameter 'AccessRights'. SendAs is the only value.");
            }

            if (trustee == null)
            {
                result.Objects.Add(RecipientAce(Display(mailbox), "NT AUTHORITY\\SELF"));
            }

            foreach (var holder in mailbox.Rights.SendAs.Where(h => trustee == null || Same(h, trustee.Address)))
            {
                result.Objects.Add(RecipientAce(Display(mailbox), holder));
            }

            return result;
        }

        private AdminCmdletResult GetAdPermission(Params p)
        {
            var result = new AdminCmdletResult();
            var mailbox = Mailbox(p.Required("Identity"));
            var user = p.String("User") is string u ? Recipient(u, "user") : null;
            var dn = Dn(org.Directory.FindByAddress(mailbox.Address)!);
            if (user == null)
            {
                result.Objects.Add(AdAce(dn, "NT AUTHORITY\\SELF", "Send-As"));
            }

            foreach (var holder in mailbox.Rights.SendAs.Where(h => user == null || Same(h, user.Address)))
            {
                result.Objects.Add(AdAce(dn, Account(org.Directory.FindByAddress(holder)!), "Send-As"));
            }

            return result;
        }

        private AdminCmdletResult ChangeSendAs(Params p, string userParameter, string rightsParameter, string right, bool add)
        {
            var result = new AdminCmdletResult();
            var mailbox = Mailbox(p.Required("Identity"));
            var user = Recipient(p.Required(userParameter), "user");
            var rights = p.Strings(rightsParameter);
            if (rights.Count == 0 || rights.Any(r => !Same(r.Replace(" ", "-"), right)))
            {
                throw new AdminCmdletException(AdminCmdletException.InvalidOperation, $"The sandbox models only the {right} right; {rightsParameter} must be {right}.");
            }

            if (add)
            {
                if (!mailbox.Rights.AddSendAs(user.Address))
                {
                    result.Warnings.Add($"The appropriate access control entry is already present on the object \"{CanonicalName(mailbox)}\" for account \"{Account(user)}\".");
                }
            }
            else if (!mailbox.Rights.RemoveSendAs(user.Address))
            {
                result.Warnings.Add($"Can't remove the access control entry on the object \"{CanonicalName(mailbox)}\" for account \"{Account(user)}\" because the ACE doesn't exist on the object.");
            }

            return result;
        }

        // ------------------------------------------------------------------ objects

        private static Dictionary<string, object?> MailboxAce(string identity, string user, List<string> rights) => new Dictionary<string, object?>
        {
            ["Identity"] = identity,
            ["User"] = user,
            ["AccessRights"] = rights,
            ["IsInherited"] = false,
            ["Deny"] = false,
            ["InheritanceType"] = "All",
        };

        private static Dictionary<string, object?> RecipientAce(string identity, string trustee) => new Dictionary<string, object?>
        {
            ["Identity"] = identity,
            ["Trustee"] = trustee,
            ["AccessControlType"] = "Allow",
            ["AccessRights"] = new List<string> { "SendAs" },
            ["IsInherited"] = false,
            ["InheritanceType"] = "None",
        };

        private static Dictionary<string, object?> AdAce(string identity, string user, string right) => new Dictionary<string, object?>
        {
            ["Identity"] = identity,
            ["User"] = user,
            ["ExtendedRights"] = new List<string> { right },
            ["AccessRights"] = new List<string> { "ExtendedRight" },
            ["IsInherited"] = false,
            ["Deny"] = false,
        };

        // ------------------------------------------------------------------ identities

        /// <summary>A mailbox by SMTP address, alias, CONTOSO\alias, display name or distinguished name.</summary>
        private SandboxMailbox Mailbox(string identity)
        {
            var entry = Find(identity);
            var mailbox = entry == null ? null : org.FindMailbox(entry.Address);
            return mailbox ?? throw new AdminCmdletException(
                AdminCmdletException.NotFound,
                $"The operation couldn't be performed because object '{identity}' couldn't be found on '{Server}'.",
                "Ex6F9304");
        }

        private DirectoryEntry Recipient(string identity, string what)
        {
            var entry = Find(identity);
            if (entry != null && entry.HasMailbox)
            {
                return entry;
            }

            throw what == "user"
                ? new AdminCmdletException(AdminCmdletException.NotFound, $"User or group \"{identity}\" wasn't found. Please make sure you've typed it correctly.", "ExB485A4")
                : new AdminCmdletException(AdminCmdletException.NotFound, $"Couldn't find object \"{identity}\". Please make sure that it was spelled correctly or specify a different object.", "Ex9E2D1C");
        }

        private DirectoryEntry? Find(string identity)
        {
            var text = identity.Trim();
            var byAddress = org.Directory.FindByAddress(text);
            if (byAddress != null)
            {
                return byAddress;
            }

            var alias = text.StartsWith("CONTOSO\\", StringComparison.OrdinalIgnoreCase) ? text.Substring(8) : text;
            return org.Directory.Entries.FirstOrDefault(e =>
                Same(e.Alias, alias) || Same(e.DisplayName, text) || Same(Dn(e), text) || Same(CanonicalName(e), text));
        }

        private static string Dn(DirectoryEntry e) => $"CN={e.DisplayName},OU=Users,DC=contoso,DC=com";

        private static string CanonicalName(DirectoryEntry e) => $"contoso.com/Users/{e.DisplayName}";

        private string CanonicalName(SandboxMailbox m) => CanonicalName(org.Directory.FindByAddress(m.Address)!);

        private string Display(SandboxMailbox m) => org.Directory.FindByAddress(m.Address)!.DisplayName;

        private static string Account(DirectoryEntry e) => "CONTOSO\\" + e.Alias;

        private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

        /// <summary>The Parameters object of a CmdletInput, read by case-insensitive name.</summary>
        private sealed class Params
        {
            private readonly JsonElement element;

            public Params(JsonElement element)
            {
                this.element = element;
            }

            public IEnumerable<string> Names => element.ValueKind == JsonValueKind.Object
                ? element.EnumerateObject().Select(p => p.Name).Where(n => n.IndexOf('@') < 0)
                : Enumerable.Empty<string>();

            public static JsonElement? Member(JsonElement obj, string name)
            {
                foreach (var p in obj.EnumerateObject())
                {
                    if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
                    {
                        return p.Value;
                    }
                }

                return null;
            }

            public static List<string> Strings(JsonElement? value)
            {
                if (value == null || value.Value.ValueKind == JsonValueKind.Null)
                {
                    return new List<string>();
                }

                if (value.Value.ValueKind == JsonValueKind.Array)
                {
                    return value.Value.EnumerateArray().Select(v => v.ToString()).Where(v => v.Length > 0).ToList();
                }

                return value.Value.ToString().Split(',').Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
            }

            public bool TryGet(string name, out JsonElement value)
            {
                var m = element.ValueKind == JsonValueKind.Object ? Member(element, name) : null;
                value = m ?? default;
                return m != null;
            }

            public string? String(string name) => TryGet(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : null;

            public string Required(string name) =>
                String(name) ?? throw new AdminCmdletException(AdminCmdletException.ParameterBinding, $"Cannot process command because of one or more missing mandatory parameters: {name}.");

            public List<string> Strings(string name) => TryGet(name, out var v) ? Strings(v) : new List<string>();

            public bool? Bool(string name)
            {
                if (!TryGet(name, out var v))
                {
                    return null;
                }

                if (v.ValueKind == JsonValueKind.True || v.ValueKind == JsonValueKind.False)
                {
                    return v.GetBoolean();
                }

                return bool.TryParse(v.ToString(), out var b) ? b : (bool?)null;
            }
        }
    }
}
