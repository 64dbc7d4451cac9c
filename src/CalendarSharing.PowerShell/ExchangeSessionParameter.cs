using System;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using CalendarSharing.Core.Commands;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// -ExchangeSession on a cmdlet that also needs its connection (Get-CalendarAccessReport, Test-CalendarSharing): the
    /// session checked once in BeginProcessing (the same terminating error the session cmdlets give for a broken or busy
    /// one), and its executor made on first use and disposed with the cmdlet.
    /// </summary>
    internal sealed class ExchangeSessionParameter : IDisposable
    {
        private ExchangeSessionExecutor? executor;

        /// <summary>A terminating error when <paramref name="session"/> is given and not available.</summary>
        public static void Check(Cmdlet cmdlet, PSSession? session)
        {
            if (session != null && session.Availability != RunspaceAvailability.Available)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.From(ErrorCatalog.ExchangeSessionNotAvailable(
                    session, session.Name, session.ComputerName, session.Availability.ToString())));
            }
        }

        /// <summary>The executor over <paramref name="session"/>, or null without one.</summary>
        public ExchangeSessionExecutor? ExecutorFor(PSSession? session)
        {
            if (session == null)
            {
                return null;
            }

            executor ??= new ExchangeSessionExecutor(session);
            return executor;
        }

        /// <summary>Where the session's sharing policies are read, for output.</summary>
        public static string? NameOf(PSSession? session) => session == null ? null : "Exchange session " + session.ComputerName;

        public void Dispose()
        {
            executor?.Dispose();
            executor = null;
        }
    }
}
