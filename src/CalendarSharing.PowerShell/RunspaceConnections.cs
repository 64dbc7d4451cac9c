using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using CalendarSharing.Core.Connections;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// The connections of each runspace: one <see cref="ConnectionRegistry"/> per runspace, so Connect- and
    /// Disconnect-CalendarSharing in one runspace (a ForEach-Object -Parallel block, a runbook's runspace pool) never
    /// change another's connections or default. Keyed weakly by the runspace, and closed with it.
    /// Pattern: jborean93/PSOpenAD src/PSOpenAD/GlobalState.cs (RunspaceSpecificStorage over a ConditionalWeakTable).
    /// </summary>
    internal static class RunspaceConnections
    {
        private static readonly ConditionalWeakTable<Runspace, ConnectionRegistry> Registries = new ConditionalWeakTable<Runspace, ConnectionRegistry>();

        // A host that calls a cmdlet class with no runspace on its thread (never PowerShell itself) gets one registry of its own.
        private static ConnectionRegistry? withoutRunspace;

        /// <summary>The registry of the runspace running on this thread. Call on the pipeline thread, never from the engine's workers.</summary>
        public static ConnectionRegistry Current => For(Runspace.DefaultRunspace);

        public static ConnectionRegistry For(Runspace? runspace)
        {
            if (runspace is null)
            {
                System.Threading.LazyInitializer.EnsureInitialized(ref withoutRunspace, () => new ConnectionRegistry());
                return withoutRunspace!;
            }

            return Registries.GetValue(runspace, Create);
        }

        /// <summary>Closes the connections of the runspace on this thread, if it ever had any (Remove-Module).</summary>
        public static void CloseCurrent()
        {
            var runspace = Runspace.DefaultRunspace;
            if (runspace is null)
            {
                withoutRunspace?.Clear();
            }
            else if (Registries.TryGetValue(runspace, out var registry))
            {
                registry.Clear();
            }
        }

        private static ConnectionRegistry Create(Runspace runspace)
        {
            var registry = new ConnectionRegistry();

            // The backends hold HTTP clients and tokens: release them when the runspace ends, not when it is collected.
            runspace.StateChanged += (sender, e) =>
            {
                var state = e.RunspaceStateInfo.State;
                if (state == RunspaceState.Closed || state == RunspaceState.Broken)
                {
                    registry.Clear();
                }
            };
            return registry;
        }
    }
}
