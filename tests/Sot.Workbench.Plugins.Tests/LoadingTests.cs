using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Hosting;
using Sot.Workbench.Procedures;
using Sot.Workbench.Testing;

namespace Sot.Workbench.Plugins.Tests;

/// <summary>The three clinical plugins loaded from their build folders through the real host.</summary>
public sealed class LoadingTests
{
    private static readonly Dictionary<string, (string Prefix, Subsystem Subsystem)> Expected = new()
    {
        [Clinical.Cmrt] = ("CMRT-", Subsystem.Cmrt),
        [Clinical.Craniopathy] = ("CRAN-", Subsystem.Craniopathy),
        [Clinical.Tmj] = ("TMJ-", Subsystem.Tmj),
    };

    [Fact]
    public async Task All_three_plugins_load_and_contribute_prefixed_indicators_rules_and_procedures()
    {
        using var folder = new ClinicFolder();
        await using var host = await ClinicHost.StartAsync(folder, Clinical.All);

        foreach (var (id, (prefix, subsystem)) in Expected)
        {
            Assert.Equal(PluginStatus.Active, host.Plugin(id).Status);
            var indicators = host.Indicators.All.Where(d => host.Indicators.SourceOf(d.Code) == id).ToList();
            Assert.NotEmpty(indicators);
            Assert.All(indicators, d =>
            {
                Assert.StartsWith(prefix, d.Code, StringComparison.Ordinal);
                Assert.Equal(subsystem, d.Subsystem);
                Assert.False(string.IsNullOrWhiteSpace(d.Provenance.Source));
            });
            Assert.Contains(host.Procedures.All, p => p.Kind.StartsWith(prefix, StringComparison.Ordinal));
        }

        Assert.Equal(["CMRT-OCC-FIB", "CMRT-TS-POINT", "CMRT-VERT-TENDER", "CMRT-ORGAN-SYMPTOM"], CodesOf(host, Clinical.Cmrt));
        Assert.Equal(["CRAN-BONE", "CRAN-SUTURE", "CRAN-SBS", "CRAN-TEMPORAL", "CRAN-OCC-SLIP", "CRAN-ZYGO-ROM", "CRAN-HEAD-MEASURE"], CodesOf(host, Clinical.Craniopathy));
        Assert.Equal(["TMJ-MEASURE", "TMJ-PATH", "TMJ-SOUND", "TMJ-MUSCLE", "TMJ-LOADING"], CodesOf(host, Clinical.Tmj));

        // Core's contributions are all still there, through the same contracts.
        Assert.All(CoreIndicators.Definitions, d => Assert.Equal(CoreIndicators.Name, host.Indicators.SourceOf(d.Code)));
        Assert.Contains(host.Procedures.All, p => p.Kind == ProcedureKinds.Blocking);
        var rules = host.Analyzer.RulesOf(RuleSets.SorsiSot).Select(r => r.Id).ToList();
        Assert.All(CoreRules.All, r => Assert.Contains(r.Id, rules));
        Assert.Equal(CoreRules.All.Count + 4, rules.Count);
        Assert.Superset(new HashSet<string> { "CMRT-R1", "CMRT-R2", "TMJ-R1", "TMJ-R2" }, rules.ToHashSet());
    }

    [Theory]
    [InlineData(Clinical.Cmrt)]
    [InlineData(Clinical.Craniopathy)]
    [InlineData(Clinical.Tmj)]
    public async Task Clinic_enabling_one_plugin_keeps_core_and_loses_nothing_else(string only)
    {
        using var folder = new ClinicFolder();
        await using var host = await ClinicHost.StartAsync(folder, only);

        Assert.Equal(PluginStatus.Active, host.Plugin(only).Status);
        Assert.All(Clinical.All.Where(id => id != only), id => Assert.Equal(PluginStatus.Disabled, host.Plugin(id).Status));
        var prefix = Expected[only].Prefix;
        Assert.All(host.Indicators.All, d => Assert.True(
            host.Indicators.SourceOf(d.Code) == CoreIndicators.Name || d.Code.StartsWith(prefix, StringComparison.Ordinal), d.Code));
        Assert.All(CoreIndicators.Definitions, d => Assert.True(host.Indicators.Contains(d.Code)));
        Assert.All(host.Procedures.All, p => Assert.True(p.Kind == ProcedureKinds.Blocking || p.Kind.StartsWith(prefix, StringComparison.Ordinal), p.Kind));

        // Core analysis of generated visits is exactly what Core alone gives.
        var fakers = new SotFakers(505);
        for (var i = 0; i < 20; i++)
        {
            var visit = fakers.Visit(fakers.RandomCategory());
            var alone = CategoryAnalyzer.Core.Analyze(visit.ToAnalysisInput());
            var hosted = host.Analyzer.Analyze(visit.ToAnalysisInput());
            Assert.Equal(alone.Suggestions, hosted.Suggestions.Where(s => CoreRuleIds.Contains(s.RuleId)));
            Assert.Equal(alone.Superseded, hosted.Superseded.Where(s => CoreRuleIds.Contains(s.RuleId)));
            Assert.Empty(hosted.Failures);
        }
    }

    [Fact]
    public async Task Bogus_findings_of_every_plugin_indicator_validate_through_the_catalogue()
    {
        using var folder = new ClinicFolder();
        await using var host = await ClinicHost.StartAsync(folder, Clinical.All);
        var fakers = host.Fakers(77);
        var pluginCodes = host.Indicators.All.Where(d => host.Indicators.SourceOf(d.Code) != CoreIndicators.Name).Select(d => d.Code).ToList();

        foreach (var code in pluginCodes)
        {
            for (var i = 0; i < 25; i++)
            {
                var finding = fakers.Finding(code);
                host.Indicators.Validate(finding);
                Assert.Equal(code, finding.Code);
            }
        }
    }

    private static readonly HashSet<string> CoreRuleIds = [.. CoreRules.All.Select(r => r.Id)];

    private static string[] CodesOf(ClinicHost host, string id) =>
        [.. host.Indicators.All.Where(d => host.Indicators.SourceOf(d.Code) == id).Select(d => d.Code)];
}
