using Sot.Workbench.Findings;

namespace Sot.Workbench.Analysis;

/// <summary>How a SOTO response sequence reads under the public SOT description (domain reference §2.2, [S22]).</summary>
public enum SotoPattern
{
    /// <summary>No responses recorded.</summary>
    Inconclusive = 0,
    /// <summary>Pain eased on the first repeat: piriformis pattern rather than disc.</summary>
    Piriformis = 1,
    /// <summary>Same or worse first, no favourable or unfavourable pattern: disc pattern.</summary>
    Disc = 2,
    /// <summary>"Same-same-better" or "same-better-better": disc pattern favourable for Category III care.</summary>
    DiscFavourable = 3,
    /// <summary>Pain worse on the second or third repeat: suspect fragmentation, a referral trigger.</summary>
    DiscUnfavourable = 4,
}

/// <summary>Reads SOTO response sequences.</summary>
public static class SotoInterpretation
{
    /// <summary>Interprets a SOTO finding's responses.</summary>
    public static SotoPattern Of(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding.Get<SequenceValue>("responses") is { } seq ? Of(seq.Values) : SotoPattern.Inconclusive;
    }

    /// <summary>Interprets a sequence of "Same"/"Better"/"Worse" responses (1–3 repeats).</summary>
    public static SotoPattern Of(IReadOnlyList<string> responses)
    {
        ArgumentNullException.ThrowIfNull(responses);
        if (responses.Count == 0)
        {
            return SotoPattern.Inconclusive;
        }

        for (var i = 1; i < responses.Count; i++)
        {
            if (responses[i] == "Worse")
            {
                return SotoPattern.DiscUnfavourable;
            }
        }

        if (responses[0] == "Better")
        {
            return SotoPattern.Piriformis;
        }

        if (responses.Count == 3 && responses[0] == "Same" && responses[2] == "Better" && responses[1] is "Same" or "Better")
        {
            return SotoPattern.DiscFavourable;
        }

        return SotoPattern.Disc;
    }

    /// <summary>True for the disc patterns (R1 treats them as Category III indicators).</summary>
    public static bool IsDisc(SotoPattern pattern) => pattern is SotoPattern.Disc or SotoPattern.DiscFavourable or SotoPattern.DiscUnfavourable;
}
