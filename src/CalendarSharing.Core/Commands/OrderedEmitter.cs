using System;
using System.Collections.Generic;

namespace CalendarSharing.Core.Commands
{
    /// <summary>
    /// Batches finish in any order; output should follow the input. Each batch hands in its writes
    /// when done, and they are released as soon as every earlier batch has been released.
    /// </summary>
    internal sealed class OrderedEmitter
    {
        private readonly object gate = new object();
        private readonly List<Action>?[] pending;
        private int next;

        public OrderedEmitter(int count)
        {
            pending = new List<Action>?[count];
        }

        public void Complete(int index, List<Action> writes)
        {
            lock (gate)
            {
                pending[index] = writes;
                while (next < pending.Length && pending[next] != null)
                {
                    foreach (var write in pending[next]!)
                    {
                        write();
                    }

                    pending[next] = null;
                    next++;
                }
            }
        }
    }
}
