using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using CalendarSharing.Sandbox.Directory;

namespace CalendarSharing.Sandbox
{
    // Groups, written once: who is in a group (directly, or through groups nested in it, cycles included), and which
    // groups a recipient belongs to. EWS ExpandDL, ResolveNames and Graph's /groups, /members and /transitiveMemberOf
    // only render these answers.
    public sealed partial class SandboxOrganization
    {
        /// <summary>The seed's groups into the directory: mail-enabled security groups get a SID (they can hold permissions).</summary>
        private void SeedGroups()
        {
            foreach (var seeded in SandboxSeed.Groups)
            {
                Directory.Add(new DirectoryEntry(seeded.Address, seeded.DisplayName, DirectoryEntryKind.Group, NextSid())
                {
                    IsSecurityGroup = seeded.SecurityEnabled,
                    ObjectId = GroupObjectId(seeded.Address),
                });
            }

            foreach (var seeded in SandboxSeed.Groups)
            {
                var group = Directory.FindGroup(seeded.Address)!;
                foreach (var member in seeded.Members)
                {
                    group.AddMember((Directory.FindByAddress(member) ?? throw new InvalidOperationException("The seed's group " + seeded.Address + " names " + member + ", who is not in the directory.")).Address);
                }
            }
        }

        /// <summary>A stable object id per group address, so Graph ids do not change between runs.</summary>
        private static Guid GroupObjectId(string address)
        {
            using (var md5 = MD5.Create())
            {
                return new Guid(md5.ComputeHash(Encoding.UTF8.GetBytes("group:" + address.ToLowerInvariant())));
            }
        }

        /// <summary>The direct members of a group, as directory entries (users, rooms, contacts, groups).</summary>
        internal IReadOnlyList<DirectoryEntry> MembersOf(DirectoryEntry group) =>
            group.Members.Select(m => Directory.FindByAddress(m)).Where(e => e != null).Select(e => e!).ToList();

        /// <summary>
        /// Every group <paramref name="address"/> belongs to, directly or through nested groups, each once, nearest first
        /// (a cycle of nested groups ends where a group comes round again). Empty for an address no group holds.
        /// </summary>
        internal IReadOnlyList<DirectoryEntry> GroupsOf(string address)
        {
            var found = new List<DirectoryEntry>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var wave = new List<string> { address.Trim() };
            while (wave.Count > 0)
            {
                var next = new List<string>();
                foreach (var group in Directory.Groups)
                {
                    if (!seen.Contains(group.Address) && group.Members.Any(m => wave.Contains(m, StringComparer.OrdinalIgnoreCase)))
                    {
                        seen.Add(group.Address);
                        found.Add(group);
                        next.Add(group.Address);
                    }
                }

                wave = next;
            }

            return found;
        }
    }
}
