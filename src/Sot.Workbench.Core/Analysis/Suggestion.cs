using Sot.Workbench.Domain;
using Sot.Workbench.Findings;

namespace Sot.Workbench.Analysis;

/// <summary>What a protocol suggestion proposes.</summary>
public enum SuggestionKind
{
    /// <summary>The findings are consistent with an SOT category (a suggestion, never a diagnosis).</summary>
    Category = 0,
    /// <summary>The protocol suggests addressing one category before another (R4).</summary>
    TreatFirst = 1,
    /// <summary>More than one category is suggested; the practitioner records a primary and secondaries (R5).</summary>
    CoexistingCategories = 2,
    /// <summary>Verification indicators did not ease on blocks: reposition, re-check leg length, consider an anatomical short leg (R6).</summary>
    RecheckAfterBlocking = 3,
    /// <summary>An anatomical short leg is recorded: the heel-lift rule may apply, with the practitioner's confirmation (§1.5).</summary>
    HeelLiftConsideration = 4,
    /// <summary>A red flag or referral trigger is present: stop and refer. Overrides every other suggestion (R7).</summary>
    StopAndRefer = 5,
    /// <summary>A technique-specific suggestion contributed by a plugin (e.g. CMRT at a level).</summary>
    Technique = 6,
}

/// <summary>
/// A protocol suggestion produced by an analysis rule: what the SOT protocol suggests given the recorded
/// findings, with the findings it rests on, a rationale and the rule's reliability. It is never a diagnosis
/// and never a statement about the effect of treatment; the practitioner decides.
/// </summary>
/// <param name="RuleId">The rule that produced it.</param>
/// <param name="Kind">What it proposes.</param>
/// <param name="Rationale">Why, in protocol terms (no patient data).</param>
/// <param name="Provenance">The rule's reliability and source.</param>
public sealed record Suggestion(string RuleId, SuggestionKind Kind, string Rationale, Provenance Provenance)
{
    /// <summary>The label every suggestion is shown with.</summary>
    public const string DisplayLabel = "Protocol suggestion";

    /// <summary>The category concerned (for <see cref="SuggestionKind.TreatFirst"/>: the one to address first), if any.</summary>
    public SotCategory? Category { get; init; }

    /// <summary>For <see cref="SuggestionKind.TreatFirst"/>: the category to re-evaluate afterwards.</summary>
    public SotCategory? Then { get; init; }

    /// <summary>For <see cref="SuggestionKind.CoexistingCategories"/>: every category suggested, in protocol order.</summary>
    public IReadOnlyList<SotCategory> Categories { get; init; } = [];

    /// <summary>The side where the findings give one.</summary>
    public Side Side { get; init; }

    /// <summary>The findings the suggestion rests on.</summary>
    public IReadOnlyList<Finding> Evidence { get; init; } = [];

    /// <summary>An amount where the suggestion has one (heel-lift height, in the unit the leg length was entered).</summary>
    public Length? Amount { get; init; }

    /// <summary>Extra protocol detail (e.g. a spinal level for a technique suggestion); no patient data.</summary>
    public string? Detail { get; init; }

    /// <summary>Always <see cref="DisplayLabel"/> (an instance member so serialisers and UIs show it with each suggestion).</summary>
#pragma warning disable CA1822
    public string Label => DisplayLabel;
#pragma warning restore CA1822

    /// <inheritdoc />
    public bool Equals(Suggestion? other) =>
        other is not null && RuleId == other.RuleId && Kind == other.Kind && Rationale == other.Rationale
        && Provenance == other.Provenance && Category == other.Category && Then == other.Then && Side == other.Side
        && Amount == other.Amount && Detail == other.Detail
        && Categories.SequenceEqual(other.Categories) && Evidence.SequenceEqual(other.Evidence);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(RuleId, Kind, Category, Side);
}
