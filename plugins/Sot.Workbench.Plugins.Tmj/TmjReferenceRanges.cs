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

    private TmjReferenceRanges(DataHeader header, IReadOnlyList<TmjRange> ranges, decimal asymmetryMm, Provenance asymmetry)
    {
        Header = header;
        Ranges = ranges;
        AsymmetryThresholdMm = asymmetryMm;
        AsymmetryProvenance = asymmetry;
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
        foreach (var value in finding.Values)
        {
            if (value is LengthValue length && IndexOf(length.Key) is >= 0 and var i)
            {
                var mm = length.Value.ExactMillimetres;
                if (Ranges[i].MinMm is { } min && mm < min || Ranges[i].MaxMm is { } max && mm > max)
                {
                    return true;
                }
            }
        }

        return IsAsymmetric(finding);
    }

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
