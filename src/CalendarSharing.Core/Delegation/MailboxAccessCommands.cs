using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Output;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Delegation
{
    /// <summary>
    /// What Grant-, Revoke- and Get-MailboxAccess do. Full Access and Send As are read first and written only
    /// when missing (grant) or present (revoke), so a second run is Unchanged; Send on Behalf is edited with
    /// @{Add}/@{Remove} (other grantees stay) and Exchange's "no settings have been modified" warning means
    /// Unchanged. Revoking a right the user lacks is Unchanged, never an error. Get reads every kind of grant of
    /// each mailbox (delegates, calendar permissions, Full Access, Send As, Send on Behalf) with bounded concurrency.
    /// </summary>
    public sealed class MailboxAccessCommands
    {
        private readonly IMailboxAccessBackend? access;
        private readonly ICalendarBackend? calendars;
        private readonly IDelegateBackend? delegates;
        private readonly int maxConcurrency;

        /// <summary>Every mailbox's Exchange cmdlets through <paramref name="executor"/> (none when null).</summary>
        public MailboxAccessCommands(IExchangeCommandExecutor? executor, ICalendarBackend? calendars = null, IDelegateBackend? delegates = null, int maxConcurrency = 4)
            : this(executor is null ? null : new ExchangeExecutorAccess(executor), calendars, delegates, maxConcurrency)
        {
        }

        private MailboxAccessCommands(IMailboxAccessBackend? access, ICalendarBackend? calendars, IDelegateBackend? delegates, int maxConcurrency)
        {
            this.access = access;
            this.calendars = calendars;
            this.delegates = delegates;
            this.maxConcurrency = Math.Max(1, maxConcurrency);
        }

        /// <summary>
        /// Each mailbox's Exchange cmdlets through the executor <paramref name="access"/> gives for it (in a hybrid
        /// organisation: the side that hosts the mailbox); a mailbox it has none for is reported as such per row.
        /// </summary>
        public static MailboxAccessCommands Routed(IMailboxAccessBackend? access, ICalendarBackend? calendars, IDelegateBackend? delegates, int maxConcurrency) =>
            new MailboxAccessCommands(access, calendars, delegates, maxConcurrency);

        public Task GrantAsync(IReadOnlyList<MailboxAccessRequest> rows, IOutputSink sink, CancellationToken cancellationToken) =>
            ChangeAsync(rows, grant: true, sink, cancellationToken);

        public Task RevokeAsync(IReadOnlyList<MailboxAccessRequest> rows, IOutputSink sink, CancellationToken cancellationToken) =>
            ChangeAsync(rows, grant: false, sink, cancellationToken);

        // ------------------------------------------------------------------ Grant / Revoke

        private async Task ChangeAsync(IReadOnlyList<MailboxAccessRequest> rows, bool grant, IOutputSink sink, CancellationToken cancellationToken)
        {
            var progress = new ProgressReporter(sink, grant ? "Granting mailbox access" : "Revoking mailbox access", rows.Count);
            var parsed = new List<(MailboxAccessRequest Row, Pending? P)>();
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                parsed.Add((row, Parse(row, sink)));
            }

            // Which executor serves each mailbox (in a hybrid organisation: its side's), settled before anything is asked.
            var executors = await ExecutorsAsync(parsed.Where(x => x.P != null).Select(x => x.P!.Mailbox), cancellationToken).ConfigureAwait(false);
            var approved = new List<(Pending P, MailboxAccessRight Right)>();
            foreach (var (row, p) in parsed)
            {
                if (p == null)
                {
                    progress.Advance(1);
                    continue;
                }

                var (found, failure) = executors[p.Mailbox];
                if (failure != null)
                {
                    foreach (var right in p.Rights)
                    {
                        Fail(sink, p, right, failure is BackendException be ? FromBackend(be.Error, row, p.Mailbox, p.User, be) : Unexpected(failure, row));
                    }

                    progress.Advance(1);
                    continue;
                }

                p.Executor = found;
                if (found == null)
                {
                    foreach (var right in p.Rights)
                    {
                        Fail(sink, p, right, new OperationError(
                            ErrorIds.ExchangeSessionRequired,
                            ErrorKind.InvalidOperation,
                            Compose(row, p.Mailbox, p.User, Texts.Format(nameof(Texts.Error_ExchangeSessionRequiredRow), right)),
                            row.Source ?? p.Mailbox,
                            Texts.Advice_ExchangeSessionRequired));
                    }

                    progress.Advance(1);
                    continue;
                }

                foreach (var right in p.Rights)
                {
                    var action = grant ? $"Grant {right} to {p.User}" : $"Revoke {right} from {p.User}";
                    if (sink.ShouldProcess(p.Mailbox, action))
                    {
                        approved.Add((p, right));
                    }
                }
            }

            var groups = approved.GroupBy(a => a.P.Mailbox, StringComparer.OrdinalIgnoreCase).Select(g => g.ToList()).ToList();
            var emitter = new OrderedEmitter(groups.Count);
            await BulkRunner.RunAsync(
                Enumerable.Range(0, groups.Count).ToList(),
                maxConcurrency,
                async (i, token) =>
                {
                    var writes = new List<Action>();
                    string? identity = null;
                    foreach (var (p, right) in groups[i])
                    {
                        try
                        {
                            if (right == MailboxAccessRight.SendAs && p.Executor!.Flavor == ExchangeFlavor.OnPremises && identity == null)
                            {
                                identity = await AdIdentityAsync(p.Executor, p.Mailbox, token).ConfigureAwait(false);
                            }

                            var action = await ChangeOneAsync(p, right, grant, identity ?? p.Mailbox, token).ConfigureAwait(false);
                            var output = new MailboxAccessResult(p.Mailbox, p.User, right, action) { Row = p.Row.Row };
                            var line = $"{p.Mailbox}: {right} for {p.User} {action}.";
                            writes.Add(() =>
                            {
                                sink.WriteVerbose(line);
                                sink.WriteObject(output);
                            });
                        }
                        catch (BackendException ex)
                        {
                            var error = FromBackend(ex.Error, p.Row, p.Mailbox, p.User, ex);
                            writes.Add(() => Fail(sink, p, right, error));
                        }
                    }

                    emitter.Complete(i, writes);
                    progress.Advance(groups[i].Select(g => g.P).Distinct().Count());
                },
                (i, ex) => emitter.Complete(i, groups[i].Select(g => (Action)(() => Fail(sink, g.P, g.Right, Unexpected(ex, g.P.Row)))).ToList()),
                cancellationToken).ConfigureAwait(false);
            progress.Complete();
        }

        private async Task<ShareAction> ChangeOneAsync(Pending p, MailboxAccessRight right, bool grant, string identity, CancellationToken cancellationToken)
        {
            var x = p.Executor!;
            switch (right)
            {
                case MailboxAccessRight.FullAccess:
                {
                    var read = await x.InvokeAsync(ExchangeCommandBuilder.GetFullAccess(p.Mailbox, p.User), cancellationToken).ConfigureAwait(false);
                    var has = read.Objects.Any(IsFullAccess);
                    if (has == grant)
                    {
                        return ShareAction.Unchanged;
                    }

                    await x.InvokeAsync(grant ? ExchangeCommandBuilder.GrantFullAccess(p.Mailbox, p.User, p.Row.AutoMapping) : ExchangeCommandBuilder.RevokeFullAccess(p.Mailbox, p.User), cancellationToken).ConfigureAwait(false);
                    return grant ? ShareAction.Added : ShareAction.Removed;
                }

                case MailboxAccessRight.SendAs:
                {
                    var read = await x.InvokeAsync(ExchangeCommandBuilder.GetSendAs(x.Flavor, identity, p.User), cancellationToken).ConfigureAwait(false);
                    var has = read.Objects.Any(o => IsSendAs(o, x.Flavor));
                    if (has == grant)
                    {
                        return ShareAction.Unchanged;
                    }

                    await x.InvokeAsync(grant ? ExchangeCommandBuilder.GrantSendAs(x.Flavor, identity, p.User) : ExchangeCommandBuilder.RevokeSendAs(x.Flavor, identity, p.User), cancellationToken).ConfigureAwait(false);
                    return grant ? ShareAction.Added : ShareAction.Removed;
                }

                default:
                {
                    // GrantSendOnBehalfTo holds recipient identities (not always addresses): let Exchange decide, and
                    // read "no settings … have been modified" as Unchanged.
                    var result = await x.InvokeAsync(grant ? ExchangeCommandBuilder.GrantSendOnBehalf(p.Mailbox, p.User) : ExchangeCommandBuilder.RevokeSendOnBehalf(p.Mailbox, p.User), cancellationToken).ConfigureAwait(false);
                    return result.NothingModified ? ShareAction.Unchanged : grant ? ShareAction.Added : ShareAction.Removed;
                }
            }
        }

        private static async Task<string> AdIdentityAsync(IExchangeCommandExecutor executor, string mailbox, CancellationToken cancellationToken)
        {
            var result = await executor.InvokeAsync(ExchangeCommandBuilder.GetMailbox(mailbox), cancellationToken).ConfigureAwait(false);
            var dn = result.Objects.Select(o => Text(o, "DistinguishedName")).FirstOrDefault(v => !string.IsNullOrEmpty(v));
            return dn ?? mailbox;
        }

        /// <summary>The executor for each distinct mailbox, or the request-level failure that settling it met.</summary>
        private async Task<Dictionary<string, (IExchangeCommandExecutor? Executor, Exception? Failure)>> ExecutorsAsync(IEnumerable<string> mailboxes, CancellationToken cancellationToken)
        {
            var distinct = mailboxes.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var found = new (IExchangeCommandExecutor? Executor, Exception? Failure)[distinct.Count];
            if (access != null)
            {
                await BulkRunner.RunAsync(
                    Enumerable.Range(0, distinct.Count).ToList(),
                    maxConcurrency,
                    async (i, token) =>
                    {
                        try
                        {
                            found[i] = (await access.ExecutorForAsync(distinct[i], token).ConfigureAwait(false), null);
                        }
                        catch (BackendException ex)
                        {
                            found[i] = (null, ex);
                        }
                    },
                    (i, ex) => found[i] = (null, ex),
                    cancellationToken).ConfigureAwait(false);
            }

            var map = new Dictionary<string, (IExchangeCommandExecutor?, Exception?)>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < distinct.Count; i++)
            {
                map[distinct[i]] = found[i];
            }

            return map;
        }

        // ------------------------------------------------------------------ Get

        /// <summary>Every grant of each mailbox (only the row's User's, when given), one MailboxAccessGrant each.</summary>
        public async Task GetAsync(IReadOnlyList<MailboxAccessRequest> rows, IOutputSink sink, CancellationToken cancellationToken)
        {
            var valid = new List<(MailboxAccessRequest Row, string Mailbox)>();
            foreach (var row in rows)
            {
                var mailbox = (row.Mailbox ?? string.Empty).Trim();
                if (!LooksLikeAddress(mailbox))
                {
                    sink.WriteError(InvalidRow(mailbox.Length == 0 ? "MissingMailbox" : "InvalidMailbox", row, mailbox.Length == 0 ? "The row has no mailbox." : $"'{mailbox}' is not an SMTP address.", "Give the mailbox's primary SMTP address in a Mailbox (or Identity, PrimarySmtpAddress) column."));
                    continue;
                }

                valid.Add((row, mailbox));
            }

            if (access == null && valid.Count > 0)
            {
                sink.WriteWarning(Texts.Warning_MailboxRightsNotListedAll);
            }

            var unlisted = new ConcurrentQueue<string>();
            var emitter = new OrderedEmitter(valid.Count);
            await BulkRunner.RunAsync(
                Enumerable.Range(0, valid.Count).ToList(),
                maxConcurrency,
                async (i, token) =>
                {
                    var (row, mailbox) = valid[i];
                    var writes = new List<Action>();
                    foreach (var source in Sources(unlisted))
                    {
                        try
                        {
                            var grants = await source(mailbox, token).ConfigureAwait(false);
                            foreach (var g in grants.Where(g => MatchesUser(g.User, row.User)))
                            {
                                writes.Add(() => sink.WriteObject(g));
                            }
                        }
                        catch (BackendException ex)
                        {
                            var error = FromBackend(ex.Error, row, mailbox, null, ex);
                            writes.Add(() => sink.WriteError(error));
                            if (ex.Error.Code == BackendErrorCode.MailboxNotFound)
                            {
                                break;
                            }
                        }
                    }

                    emitter.Complete(i, writes);
                },
                (i, ex) => emitter.Complete(i, new List<Action> { () => sink.WriteError(Unexpected(ex, valid[i].Row)) }),
                cancellationToken).ConfigureAwait(false);

            if (!unlisted.IsEmpty)
            {
                var names = unlisted.Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();
                sink.WriteWarning(Texts.Format(nameof(Texts.Warning_MailboxRightsNotListed), string.Join(", ", names.Take(5)), names.Count > 5 ? Texts.Format(nameof(Texts.Text_AndMore), names.Count - 5) : string.Empty));
            }
        }

        private IEnumerable<Func<string, CancellationToken, Task<List<MailboxAccessGrant>>>> Sources(ConcurrentQueue<string> unlisted)
        {
            if (delegates != null)
            {
                yield return DelegateGrantsAsync;
            }

            if (calendars != null)
            {
                yield return FolderGrantsAsync;
            }

            if (access != null)
            {
                yield return async (mailbox, token) =>
                {
                    var executor = await access.ExecutorForAsync(mailbox, token).ConfigureAwait(false);
                    if (executor is null)
                    {
                        unlisted.Enqueue(mailbox);
                        return new List<MailboxAccessGrant>();
                    }

                    return await MailboxRightsAsync(executor, mailbox, token).ConfigureAwait(false);
                };
            }
        }

        private async Task<List<MailboxAccessGrant>> DelegateGrantsAsync(string mailbox, CancellationToken cancellationToken)
        {
            var list = await delegates!.GetDelegatesAsync(mailbox, cancellationToken).ConfigureAwait(false);
            return list.Delegates.Select(d =>
            {
                var parts = new List<string>();
                void Folder(string name, DelegateFolderRole? role)
                {
                    if (role.HasValue && role.Value != DelegateFolderRole.None)
                    {
                        parts.Add($"{name}:{role.Value}");
                    }
                }

                Folder("Calendar", d.Calendar);
                Folder("Tasks", d.Tasks);
                Folder("Inbox", d.Inbox);
                Folder("Contacts", d.Contacts);
                Folder("Notes", d.Notes);
                Folder("Journal", d.Journal);
                if (d.ViewPrivateItems == true)
                {
                    parts.Add("ViewPrivateItems");
                }

                if (d.ReceiveMeetingCopies == true)
                {
                    parts.Add("ReceiveMeetingCopies");
                }

                return new MailboxAccessGrant(mailbox, d.Address, MailboxAccessKind.Delegate, string.Join(", ", parts), "GetDelegate");
            }).ToList();
        }

        private async Task<List<MailboxAccessGrant>> FolderGrantsAsync(string mailbox, CancellationToken cancellationToken)
        {
            var results = await calendars!.GetPermissionsAsync(new[] { CalendarAddress.Parse(mailbox, null) }, cancellationToken).ConfigureAwait(false);
            var result = results[0];
            if (!result.IsSuccess)
            {
                throw new BackendException(result.Error!);
            }

            var set = result.Value!;
            return set.Entries
                .Where(e => e.Role != CalendarRole.None)
                .Select(e => new MailboxAccessGrant(mailbox, e.Principal.Name, MailboxAccessKind.FolderPermission, e.Role.ToString(), calendars.Info.SourceName + " GetFolder") { Folder = set.CalendarName })
                .ToList();
        }

        private static async Task<List<MailboxAccessGrant>> MailboxRightsAsync(IExchangeCommandExecutor x, string mailbox, CancellationToken cancellationToken)
        {
            var grants = new List<MailboxAccessGrant>();
            var mbx = await x.InvokeAsync(ExchangeCommandBuilder.GetMailbox(mailbox), cancellationToken).ConfigureAwait(false);

            var full = await x.InvokeAsync(ExchangeCommandBuilder.GetFullAccess(mailbox), cancellationToken).ConfigureAwait(false);
            foreach (var o in full.Objects.Where(IsFullAccess))
            {
                var user = Text(o, "User") ?? string.Empty;
                if (!IsSelf(user))
                {
                    grants.Add(new MailboxAccessGrant(mailbox, user, MailboxAccessKind.FullAccess, string.Join(", ", List(o, "AccessRights")), "Get-MailboxPermission"));
                }
            }

            var identity = x.Flavor == ExchangeFlavor.OnPremises ? mbx.Objects.Select(o => Text(o, "DistinguishedName")).FirstOrDefault(v => !string.IsNullOrEmpty(v)) ?? mailbox : mailbox;
            var sendAs = await x.InvokeAsync(ExchangeCommandBuilder.GetSendAs(x.Flavor, identity), cancellationToken).ConfigureAwait(false);
            foreach (var o in sendAs.Objects.Where(o => IsSendAs(o, x.Flavor)))
            {
                var user = Text(o, x.Flavor == ExchangeFlavor.Online ? "Trustee" : "User") ?? string.Empty;
                if (!IsSelf(user))
                {
                    grants.Add(new MailboxAccessGrant(mailbox, user, MailboxAccessKind.SendAs, "SendAs", x.Flavor == ExchangeFlavor.Online ? "Get-RecipientPermission" : "Get-ADPermission"));
                }
            }

            foreach (var o in mbx.Objects)
            {
                foreach (var user in List(o, "GrantSendOnBehalfTo"))
                {
                    grants.Add(new MailboxAccessGrant(mailbox, user, MailboxAccessKind.SendOnBehalf, "SendOnBehalf", "Get-Mailbox"));
                }
            }

            return grants;
        }

        // ------------------------------------------------------------------ reading cmdlet output

        private static bool IsFullAccess(IReadOnlyDictionary<string, object?> o) =>
            !Flag(o, "Deny") && !Flag(o, "IsInherited") && List(o, "AccessRights").Any(r => string.Equals(r, "FullAccess", StringComparison.OrdinalIgnoreCase));

        private static bool IsSendAs(IReadOnlyDictionary<string, object?> o, ExchangeFlavor flavor)
        {
            if (flavor == ExchangeFlavor.Online)
            {
                return !Flag(o, "IsInherited") && !string.Equals(Text(o, "AccessControlType"), "Deny", StringComparison.OrdinalIgnoreCase)
                    && List(o, "AccessRights").Any(r => string.Equals(r, "SendAs", StringComparison.OrdinalIgnoreCase));
            }

            return !Flag(o, "Deny") && !Flag(o, "IsInherited")
                && List(o, "ExtendedRights").Any(r => string.Equals(r.Replace(" ", "-"), ExchangeCommandBuilder.SendAsExtendedRight, StringComparison.OrdinalIgnoreCase));
        }

        private static bool IsSelf(string user) => user.StartsWith("NT AUTHORITY\\", StringComparison.OrdinalIgnoreCase) || user.StartsWith("S-1-5-", StringComparison.OrdinalIgnoreCase);

        private static string? Text(IReadOnlyDictionary<string, object?> o, string name)
        {
            var v = Get(o, name);
            return v is IReadOnlyList<string> list ? string.Join(", ", list) : v?.ToString();
        }

        private static bool Flag(IReadOnlyDictionary<string, object?> o, string name)
        {
            var v = Get(o, name);
            return v is bool b ? b : string.Equals(v?.ToString(), "True", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>A multi-valued property: a list, or a string such as "FullAccess, ReadPermission" or "{FullAccess}".</summary>
        private static IReadOnlyList<string> List(IReadOnlyDictionary<string, object?> o, string name)
        {
            var v = Get(o, name);
            if (v is IReadOnlyList<string> list)
            {
                return list;
            }

            var text = v?.ToString();
            return string.IsNullOrWhiteSpace(text)
                ? Array.Empty<string>()
                : text!.Trim('{', '}').Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        }

        private static object? Get(IReadOnlyDictionary<string, object?> o, string name)
        {
            if (o.TryGetValue(name, out var v))
            {
                return v;
            }

            return o.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        }

        /// <summary>carol@contoso.com matches carol@contoso.com, carol, CONTOSO\carol and contoso.com/Users/carol.</summary>
        private static bool MatchesUser(string grantUser, string? filter)
        {
            if (string.IsNullOrWhiteSpace(filter))
            {
                return true;
            }

            var f = filter!.Trim();
            if (string.Equals(grantUser, f, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            var alias = f.IndexOf('@') > 0 ? f.Substring(0, f.IndexOf('@')) : f;
            var tail = grantUser.Substring(Math.Max(grantUser.LastIndexOf('\\'), grantUser.LastIndexOf('/')) + 1);
            return string.Equals(tail, alias, StringComparison.OrdinalIgnoreCase);
        }

        // ------------------------------------------------------------------ parsing and errors

        private static Pending? Parse(MailboxAccessRequest row, IOutputSink sink)
        {
            var mailbox = (row.Mailbox ?? string.Empty).Trim();
            var user = (row.User ?? string.Empty).Trim();
            if (mailbox.Length == 0)
            {
                Report(sink, row, null, InvalidRow(ErrorIds.MissingMailbox, row, Texts.Error_MissingMailbox, Texts.Advice_MissingMailbox_MailboxAccess));
                return null;
            }

            if (!LooksLikeAddress(mailbox))
            {
                Report(sink, row, null, InvalidRow(ErrorIds.InvalidMailbox, row, Texts.Format(nameof(Texts.Error_InvalidMailbox), mailbox), Texts.Advice_InvalidMailbox_MailboxAccess));
                return null;
            }

            if (user.Length == 0)
            {
                Report(sink, row, null, InvalidRow(ErrorIds.MissingUser, row, Texts.Error_MissingUser, Texts.Advice_MissingUser_MailboxAccess));
                return null;
            }

            var rights = new List<MailboxAccessRight>();
            foreach (var text in (row.AccessRights ?? Array.Empty<string>()).SelectMany(r => (r ?? string.Empty).Split(',')).Select(r => r.Trim()).Where(r => r.Length > 0))
            {
                if (!TryParseRight(text, out var right))
                {
                    Report(sink, row, null, InvalidRow(ErrorIds.InvalidAccessRight, row, Texts.Format(nameof(Texts.Error_InvalidAccessRight), text), Texts.Advice_InvalidAccessRight));
                    return null;
                }

                if (!rights.Contains(right))
                {
                    rights.Add(right);
                }
            }

            if (rights.Count == 0)
            {
                Report(sink, row, null, InvalidRow(ErrorIds.MissingAccessRight, row, Texts.Error_MissingAccessRight, Texts.Advice_MissingAccessRight));
                return null;
            }

            return new Pending(row, mailbox, user, rights);
        }

        public static bool TryParseRight(string text, out MailboxAccessRight right)
        {
            switch (text.Trim().Replace(" ", string.Empty).Replace("-", string.Empty).ToUpperInvariant())
            {
                case "FULLACCESS":
                    right = MailboxAccessRight.FullAccess;
                    return true;
                case "SENDAS":
                    right = MailboxAccessRight.SendAs;
                    return true;
                case "SENDONBEHALF":
                case "SENDONBEHALFOF":
                case "GRANTSENDONBEHALFTO":
                    right = MailboxAccessRight.SendOnBehalf;
                    return true;
                default:
                    right = MailboxAccessRight.FullAccess;
                    return false;
            }
        }

        private static bool LooksLikeAddress(string text) => SmtpAddress.IsValid(text);

        private static void Report(IOutputSink sink, MailboxAccessRequest row, MailboxAccessRight? right, OperationError error)
        {
            sink.WriteError(error);
            sink.WriteObject(new MailboxAccessResult((row.Mailbox ?? string.Empty).Trim(), (row.User ?? string.Empty).Trim(), right ?? MailboxAccessRight.FullAccess, ShareAction.Failed)
            {
                Row = row.Row,
                Message = error.Message,
            });
        }

        private static void Fail(IOutputSink sink, Pending p, MailboxAccessRight right, OperationError error)
        {
            sink.WriteError(error);
            sink.WriteObject(new MailboxAccessResult(p.Mailbox, p.User, right, ShareAction.Failed) { Row = p.Row.Row, Message = error.Message });
        }

        // The catalogue writes every id, category and advice; these only say how a mailbox-access row is named.
        private static OperationError InvalidRow(string errorId, MailboxAccessRequest row, string message, string advice) =>
            ErrorCatalog.InvalidRow(errorId, row.Row, row.Source ?? row, row.Mailbox, ErrorCatalog.Subject(Texts.Error_UserSubject, row.User), message, advice);

        private static OperationError FromBackend(BackendError error, MailboxAccessRequest row, string mailbox, string? user, Exception? exception) =>
            ErrorCatalog.FromBackend(error, ErrorFamily.MailboxAccess, new RowRef(row.Row, row.Source ?? mailbox, mailbox, ErrorCatalog.Subject(Texts.Error_UserSubject, user)), exception);

        private static OperationError Unexpected(Exception ex, MailboxAccessRequest row) =>
            ErrorCatalog.Unexpected(ex, row.Row, row.Source ?? row.Mailbox, row.Mailbox, ErrorCatalog.Subject(Texts.Error_UserSubject, row.User));

        private static string Compose(MailboxAccessRequest row, string? mailbox, string? user, string message) =>
            ErrorCatalog.Compose(row.Row, mailbox, ErrorCatalog.Subject(Texts.Error_UserSubject, user), message);

        private sealed class Pending
        {
            public Pending(MailboxAccessRequest row, string mailbox, string user, IReadOnlyList<MailboxAccessRight> rights)
            {
                Row = row;
                Mailbox = mailbox;
                User = user;
                Rights = rights;
            }

            public MailboxAccessRequest Row { get; }

            public string Mailbox { get; }

            public string User { get; }

            public IReadOnlyList<MailboxAccessRight> Rights { get; }

            /// <summary>What runs the mailbox's Exchange cmdlets, once settled.</summary>
            public IExchangeCommandExecutor? Executor { get; set; }
        }
    }
}
