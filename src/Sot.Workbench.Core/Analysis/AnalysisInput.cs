using Sot.Workbench.Findings;
using Sot.Workbench.Safety;

namespace Sot.Workbench.Analysis;

/// <summary>What a category analysis looks at: a visit's findings and its red-flag screen.</summary>
public sealed class AnalysisInput
{
    /// <summary>Creates an input from findings only.</summary>
    public AnalysisInput(IReadOnlyList<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        Findings = findings;
    }

    /// <summary>An input from findings and the visit's red-flag screen (its absolute red flags and referral triggers).</summary>
    public static AnalysisInput From(IReadOnlyList<Finding> findings, RedFlagScreen screen)
    {
        ArgumentNullException.ThrowIfNull(screen);
        return new AnalysisInput(findings)
        {
            RedFlags = screen.RedFlags.Select(r => r.ToString()).Order(StringComparer.Ordinal).ToArray(),
            ReferralTriggers = screen.ReferralTriggers.Select(r => r.ToString()).Order(StringComparer.Ordinal).ToArray(),
        };
    }

    /// <summary>The visit's findings (every phase).</summary>
    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>Absolute red flags from the visit's red-flag screen (codes, e.g. "CaudaEquina").</summary>
    public IReadOnlyCollection<string> RedFlags { get; init; } = [];

    /// <summary>Category III referral triggers recorded by the practitioner (codes, e.g. "Peripheralisation").</summary>
    public IReadOnlyCollection<string> ReferralTriggers { get; init; } = [];
}
