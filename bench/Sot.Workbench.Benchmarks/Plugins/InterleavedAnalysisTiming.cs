using Sot.Workbench.Analysis;
using Sot.Workbench.Benchmarks.Timing;

namespace Sot.Workbench.Benchmarks.Plugins;

/// <summary>
/// A guide for a shared, loaded machine (not a BenchmarkDotNet suite): the analyses of
/// <see cref="ClinicalPluginAnalysisBenchmarks"/> and <see cref="ClinicalPluginRuleBenchmarks"/> timed in alternating
/// batches in one process (see <see cref="InterleavedTimer"/>). Run with <c>--interleaved-analysis</c>.
/// </summary>
internal static class InterleavedAnalysisTiming
{
    private const int BatchSize = 5_000;
    private const int Rounds = 190;
    private const int WarmupRounds = 10;

    public static void Run()
    {
        var visit = new ClinicalPluginAnalysisBenchmarks();
        visit.Setup();
        try
        {
            var host = visit.WithPluginsAnalyzer;
            var rules = host.RulesOf(host.DefaultRuleSet);
            var core = rules.Where(r => CoreRules.All.Any(c => c.Id == r.Id)).ToArray();
            var cases = new List<(string Name, CategoryAnalyzer Analyzer)>
            {
                ("Core only (CategoryAnalyzer.Core)", CategoryAnalyzer.Core),
                ("CMRT + craniopathy + TMJ plugins (host)", host),
            };
            foreach (var rule in rules.Where(r => !core.Contains(r)))
            {
                cases.Add(("Core's rules + " + rule.Id, new CategoryAnalyzer(host.Catalogue, [.. core, rule])));
            }

            var actions = cases.Select(c => (Action)(() => c.Analyzer.Analyze(visit.Input))).ToList();
            var samples = InterleavedTimer.Run(actions, BatchSize, Rounds, WarmupRounds);
            InterleavedTimer.Report($"{Rounds} batches of {BatchSize} analyses per case", cases.Select(c => c.Name).ToList(), samples, baseline: 0, "ns", 1.0);
        }
        finally
        {
            visit.Cleanup();
        }
    }
}
