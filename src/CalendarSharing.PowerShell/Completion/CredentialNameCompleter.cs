using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using CalendarSharing.Core.Credentials;

namespace CalendarSharing.PowerShell.Completion
{
    /// <summary>
    /// -CredentialName of Connect-CalendarSharing and -Name of the credential cmdlets: the names saved in the store
    /// (the -Path already typed, else $env:CALENDARSHARING_CREDENTIAL_PATH, else the per-user folder). Reads only the
    /// file names and user names, never a password.
    /// </summary>
    public sealed class CredentialNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            CompletionText.Safely(() =>
            {
                var options = new CredentialStoreOptions();
                if (fakeBoundParameters != null && fakeBoundParameters.Contains("Path") && fakeBoundParameters["Path"] is string path && path.Length > 0)
                {
                    options.Folder = Path.GetFullPath(path);
                }

                var prefix = CompletionText.Unquote(wordToComplete);
                return new CredentialStore(options).List(out _)
                    .Where(c => c.Name.StartsWith(prefix, System.StringComparison.OrdinalIgnoreCase))
                    .Select(c => CompletionText.Result(c.Name, $"{c.Name} ({c.UserName}, {c.Protection})"));
            });
    }
}
