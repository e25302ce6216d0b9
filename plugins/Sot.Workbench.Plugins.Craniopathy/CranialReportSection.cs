using System.Globalization;
using Sot.Workbench.Findings;

namespace Sot.Workbench.Plugins.Craniopathy;

/// <summary>The craniopathy report section: cranial findings, head measurements (with cephalic index and vault asymmetry) and cranial procedures.</summary>
internal sealed class CranialReportSection(Lazy<CranialProcedureSet> procedureSet) : IReportSectionContributor
{
    public string SectionId => "sot.craniopathy.summary";

    public int Order => 310;

    public ReportSection? Build(ReportContext context)
    {
        var rows = new List<ReportRow>();
        foreach (var f in context.Findings.Where(f => f.Code.StartsWith("CRAN-", StringComparison.Ordinal)))
        {
            if (f.Code == CranialCodes.HeadMeasurement)
            {
                rows.Add(new ReportRow("Head measurement (" + f.Get<EnumValue>("method")?.Value + ")", Head(f)));
                continue;
            }

            var side = f.Side == Domain.Side.None ? string.Empty : " " + f.Side;
            rows.Add(new ReportRow(f.Label + side, string.Join(", ", f.Values.Select(v => v.Display()))));
        }

        var kinds = procedureSet.Value.Procedures.Select(p => p.Kind).ToHashSet(StringComparer.Ordinal);
        foreach (var p in context.Procedures.Where(p => kinds.Contains(p.Kind)))
        {
            string V(string key) => p[key]?.Display() ?? "-";
            rows.Add(new ReportRow(p.Label,
                $"{V("bone")}{(p["suture"] is { } s ? " / " + s.Display() : string.Empty)}; {V("direction")}; breath {V("breathPhase")}; force {V("force")}; contact {V(CranialCodes.ContactKey)}; indicator {V("preFinding")} → {V("postFinding")}"));
        }

        return rows.Count == 0 ? null : new ReportSection("Craniopathy")
        {
            Rows = rows,
            Paragraphs = ["Cranial findings are palpatory observations whose inter-examiner reliability is poor; procedures are recorded as given, without claims of effect."],
        };
    }

    private static string Head(Finding f)
    {
        var parts = new List<string>();
        foreach (var v in f.Values.OfType<LengthValue>())
        {
            parts.Add(v.Key + " " + v.Display());
        }

        if (f.Get<LengthValue>("length") is { } l && f.Get<LengthValue>("breadth") is { } b && l.Value.ExactMillimetres > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"cephalic index {decimal.Round(b.Value.ExactMillimetres / l.Value.ExactMillimetres * 100m, 1)}"));
        }

        if (f.Get<LengthValue>("diagonalLeft") is { } dl && f.Get<LengthValue>("diagonalRight") is { } dr)
        {
            var left = dl.Value.ExactMillimetres;
            var right = dr.Value.ExactMillimetres;
            var diff = Math.Abs(left - right);
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"vault asymmetry {decimal.Round(diff, 1)} mm ({decimal.Round(diff / Math.Max(left, right) * 100m, 1)} %)"));
        }

        return string.Join("; ", parts);
    }
}
