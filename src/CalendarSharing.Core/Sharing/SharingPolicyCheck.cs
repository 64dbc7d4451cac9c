using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Output;
using CalendarSharing.Core.Permissions;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Sharing
{
    /// <summary>
    /// The sharing-policy step of Set-CalendarShare: each row that grants a role (not None) to a principal outside
    /// the organisation is evaluated; a row beyond the policy is refused (and taken out of <c>rows</c>), an allowed one
    /// keeps its verdict for -WhatIf and -Confirm. Rows for people inside the organisation, Default and Anonymous are
    /// never checked. When the policy cannot be read the row goes on with a warning: the server still enforces it.
    /// </summary>
    public static class SharingPolicyCheck
    {
        public static async Task<Dictionary<T, SharingVerdict>?> RunAsync<T>(
            SharingPolicyGate? gate,
            List<T> rows,
            Func<T, (string Mailbox, Principal Principal, CalendarRole Role)> describe,
            Action<T, SharingVerdict> refuse,
            IOutputSink sink,
            CancellationToken cancellationToken)
            where T : class
        {
            if (gate == null)
            {
                return null;
            }

            var verdicts = new Dictionary<T, SharingVerdict>();
            foreach (var row in rows.ToList())
            {
                var (mailbox, principal, role) = describe(row);
                if (principal.Kind != PrincipalKind.External || principal.Address == null || role == CalendarRole.None)
                {
                    continue;
                }

                SharingVerdict verdict;
                try
                {
                    verdict = await gate.EvaluateAsync(mailbox, principal.Address, role, cancellationToken).ConfigureAwait(false);
                }
                catch (BackendException ex)
                {
                    sink.WriteWarning(Texts.Format(nameof(Texts.Warning_SharingPolicyUnchecked), mailbox, ex.Error.Message));
                    continue;
                }

                if (verdict.Allowed)
                {
                    verdicts[row] = verdict;
                }
                else
                {
                    refuse(row, verdict);
                    rows.Remove(row);
                }
            }

            return verdicts;
        }
    }
}
