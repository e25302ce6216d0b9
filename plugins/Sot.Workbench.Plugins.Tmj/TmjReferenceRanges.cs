using System.Globalization;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Plugins.Shared;

namespace Sot.Workbench.Plugins.Tmj;

/// <summary>A reference range for one measurement, in millimetres, with its source.</summary>
/// <param name="Measure">The measurement key (one of <see cref="TmjCodes.MeasureKeys"/>).</param>
/// <param name="MinMm">Inclusive minimum, if any.</param>
/// <param name="MaxMm">Inclusive maximum, if any.</param>
/// <param name="Provenance">Its source and reliability.</param>
public sealed record TmjRange(string Measure, decimal? MinMm, decimal? MaxMm, Provenance Provenance)
{
    /// <summary>The range as text, e.g. "≥ 40 mm" or "35–50 mm".</summary>
    public string Describe() => (MinMm, MaxMm) switch
    {
        ({ } min, { } max) => string.Create(CultureInfo.InvariantCulture, $"{min}–{max} mm"),
        ({ } min, null) => string.Create(CultureInfo.InvariantCulture, $"≥ {min} mm"),
        (null, { } max) => string.Create(CultureInfo.InvariantCulture, $"≤ {max} mm"),
        _ => "any",
    };
}

/// <summary>One flag raised on a TMJ measurement finding.</summary>
/// <param name="Measure">The measurement key, or "lateralAsymmetry".</param>
/// <param name="Text">What is flagged, with the range and its source (no patient data).</param>
/// <param name="Provenance">The range's or threshold's source and reliability.</param>
public sealed record TmjFlag(string Measure, string Text, Provenance Provenance);

/// <summary>The TMJ reference ranges in use: the plugin's default or a clinic's file.</summary>
public sealed class TmjReferenceRanges
{
    internal const string Kind = "tmj-reference-ranges";
    internal const string DefaultResource = "sot.tmj.tmj-ranges.json";

    // At most one range per measure of TmjCodes.MeasureKeys.
    private const int MaxRanges = 7;

    // Per measure (the position of its key in TmjCodes.MeasureKeys): the index of its range in Ranges, or -1, and the
    // range's bounds. Built once when the file is read, so evaluating a measurement looks nothing up by name.
    private readonly int[] _rangeOfMeasure = new int[MaxRanges];
    private readonly decimal[] _min = new decimal[MaxRanges];
    private readonly decimal[] _max = new decimal[MaxRanges];
    private readonly bool[] _hasMin = new bool[MaxRanges];
    private readonly bool[] _hasMax = new bool[MaxRanges];

    private TmjReferenceRanges(DataHeader header, IReadOnlyList<TmjRange> ranges, decimal asymmetryMm, Provenance asymmetry)
    {
        Header = header;
        Ranges = ranges;
        AsymmetryThresholdMm = asymmetryMm;
        AsymmetryProvenance = asymmetry;
        for (var k = 0; k < TmjCodes.MeasureKeys.Count; k++)
        {
            if (TmjCodes.MeasureIndex(TmjCodes.MeasureKeys[k]) != k)
            {
                throw new InvalidOperationException($"TmjCodes.MeasureIndex does not match TmjCodes.MeasureKeys at '{TmjCodes.MeasureKeys[k]}'.");
            }
        }

        Array.Fill(_rangeOfMeasure, -1);
        for (var i = 0; i < ranges.Count; i++)
        {
            var m = TmjCodes.MeasureIndex(ranges[i].Measure);
            _rangeOfMeasure[m] = i;
            (_hasMin[m], _min[m]) = ranges[i].MinMm is { } min ? (true, min) : (false, 0m);
            (_hasMax[m], _max[m]) = ranges[i].MaxMm is { } max ? (true, max) : (false, 0m);
        }
    }

    internal DataHeader Header { get; }

    /// <summary>The file's version.</summary>
    public string Version => Header.Version;

    /// <summary>The file it was read from.</summary>
    public string FileName => Header.FileName;

    /// <summary>The ranges.</summary>
    public IReadOnlyList<TmjRange> Ranges { get; }

    /// <summary>Left/right lateral excursion difference above which asymmetry is flagged.</summary>
    public decimal AsymmetryThresholdMm { get; }

    /// <summary>The threshold's source and reliability.</summary>
    public Provenance AsymmetryProvenance { get; }

    /// <summary>The range for <paramref name="measure"/>, if the file gives one.</summary>
    public TmjRange? For(string measure) => IndexOf(measure) is >= 0 and var i ? Ranges[i] : null;

    /// <summary>The index of <paramref name="measure"/>'s range in <see cref="Ranges"/>, or -1.</summary>
    public int IndexOf(string measure)
    {
        for (var i = 0; i < Ranges.Count; i++)
        {
            if (string.Equals(Ranges[i].Measure, measure, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>True when the lateral excursions of <paramref name="finding"/> differ by more than the threshold.</summary>
    public bool IsAsymmetric(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding["lateralLeft"] is LengthValue left && finding["lateralRight"] is LengthValue right
            && Math.Abs(left.Value.ExactMillimetres - right.Value.ExactMillimetres) > AsymmetryThresholdMm;
    }

    /// <summary>True when <paramref name="finding"/> raises at least one flag (see <see cref="Flags"/>), without building the flags.</summary>
    public bool HasFlag(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var values = finding.Values;
        for (var v = 0; v < values.Count; v++)
        {
            if (values[v] is LengthValue length && TmjCodes.MeasureIndex(length.Key) is >= 0 and var m && _rangeOfMeasure[m] >= 0)
            {
                var mm = length.Value.ExactMillimetres;
                if ((_hasMin[m] && mm < _min[m]) || (_hasMax[m] && mm > _max[m]))
                {
                    return true;
                }
            }
        }

        return IsAsymmetric(finding);
    }

    /// <summary>
    /// Evaluates a measurement finding in one pass over its values: the flags it raises as bits (bit 0: lateral
    /// asymmetry over the threshold; bit 1 + 2i: a value below range i of <see cref="Ranges"/>; bit 2 + 2i: a value
    /// above it). The same outcome as checking each length value against <see cref="For"/> and <see cref="IsAsymmetric"/>.
    /// </summary>
    internal long Evaluate(Finding finding)
    {
        long flags = 0;
        FindingValue? left = null, right = null;
        var values = finding.Values;
        for (var v = 0; v < values.Count; v++)
        {
            var value = values[v];
            var m = TmjCodes.MeasureIndex(value.Key);
            if (m < 0)
            {
                continue;
            }

            // Asymmetry compares the first value of each lateral key, whatever its type (as the finding's indexer reads it).
            if (m == LateralLeft)
            {
                left ??= value;
            }
            else if (m == LateralRight)
            {
                right ??= value;
            }

            var index = _rangeOfMeasure[m];
            if (index < 0 || value is not LengthValue length)
            {
                continue;
            }

            var mm = length.Value.ExactMillimetres;
            if (_hasMin[m] && mm < _min[m])
            {
                flags |= 1L << (1 + 2 * index);
            }
            else if (_hasMax[m] && mm > _max[m])
            {
                flags |= 1L << (2 + 2 * index);
            }
        }

        if (left is LengthValue l && right is LengthValue r && Math.Abs(l.Value.ExactMillimetres - r.Value.ExactMillimetres) > AsymmetryThresholdMm)
        {
            flags |= 1L;
        }

        return flags;
    }

    /// <summary>The number of distinct flag combinations <see cref="Combination"/> numbers (asymmetry × in range, below or above per range).</summary>
    internal int Combinations => 2 * Power3(Ranges.Count);

    /// <summary>
    /// A dense number below <see cref="Combinations"/> for <paramref name="flags"/> (from <see cref="Evaluate"/>): flags that
    /// describe the same outcome get the same number (a range with a value below and another above counts as below).
    /// </summary>
    internal int Combination(long flags)
    {
        var n = 0;
        for (var i = Ranges.Count - 1; i >= 0; i--)
        {
            n = n * 3 + ((flags & (1L << (1 + 2 * i))) != 0 ? 1 : (flags & (1L << (2 + 2 * i))) != 0 ? 2 : 0);
        }

        return n * 2 + (int)(flags & 1L);
    }

    private static int Power3(int n)
    {
        var p = 1;
        for (var i = 0; i < n; i++)
        {
            p *= 3;
        }

        return p;
    }

    private static readonly int LateralLeft = TmjCodes.MeasureIndex("lateralLeft");
    private static readonly int LateralRight = TmjCodes.MeasureIndex("lateralRight");

    /// <summary>The flags a measurement finding raises: values outside their range and lateral asymmetry over the threshold.</summary>
    public IReadOnlyList<TmjFlag> Flags(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var flags = new List<TmjFlag>();
        foreach (var value in finding.Values.OfType<LengthValue>())
        {
            if (For(value.Key) is not { } range)
            {
                continue;
            }

            var mm = value.Value.ExactMillimetres;
            var side = range.MinMm is { } min && mm < min ? "below" : range.MaxMm is { } max && mm > max ? "above" : null;
            if (side is not null)
            {
                flags.Add(new TmjFlag(value.Key,
                    string.Create(CultureInfo.InvariantCulture, $"{TmjCodes.Label(value.Key)} {value.Display()} is {side} the reference range {range.Describe()} ({range.Provenance})"),
                    range.Provenance));
            }
        }

        if (IsAsymmetric(finding) && finding.Get<LengthValue>("lateralLeft") is { } left && finding.Get<LengthValue>("lateralRight") is { } right)
        {
            var diff = Math.Abs(left.Value.ExactMillimetres - right.Value.ExactMillimetres);
            {
                flags.Add(new TmjFlag("lateralAsymmetry",
                    string.Create(CultureInfo.InvariantCulture, $"Lateral excursions differ by {decimal.Round(diff, 1)} mm (left {left.Display()}, right {right.Display()}), over the {AsymmetryThresholdMm} mm threshold ({AsymmetryProvenance})"),
                    AsymmetryProvenance));
            }
        }

        return flags;
    }

    internal static TmjReferenceRanges Read(DataFile file)
    {
        var header = file.Header(Kind, ["asymmetry", "ranges"]);
        var asymmetry = file.Object(file.Required(file.Root, "asymmetry"), "'asymmetry'");
        file.KnownOnly(asymmetry, ["thresholdMm", "reliability", "source"]);
        var threshold = file.OptionalDecimal(asymmetry, "thresholdMm", 0, 20) ?? throw file.Error(asymmetry, "property 'thresholdMm' is required.");
        var asymmetryProvenance = new Provenance(file.Enum<ReliabilityTag>(asymmetry, "reliability"), file.String(asymmetry, "source"));
        var ranges = new List<TmjRange>();
        foreach (var node in file.Array(file.Root, "ranges"))
        {
            file.Object(node, "a range");
            file.KnownOnly(node, ["measure", "minMm", "maxMm", "reliability", "source"]);
            var measure = file.OneOf(node, "measure", TmjCodes.MeasureKeys);
            var min = file.OptionalDecimal(node, "minMm", 0, 100);
            var max = file.OptionalDecimal(node, "maxMm", 0, 100);
            if (min is null && max is null)
            {
                throw file.Error(node, $"the range for '{measure}' gives neither minMm nor maxMm.");
            }

            if (min > max)
            {
                throw file.Error(node, string.Create(CultureInfo.InvariantCulture, $"the range for '{measure}' is empty: minMm {min} > maxMm {max}."));
            }

            if (ranges.Any(r => r.Measure == measure))
            {
                throw file.Error(node, $"'{measure}' has two ranges; keep one.");
            }

            ranges.Add(new TmjRange(measure, min, max, new Provenance(file.Enum<ReliabilityTag>(node, "reliability"), file.String(node, "source"))));
        }

        return new TmjReferenceRanges(header, ranges.AsReadOnly(), threshold, asymmetryProvenance);
    }
}
