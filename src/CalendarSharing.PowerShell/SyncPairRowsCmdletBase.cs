using System;
using System.Collections.Generic;
using System.Management.Automation;
using CalendarSharing.Core.Sync;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// Add- and Set-CalendarSyncPair: rows from the pipeline (Import-Csv with Source, Target and any override column) or
    /// typed parameters, collected and handed to Core at the end. Overrides are taken as text, so a bad value in one CSV
    /// row is that row's error (InvalidSyncPair, naming the row) and the other rows still go in; typed values work too.
    /// A profile is a file: no connection is needed (-Connection is ignored).
    /// </summary>
    public abstract class SyncPairRowsCmdletBase : PipelineRowsCmdletBase
    {
        private readonly List<SyncPairRequest> rows = new List<SyncPairRequest>();

        /// <summary>The profile file (New-CalendarSyncProfile made it).</summary>
        [Parameter(Mandatory = true)]
        [Alias("Path")]
        public string Profile { get; set; } = string.Empty;

        /// <summary>The source mailbox (SMTP).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.MailboxCompleter))]
        public string Source { get; set; } = string.Empty;

        /// <summary>The target mailbox (SMTP).</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.MailboxCompleter))]
        public string? Target { get; set; }

        /// <summary>A secondary source calendar by name; default: the default calendar.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? SourceCalendar { get; set; }

        /// <summary>A secondary target calendar by name; default: the default calendar.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? TargetCalendar { get; set; }

        /// <summary>The connection (by its -Name) the source is read with; default: the session's default connection.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? SourceConnection { get; set; }

        /// <summary>The connection (by its -Name) the target is written with.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? TargetConnection { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.SyncOptionCompleter))]
        public string? Direction { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.SyncOptionCompleter))]
        public string? Copy { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.SyncOptionCompleter))]
        public string? Private { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? Window { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? PastWindow { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.SyncOptionCompleter))]
        public string? Conflict { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? PropagateDeletions { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.SyncOptionCompleter))]
        public string? OwnerDeletion { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? DeletionThreshold { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? FlattenSeries { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? SkipDeclined { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? SkipTentative { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? SkipFree { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? SkipAllDay { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("IncludeCategories")]
        [AllowEmptyCollection]
        public string[] IncludeCategory { get; set; } = Array.Empty<string>();

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("ExcludeCategories")]
        [AllowEmptyCollection]
        public string[] ExcludeCategory { get; set; } = Array.Empty<string>();

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? SubjectPattern { get; set; }

        /// <summary>A profile is a file: nothing to connect to before the rows are read.</summary>
        protected override void BeginProcessing()
        {
        }

        protected override void ProcessRecord()
        {
            var row = new SyncPairRequest
            {
                Row = RowNumber(rows.Count),
                Source = Source,
                Target = Target,
                SourceCalendar = SourceCalendar,
                TargetCalendar = TargetCalendar,
                SourceConnection = SourceConnection,
                TargetConnection = TargetConnection,
                InputObject = (object?)InputObject ?? Source,
            };
            void Option(string parameter, string field, object? value)
            {
                // Only what the row (or the command line) gives; an empty CSV cell is "not given".
                if (Given(parameter) && !(value is string s && s.Trim().Length == 0) && !(value is string[] a && a.Length == 0))
                {
                    row.Options[field] = value;
                }
            }

            Option(nameof(Direction), "direction", Direction);
            Option(nameof(Copy), "copy", Copy);
            Option(nameof(Private), "private", Private);
            Option(nameof(Window), "window", Window);
            Option(nameof(PastWindow), "pastWindow", PastWindow);
            Option(nameof(Conflict), "conflict", Conflict);
            Option(nameof(PropagateDeletions), "propagateDeletions", PropagateDeletions);
            Option(nameof(OwnerDeletion), "ownerDeletion", OwnerDeletion);
            Option(nameof(DeletionThreshold), "deletionThreshold", DeletionThreshold);
            Option(nameof(FlattenSeries), "flattenSeries", FlattenSeries);
            Option(nameof(SkipDeclined), "skipDeclined", SkipDeclined);
            Option(nameof(SkipTentative), "skipTentative", SkipTentative);
            Option(nameof(SkipFree), "skipFree", SkipFree);
            Option(nameof(SkipAllDay), "skipAllDay", SkipAllDay);
            Option(nameof(IncludeCategory), "includeCategories", IncludeCategory);
            Option(nameof(ExcludeCategory), "excludeCategories", ExcludeCategory);
            Option(nameof(SubjectPattern), "subjectPattern", SubjectPattern);
            rows.Add(row);
        }

        protected override void EndProcessing()
        {
            if (rows.Count == 0)
            {
                return;
            }

            var profile = SyncCmdletSupport.LoadProfile(this, Profile);
            var add = IsAdd;
            RunEngine((sink, token) =>
            {
                if (add)
                {
                    SyncProfileCommands.Add(profile, rows, sink);
                }
                else
                {
                    SyncProfileCommands.Set(profile, rows, sink);
                }

                return System.Threading.Tasks.Task.CompletedTask;
            });
        }

        /// <summary>Add-CalendarSyncPair adds pairs; Set-CalendarSyncPair changes the ones that are there.</summary>
        private protected abstract bool IsAdd { get; }
    }
}
