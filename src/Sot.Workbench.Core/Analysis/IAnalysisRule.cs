using Sot.Workbench.Domain;

namespace Sot.Workbench.Analysis;

/// <summary>When a rule runs. Rules of an earlier stage run first, so later rules see their suggestions.</summary>
public enum AnalysisStage
{
    /// <summary>Rules that read findings (R1–R3, R6, plugin technique rules).</summary>
    Findings = 0,
    /// <summary>Rules that combine earlier suggestions (R4, R5).</summary>
    Combination = 1,
    /// <summary>Safety rules whose suggestions override all others (R7).</summary>
    Safety = 2,
}

/// <summary>
/// An analysis rule: findings → protocol suggestions. Core registers its SOT rules through this contract and
/// plugins register theirs the same way. Rules must be pure: no storage, no clock, no I/O, no shared state.
/// </summary>
public interface IAnalysisRule
{
    /// <summary>Unique rule id (e.g. "SOT-R2").</summary>
    string Id { get; }

    /// <summary>The rule set the rule belongs to (see <see cref="RuleSets"/>). Rules of different sets are never mixed.</summary>
    string RuleSet { get; }

    /// <summary>When the rule runs.</summary>
    AnalysisStage Stage { get; }

    /// <summary>The rule's reliability and source.</summary>
    Provenance Provenance { get; }

    /// <summary>Evaluates the rule and adds any suggestions to <paramref name="context"/>.</summary>
    void Evaluate(AnalysisContext context);
}
