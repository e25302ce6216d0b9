using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Testing;

namespace Sot.Workbench.Core.Tests.Analysis;

/// <summary>The per-analysis index of findings by code that rules look codes up in.</summary>
public class FindingsByCodeTests
{
    public static TheoryData<int, int> Visits() => new() { { 1, 5 }, { 2, 25 }, { 3, 40 }, { 4, 70 }, { 5, 150 } };

    [Theory]
    [MemberData(nameof(Visits))]
    public void Findings_with_a_code_are_those_of_the_visit_with_that_code_in_visit_order(int seed, int findingCount)
    {
        var visit = new SotFakers(seed).Visit(SotCategory.II, findingCount);
        var probe = new ProbeRule();
        var result = new CategoryAnalyzer(IndicatorCatalogue.Core, [probe]).Analyze(visit.ToAnalysisInput());

        Assert.Empty(result.Failures);
        Assert.NotEmpty(probe.Seen);
        foreach (var (code, found) in probe.Seen)
        {
            Assert.Equal(visit.Findings.Where(f => string.Equals(f.Code, code, StringComparison.Ordinal)), found);
        }

        Assert.Equal(visit.Findings.Count, probe.Seen.Sum(s => s.Found.Count));
        Assert.Empty(probe.Unknown);
    }

    [Fact]
    public void A_code_that_differs_only_in_case_or_is_absent_finds_nothing()
    {
        var visit = new SotFakers(7).Visit(SotCategory.II, 30);
        var probe = new ProbeRule();
        new CategoryAnalyzer(IndicatorCatalogue.Core, [probe]).Analyze(visit.ToAnalysisInput());

        Assert.Empty(probe.Unknown);
        Assert.Empty(probe.Lowered);
    }

    private sealed class ProbeRule : IAnalysisRule
    {
        public List<(string Code, List<Finding> Found)> Seen { get; } = [];

        public List<Finding> Unknown { get; } = [];

        public List<Finding> Lowered { get; } = [];

        public string Id => "TEST-PROBE";

        public string RuleSet => RuleSets.SorsiSot;

        public AnalysisStage Stage => AnalysisStage.Findings;

        public Provenance Provenance => new(ReliabilityTag.Gap, "test");

        public void Evaluate(AnalysisContext context)
        {
            foreach (var code in context.Findings.Select(f => f.Code).Distinct(StringComparer.Ordinal))
            {
                Seen.Add((code, context.FindingsWithCode(code).ToArray().ToList()));
                if (!string.Equals(code, code.ToLowerInvariant(), StringComparison.Ordinal))
                {
                    Lowered.AddRange(context.FindingsWithCode(code.ToLowerInvariant()).ToArray());
                }
            }

            Unknown.AddRange(context.FindingsWithCode("NO-SUCH-CODE").ToArray());
            Unknown.AddRange(context.FindingsWithCode(string.Empty).ToArray());
        }
    }
}
