using BenchmarkDotNet.Attributes;
using Sot.Workbench.Analysis;

namespace Sot.Workbench.Benchmarks.Plugins;

/// <summary>
/// What each plugin rule adds to the analysis of the same 40-finding visit as <see cref="ClinicalPluginAnalysisBenchmarks"/>:
/// Core's rules plus one plugin rule, taken from the host's analyzer as the host wraps it, against Core's rules alone
/// (the host's catalogue). Build the plugins first (see <see cref="ClinicalPluginAnalysisBenchmarks"/>), then run
/// <c>--filter '*ClinicalPluginRule*'</c>.
/// </summary>
[MemoryDiagnoser]
public class ClinicalPluginRuleBenchmarks
{
    private readonly ClinicalPluginAnalysisBenchmarks _visit = new();
    private CategoryAnalyzer _core = null!;
    private CategoryAnalyzer _withRule = null!;

    /// <summary>The plugin rule added to Core's rules.</summary>
    [Params("CMRT-R1", "CMRT-R2", "TMJ-R1", "TMJ-R2")]
    public string Rule { get; set; } = "CMRT-R1";

    [GlobalSetup]
    public void Setup()
    {
        _visit.Setup();
        var host = _visit.WithPluginsAnalyzer;
        var rules = host.RulesOf(host.DefaultRuleSet);
        var core = rules.Where(r => CoreRules.All.Any(c => c.Id == r.Id)).ToArray();
        _core = new CategoryAnalyzer(host.Catalogue, core);
        _withRule = new CategoryAnalyzer(host.Catalogue, [.. core, rules.Single(r => r.Id == Rule)]);
        if (_withRule.Analyze(_visit.Input).Suggestions.Count <= _core.Analyze(_visit.Input).Suggestions.Count)
        {
            throw new InvalidOperationException($"{Rule} must fire on the benchmark visit.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _visit.Cleanup();

    [Benchmark(Baseline = true, Description = "Core's rules")]
    public int CoreRulesOnly() => _core.Analyze(_visit.Input).Suggestions.Count;

    [Benchmark(Description = "Core's rules + the plugin rule")]
    public int CoreRulesAndOne() => _withRule.Analyze(_visit.Input).Suggestions.Count;
}
