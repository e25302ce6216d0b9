using System.Globalization;
using Sot.Workbench.Findings;

namespace Sot.Workbench.Plugins.Tmj;

/// <summary>The TMJ report section: measurements against the reference ranges (with flags), path, sounds, muscles, loading and procedures.</summary>
internal sealed class TmjReportSection(Lazy<TmjReferenceRanges> rangeFile) : IReportSectionContributor
{
    public string SectionId => "sot.tmj.summary";

    public int Order => 320;

    public ReportSection? Build(ReportContext context)
    {
        var ranges = rangeFile.Value;
        var rows = new List<ReportRow>();
        var paragraphs = new List<string>();
        foreach (var f in context.Findings.Where(f => f.Code.StartsWith("TMJ-", StringComparison.Ordinal)))
        {
            if (f.Code == TmjCodes.Measurements)
            {
                foreach (var v in f.Values.OfType<LengthValue>())
                {
                    var range = ranges.For(v.Key);
                    rows.Add(new ReportRow(TmjCodes.Label(v.Key), range is null ? v.Display() : $"{v.Display()} (reference {range.Describe()})"));
                }

                if (f.Get<LengthValue>("maxOpening") is { } max && f.Get<LengthValue>("overbite") is { } overbite)
                {
                    rows.Add(new ReportRow("True opening (maximum + overbite)",
                        string.Create(CultureInfo.InvariantCulture, $"{max.Value.ExactMillimetres + overbite.Value.ExactMillimetres} mm")));
                }

                paragraphs.AddRange(ranges.Flags(f).Select(flag => "Flag: " + flag.Text + "."));
                continue;
            }

            var side = f.Side == Domain.Side.None ? string.Empty : " " + f.Side;
            rows.Add(new ReportRow(f.Label + side, string.Join(", ", f.Values.Select(v => v.Display()))));
        }

        foreach (var p in context.Procedures.Where(p => p.Kind.StartsWith("TMJ-", StringComparison.Ordinal)))
        {
            rows.Add(new ReportRow(p.Label, string.Join(", ", p.Values.Select(v => v.Key + " " + v.Display()))));
        }

        if (rows.Count == 0)
        {
            return null;
        }

        rows.Add(new ReportRow("Reference ranges", $"{ranges.FileName}, version {ranges.Version}, {ranges.Header.Reliability}"));
        return new ReportSection("TMJ") { Rows = rows, Paragraphs = paragraphs };
    }
}
