using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CalendarSharing.Sandbox.AdminRest;

namespace CalendarSharing.Sandbox.Sharing
{
    /// <summary>
    /// The sharing-policy cmdlets behind the sandbox's admin API (and, with the on-premises flavour, what an Exchange
    /// Management Shell session runs), over the organisation's policies:
    /// Get-/New-/Set-SharingPolicy (-Domains replaces the list, @{Add=…; Remove=…} edits it; an identical value
    /// changes nothing and says so), Set-Mailbox -SharingPolicy, Get-OrganizationRelationship and
    /// Get-FederationInformation (https://learn.microsoft.com/powershell/module/exchangepowershell/).
    /// </summary>
    internal sealed class SharingCmdlets
    {
        private const string FederationException = "Microsoft.Exchange.Management.SystemConfigurationTasks.FederationInformationException";

        private static readonly Dictionary<string, string[]> Known = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["Get-SharingPolicy"] = new[] { "Identity" },
            ["New-SharingPolicy"] = new[] { "Name", "Domains", "Enabled", "Default", "Confirm" },
            ["Set-SharingPolicy"] = new[] { "Identity", "Domains", "Enabled", "Default", "Name", "Confirm" },
            ["Get-OrganizationRelationship"] = new[] { "Identity" },
            ["Get-FederationInformation"] = new[] { "DomainName", "BypassAdditionalDomainValidation" },
            ["Set-Mailbox"] = new[] { "Identity", "SharingPolicy", "Confirm" },
        };

        private readonly SandboxOrganization org;

        public SharingCmdlets(SandboxOrganization org)
        {
            this.org = org;
        }

        /// <summary>True for the cmdlets this class answers (Set-Mailbox only when it sets -SharingPolicy).</summary>
        public static bool Handles(string name, JsonElement parameters) =>
            Known.ContainsKey(name) && (!string.Equals(name, "Set-Mailbox", StringComparison.OrdinalIgnoreCase) || Member(parameters, "SharingPolicy") != null);

        public AdminCmdletResult Invoke(string name, JsonElement parameters)
        {
            foreach (var given in Names(parameters))
            {
                if (!Known[name].Contains(given, StringComparer.OrdinalIgnoreCase))
                {
                    throw new AdminCmdletException(AdminCmdletException.ParameterBinding, $"A parameter cannot be found that matches parameter name '{given}'.");
                }
            }

            lock (org.SharingGate)
            {
                switch (name.ToLowerInvariant())
                {
                    case "get-sharingpolicy": return GetSharingPolicy(parameters);
                    case "new-sharingpolicy": return NewSharingPolicy(parameters);
                    case "set-sharingpolicy": return SetSharingPolicy(parameters);
                    case "get-organizationrelationship": return GetOrganizationRelationship(parameters);
                    case "get-federationinformation": return GetFederationInformation(parameters);
                    default: return SetMailboxSharingPolicy(parameters);
                }
            }
        }

        private AdminCmdletResult GetSharingPolicy(JsonElement p)
        {
            var result = new AdminCmdletResult { Pageable = true };
            var identity = String(p, "Identity");
            var policies = identity == null ? org.SharingPolicyList.ToList() : new List<SandboxSharingPolicy> { Policy(identity) };
            foreach (var policy in policies)
            {
                result.Objects.Add(Render(policy));
            }

            return result;
        }

        private AdminCmdletResult NewSharingPolicy(JsonElement p)
        {
            var name = Required(p, "Name");
            if (org.FindSharingPolicyLocked(name) != null)
            {
                throw new AdminCmdletException(AdminCmdletException.InvalidOperation, $"The sharing policy \"{name}\" already exists. Choose another name.", "Ex3A1C2F");
            }

            var policy = new SandboxSharingPolicy(name.Trim(), Bool(p, "Enabled") ?? true, ReadList(Strings(Member(p, "Domains"))));
            org.SharingPolicyList.Add(policy);
            if (Bool(p, "Default") == true)
            {
                org.MakeDefaultLocked(policy);
            }

            var result = new AdminCmdletResult();
            result.Objects.Add(Render(policy));
            return result;
        }

        private AdminCmdletResult SetSharingPolicy(JsonElement p)
        {
            var policy = Policy(Required(p, "Identity"));
            var changed = false;
            var domains = Member(p, "Domains");
            if (domains != null)
            {
                List<SharingDomainEntry> next;
                if (domains.Value.ValueKind == JsonValueKind.Object)
                {
                    // @{Add=…; Remove=…}: edits the list, keeping every other entry.
                    next = policy.Domains.ToList();
                    foreach (var remove in ReadList(Strings(Member(domains.Value, "Remove"))))
                    {
                        next.RemoveAll(d => d.ToString() == remove.ToString());
                    }

                    foreach (var add in ReadList(Strings(Member(domains.Value, "Add"))))
                    {
                        if (next.Any(d => d.Domain == add.Domain))
                        {
                            throw new AdminCmdletException(AdminCmdletException.InvalidOperation, $"The domain '{add.Domain}' is already in the sharing policy \"{policy.Name}\"; a domain can appear only once.");
                        }

                        next.Add(add);
                    }
                }
                else
                {
                    next = ReadList(Strings(domains));
                }

                changed |= !next.Select(d => d.ToString()).SequenceEqual(policy.Domains.Select(d => d.ToString()));
                policy.Domains = next;
            }

            if (Bool(p, "Enabled") is bool enabled && enabled != policy.Enabled)
            {
                policy.Enabled = enabled;
                changed = true;
            }

            if (Bool(p, "Default") == true && !policy.IsDefault)
            {
                org.MakeDefaultLocked(policy);
                changed = true;
            }

            if (String(p, "Name") is string rename && rename != policy.Name)
            {
                policy.Name = rename.Trim();
                changed = true;
            }

            var result = new AdminCmdletResult();
            if (!changed)
            {
                result.Warnings.Add($"The command completed successfully but no settings of '{policy.Name}' have been modified.");
            }

            return result;
        }

        private AdminCmdletResult SetMailboxSharingPolicy(JsonElement p)
        {
            var identity = Required(p, "Identity");
            var mailbox = org.FindMailbox(identity.Trim())
                ?? org.Accounts.Select(a => org.FindMailbox(a.Address)).FirstOrDefault(m => m != null && (string.Equals(m.Address.Split('@')[0], identity.Trim(), StringComparison.OrdinalIgnoreCase)))
                ?? throw new AdminCmdletException(AdminCmdletException.NotFound, $"The operation couldn't be performed because object '{identity}' couldn't be found on 'sandbox.contoso.com'.", "Ex6F9304");
            var name = String(p, "SharingPolicy");
            var result = new AdminCmdletResult();
            if (string.IsNullOrWhiteSpace(name))
            {
                if (!org.MailboxSharingPolicies.Remove(mailbox.Address))
                {
                    result.Warnings.Add($"The command completed successfully but no settings of '{mailbox.Address}' have been modified.");
                }

                return result;
            }

            var policy = org.FindSharingPolicyLocked(name!)
                ?? throw new AdminCmdletException(AdminCmdletException.NotFound, $"Couldn't find object \"{name}\". Please make sure that it was spelled correctly or specify a different object.", "Ex9E2D1C");
            if (org.MailboxSharingPolicies.TryGetValue(mailbox.Address, out var current) && current == policy.Name)
            {
                result.Warnings.Add($"The command completed successfully but no settings of '{mailbox.Address}' have been modified.");
            }

            org.MailboxSharingPolicies[mailbox.Address] = policy.Name;
            return result;
        }

        private AdminCmdletResult GetOrganizationRelationship(JsonElement p)
        {
            var result = new AdminCmdletResult { Pageable = true };
            var identity = String(p, "Identity");
            foreach (var r in org.OrganizationRelationships.Where(r => identity == null || string.Equals(r.Name, identity, StringComparison.OrdinalIgnoreCase)))
            {
                result.Objects.Add(new Dictionary<string, object?>
                {
                    ["Name"] = r.Name,
                    ["Identity"] = r.Name,
                    ["DomainNames"] = r.DomainNames.ToList(),
                    ["Enabled"] = r.Enabled,
                    ["FreeBusyAccessEnabled"] = r.FreeBusyAccessEnabled,
                    ["FreeBusyAccessLevel"] = r.FreeBusyAccessLevel,
                    ["TargetApplicationUri"] = "outlook.com",
                    ["TargetAutodiscoverEpr"] = "https://autodiscover.outlook.com/autodiscover/autodiscover.svc/WSSecurity",
                });
            }

            return result;
        }

        private AdminCmdletResult GetFederationInformation(JsonElement p)
        {
            var domain = Required(p, "DomainName").Trim();
            if (!org.IsFederated(domain))
            {
                throw new AdminCmdletException(FederationException, $"Federation information could not be received from the external organization '{domain}'.", "ExB1A5F3");
            }

            var result = new AdminCmdletResult();
            result.Objects.Add(new Dictionary<string, object?>
            {
                ["DomainNames"] = new List<string> { domain.ToLowerInvariant() },
                ["TargetApplicationUri"] = "outlook.com",
                ["TargetAutodiscoverEpr"] = "https://autodiscover.outlook.com/autodiscover/autodiscover.svc/WSSecurity",
            });
            return result;
        }

        // ------------------------------------------------------------------ helpers

        private static Dictionary<string, object?> Render(SandboxSharingPolicy policy) => new Dictionary<string, object?>
        {
            ["Name"] = policy.Name,
            ["Identity"] = policy.Name,
            ["Domains"] = policy.Domains.Select(d => d.ToString()).ToList(),
            ["Enabled"] = policy.Enabled,
            ["Default"] = policy.IsDefault,
            ["ObjectCategory"] = "contoso.com/Configuration/Schema/ms-Exch-Sharing-Policy",
        };

        private SandboxSharingPolicy Policy(string identity) =>
            org.FindSharingPolicyLocked(identity)
            ?? throw new AdminCmdletException(AdminCmdletException.NotFound, $"The operation couldn't be performed because object '{identity}' couldn't be found on 'sandbox.contoso.com'.", "Ex6F9304");

        /// <summary>Each entry parsed as Exchange binds -Domains; one domain only once.</summary>
        private static List<SharingDomainEntry> ReadList(IEnumerable<string> entries)
        {
            var list = new List<SharingDomainEntry>();
            foreach (var text in entries)
            {
                SharingDomainEntry entry;
                try
                {
                    entry = SharingDomainEntry.Parse(text);
                }
                catch (FormatException ex)
                {
                    throw new AdminCmdletException(AdminCmdletException.ParameterBinding, ex.Message);
                }
                catch (InvalidOperationException ex)
                {
                    throw new AdminCmdletException(AdminCmdletException.InvalidOperation, ex.Message);
                }

                if (list.Any(d => d.Domain == entry.Domain))
                {
                    throw new AdminCmdletException(AdminCmdletException.InvalidOperation, $"The domain '{entry.Domain}' appears more than once in Domains; a domain can appear only once.");
                }

                list.Add(entry);
            }

            return list;
        }

        private static IEnumerable<string> Names(JsonElement element) => element.ValueKind == JsonValueKind.Object
            ? element.EnumerateObject().Select(p => p.Name).Where(n => n.IndexOf('@') < 0)
            : Enumerable.Empty<string>();

        private static JsonElement? Member(JsonElement obj, string name)
        {
            if (obj.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var p in obj.EnumerateObject())
            {
                if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return p.Value;
                }
            }

            return null;
        }

        /// <summary>A multi-valued value: an array of entries, or one entry (which itself may hold commas between actions).</summary>
        private static List<string> Strings(JsonElement? value)
        {
            if (value == null || value.Value.ValueKind == JsonValueKind.Null)
            {
                return new List<string>();
            }

            return value.Value.ValueKind == JsonValueKind.Array
                ? value.Value.EnumerateArray().Select(v => v.ToString()).Where(v => v.Length > 0).ToList()
                : new List<string> { value.Value.ToString() };
        }

        private static string? String(JsonElement p, string name) => Member(p, name) is JsonElement v && v.ValueKind != JsonValueKind.Null ? v.ToString() : null;

        private static string Required(JsonElement p, string name) =>
            String(p, name) ?? throw new AdminCmdletException(AdminCmdletException.ParameterBinding, $"Cannot process command because of one or more missing mandatory parameters: {name}.");

        private static bool? Bool(JsonElement p, string name)
        {
            if (!(Member(p, name) is JsonElement v))
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
