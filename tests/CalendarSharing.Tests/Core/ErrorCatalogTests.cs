using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Output;
using CalendarSharing.Core.Resources;
using CalendarSharing.Tests.PowerShell;
using Xunit;

namespace CalendarSharing.Tests.Core
{
    /// <summary>One error catalogue: stable ids, one category per failure, the same answer on the row and request paths.</summary>
    public class ErrorCatalogTests
    {
        /// <summary>The stable ids (docs/design/errors.md). Changing one breaks admins' scripts: change this table only on purpose.</summary>
        public static IEnumerable<object[]> StableIds() => new[]
        {
            new object[] { BackendErrorCode.MailboxNotFound, "MailboxNotFound", ErrorKind.ObjectNotFound },
            new object[] { BackendErrorCode.CalendarNotFound, "CalendarNotFound", ErrorKind.ObjectNotFound },
            new object[] { BackendErrorCode.PrincipalNotFound, "UserNotFound", ErrorKind.ObjectNotFound },
            new object[] { BackendErrorCode.PrincipalAmbiguous, "UserAmbiguous", ErrorKind.InvalidArgument },
            new object[] { BackendErrorCode.AccessDenied, "AccessDenied", ErrorKind.PermissionDenied },
            new object[] { BackendErrorCode.NotAllowedByPolicy, "NotAllowedBySharingPolicy", ErrorKind.PermissionDenied },
            new object[] { BackendErrorCode.RoleNotAllowed, "RoleNotAllowed", ErrorKind.InvalidArgument },
            new object[] { BackendErrorCode.InvalidInput, "InvalidInput", ErrorKind.InvalidArgument },
            new object[] { BackendErrorCode.Throttled, "Throttled", ErrorKind.LimitsExceeded },
            new object[] { BackendErrorCode.Transient, "ServerUnavailable", ErrorKind.ResourceUnavailable },
            new object[] { BackendErrorCode.Conflict, "ConcurrentChange", ErrorKind.ResourceBusy },
            new object[] { BackendErrorCode.Authentication, "AuthenticationFailed", ErrorKind.AuthenticationError },
            new object[] { BackendErrorCode.Connection, "ConnectionFailed", ErrorKind.ConnectionError },
            new object[] { BackendErrorCode.ServerFault, "ServerFault", ErrorKind.ProtocolError },
            new object[] { BackendErrorCode.NotSupported, "NotSupported", ErrorKind.NotImplemented },
            new object[] { BackendErrorCode.Canceled, "Canceled", ErrorKind.OperationStopped },
            new object[] { BackendErrorCode.ItemNotFound, "EventNotFound", ErrorKind.ObjectNotFound },
            new object[] { BackendErrorCode.InvitationNotAvailable, "SharingInvitationNotAvailable", ErrorKind.NotImplemented },
            new object[] { BackendErrorCode.WatermarkExpired, "SyncReadFailed", ErrorKind.ReadError },
        };

        public static IEnumerable<object[]> CodesAndFamilies() =>
            from BackendErrorCode code in Enum.GetValues(typeof(BackendErrorCode))
            from family in new[] { ErrorFamily.Permissions, ErrorFamily.Delegates, ErrorFamily.MailboxAccess }
            select new object[] { code, family };

        [Fact]
        public void Every_backend_code_has_a_pinned_stable_id_and_no_two_codes_share_one()
        {
            var pinned = StableIds().Select(r => (BackendErrorCode)r[0]).ToList();
            Assert.Equal(Enum.GetValues(typeof(BackendErrorCode)).Cast<BackendErrorCode>().OrderBy(c => c), pinned.OrderBy(c => c));
            var ids = Enum.GetValues(typeof(BackendErrorCode)).Cast<BackendErrorCode>().Select(c => ErrorCatalog.IdOf(c).ErrorId).ToList();
            Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        }

        [Theory]
        [MemberData(nameof(StableIds))]
        public void A_backend_code_gives_its_stable_id_and_kind(BackendErrorCode code, string id, ErrorKind kind)
        {
            foreach (ErrorFamily family in Enum.GetValues(typeof(ErrorFamily)))
            {
                var (errorId, errorKind, advice) = ErrorCatalog.Describe(code, family);
                Assert.Equal(id, errorId);
                Assert.Equal(kind, errorKind);
                Assert.False(string.IsNullOrWhiteSpace(advice));
            }
        }

        /// <summary>
        /// The parity the catalogue exists for: a failure reported for one row (the engine's per-row path) and the same failure
        /// of a whole request carrying that row (the cmdlet base's request path) give the same id, category and target.
        /// </summary>
        [Theory]
        [MemberData(nameof(CodesAndFamilies))]
        public void The_request_path_and_the_row_path_agree_for_every_code(BackendErrorCode code, ErrorFamily family)
        {
            var error = new BackendError(code, "the server said no");
            var exception = new BackendException(error);
            var csvRow = new object();

            OperationError perRow;
            RowRef reference;
            switch (family)
            {
                case ErrorFamily.Permissions:
                {
                    var row = new ShareRequest { Row = 3, Mailbox = "alice@contoso.com", User = "bob@contoso.com", Role = "Reviewer", Source = csvRow };
                    perRow = ErrorCatalog.FromBackend(error, row, "alice@contoso.com\\Calendar", "bob@contoso.com");
                    reference = RowRef.Of(row);
                    break;
                }

                case ErrorFamily.Delegates:
                {
                    var row = new DelegateRequest { Row = 3, Mailbox = "boss@contoso.com", Delegate = "assistant@contoso.com", Source = csvRow };
                    perRow = ErrorCatalog.FromBackend(error, family, new RowRef(row.Row, row.Source, "boss@contoso.com", "delegate assistant@contoso.com"));
                    reference = RowRef.Of(row);
                    break;
                }

                default:
                {
                    var row = new MailboxAccessRequest { Row = 3, Mailbox = "shared@contoso.com", User = "bob@contoso.com", AccessRights = new[] { "FullAccess" }, Source = csvRow };
                    perRow = ErrorCatalog.FromBackend(error, family, new RowRef(row.Row, row.Source, "shared@contoso.com", "user bob@contoso.com"));
                    reference = RowRef.Of(row);
                    break;
                }
            }

            var requestPath = ErrorCatalog.ForRequest(exception, family, new[] { reference, reference });

            Assert.Equal(2, requestPath.Count);
            foreach (var fromRequest in requestPath)
            {
                Assert.Equal(perRow.ErrorId, fromRequest.ErrorId);
                Assert.Equal(perRow.Kind, fromRequest.Kind);
                Assert.Same(csvRow, fromRequest.Target);
                Assert.Same(csvRow, perRow.Target);
                Assert.Equal(perRow.RecommendedAction, fromRequest.RecommendedAction);
                Assert.StartsWith("Row 3: ", fromRequest.Message, StringComparison.Ordinal);
                Assert.Same(exception, fromRequest.Exception);
            }
        }

        [Fact]
        public void A_row_without_an_input_object_is_named_by_its_mailbox_never_by_the_request()
        {
            var reference = RowRef.Of(new ShareRequest { Row = 1, Mailbox = " alice@contoso.com ", User = "bob@contoso.com" });
            var error = Assert.Single(ErrorCatalog.ForRequest(new BackendException(new BackendError(BackendErrorCode.Throttled, "busy")), ErrorFamily.Permissions, new[] { reference }));
            Assert.Equal("alice@contoso.com", error.Target);
        }

        [Fact]
        public void Delegates_and_mailbox_access_have_their_own_advice_for_the_same_id()
        {
            var permissions = ErrorCatalog.Describe(BackendErrorCode.AccessDenied, ErrorFamily.Permissions).Advice;
            var delegates = ErrorCatalog.Describe(BackendErrorCode.AccessDenied, ErrorFamily.Delegates).Advice;
            var access = ErrorCatalog.Describe(BackendErrorCode.AccessDenied, ErrorFamily.MailboxAccess).Advice;
            Assert.Equal(3, new[] { permissions, delegates, access }.Distinct().Count());
            Assert.Contains("delegates", delegates, StringComparison.Ordinal);
            Assert.Contains("Recipient Management", access, StringComparison.Ordinal);
        }

        [Fact]
        public void The_typed_connection_errors_map_to_NotConnected_ConnectionClosed_and_CapabilityNotAvailable()
        {
            var target = new object();
            var none = ErrorCatalog.NotConnected(new NotConnectedException(Texts.Error_NotConnected, closed: false), null);
            Assert.Equal(("NotConnected", ErrorKind.ConnectionError), (none.ErrorId, none.Kind));
            Assert.Equal(Texts.Error_NotConnected, none.Message);
            Assert.Null(none.Target);

            var closed = ErrorCatalog.NotConnected(new NotConnectedException("The connection to https://mail.contoso.com/EWS/Exchange.asmx is closed.", closed: true), target);
            Assert.Equal(("ConnectionClosed", ErrorKind.ConnectionError), (closed.ErrorId, closed.Kind));
            Assert.Same(target, closed.Target);

            var missing = ErrorCatalog.CapabilityNotAvailable(
                new CapabilityNotAvailableException("The Ews connection cannot manage mailbox access.", default, ConnectionKind.Ews, "an Exchange Online connection"), target);
            Assert.Equal(("CapabilityNotAvailable", ErrorKind.InvalidOperation), (missing.ErrorId, missing.Kind));
            Assert.Contains("an Exchange Online connection", missing.RecommendedAction, StringComparison.Ordinal);
            Assert.Same(target, missing.Target);
        }

        [Fact]
        public void Every_id_the_catalogue_knows_has_the_kind_it_is_written_with()
        {
            foreach (BackendErrorCode code in Enum.GetValues(typeof(BackendErrorCode)))
            {
                var (id, kind) = ErrorCatalog.IdOf(code);
                Assert.Equal(kind, ErrorCatalog.KnownIds[id]);
            }

            var constants = typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToList();
            Assert.All(constants, id => Assert.True(ErrorCatalog.KnownIds.ContainsKey(id), id + " is an ErrorIds constant the catalogue does not know"));
        }

        /// <summary>ErrorRecords.ToCategory parses the kind's name: every ErrorKind must be an ErrorCategory of PowerShell's.</summary>
        [Fact]
        public void Every_error_kind_is_a_PowerShell_error_category()
        {
            var paths = new List<string>(Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")) { RepositoryPaths.PowerShellReferenceAssembly };
            using var context = new MetadataLoadContext(new PathAssemblyResolver(paths.Distinct(StringComparer.OrdinalIgnoreCase)));
            var category = context.LoadFromAssemblyPath(RepositoryPaths.PowerShellReferenceAssembly).GetType("System.Management.Automation.ErrorCategory", throwOnError: true)!;
            var names = category.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
            Assert.All(Enum.GetNames(typeof(ErrorKind)), kind => Assert.Contains(kind, names));
        }

        [Fact]
        public void Every_text_of_the_resource_is_there_filled_and_has_an_accessor()
        {
            var resx = XDocument.Load(Path.Combine(RepositoryPaths.RepoRoot, "src", "CalendarSharing.Core", "Resources", "Texts.resx"));
            var keys = resx.Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToList();
            Assert.Equal(keys.OrderBy(k => k, StringComparer.Ordinal), Texts.Names.OrderBy(k => k, StringComparer.Ordinal));
            Assert.All(Texts.Names, name => Assert.False(string.IsNullOrWhiteSpace(Texts.Get(name)), name));
            var accessors = typeof(Texts).GetProperties(BindingFlags.Public | BindingFlags.Static).Select(p => p.Name).ToList();
            Assert.Equal(keys.OrderBy(k => k, StringComparer.Ordinal), accessors.OrderBy(k => k, StringComparer.Ordinal));
        }

        /// <summary>An id written anywhere in the engine or the cmdlets as a literal must be one the catalogue (and errors.md) knows.</summary>
        [Fact]
        public void No_source_file_writes_an_error_id_the_catalogue_does_not_know()
        {
            var literal = new Regex(@"(?:InvalidRow|new OperationError|Failure\(p,|ErrorRecords\.Create)\(\s*""(?<id>[A-Za-z]+)""", RegexOptions.Compiled);
            var unknown = new List<string>();
            foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.RepoRoot, "src"), "*.cs", SearchOption.AllDirectories))
            {
                if (file.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal) || file.Contains("CalendarSharing.Sandbox", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (Match m in literal.Matches(File.ReadAllText(file)))
                {
                    if (!ErrorCatalog.KnownIds.ContainsKey(m.Groups["id"].Value))
                    {
                        unknown.Add(Path.GetFileName(file) + ": " + m.Groups["id"].Value);
                    }
                }
            }

            Assert.Empty(unknown);
        }

        [Fact]
        public void The_design_page_lists_every_stable_id()
        {
            var page = File.ReadAllText(Path.Combine(RepositoryPaths.RepoRoot, "docs", "design", "errors.md"));
            var rows = Regex.Matches(page, @"^\| `(?<id>[A-Za-z]+)` \| (?<kind>[A-Za-z]+) \|", RegexOptions.Multiline);
            var listed = new HashSet<string>(rows.Select(m => m.Groups["id"].Value), StringComparer.Ordinal);
            Assert.All(rows, m => Assert.True(
                ErrorCatalog.KnownIds.TryGetValue(m.Groups["id"].Value, out var kind) && kind.ToString() == m.Groups["kind"].Value,
                "docs/design/errors.md gives " + m.Groups["id"].Value + " the category " + m.Groups["kind"].Value));
            Assert.All(ErrorCatalog.KnownIds.Keys, id => Assert.True(listed.Contains(id), "docs/design/errors.md does not list " + id));
            Assert.All(listed, id => Assert.True(ErrorCatalog.KnownIds.ContainsKey(id), "docs/design/errors.md lists " + id + ", which nothing writes"));
        }
    }
}
