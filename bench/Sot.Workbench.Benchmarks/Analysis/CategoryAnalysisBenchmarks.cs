using BenchmarkDotNet.Attributes;
using Sot.Workbench.Analysis;
using Sot.Workbench.Benchmarks.Baselines;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Testing;

namespace Sot.Workbench.Benchmarks.Analysis;

/// <summary>
/// Category analysis of a visit with 25 findings (issue budget: ≤ 1 µs and ≤ 1 KB per analysis, and within 5× of
/// the hand-written one-pass baseline in the same run). Run with: --filter '*CategoryAnalysis*'.
/// </summary>
[MemoryDiagnoser]
public class CategoryAnalysisBenchmarks
{
    private AnalysisInput _input = null!;
    private Finding[] _findings = null!;
    private readonly CategoryAnalyzer _analyzer = CategoryAnalyzer.Core;

    /// <summary>The category the generated visit is consistent with (the number of suggestions differs).</summary>
    [Params("II", "III+II")]
    public string Visit { get; set; } = "II";

    [GlobalSetup]
    public void Setup()
    {
        var fakers = new SotFakers(2026);
        var visit = Visit == "II" ? fakers.Visit(SotCategory.II, findingCount: 25) : Mixed(fakers);
        _findings = [.. visit.Findings];
        if (_findings.Length != 25)
        {
            throw new InvalidOperationException($"Expected 25 findings, got {_findings.Length}.");
        }

        _input = new AnalysisInput(_findings);
    }

    private static GeneratedVisit Mixed(SotFakers fakers)
    {
        // A Category III visit whose arm-fossa test is also positive: R1, R2, R4 and R5 all fire.
        var visit = fakers.Visit(SotCategory.III, findingCount: 25);
        var findings = visit.Findings.Select(f => f.Code == IndicatorCodes.ArmFossa && f.Side == Side.Left
            ? IndicatorCatalogue.Core.CreateFinding(f.Code, f.Position, f.Side, f.Phase, new EnumValue("result", "PositiveUpperFossa"))
            : f).ToArray();
        return visit with { Findings = findings };
    }

    [Benchmark(Baseline = true, Description = "Hand-written one pass")]
    public int HandWritten() => HandWrittenAnalysis.Analyze(_findings, IndicatorCatalogue.Core).Count;

    [Benchmark(Description = "CategoryAnalyzer (rule registry)")]
    public int Analyzer() => _analyzer.Analyze(_input).Suggestions.Count;
}
