using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Plugins;

namespace Acme.Posture;

/// <summary>A third-party plugin: a forward-head posture indicator, a rule over it and a report section.</summary>
public sealed class PosturePlugin : IWorkbenchPlugin
{
    /// <summary>The forward-head posture indicator code.</summary>
    public const string ForwardHead = "ACME-FORWARD-HEAD";

    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var threshold = decimal.TryParse(context.Configuration["ThresholdMillimetres"], NumberStyles.Number, CultureInfo.InvariantCulture, out var t) ? t : 25m;
        services.ContributeIndicators(new Indicators(context.Id));
        services.ContributeRule(new ForwardHeadRule(threshold));
        services.ContributeReportSection<PostureSection>();
    }

    private sealed class Indicators(string source) : IIndicatorSource
    {
        public string SourceName => source;

        public IEnumerable<IndicatorDefinition> GetIndicators() =>
        [
            new(ForwardHead, "Forward-head posture", null, new Subsystem("ACME-POSTURE"), [AnalysisPosition.Standing], SideRequirement.NotApplicable,
                [new IndicatorValueSpec("offset", IndicatorValueType.Length) { Min = 0, Max = 150, Label = "Tragus ahead of the shoulder" }],
                Provenance.Clinic("ACME Health in-house protocol (example)")),
        ];
    }

    private sealed class ForwardHeadRule(decimal thresholdMillimetres) : IAnalysisRule
    {
        public string Id => "ACME-R1";

        public string RuleSet => RuleSets.SorsiSot;

        public AnalysisStage Stage => AnalysisStage.Findings;

        public Provenance Provenance { get; } = Provenance.Clinic("ACME Health in-house protocol (example)");

        public void Evaluate(AnalysisContext context)
        {
            var forward = context.Findings
                .Where(f => f.Code == ForwardHead && f.Get<LengthValue>("offset") is { } offset && offset.Value.ToMillimetres() >= thresholdMillimetres)
                .ToList();
            if (forward.Count > 0)
            {
                context.Add(new Suggestion(Id, SuggestionKind.Technique,
                    $"Forward-head offset of at least {thresholdMillimetres.ToString(CultureInfo.InvariantCulture)} mm: consider the ACME cervical protocol.", Provenance)
                {
                    Evidence = forward,
                });
            }
        }
    }

    private sealed class PostureSection : IReportSectionContributor
    {
        public string SectionId => "acme.posture.summary";

        public int Order => 500;

        public ReportSection? Build(ReportContext context)
        {
            var offsets = context.Findings.Where(f => f.Code == ForwardHead).Select(f => f.Get<LengthValue>("offset")?.Display()).OfType<string>().ToList();
            return offsets.Count == 0 ? null : new ReportSection("Posture (ACME)") { Rows = [new ReportRow("Forward-head offset", string.Join(", ", offsets))] };
        }
    }
}
