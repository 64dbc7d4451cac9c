using System.Collections.Generic;
using System.Linq;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Sharing
{
    /// <summary>
    /// The baseline checks of Test-ExternalCalendarSharing, pure functions of the policies read.
    /// <list type="bullet">
    /// <item>CISA SCuBA MS.EXO.6.2v1, "Calendar details SHALL NOT be shared with all domains"
    /// (https://github.com/cisagov/ScubaGear/blob/main/baselines/exo.md): fails when any sharing policy has a * entry with
    /// a calendar action, whatever its level and whether or not the policy is enabled, as ScubaGear's own rule does
    /// (cisagov/ScubaGear PowerShell/ScubaGear/Rego/EXOConfig.rego, SharingPolicyCalendarAllowedAllDomains).</item>
    /// <item>CIS Microsoft 365 Foundations 1.3.3, "Ensure external sharing of calendars is not available": its audit reads
    /// Get-SharingPolicy -Identity "Default Sharing Policy" and passes when Enabled is False. The default policy is
    /// found by its Default flag, not its name (the name is localised, e.g. Standardfreigaberichtlinie).</item>
    /// </list>
    /// </summary>
    public static class SharingBaselines
    {
        public const string ScubaId = "MS.EXO.6.2v1";
        public const string CisId = "1.3.3";

        public static IReadOnlyList<ExternalSharingCheck> Evaluate(IReadOnlyList<CalendarSharingPolicy> policies) =>
            new[] { Scuba(policies), Cis(policies) };

        public static ExternalSharingCheck Scuba(IReadOnlyList<CalendarSharingPolicy> policies)
        {
            var findings = policies
                .SelectMany(p => p.Domains.Where(d => d.Domain == SharingPolicyDomains.AllFederated && d.DetailLevel != CalendarRole.None).Select(d => p.Name + ": " + d))
                .ToList();
            var evidence = findings.Count == 0
                ? Texts.Format(nameof(Texts.Baseline_Scuba_Pass), policies.Count)
                : Texts.Format(nameof(Texts.Baseline_Scuba_Fail), string.Join("; ", findings));
            return new ExternalSharingCheck(ScubaId, "CISA SCuBA", Texts.Baseline_Scuba_Title, findings.Count == 0 ? BaselineStatus.Pass : BaselineStatus.Fail, evidence)
            {
                Findings = findings,
            };
        }

        public static ExternalSharingCheck Cis(IReadOnlyList<CalendarSharingPolicy> policies)
        {
            var policy = policies.FirstOrDefault(p => p.IsDefault);
            if (policy == null)
            {
                return new ExternalSharingCheck(CisId, "CIS Microsoft 365", Texts.Baseline_Cis_Title, BaselineStatus.Pass, Texts.Baseline_Cis_NoDefault);
            }

            var calendar = policy.Domains.Where(d => d.DetailLevel != CalendarRole.None).Select(d => d.ToString()).ToList();
            return policy.Enabled
                ? new ExternalSharingCheck(CisId, "CIS Microsoft 365", Texts.Baseline_Cis_Title, BaselineStatus.Fail, Texts.Format(nameof(Texts.Baseline_Cis_Fail), policy.Name, calendar.Count == 0 ? "-" : string.Join("; ", calendar))) { Findings = calendar }
                : new ExternalSharingCheck(CisId, "CIS Microsoft 365", Texts.Baseline_Cis_Title, BaselineStatus.Pass, Texts.Format(nameof(Texts.Baseline_Cis_Pass), policy.Name));
        }
    }
}
