using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace CalendarSharing.PowerShell.Completion
{
    /// <summary>-TimeZone: the Windows ids ("W. Europe Standard Time") and IANA names ("Europe/Berlin") the module accepts.</summary>
    public sealed class TimeZoneCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            CompletionText.Safely(() => CompletionText.StartingWith(wordToComplete, Core.Events.TimeZoneList.All).Take(MailboxCompleter.MaxResults));
    }

    /// <summary>-WorkingElsewhereAs: whether "working elsewhere" counts as free (the default) or busy.</summary>
    public sealed class WorkingElsewhereCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            CompletionText.Safely(() => CompletionText.StartingWith(wordToComplete, new[] { "Free", "Busy" }));
    }
}
