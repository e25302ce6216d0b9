using Microsoft.Extensions.DependencyInjection;
using Sot.Workbench.Analysis;
using Sot.Workbench.Domain;
using Sot.Workbench.Plugins;

namespace Sot.Workbench.TestPlugins;

/// <summary>Loads fine, but its rule and its report section throw at run time.</summary>
public sealed class FaultyPlugin : IWorkbenchPlugin
{
    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
        services.ContributeRule<BrokenRule>();
        services.ContributeReportSection<BrokenSection>();
    }

    private sealed class BrokenRule : IAnalysisRule
    {
        public string Id => "TEST-FAULTY-R1";

        public string RuleSet => RuleSets.SorsiSot;

        public AnalysisStage Stage => AnalysisStage.Findings;

        public Provenance Provenance { get; } = Provenance.Clinic("Test plugin");

        public void Evaluate(AnalysisContext context) => throw new InvalidOperationException("broken rule");
    }

    private sealed class BrokenSection : IReportSectionContributor
    {
        public string SectionId => "test.faulty.section";

        public int Order => 0;

        public ReportSection? Build(ReportContext context) => throw new InvalidOperationException("broken section");
    }
}
