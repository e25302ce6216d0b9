using Sot.Workbench.Domain;
using Sot.Workbench.Plugins.Shared;

namespace Sot.Workbench.Plugins.Cmrt;

/// <summary>Which tradition a reflex-chart association comes from (they disagree: domain reference §4.3).</summary>
public enum ReflexTradition
{
    /// <summary>SOT / CMRT sources.</summary>
    SotCmrt = 0,
    /// <summary>A generic chiropractic "nerve chart".</summary>
    Generic = 1,
    /// <summary>The clinic's own association.</summary>
    Clinic = 2,
}

/// <summary>One occipital-fibre chart entry: line and area (and optionally side) → spinal level.</summary>
/// <param name="Line">Occipital line 1–3.</param>
/// <param name="Area">Area 1–7.</param>
/// <param name="Side">The side the entry applies to; <see cref="Side.None"/> for both sides.</param>
/// <param name="Level">The mapped spinal level.</param>
public sealed record FibreChartEntry(int Line, int Area, Side Side, SpinalLevel Level);

/// <summary>One reflex-chart association: spinal level ↔ organ or system, with its tradition, source and reliability.</summary>
/// <param name="Level">The spinal level.</param>
/// <param name="System">The organ or system label (one of <see cref="CmrtCodes.OrganSystems"/>).</param>
/// <param name="Tradition">The tradition it comes from.</param>
/// <param name="Provenance">Its source and reliability.</param>
public sealed record ReflexChartEntry(SpinalLevel Level, string System, ReflexTradition Tradition, Provenance Provenance);

/// <summary>The occipital-fibre chart in use: the plugin's empty default or a clinic's file.</summary>
public sealed class FibreChart
{
    internal const string Kind = "cmrt-fibre-chart";
    internal const string DefaultResource = "sot.cmrt.fibre-chart.json";

    private FibreChart(DataHeader header, IReadOnlyList<FibreChartEntry> entries)
    {
        Header = header;
        Entries = entries;
    }

    internal DataHeader Header { get; }

    /// <summary>The chart's version.</summary>
    public string Version => Header.Version;

    /// <summary>The chart's source and reliability.</summary>
    public Provenance Provenance => Header.Provenance;

    /// <summary>The file it was read from.</summary>
    public string FileName => Header.FileName;

    /// <summary>The entries.</summary>
    public IReadOnlyList<FibreChartEntry> Entries { get; }

    /// <summary>The level mapped for a fibre, preferring an entry for the fibre's side over one for both sides.</summary>
    public SpinalLevel? Map(int line, int area, Side side)
    {
        SpinalLevel? both = null;
        foreach (var entry in Entries)
        {
            if (entry.Line != line || entry.Area != area)
            {
                continue;
            }

            if (entry.Side == side)
            {
                return entry.Level;
            }

            if (entry.Side == Side.None)
            {
                both = entry.Level;
            }
        }

        return both;
    }

    internal static FibreChart Read(DataFile file)
    {
        var header = file.Header(Kind, ["entries"]);
        var entries = new List<FibreChartEntry>();
        foreach (var node in file.Array(file.Root, "entries"))
        {
            file.Object(node, "an entry");
            file.KnownOnly(node, ["line", "area", "side", "level", "note"]);
            var side = file.OptionalEnum<Side>(node, "side") ?? Side.None;
            if (side == Side.Bilateral)
            {
                throw file.Error(node, "'side' is Left or Right; omit it for an entry that applies to both sides.");
            }

            var entry = new FibreChartEntry(file.Int(node, "line", 1, 3), file.Int(node, "area", 1, 7), side, file.Enum<SpinalLevel>(node, "level"));
            if (entries.Any(e => e.Line == entry.Line && e.Area == entry.Area && e.Side == entry.Side))
            {
                throw file.Error(node, $"line {entry.Line} area {entry.Area}{(side == Side.None ? string.Empty : " " + side)} is mapped twice.");
            }

            _ = file.OptionalString(node, "note");
            entries.Add(entry);
        }

        return new FibreChart(header, entries.AsReadOnly());
    }
}

/// <summary>The reflex chart in use (spinal level ↔ organ/system): the plugin's default or a clinic's file.</summary>
public sealed class ReflexChart
{
    internal const string Kind = "cmrt-reflex-chart";
    internal const string DefaultResource = "sot.cmrt.reflex-chart.json";

    private ReflexChart(DataHeader header, IReadOnlyList<ReflexChartEntry> entries)
    {
        Header = header;
        Entries = entries;
    }

    internal DataHeader Header { get; }

    /// <summary>The chart's version.</summary>
    public string Version => Header.Version;

    /// <summary>The chart's source and reliability.</summary>
    public Provenance Provenance => Header.Provenance;

    /// <summary>The file it was read from.</summary>
    public string FileName => Header.FileName;

    /// <summary>The associations.</summary>
    public IReadOnlyList<ReflexChartEntry> Entries { get; }

    /// <summary>The associations listed for <paramref name="level"/>.</summary>
    public IEnumerable<ReflexChartEntry> For(SpinalLevel level) => Entries.Where(e => e.Level == level);

    internal static ReflexChart Read(DataFile file)
    {
        var header = file.Header(Kind, ["entries"]);
        var entries = new List<ReflexChartEntry>();
        foreach (var node in file.Array(file.Root, "entries"))
        {
            file.Object(node, "an entry");
            file.KnownOnly(node, ["level", "system", "tradition", "reliability", "source"]);
            var entry = new ReflexChartEntry(
                file.Enum<SpinalLevel>(node, "level"),
                file.OneOf(node, "system", CmrtCodes.OrganSystems),
                file.Enum<ReflexTradition>(node, "tradition"),
                new Provenance(file.Enum<ReliabilityTag>(node, "reliability"), file.String(node, "source")));
            if (entries.Any(e => e.Level == entry.Level && e.System == entry.System && e.Tradition == entry.Tradition))
            {
                throw file.Error(node, $"{entry.Level} ↔ {entry.System} ({entry.Tradition}) is listed twice.");
            }

            entries.Add(entry);
        }

        return new ReflexChart(header, entries.AsReadOnly());
    }
}
