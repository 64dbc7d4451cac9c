using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Remoting;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// Runs the engine's Exchange cmdlet invocations through the admin's Exchange Management Shell session
    /// (New-PSSession -ConfigurationName Microsoft.Exchange). Exchange's remote endpoint runs in no-language mode,
    /// where a script block (Invoke-Command -ScriptBlock { … }) is refused; so, as Invoke-Command does under the
    /// hood, a System.Management.Automation.PowerShell on the session's runspace sends the command with its
    /// parameters (multi-value edits as a hashtable with Add/Remove). One command at a time: a remote runspace
    /// runs one pipeline.
    /// </summary>
    internal sealed class ExchangeSessionExecutor : IExchangeCommandExecutor, IDisposable
    {
        private readonly PSSession session;
        private readonly SemaphoreSlim gate = new SemaphoreSlim(1, 1);

        public ExchangeSessionExecutor(PSSession session)
        {
            this.session = session ?? throw new ArgumentNullException(nameof(session));
        }

        public ExchangeFlavor Flavor => ExchangeFlavor.OnPremises;

        public async Task<ExchangeCommandResult> InvokeAsync(ExchangeCommand command, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using (var ps = System.Management.Automation.PowerShell.Create())
                {
                    ps.Runspace = session.Runspace;
                    ps.AddCommand(command.Name);
                    foreach (var p in command.Parameters)
                    {
                        ps.AddParameter(p.Key, ToPowerShell(p.Value));
                    }

                    PSDataCollection<PSObject> output;
                    using (cancellationToken.Register(() => Stop(ps)))
                    {
                        try
                        {
                            output = await Task.Factory.FromAsync(ps.BeginInvoke(), ps.EndInvoke).ConfigureAwait(false);
                        }
                        catch (PSRemotingTransportException ex)
                        {
                            throw new BackendException(new BackendError(BackendErrorCode.Connection, Texts.Format(nameof(Texts.Error_ExchangeSessionFailed), command.Name, session.ComputerName, ex.Message)), ex);
                        }
                        catch (RuntimeException ex)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            throw new BackendException(Classify(command, ex.ErrorRecord?.CategoryInfo?.Reason, ex.Message, ex.ErrorRecord?.CategoryInfo?.Category), ex);
                        }
                    }

                    cancellationToken.ThrowIfCancellationRequested();
                    var error = ps.Streams.Error.FirstOrDefault();
                    if (error != null)
                    {
                        throw new BackendException(Classify(command, error.CategoryInfo?.Reason, error.Exception?.Message ?? error.ToString(), error.CategoryInfo?.Category), error.Exception);
                    }

                    var objects = output.Select(ToBag).ToList();
                    var warnings = ps.Streams.Warning.Select(w => w.Message).ToList();
                    return new ExchangeCommandResult(objects, warnings);
                }
            }
            finally
            {
                gate.Release();
            }
        }

        public void Dispose() => gate.Dispose();

        /// <summary>The engine's values as the cmdlet expects them: string[], bool, and @{Add=…; Remove=…}.</summary>
        internal static object ToPowerShell(object value)
        {
            switch (value)
            {
                case IReadOnlyList<string> list:
                    return list.ToArray();
                case ExchangeMultiValueEdit edit:
                    var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
                    if (edit.Add.Count > 0)
                    {
                        table["Add"] = edit.Add.ToArray();
                    }

                    if (edit.Remove.Count > 0)
                    {
                        table["Remove"] = edit.Remove.ToArray();
                    }

                    return table;
                default:
                    return value;
            }
        }

        private static IReadOnlyDictionary<string, object?> ToBag(PSObject o)
        {
            var bag = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            if (o == null)
            {
                return bag;
            }

            foreach (var p in o.Properties)
            {
                object? v;
                try
                {
                    v = p.Value;
                }
                catch (GetValueException)
                {
                    continue;
                }

                bag[p.Name] = ToValue(v);
            }

            return bag;
        }

        private static object? ToValue(object? v)
        {
            if (v is PSObject pso)
            {
                v = pso.BaseObject;
            }

            switch (v)
            {
                case null:
                    return null;
                case bool b:
                    return b;
                case string s:
                    return s;
                case IEnumerable many:
                    return many.Cast<object?>().Select(x => (x is PSObject p ? p.BaseObject : x)?.ToString() ?? string.Empty).ToList().AsReadOnly();
                default:
                    return v.ToString();
            }
        }

        private static BackendError Classify(ExchangeCommand command, string? reason, string message, ErrorCategory? category)
        {
            var r = reason ?? string.Empty;
            BackendErrorCode code;
            if (r.IndexOf("NotFound", StringComparison.OrdinalIgnoreCase) >= 0 || category == ErrorCategory.ObjectNotFound)
            {
                code = message.IndexOf("User or group", StringComparison.OrdinalIgnoreCase) >= 0 || message.StartsWith("Couldn't find object", StringComparison.OrdinalIgnoreCase)
                    ? BackendErrorCode.PrincipalNotFound
                    : BackendErrorCode.MailboxNotFound;
            }
            else if (r.IndexOf("AccessDenied", StringComparison.OrdinalIgnoreCase) >= 0 || category == ErrorCategory.PermissionDenied)
            {
                code = BackendErrorCode.AccessDenied;
            }
            else if (r.IndexOf("ParameterBinding", StringComparison.OrdinalIgnoreCase) >= 0 || r.IndexOf("CommandNotFound", StringComparison.OrdinalIgnoreCase) >= 0 || category == ErrorCategory.InvalidArgument)
            {
                code = BackendErrorCode.InvalidInput;
            }
            else if (r.IndexOf("Transient", StringComparison.OrdinalIgnoreCase) >= 0 || r.IndexOf("Overloaded", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                code = BackendErrorCode.Transient;
            }
            else
            {
                code = BackendErrorCode.ServerFault;
            }

            return new BackendError(code, $"{command.Name}: {message}", r.Length == 0 ? null : r);
        }

        private static void Stop(System.Management.Automation.PowerShell ps)
        {
            try
            {
                ps.BeginStop(null, null);
            }
            catch (InvalidOperationException)
            {
                // Already finished.
            }
        }
    }
}
