using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace CalendarSharing.Core.Delegation
{
    /// <summary>Which Exchange runs the cmdlets: on-premises (Exchange Management Shell) or Exchange Online (admin REST).</summary>
    public enum ExchangeFlavor
    {
        OnPremises,
        Online,
    }

    /// <summary>
    /// One Exchange cmdlet invocation as data: the cmdlet name and its parameters in order. Values are a string,
    /// a bool (switches and booleans), a list of strings (multi-valued), or an <see cref="ExchangeMultiValueEdit"/>
    /// (the @{Add=…; Remove=…} form that edits a multi-valued property without overwriting it).
    /// </summary>
    public sealed class ExchangeCommand
    {
        private readonly List<KeyValuePair<string, object>> parameters = new List<KeyValuePair<string, object>>();

        public ExchangeCommand(string name)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
        }

        public string Name { get; }

        public IReadOnlyList<KeyValuePair<string, object>> Parameters => parameters;

        public ExchangeCommand With(string name, object value)
        {
            if (value is IEnumerable<string> many && !(value is string))
            {
                value = many.ToList().AsReadOnly();
            }

            parameters.Add(new KeyValuePair<string, object>(name, value));
            return this;
        }

        public object? this[string name] => parameters.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

        /// <summary>As an admin would type it: Set-Mailbox -Identity 'a@contoso.com' -GrantSendOnBehalfTo @{Add='b@contoso.com'}</summary>
        public override string ToString()
        {
            var text = new StringBuilder(Name);
            foreach (var p in parameters)
            {
                text.Append(" -").Append(p.Key);
                if (p.Value is bool b)
                {
                    text.Append(":$").Append(b ? "true" : "false");
                }
                else
                {
                    text.Append(' ').Append(Format(p.Value));
                }
            }

            return text.ToString();
        }

        private static string Format(object value)
        {
            switch (value)
            {
                case string s:
                    return Quote(s);
                case IReadOnlyList<string> list:
                    return string.Join(",", list.Select(Quote));
                case ExchangeMultiValueEdit edit:
                    var parts = new List<string>();
                    if (edit.Add.Count > 0)
                    {
                        parts.Add("Add=" + string.Join(",", edit.Add.Select(Quote)));
                    }

                    if (edit.Remove.Count > 0)
                    {
                        parts.Add("Remove=" + string.Join(",", edit.Remove.Select(Quote)));
                    }

                    return "@{" + string.Join("; ", parts) + "}";
                default:
                    return Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
            }
        }

        private static string Quote(string s) => "'" + s.Replace("'", "''") + "'";
    }

    /// <summary>@{Add=…; Remove=…}: adds and removes values of a multi-valued property, keeping every other value.</summary>
    public sealed class ExchangeMultiValueEdit
    {
        public ExchangeMultiValueEdit(IEnumerable<string>? add, IEnumerable<string>? remove)
        {
            Add = (add ?? Array.Empty<string>()).ToList();
            Remove = (remove ?? Array.Empty<string>()).ToList();
        }

        public IReadOnlyList<string> Add { get; }

        public IReadOnlyList<string> Remove { get; }
    }

    /// <summary>
    /// What a cmdlet returned: its objects as property bags (string, bool, number or a list of strings per
    /// property; null when empty) and its warnings.
    /// </summary>
    public sealed class ExchangeCommandResult
    {
        public ExchangeCommandResult(IReadOnlyList<IReadOnlyDictionary<string, object?>> objects, IReadOnlyList<string> warnings)
        {
            Objects = objects;
            Warnings = warnings;
        }

        public IReadOnlyList<IReadOnlyDictionary<string, object?>> Objects { get; }

        public IReadOnlyList<string> Warnings { get; }

        /// <summary>Exchange's "completed successfully but no settings of '…' have been modified" warning.</summary>
        public bool NothingModified => Warnings.Any(w => w.IndexOf("no settings of", StringComparison.OrdinalIgnoreCase) >= 0 && w.IndexOf("have been modified", StringComparison.OrdinalIgnoreCase) >= 0);
    }

    /// <summary>
    /// Runs Exchange cmdlets: through the admin's Exchange Management Shell session (PowerShell layer) or the
    /// Exchange Online admin REST API (CalendarSharing.Online). A cmdlet that fails throws BackendException
    /// with the server's message (ObjectNotFound → MailboxNotFound or PrincipalNotFound, and so on).
    /// </summary>
    public interface IExchangeCommandExecutor
    {
        ExchangeFlavor Flavor { get; }

        Task<ExchangeCommandResult> InvokeAsync(ExchangeCommand command, CancellationToken cancellationToken);
    }
}
