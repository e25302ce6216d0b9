using Sot.Workbench.Catalogue;
using Sot.Workbench.Plugins;

namespace Sot.Workbench.Analysis;

/// <summary>
/// Runs a named rule set over a visit's findings and returns protocol suggestions. Pure: no storage, no
/// clock. Thread-safe once built. A rule that throws is isolated and reported in <see cref="AnalysisResult.Failures"/>.
/// </summary>
public sealed class CategoryAnalyzer
{
    private static readonly Lazy<CategoryAnalyzer> CoreOnly = new(() => new CategoryAnalyzer(IndicatorCatalogue.Core, CoreRules.All));

    private readonly Dictionary<string, IAnalysisRule[]> _bySet;

    /// <summary>Builds an analyzer over <paramref name="rules"/>.</summary>
    /// <exception cref="ArgumentException">Two rules share an id, or a rule has no id or rule set.</exception>
    public CategoryAnalyzer(IndicatorCatalogue catalogue, IEnumerable<IAnalysisRule> rules, string defaultRuleSet = RuleSets.SorsiSot)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentException.ThrowIfNullOrEmpty(defaultRuleSet);
        Catalogue = catalogue;
        DefaultRuleSet = defaultRuleSet;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var lists = new Dictionary<string, List<IAnalysisRule>>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            ArgumentNullException.ThrowIfNull(rule);
            if (string.IsNullOrWhiteSpace(rule.Id) || string.IsNullOrWhiteSpace(rule.RuleSet))
            {
                throw new ArgumentException($"An analysis rule of type '{rule.GetType().FullName}' has no id or no rule set.", nameof(rules));
            }

            if (!ids.Add(rule.Id))
            {
                throw new ArgumentException($"Analysis rule id '{rule.Id}' is registered twice.", nameof(rules));
            }

            if (!lists.TryGetValue(rule.RuleSet, out var list))
            {
                lists[rule.RuleSet] = list = [];
            }

            list.Add(rule);
        }

        // Stable sort: stage first, then registration order.
        _bySet = lists.ToDictionary(p => p.Key, p => p.Value.Select((r, i) => (r, i)).OrderBy(x => x.r.Stage).ThenBy(x => x.i).Select(x => x.r).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>An analyzer with Core's catalogue and Core's SOT rules only.</summary>
    public static CategoryAnalyzer Core => CoreOnly.Value;

    /// <summary>The catalogue findings are interpreted against.</summary>
    public IndicatorCatalogue Catalogue { get; }

    /// <summary>The rule set used when none is named.</summary>
    public string DefaultRuleSet { get; }

    /// <summary>The rule sets that have rules.</summary>
    public IReadOnlyCollection<string> RuleSetIds => _bySet.Keys;

    /// <summary>The rules of <paramref name="ruleSet"/>, in the order they run.</summary>
    public IReadOnlyList<IAnalysisRule> RulesOf(string ruleSet) => _bySet.TryGetValue(ruleSet, out var rules) ? rules : [];

    /// <summary>Analyses <paramref name="input"/> with <paramref name="ruleSet"/> (default: <see cref="DefaultRuleSet"/>).</summary>
    /// <exception cref="UnknownRuleSetException">No rule belongs to the named set.</exception>
    public AnalysisResult Analyze(AnalysisInput input, string? ruleSet = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ruleSet ??= DefaultRuleSet;
        if (!_bySet.TryGetValue(ruleSet, out var rules))
        {
            throw new UnknownRuleSetException(ruleSet, _bySet.Keys);
        }

        var context = new AnalysisContext(input, Catalogue, ruleSet, rules.Length);
        List<RuleFailure>? failures = null;
        foreach (var rule in rules)
        {
            try
            {
                rule.Evaluate(context);
            }
#pragma warning disable CA1031 // a faulty (plugin) rule must not take the analysis down; the failure is reported
            catch (Exception ex)
#pragma warning restore CA1031
            {
                (failures ??= []).Add(new RuleFailure(rule.Id, ex.GetType().Name) { PluginId = (rule as IPluginContribution)?.PluginId });
            }
        }

        var all = context.SuggestionList;
        var refer = 0;
        foreach (var s in all)
        {
            if (s.Kind == SuggestionKind.StopAndRefer)
            {
                refer++;
            }
        }

        if (refer == 0 || refer == all.Count)
        {
            return new AnalysisResult(ruleSet, all, [], (IReadOnlyList<RuleFailure>?)failures ?? []);
        }

        var kept = new Suggestion[refer];
        var superseded = new Suggestion[all.Count - refer];
        int k = 0, o = 0;
        foreach (var s in all)
        {
            if (s.Kind == SuggestionKind.StopAndRefer)
            {
                kept[k++] = s;
            }
            else
            {
                superseded[o++] = s;
            }
        }

        return new AnalysisResult(ruleSet, kept, superseded, (IReadOnlyList<RuleFailure>?)failures ?? []);
    }
}

/// <summary>An analysis named a rule set that has no rules.</summary>
public sealed class UnknownRuleSetException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UnknownRuleSetException(string ruleSet, IEnumerable<string> known)
        : base($"Rule set '{ruleSet}' has no rules. Known rule sets: {string.Join(", ", known)}.")
    {
        RuleSet = ruleSet;
    }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public UnknownRuleSetException() : this("?", []) { }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public UnknownRuleSetException(string message) : base(message) { RuleSet = "?"; }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public UnknownRuleSetException(string message, Exception innerException) : base(message, innerException) { RuleSet = "?"; }

    /// <summary>The rule set named.</summary>
    public string RuleSet { get; }
}
