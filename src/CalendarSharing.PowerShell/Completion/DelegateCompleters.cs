using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace CalendarSharing.PowerShell.Completion
{
    /// <summary>-CalendarRole, -InboxRole … of the delegate cmdlets: the folder roles a delegate can be given (Custom is read only).</summary>
    public sealed class DelegateRoleCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            CompletionText.Safely(() => CompletionText.StartingWith(
                wordToComplete,
                new[] { DelegateFolderRole.None, DelegateFolderRole.Reviewer, DelegateFolderRole.Author, DelegateFolderRole.Editor }.Select(r => r.ToString())));
    }

    /// <summary>-MeetingRequestDelivery: where the mailbox's meeting requests go once it has delegates.</summary>
    public sealed class MeetingRequestDeliveryCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            CompletionText.Safely(() => CompletionText.StartingWith(wordToComplete, Enum.GetNames(typeof(MeetingRequestDelivery))));
    }
}
