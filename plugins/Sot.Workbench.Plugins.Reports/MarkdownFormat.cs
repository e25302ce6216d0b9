using System.Text;
using Sot.Workbench.Reports;

namespace Sot.Workbench.Plugins.Reports;

/// <summary>Markdown: headings, label/value lists, figures as tables of their data.</summary>
internal sealed class MarkdownFormat : IReportFormat
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public string FormatId => DocumentFormats.Markdown;

    public string MediaType => "text/markdown; charset=utf-8";

    public string FileExtension => ".md";

    public void Write(ReportDocument document, Stream output)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(output);
        var bytes = Utf8.GetBytes(Render(document));
        output.Write(bytes);
    }

    public static string Render(ReportDocument document)
    {
        var sb = new StringBuilder(4096);
        sb.Append("# ").Append(Escape(document.Title)).Append('\n').Append('\n');
        if (document.Marking is { } marking)
        {
            sb.Append("> **").Append(Escape(marking)).Append("**\n\n");
        }

        foreach (var row in document.Header)
        {
            Row(sb, row);
        }

        if (document.Header.Count > 0)
        {
            sb.Append('\n');
        }

        foreach (var section in document.Sections)
        {
            Section(sb, section, 2);
        }

        if (document.Footer.Count > 0)
        {
            sb.Append("---\n\n");
            foreach (var line in document.Footer)
            {
                sb.Append(Escape(line)).Append("\n\n");
            }
        }

        if (document.Marking is { } again)
        {
            sb.Append("> **").Append(Escape(again)).Append("**\n");
        }

        return sb.ToString();
    }

    private static void Section(StringBuilder sb, ReportSection section, int level)
    {
        sb.Append('#', Math.Min(level, 6)).Append(' ').Append(Escape(section.Title)).Append('\n').Append('\n');
        if (section.Source is { } source && source != DocumentComposer.Source)
        {
            sb.Append("*Section contributed by ").Append(Escape(source)).Append(".*\n\n");
        }

        foreach (var row in section.Rows)
        {
            Row(sb, row);
        }

        if (section.Rows.Count > 0)
        {
            sb.Append('\n');
        }

        foreach (var paragraph in section.Paragraphs)
        {
            sb.Append(Escape(paragraph)).Append("\n\n");
        }

        foreach (var figure in section.Figures)
        {
            Figure(sb, figure);
        }

        foreach (var sub in section.Subsections)
        {
            Section(sb, sub, level + 1);
        }
    }

    private static void Row(StringBuilder sb, ReportRow row) =>
        sb.Append("- **").Append(Escape(row.Label)).Append(":** ").Append(Escape(row.Value)).Append('\n');

    private static void Figure(StringBuilder sb, ReportFigure figure)
    {
        sb.Append("**Figure: ").Append(Escape(figure.Title)).Append("**\n\n");
        switch (figure)
        {
            case LineChartFigure chart when chart.Series.Count > 0:
                var labels = chart.Series.SelectMany(s => s.Points.Select(p => p.Label)).Distinct().ToArray();
                sb.Append("| Date |");
                foreach (var s in chart.Series)
                {
                    sb.Append(' ').Append(Escape(s.Name)).Append(" |");
                }

                sb.Append("\n|---|");
                foreach (var _ in chart.Series)
                {
                    sb.Append("---:|");
                }

                sb.Append('\n');
                foreach (var label in labels)
                {
                    sb.Append("| ").Append(Escape(label)).Append(" |");
                    foreach (var s in chart.Series)
                    {
                        var point = s.Points.FirstOrDefault(p => p.Label == label);
                        sb.Append(' ').Append(point is null ? "–" : Text.Number(point.Value)).Append(" |");
                    }

                    sb.Append('\n');
                }

                sb.Append('\n');
                break;
            case BlockDiagramFigure diagram:
                sb.Append("| Side | Site | Orientation | Angle |\n|---|---|---|---:|\n");
                foreach (var p in diagram.Placements)
                {
                    sb.Append("| ").Append(p.BlockSide).Append(" | ").Append(p.Site).Append(" | ").Append(p.Orientation).Append(" | ")
                        .Append(p.AngleDegrees is { } a ? Text.Number(a) + "°" : "–").Append(" |\n");
                }

                sb.Append('\n');
                break;
        }
    }

    /// <summary>Escapes Markdown syntax in record content so it reads as text.</summary>
    internal static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        foreach (var ch in text)
        {
            switch (ch)
            {
                case '\\' or '*' or '_' or '`' or '#' or '|' or '[' or ']' or '<' or '>':
                    sb.Append('\\').Append(ch);
                    break;
                case '\r':
                    break;
                case '\n':
                    sb.Append(' ');
                    break;
                default:
                    sb.Append(ch);
                    break;
            }
        }

        return sb.ToString();
    }
}
