using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Plugins;
using Sot.Workbench.Procedures;
using Sot.Workbench.Safety;

namespace Sot.Workbench.TestPlugins;

/// <summary>
/// Contributes indicator TEST-RS-SIGN, procedure kind TEST-TAPING and a report section (order 250: after the objective
/// findings, before the assessment) that lists the visit's TEST-TAPING procedures and charts their minutes.
/// </summary>
public sealed class ReportSectionPlugin : IWorkbenchPlugin
{
    public const string Code = "TEST-RS-SIGN";
    public const string Kind = "TEST-TAPING";

    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
        services.ContributeIndicators(new Indicators(context.Id));
        services.AddSingleton<IProcedureSource>(new Procedures(context.Id));
        services.ContributeReportSection<Section>();
    }

    private sealed class Indicators(string source) : IIndicatorSource
    {
        public string SourceName => source;

        public IEnumerable<IndicatorDefinition> GetIndicators() =>
        [
            new(Code, "Test taping sign", null, new Subsystem("TEST"), [AnalysisPosition.Standing], SideRequirement.NotApplicable,
                [new IndicatorValueSpec("grade", IndicatorValueType.Grade)], Provenance.Clinic("Test plugin")),
        ];
    }

    private sealed class Procedures(string source) : IProcedureSource
    {
        public string SourceName => source;

        public IEnumerable<ProcedureDefinition> GetProcedures() =>
        [
            new(Kind, "Test taping",
                [
                    new IndicatorValueSpec("site", IndicatorValueType.Text) { Label = "Site" },
                    new IndicatorValueSpec("minutes", IndicatorValueType.WholeNumber) { Label = "Minutes", Min = 1, Max = 60 },
                ],
                [ConsentScope.General], Provenance.Clinic("Test plugin")),
        ];
    }

    private sealed class Section : IReportSectionContributor
    {
        public string SectionId => "test.report-section.taping";

        public int Order => ReportSectionOrder.Objective + 50;

        public ReportSection? Build(ReportContext context)
        {
            var taping = context.Procedures.Where(p => p.Kind == Kind).ToArray();
            var signs = context.Findings.Count(f => f.Code == Code);
            if (taping.Length == 0 && signs == 0)
            {
                return null;
            }

            return new ReportSection("Test taping summary")
            {
                Rows =
                [
                    new ReportRow("Taping procedures", taping.Length.ToString(CultureInfo.InvariantCulture)),
                    new ReportRow("Taping signs", signs.ToString(CultureInfo.InvariantCulture)),
                ],
                Paragraphs = [.. taping.Select(p => "Taped at " + p["site"]?.Display() + ".")],
                Figures =
                [
                    new LineChartFigure("Taping minutes", [new ChartSeries("Minutes", [.. taping.Select((p, i) => new ChartPoint("#" + (i + 1).ToString(CultureInfo.InvariantCulture), (p["minutes"] as WholeNumberValue)?.Value ?? 0))])], 0, 60),
                ],
            };
        }
    }
}
