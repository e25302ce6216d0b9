using Sot.Workbench.Catalogue;
using Sot.Workbench.Findings;

namespace Sot.Workbench.Analysis;

/// <summary>The state of one analysis run, handed to each rule in turn.</summary>
public sealed class AnalysisContext
{
    private readonly List<Suggestion> _suggestions;

    internal AnalysisContext(AnalysisInput input, IndicatorCatalogue catalogue, string ruleSet, int ruleCount = 4)
    {
        // About one suggestion per rule at most in practice: sized so the list does not grow during an analysis.
        _suggestions = new(Math.Max(4, ruleCount));
        Input = input;
        Catalogue = catalogue;
        RuleSet = ruleSet;
    }

    /// <summary>The input analysed.</summary>
    public AnalysisInput Input { get; }

    /// <summary>The visit's findings.</summary>
    public IReadOnlyList<Finding> Findings => Input.Findings;

    /// <summary>The catalogue the findings belong to.</summary>
    public IndicatorCatalogue Catalogue { get; }

    /// <summary>The rule set being run.</summary>
    public string RuleSet { get; }

    /// <summary>The suggestions made so far (by rules of this and earlier stages).</summary>
    public IReadOnlyList<Suggestion> Suggestions => _suggestions;

    /// <summary>Adds a suggestion.</summary>
    public void Add(Suggestion suggestion)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        _suggestions.Add(suggestion);
    }

    internal List<Suggestion> SuggestionList => _suggestions;
}
