using SkiaSharp;
using Sot.Workbench.Reports;

namespace Sot.Workbench.Plugins.Reports;

/// <summary>
/// PDF through SkiaSharp's PDF backend (vector text with embedded font subsets, so the text can be searched and
/// extracted). The DejaVu Sans fonts ship inside the plugin, so output does not depend on the fonts installed.
/// </summary>
internal sealed class PdfFormat : IReportFormat
{
    private const float PageWidth = 595f;   // A4 in points
    private const float PageHeight = 842f;
    private const float Margin = 50f;
    private const float ContentWidth = PageWidth - (2 * Margin);

    // Skia's PDF backend embeds (and deflates) every font file it uses in full, once per document: that is most of
    // the cost of a note. Text is therefore drawn with small Latin-1 subsets, and only a string with a character
    // outside them falls back to the larger subsets (Latin Extended, Greek, Cyrillic…), so only documents that need
    // those carry them. The fonts are loaded once per process.
    private static readonly Lazy<SKTypeface> Regular = new(() => LoadFont("DejaVuSans-Latin.ttf"));
    private static readonly Lazy<SKTypeface> Bold = new(() => LoadFont("DejaVuSans-Bold-Latin.ttf"));
    private static readonly Lazy<SKTypeface> RegularExtended = new(() => LoadFont("DejaVuSans-Subset.ttf"));
    private static readonly Lazy<SKTypeface> BoldExtended = new(() => LoadFont("DejaVuSans-Bold-Subset.ttf"));

    public string FormatId => DocumentFormats.Pdf;

    public string MediaType => "application/pdf";

    public string FileExtension => ".pdf";

    /// <summary>The time written into the PDF's metadata; null leaves Skia's default.</summary>
    public DateTime? Timestamp { get; init; }

    public void Write(ReportDocument document, Stream output)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(output);
        using var stream = new SKManagedWStream(output);
        var metadata = new SKDocumentPdfMetadata
        {
            Title = document.Title,
            Producer = "Sot.Workbench reports",
            Creator = "Sot.Workbench reports",
            RasterDpi = 72,
        };
        if (Timestamp is { } at)
        {
            metadata.Creation = at;
            metadata.Modified = at;
        }

        using var pdf = SKDocument.CreatePdf(stream, metadata) ?? throw new InvalidOperationException("The PDF backend could not be created.");
        using var writer = new PageWriter(pdf, document.Marking);
        writer.Paragraph(document.Title, 18, true, SKColors.Black, 6);
        foreach (var row in document.Header)
        {
            writer.Row(row, 10);
        }

        writer.Space(8);
        foreach (var section in document.Sections)
        {
            Section(writer, section, 2);
        }

        if (document.Footer.Count > 0)
        {
            writer.Rule();
            foreach (var line in document.Footer)
            {
                writer.Paragraph(line, 9.5f, false, SKColors.Black, 4);
            }
        }

        writer.Finish();
        pdf.Close();
    }

    private static void Section(PageWriter writer, ReportSection section, int level)
    {
        writer.Space(level == 2 ? 10 : 6);
        writer.Paragraph(section.Title, level switch { 2 => 14, 3 => 12, _ => 11 }, true, SKColors.Black, 4, keepWithNext: 60);
        if (section.Source is { } source && source != DocumentComposer.Source)
        {
            writer.Paragraph("Section contributed by " + source + ".", 9, false, new SKColor(0x55, 0x55, 0x55), 3);
        }

        foreach (var row in section.Rows)
        {
            writer.Row(row, 10);
        }

        foreach (var paragraph in section.Paragraphs)
        {
            writer.Paragraph(paragraph, 10, false, SKColors.Black, 4);
        }

        foreach (var figure in section.Figures)
        {
            writer.Figure(figure);
        }

        foreach (var sub in section.Subsections)
        {
            Section(writer, sub, level + 1);
        }
    }

    /// <summary>
    /// A font that places glyphs by their exact (unhinted) advances, the widths the PDF declares for them, so text
    /// extraction sees no gaps inside words.
    /// </summary>
    private static SKFont Font(SKTypeface typeface, float size) =>
        new(typeface, size) { Hinting = SKFontHinting.None, Subpixel = true, LinearMetrics = true };

    /// <summary>The typeface that draws all of <paramref name="text"/>: the Latin subset when it covers the text.</summary>
    private static SKTypeface Face(bool bold, string text)
    {
        var latin = bold ? Bold.Value : Regular.Value;
        return IsLatin(text) || latin.ContainsGlyphs(text) ? latin : bold ? BoldExtended.Value : RegularExtended.Value;
    }

    // Printable ASCII needs no glyph look-up: the Latin subsets cover it.
    private static bool IsLatin(string text)
    {
        foreach (var c in text)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    // The font data stay referenced for the life of the process: they are never left to a finalizer, which could run
    // after the plugin folder (and its native library) is gone.
    private static readonly List<SKData> FontData = [];

    private static SKTypeface LoadFont(string file)
    {
        var name = typeof(PdfFormat).Assembly.GetManifestResourceNames().Single(n => n.EndsWith(file, StringComparison.Ordinal));
        using var resource = typeof(PdfFormat).Assembly.GetManifestResourceStream(name)!;
        var data = SKData.Create(resource);
        lock (FontData)
        {
            FontData.Add(data);
        }

        return SKTypeface.FromData(data) ?? throw new InvalidOperationException($"The font {file} could not be read.");
    }

    /// <summary>Lays text out top to bottom, starting new pages as needed; every page repeats the marking.</summary>
    private sealed class PageWriter(SKDocument pdf, string? marking) : IDisposable
    {
        private readonly SKPaint _paint = new() { IsAntialias = true };
        private SKCanvas? _canvas;
        private float _y;
        private int _page;

        public void Space(float points) => _y += points;

        public void Rule()
        {
            Ensure(16);
            _y += 6;
            _paint.Color = new SKColor(0x99, 0x99, 0x99);
            _paint.StrokeWidth = 0.8f;
            _canvas!.DrawLine(Margin, _y, PageWidth - Margin, _y, _paint);
            _y += 10;
        }

        public void Paragraph(string text, float size, bool bold, SKColor colour, float after, float keepWithNext = 0)
        {
            using var font = Font(Face(bold, text), size);
            var lines = Wrap(text, font, ContentWidth);
            Ensure((lines.Count * size * 1.3f) + keepWithNext);
            foreach (var line in lines)
            {
                Ensure(size * 1.3f);
                _y += size * 1.3f;
                _paint.Color = colour;
                _canvas!.DrawText(line, Margin, _y, SKTextAlign.Left, font, _paint);
            }

            _y += after;
        }

        public void Row(ReportRow row, float size)
        {
            var label = row.Label + ":";
            using var boldFont = Font(Face(true, label), size);
            using var font = Font(Face(false, row.Value), size);
            var labelWidth = Math.Min(boldFont.MeasureText(label) + 6, ContentWidth * 0.45f);
            var labelLines = Wrap(label, boldFont, ContentWidth * 0.45f);
            var valueLines = Wrap(row.Value, font, ContentWidth - labelWidth);
            var lineHeight = size * 1.3f;
            var count = Math.Max(labelLines.Count == 1 ? 1 : labelLines.Count, valueLines.Count);
            Ensure(lineHeight * Math.Min(count, 3));
            if (labelLines.Count > 1)
            {
                foreach (var l in labelLines)
                {
                    Ensure(lineHeight);
                    _y += lineHeight;
                    _paint.Color = SKColors.Black;
                    _canvas!.DrawText(l, Margin, _y, SKTextAlign.Left, boldFont, _paint);
                }

                labelWidth = 12;
                labelLines = [];
            }

            var first = true;
            foreach (var v in valueLines)
            {
                Ensure(lineHeight);
                _y += lineHeight;
                _paint.Color = SKColors.Black;
                if (first && labelLines.Count == 1)
                {
                    _canvas!.DrawText(labelLines[0], Margin, _y, SKTextAlign.Left, boldFont, _paint);
                }

                _canvas!.DrawText(v, Margin + labelWidth, _y, SKTextAlign.Left, font, _paint);
                first = false;
            }

            _y += 2;
        }

        public void Figure(ReportFigure figure)
        {
            var (w, h) = FigureDrawing.Size(figure);
            var scale = (float)Math.Min(1.0, ContentWidth / w);
            Ensure(((float)h * scale) + 30);
            _y += 4;
            _canvas!.Save();
            _canvas.Translate(Margin, _y);
            _canvas.Scale(scale);
            FigureDrawing.Draw(figure, new SkiaCanvas(_canvas));
            _canvas.Restore();
            _y += (float)h * scale;
            Paragraph("Figure: " + figure.Title, 9, false, new SKColor(0x44, 0x44, 0x44), 6);
        }

        public void Finish()
        {
            Ensure(0);
            EndPage();
        }

        public void Dispose() => _paint.Dispose();

        private void Ensure(float height)
        {
            if (_canvas is null)
            {
                NewPage();
            }
            else if (_y + height > PageHeight - Margin)
            {
                EndPage();
                NewPage();
            }
        }

        private void NewPage()
        {
            _canvas = pdf.BeginPage(PageWidth, PageHeight);
            _page++;
            _y = Margin;
            if (marking is not null)
            {
                using var font = Font(Face(true, marking), 13);
                _paint.Color = new SKColor(0xb0, 0x00, 0x20);
                _paint.Style = SKPaintStyle.Stroke;
                _paint.StrokeWidth = 2;
                _canvas.DrawRect(Margin, _y - 4, ContentWidth, 24, _paint);
                _paint.Style = SKPaintStyle.Fill;
                _canvas.DrawText(marking, PageWidth / 2, _y + 13, SKTextAlign.Center, font, _paint);
                _y += 30;
            }
        }

        private void EndPage()
        {
            if (_canvas is null)
            {
                return;
            }

            using var font = Font(Regular.Value, 8);
            _paint.Color = new SKColor(0x66, 0x66, 0x66);
            _canvas.DrawText("Page " + _page.ToString(System.Globalization.CultureInfo.InvariantCulture), PageWidth / 2, PageHeight - (Margin / 2), SKTextAlign.Center, font, _paint);
            pdf.EndPage();
            _canvas = null;
        }

        private static List<string> Wrap(string text, SKFont font, float width)
        {
            var lines = new List<string>();
            foreach (var paragraph in text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n'))
            {
                var current = string.Empty;
                foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var candidate = current.Length == 0 ? word : current + " " + word;
                    if (font.MeasureText(candidate) <= width || current.Length == 0)
                    {
                        current = candidate;
                    }
                    else
                    {
                        lines.Add(current);
                        current = word;
                    }
                }

                lines.Add(current);
            }

            return lines;
        }
    }

    /// <summary>Draws figure operations with Skia (vector, into the PDF).</summary>
    private sealed class SkiaCanvas(SKCanvas canvas) : IFigureCanvas
    {
        public void Rect(double x, double y, double width, double height, string fill, string stroke)
        {
            var r = SKRect.Create((float)x, (float)y, (float)width, (float)height);
            Fill(fill, p => canvas.DrawRect(r, p));
            Stroke(stroke, 1, p => canvas.DrawRect(r, p));
        }

        public void Line(double x1, double y1, double x2, double y2, string stroke, double width) =>
            Stroke(stroke, width, p => canvas.DrawLine((float)x1, (float)y1, (float)x2, (float)y2, p));

        public void Polyline(IReadOnlyList<(double X, double Y)> points, string stroke, double width)
        {
            using var path = Path(points, close: false);
            Stroke(stroke, width, p => canvas.DrawPath(path, p));
        }

        public void Polygon(IReadOnlyList<(double X, double Y)> points, string fill, string stroke)
        {
            using var path = Path(points, close: true);
            Fill(fill, p => canvas.DrawPath(path, p));
            Stroke(stroke, 1, p => canvas.DrawPath(path, p));
        }

        public void Circle(double cx, double cy, double r, string fill) => Fill(fill, p => canvas.DrawCircle((float)cx, (float)cy, (float)r, p));

        public void Ellipse(double cx, double cy, double rx, double ry, string fill, string stroke)
        {
            var oval = new SKRect((float)(cx - rx), (float)(cy - ry), (float)(cx + rx), (float)(cy + ry));
            Fill(fill, p => canvas.DrawOval(oval, p));
            Stroke(stroke, 1, p => canvas.DrawOval(oval, p));
        }

        public void Text(double x, double y, string text, double size, Anchor anchor, bool bold, string fill)
        {
            using var font = Font(Face(bold, text), (float)size);
            var align = anchor switch { Anchor.Middle => SKTextAlign.Center, Anchor.End => SKTextAlign.Right, _ => SKTextAlign.Left };
            Fill(fill, p => canvas.DrawText(text, (float)x, (float)y, align, font, p));
        }

        private static SKPath Path(IReadOnlyList<(double X, double Y)> points, bool close)
        {
            var path = new SKPath();
            for (var i = 0; i < points.Count; i++)
            {
                if (i == 0)
                {
                    path.MoveTo((float)points[i].X, (float)points[i].Y);
                }
                else
                {
                    path.LineTo((float)points[i].X, (float)points[i].Y);
                }
            }

            if (close)
            {
                path.Close();
            }

            return path;
        }

        private static void Fill(string colour, Action<SKPaint> draw)
        {
            if (colour == "none")
            {
                return;
            }

            using var paint = new SKPaint { Color = SKColor.Parse(colour), Style = SKPaintStyle.Fill, IsAntialias = true };
            draw(paint);
        }

        private static void Stroke(string colour, double width, Action<SKPaint> draw)
        {
            if (colour == "none")
            {
                return;
            }

            using var paint = new SKPaint { Color = SKColor.Parse(colour), Style = SKPaintStyle.Stroke, StrokeWidth = (float)width, IsAntialias = true, StrokeCap = SKStrokeCap.Round };
            draw(paint);
        }
    }
}
