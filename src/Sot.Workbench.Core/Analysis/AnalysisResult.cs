namespace Sot.Workbench.Analysis;

/// <summary>A rule that threw during analysis. The other rules' suggestions still stand.</summary>
/// <param name="RuleId">The failing rule.</param>
/// <param name="ExceptionType">The exception's type name (the message is not kept: it may hold data).</param>
public sealed record RuleFailure(string RuleId, string ExceptionType)
{
    /// <summary>The id of the plugin that contributed the rule; null for Core's rules.</summary>
    public string? PluginId { get; init; }
}

/// <summary>The outcome of one analysis: protocol suggestions for the practitioner to accept or override.</summary>
public sealed class AnalysisResult
{
    internal AnalysisResult(string ruleSet, IReadOnlyList<Suggestion> suggestions, IReadOnlyList<Suggestion> superseded, IReadOnlyList<RuleFailure> failures)
    {
        RuleSet = ruleSet;
        Suggestions = suggestions;
        Superseded = superseded;
        Failures = failures;
    }

    /// <summary>The rule set that produced the suggestions.</summary>
    public string RuleSet { get; }

    /// <summary>
    /// The suggestions in force. When a stop-and-refer suggestion is present it overrides everything else and
    /// is the only kind listed here (the others move to <see cref="Superseded"/>).
    /// </summary>
    public IReadOnlyList<Suggestion> Suggestions { get; }

    /// <summary>Suggestions overridden by a stop-and-refer suggestion (kept for transparency).</summary>
    public IReadOnlyList<Suggestion> Superseded { get; }

    /// <summary>Rules that threw (their suggestions are missing).</summary>
    public IReadOnlyList<RuleFailure> Failures { get; }

    /// <summary>True when a red flag or referral trigger overrides the category suggestions.</summary>
    public bool StopAndRefer => Superseded.Count > 0 || (Suggestions.Count > 0 && Suggestions[0].Kind == SuggestionKind.StopAndRefer);
}
