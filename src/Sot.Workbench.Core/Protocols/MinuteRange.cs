using System.Globalization;

namespace Sot.Workbench.Protocols;

/// <summary>A suggested time on the blocks, in whole minutes, as a range (a single value has equal bounds).</summary>
public readonly record struct MinuteRange
{
    /// <summary>The shortest time a protocol may suggest, in minutes.</summary>
    public const int Lowest = 1;

    /// <summary>The longest time a protocol may suggest, in minutes.</summary>
    public const int Highest = 30;

    /// <summary>Creates a range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A bound is outside <see cref="Lowest"/>–<see cref="Highest"/>, or the minimum exceeds the maximum.</exception>
    public MinuteRange(int minimum, int maximum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimum, Lowest);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minimum, Highest);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, minimum);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maximum, Highest);
        Minimum = minimum;
        Maximum = maximum;
    }

    /// <summary>The shortest suggested time, in minutes.</summary>
    public int Minimum { get; }

    /// <summary>The longest suggested time, in minutes.</summary>
    public int Maximum { get; }

    /// <summary>A single suggested time.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minutes"/> is outside <see cref="Lowest"/>–<see cref="Highest"/>.</exception>
    public static MinuteRange Exactly(int minutes) => new(minutes, minutes);

    /// <summary>True when <paramref name="minutes"/> lies within the range (bounds included).</summary>
    public bool Contains(int minutes) => minutes >= Minimum && minutes <= Maximum;

    /// <summary>"2–5 min" or "3 min".</summary>
    public override string ToString() => Minimum == Maximum
        ? Minimum.ToString(CultureInfo.InvariantCulture) + " min"
        : Minimum.ToString(CultureInfo.InvariantCulture) + "–" + Maximum.ToString(CultureInfo.InvariantCulture) + " min";
}
