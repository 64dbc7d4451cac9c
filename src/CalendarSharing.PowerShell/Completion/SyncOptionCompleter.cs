using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace CalendarSharing.PowerShell.Completion
{
    /// <summary>-Direction, -Copy, -Private, -Conflict, -OwnerDeletion of Add-/Set-CalendarSyncPair (text parameters, so a CSV cell binds): the names each accepts.</summary>
    public sealed class SyncOptionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            CompletionText.Safely(() => CompletionText.StartingWith(wordToComplete, Enum.GetNames(TypeOf(parameterName))));

        private static Type TypeOf(string parameter)
        {
            switch (parameter.ToUpperInvariant())
            {
                case "DIRECTION": return typeof(SyncDirection);
                case "COPY": return typeof(SyncCopy);
                case "PRIVATE": return typeof(SyncPrivateItems);
                case "CONFLICT": return typeof(SyncConflictPolicy);
                default: return typeof(SyncOwnerDeletion);
            }
        }
    }
}
