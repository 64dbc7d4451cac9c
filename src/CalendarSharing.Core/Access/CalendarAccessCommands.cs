using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Output;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Access
{
    /// <summary>
    /// What Get-CalendarAccessReport and Get-CalendarAccess do. The report: the scan's rows, in mailbox order; each row
    /// that could not be read is also a non-terminating error with its id (so -ErrorVariable and $? see it), the mailbox
    /// as target. The reverse view: from a saved scan (-FromReport: a resume file or an Export-Csv report) or a scan run
    /// now, every calendar each user reaches (<see cref="CalendarAccessIndex.ReachableBy"/>), through the groups they are in
    /// too where the connection can read membership (<see cref="Groups"/>). A resume file or saved scan
    /// that cannot be used, or an organisation whose mailboxes cannot be listed, is one error naming the file or what to do.
    /// </summary>
    public sealed class CalendarAccessCommands
    {
        private readonly Func<CalendarAccessScanner>? scanner;

        /// <param name="scanner">Makes the scanner when a scan is needed (not for -FromReport, which needs no connection).</param>
        public CalendarAccessCommands(Func<CalendarAccessScanner>? scanner)
        {
            this.scanner = scanner;
        }

        /// <summary>
        /// The report. With <paramref name="htmlPath"/> (a full path) the rows are also written as one HTML page
        /// (<see cref="AccessHtmlReport"/>) once the scan has ended, after ShouldProcess (so -WhatIf scans and shows the rows
        /// but writes nothing); the page is written to a temporary file beside it and moved into place, so a failed write
        /// leaves no half-written page. A folder that is not there is an error before anything is read.
        /// </summary>
        public async Task<AccessScanStats?> ReportAsync(AccessScanOptions options, IOutputSink sink, CancellationToken cancellationToken, string? htmlPath = null, DateTimeOffset? generated = null)
        {
            if (htmlPath != null && !CanWriteHtml(htmlPath, sink))
            {
                return null;
            }

            var rows = htmlPath == null ? null : new List<CalendarAccessRow>();
            AccessScanStats stats;
            try
            {
                stats = await Scanner().ScanAsync(options, new ReportSink(sink, forwardRows: true, rows), cancellationToken).ConfigureAwait(false);
            }
            catch (AccessScanFileException ex)
            {
                sink.WriteError(FileError(ex, options.ResumePath));
                return null;
            }
            catch (BackendException ex)
            {
                sink.WriteError(ErrorCatalog.ForRequest(ex, ErrorFamily.Permissions, (object?)options.ResumePath ?? "(organisation)", Texts.Format(nameof(Texts.Error_AccessScanListFailed), ex.Error.Message)));
                return null;
            }

            if (htmlPath != null && sink.ShouldProcess(htmlPath, Texts.Format(nameof(Texts.ShouldProcess_WriteAccessHtml), rows!.Count)))
            {
                WriteHtml(htmlPath, AccessHtmlReport.Render(rows, generated ?? DateTimeOffset.Now), sink);
            }

            return stats;
        }

        /// <summary>The page's folder is there and the path is not a folder; else AccessReportNotWritten.</summary>
        private static bool CanWriteHtml(string path, IOutputSink sink)
        {
            string? why = null;
            if (Directory.Exists(path))
            {
                why = Texts.Error_AccessHtmlIsFolder;
            }
            else
            {
                var folder = Path.GetDirectoryName(path);
                if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
                {
                    why = Texts.Format(nameof(Texts.Error_AccessHtmlNoFolder), folder);
                }
            }

            if (why == null)
            {
                return true;
            }

            sink.WriteError(new OperationError(ErrorIds.AccessReportNotWritten, ErrorKind.WriteError, Texts.Format(nameof(Texts.Error_AccessHtmlNotWritten), path, why), path, Texts.Advice_AccessReportNotWritten));
            return false;
        }

        /// <summary>Writes the page beside its place and moves it there (replacing an older page), so it is whole or not there.</summary>
        private static void WriteHtml(string path, string html, IOutputSink sink)
        {
            var temp = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("n") + ".tmp");
            try
            {
                File.WriteAllText(temp, html, new UTF8Encoding(false));
                if (File.Exists(path))
                {
                    File.Replace(temp, path, null);
                }
                else
                {
                    File.Move(temp, path);
                }

                sink.WriteVerbose(Texts.Format(nameof(Texts.Verbose_AccessHtmlWritten), path));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException)
            {
                try
                {
                    File.Delete(temp);
                }
                catch (Exception cleanup) when (cleanup is IOException || cleanup is UnauthorizedAccessException)
                {
                    // Nothing more to do: the page itself was not touched.
                }

                sink.WriteError(new OperationError(ErrorIds.AccessReportNotWritten, ErrorKind.WriteError, Texts.Format(nameof(Texts.Error_AccessHtmlNotWritten), path, ex.Message), path, Texts.Advice_AccessReportNotWritten, ex));
            }
        }

        /// <summary>Every calendar each of <paramref name="users"/> reaches, user by user.</summary>
        public async Task ReachableAsync(IReadOnlyList<string> users, string? fromReport, AccessScanOptions options, IOutputSink sink, CancellationToken cancellationToken)
        {
            var wanted = users.Select(u => (u ?? string.Empty).Trim()).ToList();
            foreach (var empty in wanted.Where(u => u.Length == 0))
            {
                sink.WriteError(new OperationError(ErrorIds.MissingUser, ErrorKind.InvalidArgument, Texts.Error_MissingUser, empty, Texts.Advice_MissingUser));
            }

            wanted = wanted.Where(u => u.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (wanted.Count == 0)
            {
                return;
            }

            // Aliases and display names: through the directory before a scan now; from the saved scan's own rows after loading it.
            if (fromReport == null && wanted.Any(AccessNames.NeedsResolving))
            {
                var resolved = await Scanner().ResolveNamesAsync(wanted, cancellationToken).ConfigureAwait(false);
                var addresses = new List<string>();
                foreach (var user in wanted)
                {
                    var address = AccessNames.AddressOf(user, resolved, out var why);
                    if (address == null)
                    {
                        var (id, kind, advice) = ErrorCatalog.Describe(why!.Code);
                        sink.WriteError(new OperationError(id, kind, why.Message, user, advice));
                    }
                    else
                    {
                        sink.WriteVerbose($"{user} is {address}.");
                        addresses.Add(address);
                    }
                }

                wanted = addresses.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                if (wanted.Count == 0)
                {
                    return;
                }
            }

            CalendarAccessIndex index;
            if (fromReport != null)
            {
                try
                {
                    index = CalendarAccessIndex.Load(fromReport);
                }
                catch (AccessScanFileException ex)
                {
                    sink.WriteError(FileError(ex, fromReport));
                    return;
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    sink.WriteError(new OperationError(ErrorIds.AccessScanFileInvalid, ErrorKind.ReadError, Texts.Format(nameof(Texts.Error_AccessScanFileUnreadable), fromReport, ex.Message), fromReport, Texts.Advice_AccessScanFileInvalid, ex));
                    return;
                }
            }
            else
            {
                var rows = new List<CalendarAccessRow>();
                try
                {
                    await Scanner().ScanAsync(options, new ReportSink(sink, forwardRows: false, rows), cancellationToken).ConfigureAwait(false);
                }
                catch (AccessScanFileException ex)
                {
                    sink.WriteError(FileError(ex, options.ResumePath));
                    return;
                }
                catch (BackendException ex)
                {
                    sink.WriteError(ErrorCatalog.ForRequest(ex, ErrorFamily.Permissions, "(organisation)", Texts.Format(nameof(Texts.Error_AccessScanListFailed), ex.Error.Message)));
                    return;
                }

                index = new CalendarAccessIndex(rows);
            }

            var candidates = index.GroupCandidates();
            var warned = new bool[1];
            foreach (var typed in wanted)
            {
                var user = typed;
                if (fromReport != null && AccessNames.NeedsResolving(typed))
                {
                    var address = index.AddressOf(typed, out var matches);
                    if (address == null)
                    {
                        var (id, kind, advice) = ErrorCatalog.Describe(matches.Count == 0 ? BackendErrorCode.PrincipalNotFound : BackendErrorCode.PrincipalAmbiguous);
                        sink.WriteError(new OperationError(id, kind, matches.Count == 0
                            ? Texts.Format(nameof(Texts.Error_AccessNameNotInReport), typed, fromReport)
                            : Texts.Format(nameof(Texts.Error_AccessNameAmbiguousInReport), typed, fromReport, string.Join(", ", matches)), typed, advice));
                        continue;
                    }

                    sink.WriteVerbose($"{typed} is {address}.");
                    user = address;
                }

                var groups = await GroupsOfAsync(user, candidates, warned, sink, cancellationToken).ConfigureAwait(false);
                foreach (var row in index.ReachableBy(user, groups))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    sink.WriteObject(row);
                }
            }
        }

        /// <summary>
        /// Reads group membership for the reverse view (Get-CalendarAccess): a user's rows then include every entry of a group
        /// they are in. Null: the groups are not expanded, and when the scan shows entries that may be groups a warning says
        /// so (<see cref="GroupsUnavailable"/>), never silence.
        /// </summary>
        public GroupMembershipResolver? Groups { get; set; }

        /// <summary>Why <see cref="Groups"/> is null, in words for the warning: the connection's capability error; null = no connection at all.</summary>
        public string? GroupsUnavailable { get; set; }

        /// <summary>Groups the admin names (-Group): counted as groups the user is in, whatever the connection says.</summary>
        public IReadOnlyList<string> NamedGroups { get; set; } = Array.Empty<string>();

        /// <summary>
        /// Expands groups with what <paramref name="services"/> can read: <see cref="Groups"/> when the connection declares
        /// GroupMembership, else its capability error in <see cref="GroupsUnavailable"/>. Null services (a saved scan read
        /// with no connection) leave both unset.
        /// </summary>
        public void ExpandGroupsWith(ConnectionServices? services)
        {
            if (services == null)
            {
                return;
            }

            Groups = GroupMembershipResolver.For(services);
            GroupsUnavailable = Groups == null ? CapabilityText.Missing(ConnectionCapabilities.GroupMembership, services.Info) : null;
        }

        /// <summary>
        /// The groups among the scan's candidates that hold <paramref name="user"/>: those named, and those the connection
        /// finds (warnings for groups it could not read, or for no way to read them).
        /// </summary>
        private async Task<IReadOnlyList<string>> GroupsOfAsync(string user, IReadOnlyList<string> candidates, bool[] warned, IOutputSink sink, CancellationToken cancellationToken)
        {
            var groups = new List<string>(NamedGroups.Where(g => !string.IsNullOrWhiteSpace(g)).Select(g => g.Trim()));
            if (candidates.Count == 0)
            {
                return groups;
            }

            if (Groups == null)
            {
                if (groups.Count == 0 && !warned[0])
                {
                    warned[0] = true;
                    var sample = string.Join(", ", candidates.Take(5)) + (candidates.Count > 5 ? ", …" : string.Empty);
                    sink.WriteWarning(GroupsUnavailable == null
                        ? Texts.Format(nameof(Texts.Warning_AccessGroupsNotChecked), candidates.Count, sample)
                        : Texts.Format(nameof(Texts.Warning_AccessGroupsNotExpanded), candidates.Count, sample, GroupsUnavailable));
                }

                return groups;
            }

            try
            {
                var answer = await Groups.GroupsContainingAsync(user, candidates, cancellationToken).ConfigureAwait(false);
                foreach (var (group, error) in answer.Unread)
                {
                    sink.WriteWarning(Texts.Format(nameof(Texts.Warning_AccessGroupUnread), group, error.Message, user));
                }

                foreach (var group in answer.Groups)
                {
                    sink.WriteVerbose($"{user} is in {group.Address}.");
                    groups.Add(group.Address);
                }
            }
            catch (BackendException ex)
            {
                sink.WriteWarning(Texts.Format(nameof(Texts.Warning_AccessGroupsUnlisted), user, ex.Error.Message));
            }

            return groups;
        }

        private CalendarAccessScanner Scanner() => (scanner ?? throw new InvalidOperationException("No connection to scan with."))();

        private static OperationError FileError(AccessScanFileException ex, string? path) =>
            new OperationError(
                ex.ErrorId,
                ex.ErrorId == ErrorIds.AccessScanStateMismatch ? ErrorKind.InvalidArgument : ErrorKind.InvalidData,
                ex.Message,
                path,
                ex.ErrorId == ErrorIds.AccessScanStateMismatch ? Texts.Advice_AccessScanStateMismatch : Texts.Advice_AccessScanFileInvalid,
                ex);

        /// <summary>Rows to the pipeline (or a list), each unreadable one also as an error; everything else passed on.</summary>
        private sealed class ReportSink : IOutputSink
        {
            private readonly IOutputSink inner;
            private readonly bool forwardRows;
            private readonly List<CalendarAccessRow>? collect;

            public ReportSink(IOutputSink inner, bool forwardRows, List<CalendarAccessRow>? collect)
            {
                this.inner = inner;
                this.forwardRows = forwardRows;
                this.collect = collect;
            }

            public void WriteObject(object item)
            {
                if (item is CalendarAccessRow row)
                {
                    if (collect != null)
                    {
                        lock (collect)
                        {
                            collect.Add(row);
                        }
                    }

                    if (forwardRows)
                    {
                        inner.WriteObject(row);
                    }

                    if (row.ErrorId != null)
                    {
                        var kind = ErrorCatalog.KnownIds.TryGetValue(row.ErrorId, out var k) ? k : ErrorKind.ReadError;
                        inner.WriteError(new OperationError(row.ErrorId, kind, ErrorCatalog.Compose((int?)null, row.Mailbox + "\\" + row.Calendar, null, row.Error ?? row.ErrorId), row.Mailbox));
                    }

                    return;
                }

                inner.WriteObject(item);
            }

            public void WriteError(OperationError error) => inner.WriteError(error);

            public void WriteWarning(string message) => inner.WriteWarning(message);

            public void WriteVerbose(string message) => inner.WriteVerbose(message);

            public void WriteDebug(string message) => inner.WriteDebug(message);

            public void WriteProgress(ProgressInfo progress) => inner.WriteProgress(progress);

            public bool ShouldProcess(string target, string action) => inner.ShouldProcess(target, action);
        }
    }
}
