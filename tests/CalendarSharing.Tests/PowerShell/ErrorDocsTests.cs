using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Output;
using Xunit;

namespace CalendarSharing.Tests.PowerShell
{
    /// <summary>
    /// The error ids each cmdlet page documents (its NOTES paragraph that starts with "Errors", ids in backticks, each group
    /// followed by its category in parentheses) are ids the catalogue writes, with the category it writes them with, and
    /// include what the cmdlet writes for the failures every one of its rows can meet.
    /// </summary>
    public class ErrorDocsTests
    {
        private static readonly Regex Id = new Regex(@"`(?<id>[A-Za-z]+)`", RegexOptions.Compiled);

        /// <summary>What each row cmdlet can write whatever the server: a page that leaves one out misleads.</summary>
        private static readonly Dictionary<string, string[]> MustName = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["Get-CalendarPermission"] = new[] { "MailboxNotFound", "CalendarNotFound", "AccessDenied", "Throttled", "ServerUnavailable", "NotConnected", "InvalidMailbox" },
            ["Set-CalendarShare"] = new[] { "SharingInvitationNotAvailable", "MailboxNotFound", "CalendarNotFound", "UserNotFound", "UserAmbiguous", "NotAllowedBySharingPolicy", "RoleNotAllowed", "AccessDenied", "Throttled", "ServerUnavailable", "ConcurrentChange", "MissingRole", "InvalidRole", "NotConnected" },
            ["Remove-CalendarShare"] = new[] { "MailboxNotFound", "CalendarNotFound", "UserNotFound", "AccessDenied", "Throttled", "ServerUnavailable", "ConcurrentChange", "NotConnected" },
            ["Get-MailboxDelegate"] = new[] { "MissingMailbox", "InvalidMailbox", "MailboxNotFound", "AccessDenied", "Throttled", "ServerUnavailable", "NotConnected", "CapabilityNotAvailable" },
            ["Add-MailboxDelegate"] = new[] { "MissingDelegate", "InvalidDelegate", "DelegateIsOwner", "MailboxNotFound", "UserNotFound", "AccessDenied", "Throttled", "ServerUnavailable", "NotSupported", "NotConnected", "CapabilityNotAvailable" },
            ["Set-MailboxDelegate"] = new[] { "NotADelegate", "MailboxNotFound", "UserNotFound", "AccessDenied", "Throttled", "ServerUnavailable", "NotSupported", "NotConnected", "CapabilityNotAvailable" },
            ["Remove-MailboxDelegate"] = new[] { "MailboxNotFound", "UserNotFound", "AccessDenied", "Throttled", "ServerUnavailable", "NotConnected", "CapabilityNotAvailable" },
            ["Get-MailboxAccess"] = new[] { "MissingMailbox", "InvalidMailbox", "MailboxNotFound", "AccessDenied", "ServerUnavailable" },
            ["Grant-MailboxAccess"] = new[] { "MissingAccessRight", "InvalidAccessRight", "MailboxNotFound", "UserNotFound", "AccessDenied", "ServerUnavailable", "ExchangeSessionRequired", "ExchangeSessionNotAvailable", "CapabilityNotAvailable" },
            ["Revoke-MailboxAccess"] = new[] { "MissingAccessRight", "InvalidAccessRight", "MailboxNotFound", "UserNotFound", "AccessDenied", "ServerUnavailable", "ExchangeSessionRequired", "ExchangeSessionNotAvailable", "CapabilityNotAvailable" },
            ["Connect-CalendarSharing"] = new[] { "AutodiscoverFailed", "ConnectFailed", "AuthenticationFailed", "ConnectionFailed" },
            ["Disconnect-CalendarSharing"] = new[] { "ConnectionNotFound" },
            ["Publish-Calendar"] = new[] { "MissingMailbox", "InvalidMailbox", "InvalidDetailLevel", "InvalidPublishingRange", "MailboxNotFound", "CalendarNotFound", "AccessDenied", "ServerUnavailable", "ExchangeSessionRequired", "ExchangeSessionNotAvailable", "CapabilityNotAvailable" },
            ["Unpublish-Calendar"] = new[] { "MissingMailbox", "InvalidMailbox", "MailboxNotFound", "CalendarNotFound", "ExchangeSessionRequired", "CapabilityNotAvailable" },
            ["Get-CalendarPublishing"] = new[] { "MissingMailbox", "InvalidMailbox", "MailboxNotFound", "CalendarNotFound", "ExchangeSessionRequired", "CapabilityNotAvailable" },
        };

        public static IEnumerable<object[]> Pages() =>
            Directory.GetFiles(RepositoryPaths.CmdletDocs, "*.md").OrderBy(p => p, StringComparer.Ordinal).Select(p => new object[] { Path.GetFileNameWithoutExtension(p) });

        [Theory]
        [MemberData(nameof(Pages))]
        public void The_documented_error_ids_are_the_written_ones(string cmdlet)
        {
            var documented = DocumentedIds(cmdlet);
            foreach (var (id, category) in documented)
            {
                Assert.True(ErrorCatalog.KnownIds.TryGetValue(id, out var kind), $"{cmdlet}.md names the error id {id}, which the module never writes.");
                if (category != null)
                {
                    Assert.True(category == kind.ToString(), $"{cmdlet}.md says {id} is {category}; the module writes it as {kind}.");
                }
            }

            if (MustName.TryGetValue(cmdlet, out var must))
            {
                var names = documented.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
                Assert.All(must, id => Assert.True(names.Contains(id), $"{cmdlet}.md does not name {id}, which it can write."));
            }
        }

        [Fact]
        public void The_reader_finds_ids_and_their_categories()
        {
            var parsed = Parse("Errors (non-terminating): `MissingMailbox`, `InvalidMailbox` (InvalidArgument); `UserNotFound` (ObjectNotFound; EWS ErrorDelegateNoUser); `Throttled`. `NotConnected` stops the cmdlet.");
            Assert.Equal(
                new (string, string?)[] { ("MissingMailbox", "InvalidArgument"), ("InvalidMailbox", "InvalidArgument"), ("UserNotFound", "ObjectNotFound"), ("Throttled", null), ("NotConnected", null) },
                parsed);
        }

        private static List<(string Id, string? Category)> DocumentedIds(string cmdlet)
        {
            var text = File.ReadAllText(Path.Combine(RepositoryPaths.CmdletDocs, cmdlet + ".md")).Replace("\r\n", "\n", StringComparison.Ordinal);
            var notes = Regex.Match(text, @"^## NOTES\n(?<body>.*?)(?=^## |\z)", RegexOptions.Multiline | RegexOptions.Singleline);
            if (!notes.Success)
            {
                return new List<(string, string?)>();
            }

            var found = new List<(string, string?)>();
            foreach (var paragraph in notes.Groups["body"].Value.Split("\n\n").Where(p => p.TrimStart().StartsWith("Errors", StringComparison.Ordinal)))
            {
                found.AddRange(Parse(paragraph.Replace("\n", " ", StringComparison.Ordinal)));
            }

            return found;
        }

        /// <summary>Ids in backticks; a group of ids up to "(Category" takes that category when it is an ErrorKind name.</summary>
        private static List<(string Id, string? Category)> Parse(string paragraph)
        {
            var result = new List<(string, string?)>();
            var group = new List<string>();
            var kinds = new HashSet<string>(Enum.GetNames(typeof(ErrorKind)), StringComparer.Ordinal);
            var token = new Regex(@"`(?<id>[A-Za-z]+)`|\((?<cat>[A-Za-z]+)|(?<stop>[;.])(?=\s|$)");
            foreach (Match m in token.Matches(paragraph))
            {
                if (m.Groups["id"].Success)
                {
                    group.Add(m.Groups["id"].Value);
                }
                else if (m.Groups["cat"].Success && kinds.Contains(m.Groups["cat"].Value))
                {
                    result.AddRange(group.Select(g => (g, (string?)m.Groups["cat"].Value)));
                    group.Clear();
                }
                else if (m.Groups["stop"].Success)
                {
                    result.AddRange(group.Select(g => (g, (string?)null)));
                    group.Clear();
                }
            }

            result.AddRange(group.Select(g => (g, (string?)null)));
            return result;
        }
    }
}
