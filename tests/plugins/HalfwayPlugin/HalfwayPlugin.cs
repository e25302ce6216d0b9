using Microsoft.Extensions.DependencyInjection;
using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Plugins;

namespace Sot.Workbench.TestPlugins;

/// <summary>Registers an indicator, a rule and a service, then throws: none of them may survive.</summary>
public sealed class HalfwayPlugin : IWorkbenchPlugin
{
    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
        services.ContributeIndicators(new Indicators());
        services.ContributeRule(new HalfRule());
        services.AddSingleton<HalfwayMarker>();
        throw new InvalidOperationException("option 'Server' is required");
    }

    public sealed class HalfwayMarker;

    private sealed class Indicators : IIndicatorSource
    {
        public string SourceName => "test.halfway";

        public IEnumerable<IndicatorDefinition> GetIndicators() =>
        [
            new("TEST-HALFWAY-SIGN", "Half-way sign", null, new Subsystem("TEST"), [AnalysisPosition.Standing], SideRequirement.NotApplicable, [],
                Provenance.Clinic("Test plugin")),
        ];
    }

    private sealed class HalfRule : IAnalysisRule
    {
        public string Id => "TEST-HALFWAY-R1";

        public string RuleSet => RuleSets.SorsiSot;

        public AnalysisStage Stage => AnalysisStage.Findings;

        public Provenance Provenance { get; } = Provenance.Clinic("Test plugin");

        public void Evaluate(AnalysisContext context)
        {
        }
    }
}
