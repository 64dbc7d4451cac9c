using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CalendarSharing.Sandbox.Graph;
using CalendarSharing.Sandbox.Model;
using CalendarSharing.Sandbox.Publishing;

namespace CalendarSharing.Sandbox.AdminRest
{
    /// <summary>
    /// The calendar-folder cmdlets behind the sandbox's admin API
    /// (https://learn.microsoft.com/powershell/module/exchangepowershell/): Get-MailboxFolderStatistics -FolderScope
    /// Calendar, Get-/Set-MailboxCalendarFolder (anonymous publishing, over the organisation's publishing rules) and
    /// Add-/Set-MailboxFolderPermission (with -SharingPermissionFlags and -SendNotificationToUser, which sends the
    /// recipient a sharing invitation). Folders are named mailbox:\FolderPath, as Exchange takes them.
    /// </summary>
    internal sealed class CalendarFolderCmdlets
    {
        private static readonly Dictionary<string, string[]> Known = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["Get-MailboxFolderStatistics"] = new[] { "Identity", "FolderScope" },
            ["Get-MailboxCalendarFolder"] = new[] { "Identity" },
            ["Set-MailboxCalendarFolder"] = new[] { "Identity", "PublishEnabled", "DetailLevel", "PublishDateRangeFrom", "PublishDateRangeTo", "ResetUrl", "SearchableUrlEnabled", "Confirm" },
            ["Add-MailboxFolderPermission"] = new[] { "Identity", "User", "AccessRights", "SharingPermissionFlags", "SendNotificationToUser", "Confirm" },
            ["Set-MailboxFolderPermission"] = new[] { "Identity", "User", "AccessRights", "SharingPermissionFlags", "SendNotificationToUser", "Confirm" },
        };

        private readonly SandboxOrganization org;

        public CalendarFolderCmdlets(SandboxOrganization org)
        {
            this.org = org;
        }

        public static bool Handles(string name) => Known.ContainsKey(name);

        public AdminCmdletResult Invoke(string name, JsonElement parameters)
        {
            var allowed = Known[name];
            var p = new Args(parameters);
            foreach (var given in p.Names)
            {
                if (!allowed.Contains(given, StringComparer.OrdinalIgnoreCase))
                {
                    throw new AdminCmdletException(AdminCmdletException.ParameterBinding, $"A parameter cannot be found that matches parameter name '{given}'.");
                }
            }

            switch (name.ToLowerInvariant())
            {
                case "get-mailboxfolderstatistics": return Statistics(p);
                case "get-mailboxcalendarfolder": return GetCalendarFolder(p);
                case "set-mailboxcalendarfolder": return SetCalendarFolder(p);
                case "add-mailboxfolderpermission": return ChangePermission(p, add: true);
                default: return ChangePermission(p, add: false);
            }
        }

        // ------------------------------------------------------------------ folders

        private AdminCmdletResult Statistics(Args p)
        {
            var mailbox = Mailbox(p.Required("Identity"));
            var scope = p.String("FolderScope");
            if (scope != null && !string.Equals(scope, "Calendar", StringComparison.OrdinalIgnoreCase))
            {
                throw new AdminCmdletException(AdminCmdletException.InvalidOperation, "The sandbox lists calendar folders only (-FolderScope Calendar).");
            }

            var result = new AdminCmdletResult { Pageable = true };
            foreach (var folder in new[] { mailbox.Calendar }.Concat(mailbox.Calendar.Descendants()).Concat(mailbox.Root.Children.Where(c => c.IsCalendar && c != mailbox.Calendar)))
            {
                result.Objects.Add(new Dictionary<string, object?>
                {
                    ["Identity"] = mailbox.Address + "\\" + PathOf(folder).TrimStart('/').Replace('/', '\\'),
                    ["Name"] = folder.DisplayName,
                    ["FolderPath"] = PathOf(folder),
                    ["FolderType"] = folder == mailbox.Calendar ? "Calendar" : "User Created",
                    ["FolderId"] = folder.Id,
                    ["ItemsInFolder"] = folder.Items.Snapshot().Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                });
            }

            return result;
        }

        private AdminCmdletResult GetCalendarFolder(Args p)
        {
            var folder = Folder(p.Required("Identity"));
            var result = new AdminCmdletResult();
            result.Objects.Add(CalendarFolderObject(folder));
            return result;
        }

        /// <summary>
        /// Changes only what is given; "no settings have been modified" when nothing changed. PublishEnabled $false keeps
        /// the URLs for a later publication (-ResetUrl gives new ones), as Exchange does.
        /// </summary>
        private AdminCmdletResult SetCalendarFolder(Args p)
        {
            var folder = Folder(p.Required("Identity"));
            var level = p.String("DetailLevel") is string l ? Parse<PublishingDetailLevel>(l, "DetailLevel") : (PublishingDetailLevel?)null;
            var from = p.String("PublishDateRangeFrom") is string f ? Parse<PublishingDateRange>(f, "PublishDateRangeFrom") : (PublishingDateRange?)null;
            var to = p.String("PublishDateRangeTo") is string t ? Parse<PublishingDateRange>(t, "PublishDateRangeTo") : (PublishingDateRange?)null;
            var enabled = p.Bool("PublishEnabled");
            var reset = p.Bool("ResetUrl") ?? false;
            if (reset && !(enabled ?? org.PublicationOf(folder).Enabled))
            {
                throw new AdminCmdletException(AdminCmdletException.InvalidOperation, "The URLs of a calendar that isn't published can't be reset. Publish it first (-PublishEnabled $true).");
            }

            // Learn does not document the text Exchange answers here; this one names the policy and what it allows.
            var current = org.PublicationOf(folder);
            if (enabled ?? current.Enabled)
            {
                var wanted = level ?? current.DetailLevel;
                var (policy, highest) = org.PublishingPolicyAllows(folder.Mailbox);
                if (highest == null || wanted > highest.Value)
                {
                    var identity = folder.Mailbox.Address + ":\\" + PathOf(folder).TrimStart('/').Replace('/', '\\');
                    var named = policy == null ? "sharing policy" : "sharing policy \"" + policy + "\"";
                    throw new AdminCmdletException(
                        AdminCmdletException.InvalidOperation,
                        highest == null
                            ? $"The calendar '{identity}' can't be published: the {named} of the mailbox doesn't allow anonymous sharing (it has no enabled Anonymous entry)."
                            : $"The calendar '{identity}' can't be published with DetailLevel {wanted}: the {named} of the mailbox allows anonymous sharing up to {highest}.",
                        "Ex5B7E21");
                }
            }

            var result = new AdminCmdletResult();
            if (!org.SetPublication(folder, enabled, level, from, to, reset))
            {
                result.Warnings.Add($"The command completed successfully but no settings of '{folder.Mailbox.Address}:\\{PathOf(folder).TrimStart('/').Replace('/', '\\')}' have been modified.");
            }

            return result;
        }

        private Dictionary<string, object?> CalendarFolderObject(SandboxFolder folder)
        {
            var publication = org.PublicationOf(folder);
            return new Dictionary<string, object?>
            {
                ["Identity"] = folder.Mailbox.Address + ":\\" + PathOf(folder).TrimStart('/').Replace('/', '\\'),
                ["PublishEnabled"] = publication.Enabled,
                ["DetailLevel"] = publication.DetailLevel.ToString(),
                ["PublishDateRangeFrom"] = publication.From.ToString(),
                ["PublishDateRangeTo"] = publication.To.ToString(),
                ["SearchableUrlEnabled"] = false,
                ["PublishedCalendarUrl"] = publication.Enabled ? org.PublishedHtmlUrl(folder) : null,
                ["PublishedICalUrl"] = publication.Enabled ? org.PublishedIcsUrl(folder) : null,
            };
        }

        // ------------------------------------------------------------------ permissions

        /// <summary>
        /// Add- (the user has no entry yet) or Set-MailboxFolderPermission (the user has one; it is overwritten). Delegate
        /// flags go only with Editor on the default calendar; Set with Editor and no flags keeps a delegate a delegate,
        /// unless -SendNotificationToUser $false, which demotes it (both as the cmdlet reference's examples say).
        /// -SendNotificationToUser $true sends the sharing invitation, and only goes with AvailabilityOnly,
        /// LimitedDetails, Reviewer or Editor.
        /// </summary>
        private AdminCmdletResult ChangePermission(Args p, bool add)
        {
            var folder = Folder(p.Required("Identity"));
            var mailbox = folder.Mailbox;
            AclEntry principal;
            try
            {
                principal = org.ResolvePrincipal(p.Required("User"));
            }
            catch (PrincipalException)
            {
                throw new AdminCmdletException(AdminCmdletException.NotFound, $"The user \"{p.Required("User")}\" was not found. Please make sure you've typed it correctly.", "ExB485A4");
            }

            var rights = p.Strings("AccessRights");
            if (rights.Count != 1)
            {
                throw new AdminCmdletException(AdminCmdletException.ParameterBinding, "The sandbox takes one role in -AccessRights (AvailabilityOnly, LimitedDetails, Reviewer, Editor, ...).");
            }

            var level = LevelOf(rights[0]);
            var flags = p.String("SharingPermissionFlags");
            var notify = p.Bool("SendNotificationToUser");
            var delegateFlag = flags != null && flags.IndexOf("Delegate", StringComparison.OrdinalIgnoreCase) >= 0;
            var privateFlag = flags != null && flags.IndexOf("CanViewPrivateItems", StringComparison.OrdinalIgnoreCase) >= 0;
            if ((delegateFlag || privateFlag) && (level != "Editor" || folder != mailbox.Calendar || principal.Type != PrincipalType.Internal || (privateFlag && !delegateFlag)))
            {
                throw new AdminCmdletException(AdminCmdletException.InvalidOperation, "SharingPermissionFlags Delegate (and CanViewPrivateItems with it) go only with AccessRights Editor, for a user of the organisation, on the default calendar.");
            }

            if (notify == true && !(level == "FreeBusyTimeOnly" || level == "FreeBusyTimeAndSubjectAndLocation" || level == "Reviewer" || level == "Editor"))
            {
                throw new AdminCmdletException(AdminCmdletException.InvalidOperation, "SendNotificationToUser can be used only with AvailabilityOnly, LimitedDetails, Reviewer or Editor.");
            }

            var newRights = PermissionLevels.RightsOf(level);
            if (org.SharingPolicyAllows(mailbox, principal, newRights) != SharingPolicyOutcome.Allowed)
            {
                throw new AdminCmdletException(AdminCmdletException.InvalidOperation, $"The sharing policy doesn't allow {rights[0]} for '{principal.Address}'.");
            }

            bool isDelegate;
            lock (mailbox.DelegateGate)
            {
                folder.Modify(entries =>
                {
                    var index = entries.FindIndex(e => e.Key == principal.Key);
                    if (add && index >= 0)
                    {
                        throw new AdminCmdletException(AdminCmdletException.InvalidOperation, $"An existing permission entry was found for user: {principal.DisplayName}.");
                    }

                    if (!add && index < 0)
                    {
                        throw new AdminCmdletException(AdminCmdletException.NotFound, $"There is no existing permission entry found for user: {principal.DisplayName}.");
                    }

                    if (index >= 0)
                    {
                        entries[index] = entries[index].WithRights(newRights);
                    }
                    else
                    {
                        entries.Add(principal.WithRights(newRights));
                    }

                    return entries;
                });

                var existing = SandboxOrganization.FindDelegate(mailbox, principal.Address);
                isDelegate = flags != null ? delegateFlag : level == "Editor" && existing != null && notify != false;
                if (folder == mailbox.Calendar && principal.Type == PrincipalType.Internal)
                {
                    var user = org.FindDelegateUser(principal.Address, null)!;
                    var viewPrivate = flags != null ? privateFlag : existing?.ViewPrivateItems ?? false;
                    if (isDelegate && existing == null)
                    {
                        org.AddDelegate(mailbox, user, r =>
                        {
                            r.Levels["Calendar"] = "Editor";
                            r.ViewPrivateItems = viewPrivate;
                        });
                    }
                    else if (isDelegate)
                    {
                        existing!.Levels["Calendar"] = "Editor";
                        existing.ViewPrivateItems = viewPrivate;
                    }
                    else if (existing != null)
                    {
                        org.RemoveDelegate(mailbox, user, keepCalendarEntry: true);
                    }
                }
            }

            if (notify == true)
            {
                var record = SandboxOrganization.FindDelegate(mailbox, principal.Address);
                var role = isDelegate ? (record?.ViewPrivateItems == true ? GraphRoles.DelegateWithPrivate : GraphRoles.DelegateWithoutPrivate) : GraphRoles.FromLevel(level);
                org.RecordInvitation(new SandboxInvitation(mailbox.Address, folder.DisplayName, principal.Address!, role));
            }

            return new AdminCmdletResult();
        }

        /// <summary>The cmdlet's role names (and the EWS level names) to the ACL level.</summary>
        private static string LevelOf(string role)
        {
            switch (role.Trim().ToUpperInvariant())
            {
                case "AVAILABILITYONLY": return "FreeBusyTimeOnly";
                case "LIMITEDDETAILS": return "FreeBusyTimeAndSubjectAndLocation";
                case "REVIEWER": return "Reviewer";
                case "EDITOR": return "Editor";
                case "AUTHOR": return "Author";
                case "NONEDITINGAUTHOR": return "NoneditingAuthor";
                case "CONTRIBUTOR": return "Contributor";
                case "PUBLISHINGAUTHOR": return "PublishingAuthor";
                case "PUBLISHINGEDITOR": return "PublishingEditor";
                case "OWNER": return "Owner";
                case "NONE": return "None";
                default:
                    throw new AdminCmdletException(AdminCmdletException.ParameterBinding, $"Cannot bind parameter 'AccessRights'. '{role}' is not a role the sandbox models.");
            }
        }

        // ------------------------------------------------------------------ identities

        private SandboxMailbox Mailbox(string identity)
        {
            var text = identity.Trim();
            var entry = org.Directory.FindByAddress(text) ?? org.Directory.Entries.FirstOrDefault(e => string.Equals(e.Alias, text, StringComparison.OrdinalIgnoreCase));
            var mailbox = entry == null ? null : org.FindMailbox(entry.Address);
            return mailbox ?? throw new AdminCmdletException(
                AdminCmdletException.NotFound,
                $"The operation couldn't be performed because object '{identity}' couldn't be found on 'sandbox.contoso.com'.",
                "Ex6F9304");
        }

        /// <summary>mailbox:\Kalender, mailbox:\Calendar\Team Events, or mailbox:{FolderId}.</summary>
        private SandboxFolder Folder(string identity)
        {
            var colon = identity.IndexOf(':');
            if (colon <= 0)
            {
                throw new AdminCmdletException(AdminCmdletException.NotFound, $"The specified mailbox folder \"{identity}\" doesn't exist. Name it mailbox:\\FolderPath.", "Ex1A3B2C");
            }

            var mailbox = Mailbox(identity.Substring(0, colon));
            var rest = identity.Substring(colon + 1);
            var folders = new[] { mailbox.Calendar }.Concat(mailbox.Calendar.Descendants()).Concat(mailbox.Root.Children.Where(c => c.IsCalendar && c != mailbox.Calendar)).ToList();
            var found = rest.StartsWith("\\", StringComparison.Ordinal)
                ? folders.FirstOrDefault(f => string.Equals(PathOf(f).TrimStart('/').Replace('/', '\\'), rest.Trim('\\'), StringComparison.OrdinalIgnoreCase))
                : folders.FirstOrDefault(f => string.Equals(f.Id, rest, StringComparison.Ordinal));
            return found ?? throw new AdminCmdletException(
                AdminCmdletException.NotFound,
                $"The specified mailbox folder \"{identity}\" doesn't exist.",
                "Ex1A3B2C");
        }

        private static string PathOf(SandboxFolder folder)
        {
            var names = new List<string>();
            for (var f = folder; f != null && f.DistinguishedName != "msgfolderroot"; f = f.Parent)
            {
                names.Insert(0, f.DisplayName);
            }

            return "/" + string.Join("/", names);
        }

        private static T Parse<T>(string text, string parameter)
            where T : struct
        {
            if (Enum.TryParse<T>(text.Trim(), ignoreCase: true, out var value) && Enum.IsDefined(typeof(T), value) && !char.IsDigit(text.Trim()[0]))
            {
                return value;
            }

            throw new AdminCmdletException(AdminCmdletException.ParameterBinding, $"Cannot bind parameter '{parameter}'. Cannot convert value \"{text}\" to type \"{typeof(T).Name}\". Specify one of: {string.Join(", ", Enum.GetNames(typeof(T)))}.");
        }

        /// <summary>The Parameters object of a CmdletInput, read by case-insensitive name.</summary>
        private sealed class Args
        {
            private readonly JsonElement element;

            public Args(JsonElement element)
            {
                this.element = element;
            }

            public IEnumerable<string> Names => element.ValueKind == JsonValueKind.Object
                ? element.EnumerateObject().Select(x => x.Name).Where(n => n.IndexOf('@') < 0)
                : Enumerable.Empty<string>();

            public bool TryGet(string name, out JsonElement value)
            {
                if (element.ValueKind == JsonValueKind.Object)
                {
                    foreach (var x in element.EnumerateObject())
                    {
                        if (string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase))
                        {
                            value = x.Value;
                            return true;
                        }
                    }
                }

                value = default;
                return false;
            }

            public string? String(string name) => TryGet(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : null;

            public string Required(string name) =>
                String(name) ?? throw new AdminCmdletException(AdminCmdletException.ParameterBinding, $"Cannot process command because of one or more missing mandatory parameters: {name}.");

            public List<string> Strings(string name)
            {
                if (!TryGet(name, out var v) || v.ValueKind == JsonValueKind.Null)
                {
                    return new List<string>();
                }

                return v.ValueKind == JsonValueKind.Array
                    ? v.EnumerateArray().Select(x => x.ToString()).Where(x => x.Length > 0).ToList()
                    : v.ToString().Split(',').Select(x => x.Trim()).Where(x => x.Length > 0).ToList();
            }

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
