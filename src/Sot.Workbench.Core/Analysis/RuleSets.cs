namespace Sot.Workbench.Analysis;

/// <summary>A named set of analysis rules. Sets are never mixed: one analysis runs exactly one set.</summary>
/// <param name="Id">The set's id.</param>
/// <param name="Name">Display name.</param>
/// <param name="Description">What the set follows.</param>
public sealed record RuleSetDefinition(string Id, string Name, string Description);

/// <summary>Well-known rule sets.</summary>
public static class RuleSets
{
    /// <summary>The SORSI-style SOT rules of the domain reference §2.4 (R1–R7): the default.</summary>
    public const string SorsiSot = "SORSI-SOT";

    /// <summary>The definition of <see cref="SorsiSot"/>.</summary>
    public static RuleSetDefinition SorsiSotDefinition { get; } = new(SorsiSot, "SOT (SORSI-style, public sources)",
        "Category suggestions R1–R7 as far as public SOT sources allow. Applied Kinesiology's redefined categories are a different set and are never mixed in.");
}
