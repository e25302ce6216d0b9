using Microsoft.Extensions.DependencyInjection;
using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Plugins;

namespace Sot.Workbench.TestPlugins;

/// <summary>
/// Contributes one indicator, one rule and one report section, all named after the plugin id (so copies of this
/// plugin under other ids contribute distinct codes): id "test.good" gives indicator TEST-GOOD-SIGN and rule TEST-GOOD-R1.
/// </summary>
public sealed class GoodPlugin : IWorkbenchPlugin
{
    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
        var prefix = context.Id.ToUpperInvariant().Replace('.', '-').Replace('_', '-');
        services.ContributeIndicators(new Indicators(context.Id, prefix + "-SIGN"));
        services.ContributeRule(new SignRule(prefix + "-R1", prefix + "-SIGN"));
        services.AddSingleton<IReportSectionContributor>(new Section(context.Id, context.Configuration["Label"] ?? "(none)"));
    }

    private sealed class Indicators(string source, string code) : IIndicatorSource
    {
        public string SourceName => source;

        public IEnumerable<IndicatorDefinition> GetIndicators() =>
        [
            new(code, "Test sign", null, new Subsystem("TEST"), [AnalysisPosition.Standing], SideRequirement.NotApplicable, [],
                Provenance.Clinic("Test plugin")),
        ];
    }

    private sealed class SignRule(string id, string code) : IAnalysisRule
    {
        public string Id => id;

        public string RuleSet => RuleSets.SorsiSot;

        public AnalysisStage Stage => AnalysisStage.Findings;

        public Provenance Provenance { get; } = Provenance.Clinic("Test plugin");

        public void Evaluate(AnalysisContext context)
        {
            if (context.Findings.Any(f => f.Code == code))
            {
                context.Add(new Suggestion(Id, SuggestionKind.Technique, "Test sign recorded.", Provenance));
            }
        }
    }

    private sealed class Section(string id, string label) : IReportSectionContributor
    {
        public string SectionId => id + ".summary";

        public int Order => 100;

        public ReportSection? Build(ReportContext context) => new("Test summary")
        {
            Rows = [new ReportRow("Label", label), new ReportRow("Findings", context.Findings.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))],
        };
    }
}
