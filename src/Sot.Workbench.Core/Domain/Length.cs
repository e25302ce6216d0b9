using System.Globalization;
using System.Text.Json.Serialization;

namespace Sot.Workbench.Domain;

/// <summary>The unit a length was entered in.</summary>
public enum LengthUnit
{
    /// <summary>Millimetres.</summary>
    Millimetre = 0,
    /// <summary>Eighths of an inch (the unit many SOT practitioners use for leg length).</summary>
    EighthInch = 1,
}

/// <summary>
/// A length exactly as the practitioner entered it: the decimal number and its unit. Nothing is
/// converted when stored; conversion happens on demand.
/// </summary>
/// <remarks>
/// Rounding rule: conversions are exact in decimal (1/8 inch = 3.175 mm exactly) and the result is
/// rounded to <see cref="ConversionDecimals"/> decimal places with <see cref="MidpointRounding.AwayFromZero"/>
/// ("round half up" as clinicians expect, symmetric for negative values).
/// </remarks>
public readonly record struct Length : IComparable<Length>
{
    /// <summary>Millimetres in one eighth of an inch (25.4 / 8), exact.</summary>
    public const decimal MillimetresPerEighthInch = 3.175m;

    /// <summary>Decimal places kept by <see cref="ToMillimetres"/> and <see cref="ToEighthInches"/>.</summary>
    public const int ConversionDecimals = 2;

    /// <summary>Creates a length.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The unit is not defined.</exception>
    [JsonConstructor]
    public Length(decimal value, LengthUnit unit)
    {
        if (!Enum.IsDefined(unit))
        {
            throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown length unit.");
        }

        Value = value;
        Unit = unit;
    }

    /// <summary>The number entered.</summary>
    public decimal Value { get; }

    /// <summary>The unit entered.</summary>
    public LengthUnit Unit { get; }

    /// <summary>A length in millimetres.</summary>
    public static Length Millimetres(decimal value) => new(value, LengthUnit.Millimetre);

    /// <summary>A length in eighths of an inch.</summary>
    public static Length EighthInches(decimal value) => new(value, LengthUnit.EighthInch);

    /// <summary>The exact value in millimetres, without rounding.</summary>
    public decimal ExactMillimetres => Unit == LengthUnit.Millimetre ? Value : Value * MillimetresPerEighthInch;

    /// <summary>The value in millimetres, rounded per the type's rounding rule.</summary>
    public decimal ToMillimetres() => Math.Round(ExactMillimetres, ConversionDecimals, MidpointRounding.AwayFromZero);

    /// <summary>The value in eighths of an inch, rounded per the type's rounding rule.</summary>
    public decimal ToEighthInches() => Unit == LengthUnit.EighthInch
        ? Value
        : Math.Round(Value / MillimetresPerEighthInch, ConversionDecimals, MidpointRounding.AwayFromZero);

    /// <summary>The value in <paramref name="unit"/>, rounded per the type's rounding rule.</summary>
    public decimal In(LengthUnit unit) => unit == LengthUnit.Millimetre ? ToMillimetres() : ToEighthInches();

    /// <summary>Compares by exact physical length.</summary>
    public int CompareTo(Length other) => ExactMillimetres.CompareTo(other.ExactMillimetres);

    /// <summary>The unit's symbol ("mm" or "/8 in").</summary>
    public static string Symbol(LengthUnit unit) => unit == LengthUnit.Millimetre ? "mm" : "/8 in";

    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture) + " " + Symbol(Unit);

    /// <summary>Exact physical comparison.</summary>
    public static bool operator <(Length left, Length right) => left.CompareTo(right) < 0;
    /// <summary>Exact physical comparison.</summary>
    public static bool operator >(Length left, Length right) => left.CompareTo(right) > 0;
    /// <summary>Exact physical comparison.</summary>
    public static bool operator <=(Length left, Length right) => left.CompareTo(right) <= 0;
    /// <summary>Exact physical comparison.</summary>
    public static bool operator >=(Length left, Length right) => left.CompareTo(right) >= 0;
}
