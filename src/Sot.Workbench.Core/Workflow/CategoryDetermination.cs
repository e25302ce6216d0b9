using Sot.Workbench.Analysis;
using Sot.Workbench.Domain;

namespace Sot.Workbench.Workflow;

/// <summary>Where a category determination comes from.</summary>
public enum CategorySource
{
    /// <summary>The practitioner accepted the category analysis' protocol suggestions.</summary>
    AcceptedSuggestion = 0,
    /// <summary>The practitioner's own choice, with a rationale.</summary>
    PractitionerChoice = 1,
}

/// <summary>
/// The practitioner's category determination: a primary category plus secondary ones. The software only
/// suggests; this record is the practitioner's decision.
/// </summary>
/// <param name="Primary">The primary category.</param>
/// <param name="Secondary">Secondary (co-existing) categories.</param>
/// <param name="Source">Where it comes from.</param>
/// <param name="Rationale">The practitioner's rationale (required for an own choice; record content).</param>
public sealed record CategoryDetermination(SotCategory Primary, IReadOnlyList<SotCategory> Secondary, CategorySource Source, string? Rationale)
{
    /// <summary>The rule ids of the suggestions accepted (empty for an own choice).</summary>
    public IReadOnlyList<string> SuggestionRuleIds { get; init; } = [];

    /// <summary>
    /// Accepts the analysis' suggestions: the first category suggested (for a treat-first suggestion, the
    /// category to address first) is primary; any other suggested categories are secondary.
    /// </summary>
    /// <exception cref="ArgumentException">No suggestion names a category (or a stop-and-refer suggestion is in force).</exception>
    public static CategoryDetermination FromSuggestions(AnalysisResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.StopAndRefer)
        {
            throw new ArgumentException("A stop-and-refer suggestion is in force; no category can be accepted from this analysis.", nameof(result));
        }

        var ordered = new List<SotCategory>();
        var ruleIds = new List<string>();
        foreach (var s in result.Suggestions.OrderBy(s => s.Kind == SuggestionKind.TreatFirst ? 0 : 1))
        {
            var any = false;
            foreach (var c in s.Category is { } cat ? [cat, .. s.Categories] : s.Categories)
            {
                any = true;
                if (!ordered.Contains(c))
                {
                    ordered.Add(c);
                }
            }

            if (any && !ruleIds.Contains(s.RuleId))
            {
                ruleIds.Add(s.RuleId);
            }
        }

        if (ordered.Count == 0)
        {
            throw new ArgumentException("The analysis suggests no category.", nameof(result));
        }

        return new CategoryDetermination(ordered[0], ordered.Skip(1).ToArray(), CategorySource.AcceptedSuggestion, null)
        {
            SuggestionRuleIds = ruleIds,
        };
    }

    /// <summary>The practitioner's own choice, with a rationale.</summary>
    public static CategoryDetermination PractitionersChoice(SotCategory primary, IReadOnlyList<SotCategory> secondary, string rationale) =>
        new(primary, secondary ?? [], CategorySource.PractitionerChoice, rationale);

    /// <summary>True when an own choice carries a rationale (accepted suggestions carry the rules' rationale).</summary>
    public bool HasRequiredRationale => Source == CategorySource.AcceptedSuggestion || !string.IsNullOrWhiteSpace(Rationale);
}
