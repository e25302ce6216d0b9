using Microsoft.Extensions.DependencyInjection;
using Sot.Workbench.Analysis;
using Sot.Workbench.Domain;
using Sot.Workbench.Plugins;

namespace Sot.Workbench.TestPlugins;

/// <summary>Depends on test.good: its rule adds a suggestion when test.good's rule made one.</summary>
public sealed class DependentPlugin : IWorkbenchPlugin
{
    public void ConfigureServices(IServiceCollection services, PluginContext context) => services.ContributeRule(new FollowUpRule());

    private sealed class FollowUpRule : IAnalysisRule
    {
        public string Id => "TEST-DEPENDENT-R1";

        public string RuleSet => RuleSets.SorsiSot;

        public AnalysisStage Stage => AnalysisStage.Combination;

        public Provenance Provenance { get; } = Provenance.Clinic("Test plugin");

        public void Evaluate(AnalysisContext context)
        {
            if (context.Suggestions.Any(s => s.RuleId == "TEST-GOOD-R1"))
            {
                context.Add(new Suggestion(Id, SuggestionKind.Technique, "Follow-up to the test sign.", Provenance));
            }
        }
    }
}
