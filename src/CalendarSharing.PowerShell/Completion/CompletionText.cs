using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace CalendarSharing.PowerShell.Completion
{
    /// <summary>What every completer shares: reading the typed word, quoting what it offers, and never throwing.</summary>
    internal static class CompletionText
    {
        /// <summary>The word being completed without its quotes.</summary>
        public static string Unquote(string? word) => (word ?? string.Empty).Trim().Trim('\'', '"');

        /// <summary>The value as PowerShell must see it on the command line: single-quoted when it holds a space or a special character.</summary>
        public static string Quote(string value) =>
            value.IndexOfAny(new[] { ' ', '\t', '$', '`', '(', ')', '{', '}', ';', ',', '&', '|', '@', '#', '<', '>', '"', '\'' }) < 0 || IsPlainAddress(value)
                ? value
                : "'" + value.Replace("'", "''") + "'";

        /// <summary>An SMTP address needs no quotes: '@' in the middle of a bare word is not a splat.</summary>
        private static bool IsPlainAddress(string value) =>
            value.IndexOf('@') > 0 && value.IndexOfAny(new[] { ' ', '\t', '$', '`', '(', ')', '{', '}', ';', ',', '&', '|', '#', '<', '>', '"', '\'' }) < 0;

        public static CompletionResult Result(string value, string? toolTip = null) =>
            new CompletionResult(Quote(value), value, CompletionResultType.ParameterValue, string.IsNullOrEmpty(toolTip) ? value : toolTip!);

        /// <summary>Values that start with the typed word, ignoring case, in the order given.</summary>
        public static IEnumerable<CompletionResult> StartingWith(string? word, IEnumerable<string> values)
        {
            var prefix = Unquote(word);
            return values.Where(v => v.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).Select(v => Result(v));
        }

        /// <summary>Runs a completer; completion must never put an error in front of the user.</summary>
        public static IEnumerable<CompletionResult> Safely(Func<IEnumerable<CompletionResult>> complete)
        {
            try
            {
                return complete().ToList();
            }
            catch (Exception)
            {
                return Array.Empty<CompletionResult>();
            }
        }
    }
}
