using System.Globalization;
using System.Net;
using System.Text;
using Sot.Workbench.Reports;

namespace Sot.Workbench.Plugins.Reports;

/// <summary>Self-contained HTML: inline CSS (print-friendly) and inline SVG figures; no external resources.</summary>
internal sealed class HtmlFormat : IReportFormat
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private const string Css =
        "body{font-family:'DejaVu Sans',Arial,Helvetica,sans-serif;font-size:11pt;color:#222;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.4}" +
        "h1{font-size:1.6rem;margin:0 0 .5rem}h2{font-size:1.25rem;border-bottom:1px solid #999;margin-top:1.6rem}h3{font-size:1.05rem;margin-top:1.1rem}h4{font-size:1rem}" +
        "dl{display:grid;grid-template-columns:max-content auto;gap:.15rem 1rem;margin:.4rem 0}dt{font-weight:bold}dd{margin:0}" +
        ".marking{border:3px solid #b00020;color:#b00020;font-weight:bold;font-size:1.3rem;text-align:center;padding:.4rem;margin:.6rem 0;letter-spacing:.05em}" +
        ".source{font-style:italic;color:#555;font-size:.9rem}figure{margin:.8rem 0;page-break-inside:avoid}figcaption{font-size:.9rem;color:#444}" +
        "footer{border-top:1px solid #999;margin-top:2rem;padding-top:.5rem;font-size:.95rem}section{page-break-inside:auto}" +
        "@media print{body{margin:0;max-width:none}h2,h3{page-break-after:avoid}}" +
        "@page{size:A4;margin:18mm}";

    public string FormatId => DocumentFormats.Html;

    public string MediaType => "text/html; charset=utf-8";

    public string FileExtension => ".html";

    public void Write(ReportDocument document, Stream output)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(output);
        output.Write(Utf8.GetBytes(Render(document)));
    }

    public static string Render(ReportDocument document)
    {
        var sb = new StringBuilder(16384);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(E(document.Title)).Append("</title>\n<style>")
            .Append(Css).Append("</style>\n</head>\n<body>\n");
        if (document.Marking is { } marking)
        {
            sb.Append("<div class=\"marking\" role=\"note\">").Append(E(marking)).Append("</div>\n");
        }

        sb.Append("<h1>").Append(E(document.Title)).Append("</h1>\n");
        Rows(sb, document.Header);
        foreach (var section in document.Sections)
        {
            Section(sb, section, 2);
        }

        if (document.Footer.Count > 0)
        {
            sb.Append("<footer>\n");
            foreach (var line in document.Footer)
            {
                sb.Append("<p>").Append(E(line)).Append("</p>\n");
            }

            sb.Append("</footer>\n");
        }

        if (document.Marking is { } again)
        {
            sb.Append("<div class=\"marking\" role=\"note\">").Append(E(again)).Append("</div>\n");
        }

        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    private static void Section(StringBuilder sb, ReportSection section, int level)
    {
        var h = Math.Min(level, 6).ToString(CultureInfo.InvariantCulture);
        sb.Append("<section>\n<h").Append(h).Append('>').Append(E(section.Title)).Append("</h").Append(h).Append(">\n");
        if (section.Source is { } source && source != DocumentComposer.Source)
        {
            sb.Append("<p class=\"source\">Section contributed by ").Append(E(source)).Append(".</p>\n");
        }

        Rows(sb, section.Rows);
        foreach (var paragraph in section.Paragraphs)
        {
            sb.Append("<p>").Append(E(paragraph)).Append("</p>\n");
        }

        foreach (var figure in section.Figures)
        {
            var (w, hh) = FigureDrawing.Size(figure);
            sb.Append("<figure>\n");
            var svg = new SvgCanvas(sb);
            sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").Append(FigureDrawing.Format(w)).Append("\" height=\"").Append(FigureDrawing.Format(hh))
                .Append("\" viewBox=\"0 0 ").Append(FigureDrawing.Format(w)).Append(' ').Append(FigureDrawing.Format(hh)).Append("\" font-family=\"DejaVu Sans, Arial, sans-serif\"><title>")
                .Append(E(figure.Title)).Append("</title>");
            FigureDrawing.Draw(figure, svg);
            sb.Append("</svg>\n<figcaption>").Append(E(figure.Title)).Append("</figcaption>\n</figure>\n");
        }

        foreach (var sub in section.Subsections)
        {
            Section(sb, sub, level + 1);
        }

        sb.Append("</section>\n");
    }

    private static void Rows(StringBuilder sb, IReadOnlyList<ReportRow> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        sb.Append("<dl>\n");
        foreach (var row in rows)
        {
            sb.Append("<dt>").Append(E(row.Label)).Append("</dt><dd>").Append(E(row.Value)).Append("</dd>\n");
        }

        sb.Append("</dl>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Writes figure drawing operations as SVG elements.</summary>
    private sealed class SvgCanvas(StringBuilder sb) : IFigureCanvas
    {
        public void Rect(double x, double y, double width, double height, string fill, string stroke) =>
            sb.Append("<rect x=\"").Append(F(x)).Append("\" y=\"").Append(F(y)).Append("\" width=\"").Append(F(width)).Append("\" height=\"").Append(F(height))
                .Append("\" fill=\"").Append(fill).Append("\" stroke=\"").Append(stroke).Append("\"/>");

        public void Line(double x1, double y1, double x2, double y2, string stroke, double width) =>
            sb.Append("<line x1=\"").Append(F(x1)).Append("\" y1=\"").Append(F(y1)).Append("\" x2=\"").Append(F(x2)).Append("\" y2=\"").Append(F(y2))
                .Append("\" stroke=\"").Append(stroke).Append("\" stroke-width=\"").Append(F(width)).Append("\" stroke-linecap=\"round\"/>");

        public void Polyline(IReadOnlyList<(double X, double Y)> points, string stroke, double width) =>
            sb.Append("<polyline points=\"").Append(Points(points)).Append("\" fill=\"none\" stroke=\"").Append(stroke).Append("\" stroke-width=\"").Append(F(width)).Append("\"/>");

        public void Polygon(IReadOnlyList<(double X, double Y)> points, string fill, string stroke) =>
            sb.Append("<polygon points=\"").Append(Points(points)).Append("\" fill=\"").Append(fill).Append("\" stroke=\"").Append(stroke).Append("\"/>");

        public void Circle(double cx, double cy, double r, string fill) =>
            sb.Append("<circle cx=\"").Append(F(cx)).Append("\" cy=\"").Append(F(cy)).Append("\" r=\"").Append(F(r)).Append("\" fill=\"").Append(fill).Append("\"/>");

        public void Ellipse(double cx, double cy, double rx, double ry, string fill, string stroke) =>
            sb.Append("<ellipse cx=\"").Append(F(cx)).Append("\" cy=\"").Append(F(cy)).Append("\" rx=\"").Append(F(rx)).Append("\" ry=\"").Append(F(ry))
                .Append("\" fill=\"").Append(fill).Append("\" stroke=\"").Append(stroke).Append("\"/>");

        public void Text(double x, double y, string text, double size, Anchor anchor, bool bold, string fill) =>
            sb.Append("<text x=\"").Append(F(x)).Append("\" y=\"").Append(F(y)).Append("\" font-size=\"").Append(F(size)).Append("\" text-anchor=\"")
                .Append(anchor switch { Anchor.Middle => "middle", Anchor.End => "end", _ => "start" }).Append('"')
                .Append(bold ? " font-weight=\"bold\"" : string.Empty).Append(" fill=\"").Append(fill).Append("\">").Append(E(text)).Append("</text>");

        private static string Points(IReadOnlyList<(double X, double Y)> points) => string.Join(' ', points.Select(p => F(p.X) + "," + F(p.Y)));

        private static string F(double value) => FigureDrawing.Format(value);
    }
}
