using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using CalendarSharing.Core.Roles;
using CalendarSharing.PowerShell.Completion;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// Tab completion for -Role. The parameter stays a string (not the CalendarRole enum) so the engine can
    /// accept every spelling (FreeBusyTimeOnly, limitedRead, AccessRights values…) and report a wrong name
    /// for one CSV row with the list of valid names while the other rows go on. Completion offers every spelling
    /// input accepts, by prefix: free&lt;Tab&gt; gives FreeBusyTimeOnly, FreeBusyTimeAndSubjectAndLocation, freeBusyRead;
    /// the tooltip names the role each one means.
    /// </summary>
    public sealed class RoleCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            CompletionText.Safely(() => RoleVocabulary.Complete(CompletionText.Unquote(wordToComplete))
                .Select(s => CompletionText.Result(s.Key, s.Key == s.Value.ToString() ? s.Key : $"{s.Key} (= {s.Value})")));
    }
}
