using Sot.Workbench.Analysis;
using Sot.Workbench.Benchmarks.Baselines;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Testing;

namespace Sot.Workbench.Core.Tests.Analysis;

/// <summary>Property-style tests over seeded Bogus visits.</summary>
public class GeneratedVisitAnalysisTests
{
    private static readonly CategoryAnalyzer Analyzer = CategoryAnalyzer.Core;

    public static TheoryData<int> Seeds() => new(Enumerable.Range(1, 25));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Analysis_never_throws_and_suggests_the_generated_category(int seed)
    {
        var fakers = new SotFakers(seed);
        for (var i = 0; i < 40; i++)
        {
            var category = fakers.RandomCategory();
            var visit = fakers.Visit(category, retest: (RetestOutcome)(i % 3));
            var result = Analyzer.Analyze(visit.ToAnalysisInput());
            Assert.Empty(result.Failures);
            var categories = result.Suggestions.Concat(result.Superseded).Where(s => s.Kind == SuggestionKind.Category).Select(s => s.Category).ToList();
            if (category is null)
            {
                Assert.Empty(categories);
            }
            else
            {
                Assert.Equal([category], categories);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Analysis_never_throws_on_random_valid_finding_sets(int seed)
    {
        var fakers = new SotFakers(seed);
        var random = new Random(seed);
        for (var i = 0; i < 40; i++)
        {
            // Shuffle, drop and mix findings of different categories and phases: any valid set must analyse.
            var pool = fakers.Visit(fakers.RandomCategory(), retest: RetestOutcome.NotEased).Findings
                .Concat(fakers.Visit(fakers.RandomCategory(), retest: RetestOutcome.Eased).Findings)
                .Where(_ => random.NextDouble() < 0.6)
                .OrderBy(_ => random.Next())
                .ToArray();
            var input = new AnalysisInput(pool) { RedFlags = random.NextDouble() < 0.1 ? ["SuspectedFracture"] : [] };
            var result = Analyzer.Analyze(input);
            Assert.Empty(result.Failures);
            Assert.All(result.Suggestions, s => Assert.All(s.Evidence, e => Assert.Contains(e, pool)));
            if (input.RedFlags.Count > 0)
            {
                Assert.All(result.Suggestions, s => Assert.Equal(SuggestionKind.StopAndRefer, s.Kind));
            }
        }
    }

    [Fact]
    public void Eased_retests_never_prompt_a_recheck_and_unchanged_ones_do()
    {
        var fakers = new SotFakers(99);
        foreach (var category in new[] { SotCategory.I, SotCategory.II, SotCategory.III })
        {
            var eased = Analyzer.Analyze(fakers.Visit(category, retest: RetestOutcome.Eased).ToAnalysisInput());
            Assert.DoesNotContain(eased.Suggestions.Concat(eased.Superseded), s => s.Kind == SuggestionKind.RecheckAfterBlocking);
            var notEased = Analyzer.Analyze(fakers.Visit(category, retest: RetestOutcome.NotEased).ToAnalysisInput());
            Assert.Contains(notEased.Suggestions.Concat(notEased.Superseded), s => s.Kind == SuggestionKind.RecheckAfterBlocking && s.Category == category);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Hand_written_baseline_returns_the_same_suggestions_as_the_analysis(int seed)
    {
        var fakers = new SotFakers(seed);
        var random = new Random(seed);
        for (var i = 0; i < 40; i++)
        {
            var visit = fakers.Visit(fakers.RandomCategory(), findingCount: 25, retest: (RetestOutcome)(i % 3));
            Finding[] findings = random.NextDouble() < 0.5
                ? [.. visit.Findings]
                : [.. visit.Findings.Concat(fakers.Visit(fakers.RandomCategory()).Findings).Where(_ => random.NextDouble() < 0.7)];
            var expected = Analyzer.Analyze(new AnalysisInput(findings)).Suggestions;
            var actual = HandWrittenAnalysis.Analyze(findings, IndicatorCatalogue.Core);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Fakers_with_the_same_seed_generate_the_same_visits()
    {
        var a = new SotFakers(1234).Visit(SotCategory.II, 25);
        var b = new SotFakers(1234).Visit(SotCategory.II, 25);
        Assert.Equal((a.Id, a.PatientId, a.ShortLegSide), (b.Id, b.PatientId, b.ShortLegSide));
        Assert.Equal(a.Findings, b.Findings);
        Assert.Equal(25, a.Findings.Count);
    }

    [Fact]
    public void Generated_patients_are_adults_and_ids_are_unique()
    {
        var fakers = new SotFakers(5);
        var patients = Enumerable.Range(0, 50).Select(_ => fakers.Patient()).ToList();
        Assert.All(patients, p => Assert.InRange(p.AgeOn(new DateOnly(2026, 1, 1)), 17, 86));
        Assert.Equal(50, patients.Select(p => p.Id).Distinct().Count());
        Assert.Equal(patients[0].Id.ToString(), patients[0].ToString());
    }

    [Fact]
    public void Every_generated_finding_validates_against_the_catalogue()
    {
        var fakers = new SotFakers(11);
        foreach (var category in new SotCategory?[] { null, SotCategory.I, SotCategory.II, SotCategory.III })
        {
            foreach (var finding in fakers.Visit(category, 30, RetestOutcome.Eased).Findings)
            {
                IndicatorCatalogue.Core.Validate(finding);
            }
        }
    }

    [Fact]
    public void Side_helpers_mirror_sides()
    {
        Assert.Equal(Side.Right, Side.Left.Opposite());
        Assert.Equal(Side.Bilateral, Side.Bilateral.Opposite());
        Assert.True(Side.Left.IsSingle());
        Assert.False(Side.None.IsSingle());
    }
}
