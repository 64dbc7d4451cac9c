using System;
using System.Collections.Generic;
using System.Threading;

namespace CalendarSharing.Core.Access
{
    /// <summary>What Get-CalendarAccessReport was asked for, free of PowerShell types.</summary>
    public sealed class AccessScanOptions
    {
        /// <summary>The mailboxes to scan, in order; null = every mailbox of the organisation (IAccessScanBackend.ListMailboxesAsync).</summary>
        public IReadOnlyList<string>? Mailboxes { get; set; }

        /// <summary>Also every secondary calendar of each mailbox (the default calendar always).</summary>
        public bool IncludeSecondaryCalendars { get; set; }

        /// <summary>
        /// The resume file: mailboxes finished there are not read again (their rows come from the file), and every
        /// mailbox this run finishes is appended to it. Null = no file.
        /// </summary>
        public string? ResumePath { get; set; }

        /// <summary>Mailboxes per page when listing the organisation (Graph /users $top at most 999).</summary>
        public int PageSize { get; set; } = 100;

        /// <summary>Warn once, before the rows, of what the connection cannot read (the sharing policy, publishing, Full Access): Get-CalendarAccessReport.</summary>
        public bool WarnWhatIsNotChecked { get; set; }
    }

    /// <summary>What one scan did: for -Verbose, the benchmark and the tests.</summary>
    public sealed class AccessScanStats
    {
        internal int MailboxCount;
        internal int ResumedCount;
        internal int ReadCount;
        internal int FailedCount;
        internal int CalendarCount;
        internal int RowCount;

        /// <summary>Mailboxes in the scan.</summary>
        public int Mailboxes => Volatile.Read(ref MailboxCount);

        /// <summary>Mailboxes whose rows came from the resume file (not read).</summary>
        public int Resumed => Volatile.Read(ref ResumedCount);

        /// <summary>Mailboxes read in this run.</summary>
        public int Read => Volatile.Read(ref ReadCount);

        /// <summary>Mailboxes with a row that could not be read (each such row has ErrorId).</summary>
        public int Failed => Volatile.Read(ref FailedCount);

        public int Calendars => Volatile.Read(ref CalendarCount);

        public int Rows => Volatile.Read(ref RowCount);

        /// <summary>Times the server asked us to back off (the concurrency limit was halved).</summary>
        public int BackOffs { get; internal set; }

        public TimeSpan WallTime { get; internal set; }

        public override string ToString() =>
            $"{Mailboxes} mailbox(es) ({Read} read, {Resumed} from the resume file, {Failed} with errors), {Calendars} calendar(s), {Rows} row(s), {BackOffs} back-off(s), {WallTime.TotalSeconds:0.0} s";
    }
}
