using System.Globalization;
using Sot.Workbench.Domain;
using Sot.Workbench.Protocols;

namespace Sot.Workbench.Plugins.Reports;

/// <summary>Where a text is anchored horizontally.</summary>
internal enum Anchor
{
    Start,
    Middle,
    End,
}

/// <summary>The few drawing operations figures need; SVG (HTML) and Skia (PDF) implement them, so a figure is drawn once.</summary>
internal interface IFigureCanvas
{
    void Rect(double x, double y, double width, double height, string fill, string stroke);

    void Line(double x1, double y1, double x2, double y2, string stroke, double width);

    void Polyline(IReadOnlyList<(double X, double Y)> points, string stroke, double width);

    void Polygon(IReadOnlyList<(double X, double Y)> points, string fill, string stroke);

    void Circle(double cx, double cy, double r, string fill);

    void Ellipse(double cx, double cy, double rx, double ry, string fill, string stroke);

    void Text(double x, double y, string text, double size, Anchor anchor, bool bold, string fill);
}

/// <summary>Draws Core's report figures onto a canvas.</summary>
internal static class FigureDrawing
{
    public const double ChartWidth = 520;
    public const double ChartHeight = 240;
    public const double DiagramWidth = 540;
    public const double DiagramHeight = 300;

    private static readonly string[] Palette = ["#1f5f99", "#b5482a", "#2e7d32", "#6a3d9a", "#8c6d1f"];
    private const string Ink = "#222222";
    private const string Grid = "#d0d0d0";

    public static (double Width, double Height) Size(ReportFigure figure) => figure switch
    {
        LineChartFigure => (ChartWidth, ChartHeight),
        BlockDiagramFigure => (DiagramWidth, DiagramHeight),
        _ => (ChartWidth, 40),
    };

    public static void Draw(ReportFigure figure, IFigureCanvas canvas)
    {
        switch (figure)
        {
            case LineChartFigure chart:
                DrawChart(chart, canvas);
                break;
            case BlockDiagramFigure diagram:
                DrawBlocks(diagram, canvas);
                break;
            default:
                canvas.Text(8, 24, figure.Title, 12, Anchor.Start, false, Ink);
                break;
        }
    }

    private static void DrawChart(LineChartFigure chart, IFigureCanvas c)
    {
        const double left = 44, top = 16, right = 150, bottom = 40;
        var w = ChartWidth - left - right;
        var h = ChartHeight - top - bottom;
        var min = (double)chart.Minimum;
        var max = (double)(chart.Maximum > chart.Minimum ? chart.Maximum : chart.Minimum + 1);
        c.Rect(0, 0, ChartWidth, ChartHeight, "#ffffff", "none");
        for (var i = 0; i <= 4; i++)
        {
            var value = min + ((max - min) * i / 4);
            var y = top + h - (h * i / 4);
            c.Line(left, y, left + w, y, Grid, 1);
            c.Text(left - 6, y + 4, Format(value), 10, Anchor.End, false, Ink);
        }

        c.Line(left, top, left, top + h, Ink, 1);
        c.Line(left, top + h, left + w, top + h, Ink, 1);
        var labels = chart.Series.Count > 0 ? chart.Series[0].Points.Select(p => p.Label).ToArray() : [];
        var count = Math.Max(1, chart.Series.Max(s => (int?)s.Points.Count) ?? 1);
        double X(int index) => count == 1 ? left + (w / 2) : left + (w * index / (count - 1));
        double Y(decimal value) => top + h - (h * (Math.Clamp((double)value, min, max) - min) / (max - min));
        var step = Math.Max(1, (int)Math.Ceiling(labels.Length / 6.0));
        for (var i = 0; i < labels.Length; i += step)
        {
            c.Text(X(i), top + h + 16, labels[i], 10, Anchor.Middle, false, Ink);
        }

        for (var s = 0; s < chart.Series.Count; s++)
        {
            var series = chart.Series[s];
            var colour = Palette[s % Palette.Length];
            var points = series.Points.Select((p, i) => (X(i), Y(p.Value))).ToArray();
            if (points.Length > 1)
            {
                c.Polyline(points, colour, 2);
            }

            foreach (var (x, y) in points)
            {
                c.Circle(x, y, 3.5, colour);
            }

            var ly = top + 8 + (s * 18);
            c.Rect(left + w + 16, ly - 8, 12, 10, colour, "none");
            c.Text(left + w + 34, ly + 1, series.Name, 11, Anchor.Start, false, Ink);
        }
    }

    private static void DrawBlocks(BlockDiagramFigure diagram, IFigureCanvas c)
    {
        const double cx = DiagramWidth / 2;
        c.Rect(0, 0, DiagramWidth, DiagramHeight, "#ffffff", "none");

        // Schematic trunk and pelvis: spine, sacrum, two ilia, the hip sockets and the thighs.
        c.Line(cx, 14, cx, 118, "#9a9a9a", 6);
        c.Ellipse(cx - 52, 140, 44, 30, "#f1ede4", "#9a8f7a");
        c.Ellipse(cx + 52, 140, 44, 30, "#f1ede4", "#9a8f7a");
        c.Polygon([(cx - 16, 118), (cx + 16, 118), (cx + 6, 168), (cx - 6, 168)], "#e6dfcf", "#9a8f7a");
        c.Line(cx - 70, 176, cx - 82, 280, "#c8c0ad", 14);
        c.Line(cx + 70, 176, cx + 82, 280, "#c8c0ad", 14);
        c.Text(cx - 170, 24, "Patient's left", 11, Anchor.Middle, true, Ink);
        c.Text(cx + 170, 24, "Patient's right", 11, Anchor.Middle, true, Ink);

        var used = new Dictionary<(Side, BlockAnatomicalSite), int>();
        foreach (var placement in diagram.Placements)
        {
            var (dx, y) = SiteOffset(placement.Site);
            var sign = placement.BlockSide == Side.Right ? 1 : -1;
            var key = (placement.BlockSide, placement.Site);
            used.TryGetValue(key, out var seen);
            used[key] = seen + 1;
            y += seen * 22;
            var x = cx + (sign * dx);
            var angle = placement.AngleDegrees is { } a ? (double)a : DefaultAngle(placement.Orientation);
            var radians = sign * angle * Math.PI / 180;
            c.Polygon(Rotated(x, y, 30, 12, radians), "#d9822b", "#7a4310");
            var labelX = cx + (sign * 120);
            c.Line(x + (sign * 16), y, labelX - (sign * 4), y, "#7a4310", 1);
            var text = placement.Site + " · " + placement.Orientation + (placement.AngleDegrees is { } deg ? " " + Format((double)deg) + "°" : string.Empty);
            c.Text(labelX, y + 4, text, 10, sign > 0 ? Anchor.Start : Anchor.End, false, Ink);
        }

        if (diagram.Placements.Count == 0)
        {
            c.Text(cx, DiagramHeight - 12, "No blocks recorded.", 11, Anchor.Middle, false, Ink);
        }
    }

    private static (double Dx, double Y) SiteOffset(BlockAnatomicalSite site) => site switch
    {
        BlockAnatomicalSite.Clavicle => (40, 44),
        BlockAnatomicalSite.RibCage => (46, 70),
        BlockAnatomicalSite.Thoracic => (22, 90),
        BlockAnatomicalSite.IliacCrest => (60, 114),
        BlockAnatomicalSite.Psis => (28, 132),
        BlockAnatomicalSite.Asis => (86, 132),
        BlockAnatomicalSite.Ilium => (60, 146),
        BlockAnatomicalSite.Acetabulum => (70, 172),
        BlockAnatomicalSite.GreaterTrochanter => (96, 186),
        BlockAnatomicalSite.Knee => (80, 266),
        _ => (110, 230),
    };

    private static double DefaultAngle(BlockOrientation orientation) => orientation switch
    {
        BlockOrientation.Oblique => 45,
        BlockOrientation.TowardOppositeShoulder => -35,
        BlockOrientation.TowardOppositeButtock => 35,
        BlockOrientation.Caudal => 90,
        _ => 0,
    };

    private static (double X, double Y)[] Rotated(double cx, double cy, double w, double h, double radians)
    {
        var cos = Math.Cos(radians);
        var sin = Math.Sin(radians);
        (double, double) P(double x, double y) => (Math.Round(cx + (x * cos) - (y * sin), 2), Math.Round(cy + (x * sin) + (y * cos), 2));
        return [P(-w / 2, -h / 2), P(w / 2, -h / 2), P(w / 2, h / 2), P(-w / 2, h / 2)];
    }

    internal static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
