using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using CalendarSharing.Core.Roles;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// Tab completion for -Role. The parameter stays a string (not the CalendarRole enum) so the engine can
    /// accept every spelling (FreeBusyTimeOnly, limitedRead, AccessRights values…) and report a wrong name
    /// for one CSV row with the list of valid names while the other rows go on.
    /// </summary>
    public sealed class RoleCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return Names()
                .Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n))
                .ToList();
        }

        private static IEnumerable<string> Names() => RoleVocabulary.GrantableRoles.Select(r => r.ToString());
    }
}
