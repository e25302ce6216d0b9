using System.Globalization;
using System.Text.Json.Serialization;
using Sot.Workbench.Domain;

namespace Sot.Workbench.Findings;

/// <summary>The kind of value an indicator records.</summary>
public enum IndicatorValueType
{
    /// <summary>Present / absent, yes / no.</summary>
    Boolean = 0,
    /// <summary>A body side.</summary>
    Side = 1,
    /// <summary>A <see cref="Domain.Grade"/> (none, mild, moderate, marked).</summary>
    Grade = 2,
    /// <summary>A length with its unit (mm or 1/8 inch).</summary>
    Length = 3,
    /// <summary>An angle in degrees.</summary>
    Degrees = 4,
    /// <summary>One value from a fixed list.</summary>
    Enumerated = 5,
    /// <summary>An ordered sequence of values from a fixed list (e.g. SOTO responses).</summary>
    Sequence = 6,
    /// <summary>An integer score 0–10 (NRS).</summary>
    Score0To10 = 7,
    /// <summary>A bounded integer (e.g. occipital line 1–3, area 1–7).</summary>
    WholeNumber = 8,
    /// <summary>A list of named points, each with a 0–10 score (e.g. sciatic pain map).</summary>
    Points = 9,
    /// <summary>A spinal level.</summary>
    SpinalLevel = 10,
    /// <summary>Free text (short; never used by rules).</summary>
    Text = 11,
    /// <summary>A decimal number with a unit named in the value specification (e.g. kg/cm²).</summary>
    Number = 12,
}

/// <summary>A named point with a 0–10 score, e.g. one point of a sciatic pain map.</summary>
/// <param name="Point">The point's code or name (e.g. "GLUTEAL", "MID-CALF").</param>
/// <param name="Score">The score 0–10.</param>
public sealed record PointScore(string Point, int Score);

/// <summary>
/// One typed value of a finding. Values are self-describing: each carries its key and type so a stored
/// finding stays readable without the indicator definition.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(BooleanValue), "boolean")]
[JsonDerivedType(typeof(SideValue), "side")]
[JsonDerivedType(typeof(GradeValue), "grade")]
[JsonDerivedType(typeof(LengthValue), "length")]
[JsonDerivedType(typeof(DegreesValue), "degrees")]
[JsonDerivedType(typeof(EnumValue), "enumerated")]
[JsonDerivedType(typeof(SequenceValue), "sequence")]
[JsonDerivedType(typeof(ScoreValue), "score")]
[JsonDerivedType(typeof(WholeNumberValue), "wholeNumber")]
[JsonDerivedType(typeof(PointsValue), "points")]
[JsonDerivedType(typeof(SpinalLevelValue), "level")]
[JsonDerivedType(typeof(TextValue), "text")]
[JsonDerivedType(typeof(NumberValue), "number")]
public abstract record FindingValue(string Key)
{
    /// <summary>The value's type.</summary>
    [JsonIgnore]
    public abstract IndicatorValueType Type { get; }

    /// <summary>The value as display text (invariant culture, with its unit where it has one).</summary>
    public abstract string Display();
}

/// <summary>A yes/no value.</summary>
public sealed record BooleanValue(string Key, bool Value) : FindingValue(Key)
{
    /// <inheritdoc />
    public override IndicatorValueType Type => IndicatorValueType.Boolean;
    /// <inheritdoc />
    public override string Display() => Value ? "yes" : "no";
}

/// <summary>A side value.</summary>
public sealed record SideValue(string Key, Side Value) : FindingValue(Key)
{
    /// <inheritdoc />
    public override IndicatorValueType Type => IndicatorValueType.Side;
    /// <inheritdoc />
    public override string Display() => Value.ToString();
}

/// <summary>A grade value.</summary>
public sealed record GradeValue(string Key, Grade Value) : FindingValue(Key)
{
    /// <inheritdoc />
    public override IndicatorValueType Type => IndicatorValueType.Grade;
    /// <inheritdoc />
    public override string Display() => Value.ToString();
}

/// <summary>A length value, kept in the unit entered.</summary>
public sealed record LengthValue(string Key, Length Value) : FindingValue(Key)
{
    /// <inheritdoc />
    public override IndicatorValueType Type => IndicatorValueType.Length;
    /// <inheritdoc />
    public override string Display() => Value.ToString();
}

/// <summary>An angle in degrees.</summary>
public sealed record DegreesValue(string Key, decimal Value) : FindingValue(Key)
{
    /// <inheritdoc />
    public override IndicatorValueType Type => IndicatorValueType.Degrees;
    /// <inheritdoc />
    public override string Display() => Value.ToString(CultureInfo.InvariantCulture) + "°";
}

/// <summary>One value of an enumerated list (the allowed values are in the indicator definition).</summary>
public sealed record EnumValue(string Key, string Value) : FindingValue(Key)
{
    /// <inheritdoc />
    public override IndicatorValueType Type => IndicatorValueType.Enumerated;
    /// <inheritdoc />
    public override string Display() => Value;
}

/// <summary>An ordered sequence of enumerated values.</summary>
public sealed record SequenceValue(string Key, IReadOnlyList<string> Values) : FindingValue(Key)
{
    /// <inheritdoc />
    public override IndicatorValueType Type => IndicatorValueType.Sequence;
    /// <inheritdoc />
    public override string Display() => string.Join("-", Values);
    /// <inheritdoc />
    public bool Equals(SequenceValue? other) => other is not null && Key == other.Key && Values.SequenceEqual(other.Values);
    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Key, Values.Count);
}

/// <summary>A 0–10 score.</summary>
public sealed record ScoreValue(string Key, int Value) : FindingValue(Key)
{
    /// <inheritdoc />
    public override IndicatorValueType Type => IndicatorValueType.Score0To10;
    /// <inheritdoc />
    public override string Display() => Value.ToString(CultureInfo.InvariantCulture) + "/10";
}

/// <summary>A bounded integer.</summary>
public sealed record WholeNumberValue(string Key, int Value) : FindingValue(Key)
{
    /// <inheritdoc />
    public override IndicatorValueType Type => IndicatorValueType.WholeNumber;
    /// <inheritdoc />
    public override string Display() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A list of scored points.</summary>
public sealed record PointsValue(string Key, IReadOnlyList<PointScore> Points) : FindingValue(Key)
{
    /// <inheritdoc />
    public override IndicatorValueType Type => IndicatorValueType.Points;
    /// <inheritdoc />
    public override string Display() => string.Join(", ", Points.Select(p => p.Point + " " + p.Score.ToString(CultureInfo.InvariantCulture) + "/10"));
    /// <inheritdoc />
    public bool Equals(PointsValue? other) => other is not null && Key == other.Key && Points.SequenceEqual(other.Points);
    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Key, Points.Count);
}

/// <summary>A spinal level.</summary>
public sealed record SpinalLevelValue(string Key, SpinalLevel Value) : FindingValue(Key)
{
    /// <inheritdoc />
    public override IndicatorValueType Type => IndicatorValueType.SpinalLevel;
    /// <inheritdoc />
    public override string Display() => Value.ToString();
}

/// <summary>Short free text.</summary>
public sealed record TextValue(string Key, string Value) : FindingValue(Key)
{
    /// <inheritdoc />
    public override IndicatorValueType Type => IndicatorValueType.Text;
    /// <inheritdoc />
    public override string Display() => Value;
}

/// <summary>A decimal number whose unit is named in the value specification (and copied here when created).</summary>
public sealed record NumberValue(string Key, decimal Value, string? Unit = null) : FindingValue(Key)
{
    /// <inheritdoc />
    public override IndicatorValueType Type => IndicatorValueType.Number;
    /// <inheritdoc />
    public override string Display() => Value.ToString(CultureInfo.InvariantCulture) + (Unit is null ? string.Empty : " " + Unit);
}
