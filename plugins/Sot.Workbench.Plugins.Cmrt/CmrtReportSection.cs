using System.Globalization;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;

namespace Sot.Workbench.Plugins.Cmrt;

/// <summary>The CMRT report section: the charts in use, tender line-2 fibres with their levels, TS points and CMRT contacts.</summary>
internal sealed class CmrtReportSection(Lazy<FibreChart> fibreChart, Lazy<ReflexChart> reflexChart) : IReportSectionContributor
{
    public string SectionId => "sot.cmrt.summary";

    public int Order => 300;

    public ReportSection? Build(ReportContext context)
    {
        var fibres = fibreChart.Value;
        var reflexes = reflexChart.Value;
        var rows = new List<ReportRow>();
        foreach (var f in context.Findings)
        {
            switch (f.Code)
            {
                case CmrtCodes.OccipitalFibre or IndicatorCodes.OccipitalFibre when f.Get<WholeNumberValue>("line") is { } line && f.Get<WholeNumberValue>("area") is { } area:
                    var level = line.Value == 2 ? fibres.Map(2, area.Value, f.Side)?.ToString() ?? "level unmapped" : "not the CMRT line";
                    rows.Add(new ReportRow(
                        string.Create(CultureInfo.InvariantCulture, $"Occipital fibre line {line.Value} area {area.Value} {f.Side}"),
                        $"{f.Get<GradeValue>("tenderness")?.Value.ToString() ?? "-"}; {level}"));
                    break;
                case CmrtCodes.TemporalSphenoidalPoint:
                    rows.Add(new ReportRow($"TS point {f.Get<SpinalLevelValue>("level")?.Value}{(f.Get<EnumValue>("variant") is { Value: "A" or "B" } v ? v.Value : string.Empty)}", f.Get<GradeValue>("tenderness")?.Value.ToString() ?? "-"));
                    break;
                case CmrtCodes.VertebralTenderness:
                    rows.Add(new ReportRow($"Vertebral tenderness {f.Get<SpinalLevelValue>("level")?.Value}", f.Get<GradeValue>("tenderness")?.Value.ToString() ?? "-"));
                    break;
                case CmrtCodes.OrganSymptom:
                    rows.Add(new ReportRow("Reported symptom", $"{f.Get<EnumValue>("system")?.Value} {f.Get<ScoreValue>("severity")?.Display()}"));
                    break;
            }
        }

        foreach (var p in context.Procedures.Where(p => p.Kind == CmrtCodes.ContactProcedure))
        {
            rows.Add(new ReportRow(
                $"CMRT contact at {(p["level"] as SpinalLevelValue)?.Value}",
                $"{(p["system"] as EnumValue)?.Value ?? "no organ/system label"}; {(p["contact"] as EnumValue)?.Value}; via {(p["indicator"] as EnumValue)?.Value}; tenderness {(p["preTenderness"] as GradeValue)?.Value} → {(p["postTenderness"] as GradeValue)?.Value}"));
        }

        if (rows.Count == 0)
        {
            return null;
        }

        rows.Add(new ReportRow("Fibre chart", $"{fibres.FileName}, version {fibres.Version}, {fibres.Entries.Count} entries, {fibres.Provenance.Reliability}"));
        rows.Add(new ReportRow("Reflex chart", $"{reflexes.FileName}, version {reflexes.Version}, {reflexes.Entries.Count} entries, {reflexes.Provenance.Reliability}"));
        return new ReportSection("CMRT")
        {
            Rows = rows,
            Paragraphs = ["CMRT entries record protocol-driven findings and contacts. Vertebra–organ associations are reference data whose public sources conflict; they are not diagnoses or statements of effect."],
        };
    }
}
