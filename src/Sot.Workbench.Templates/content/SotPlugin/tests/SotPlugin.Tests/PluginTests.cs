using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Sot.Workbench.Analysis;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Hosting;
using Sot.Workbench.Procedures;
using Sot.Workbench.Testing;

namespace SotPlugin.Tests;

/// <summary>
/// Loads the plugin's build output through the real Sot.Workbench plugin loader. The tests never reference the
/// plugin's assembly (that would load a second copy of its types): they use its codes, as a host does.
/// </summary>
public sealed class PluginTests
{
    private const string ExampleSign = "CODEPREFIXTOKEN-SIGN";
    private const string ExampleRuleId = "CODEPREFIXTOKEN-R1";
    private const string ExampleTechnique = "CODEPREFIXTOKEN-TECHNIQUE";

    private static readonly string PluginFolder = typeof(PluginTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "PluginOutputDir").Value!;

    [Fact]
    public async Task Plugin_loads_and_passes_the_conformance_checks()
    {
        await using var host = await PluginTestHost.LoadAsync(PluginFolder);

        Assert.Equal(PluginStatus.Active, host.Plugin.Status);
        host.CheckConformance().ThrowIfFailed();
    }

    [Fact]
    public async Task Example_rule_suggests_the_technique_when_the_example_sign_is_positive()
    {
        await using var host = await PluginTestHost.LoadAsync(PluginFolder);
        var sign = host.Indicators.CreateFinding(ExampleSign, AnalysisPosition.Prone, Side.Left,
            FindingPhase.InitialAnalysis, new GradeValue("grade", Grade.Moderate));

        var result = host.Analyzer.Analyze(new AnalysisInput([sign]));

        var suggestion = Assert.Single(result.Suggestions, s => s.RuleId == ExampleRuleId);
        Assert.Equal(Side.Left, suggestion.Side);
        Assert.Equal([sign], suggestion.Evidence);
    }

    [Fact]
    public async Task Example_rule_is_silent_when_the_example_sign_is_negative()
    {
        await using var host = await PluginTestHost.LoadAsync(PluginFolder);
        var sign = host.Indicators.CreateFinding(ExampleSign, AnalysisPosition.Prone, Side.Left,
            FindingPhase.InitialAnalysis, new GradeValue("grade", Grade.None));

        var result = host.Analyzer.Analyze(new AnalysisInput([sign]));

        Assert.DoesNotContain(result.Suggestions, s => s.RuleId == ExampleRuleId);
    }

    [Fact]
    public async Task Example_procedure_is_in_the_registry_with_its_consent_scope()
    {
        await using var host = await PluginTestHost.LoadAsync(PluginFolder);

        var procedure = host.Services.GetRequiredService<ProcedureRegistry>().Get(ExampleTechnique);

        Assert.Equal("Example technique", procedure.Label);
        Assert.Equal([Sot.Workbench.Safety.ConsentScope.General], procedure.RequiredScopes);
    }
}
