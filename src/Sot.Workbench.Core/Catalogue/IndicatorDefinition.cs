using Sot.Workbench.Domain;
using Sot.Workbench.Findings;

namespace Sot.Workbench.Catalogue;

/// <summary>Whether a finding of an indicator must name a side.</summary>
public enum SideRequirement
{
    /// <summary>The finding has no side (must be <see cref="Side.None"/>).</summary>
    NotApplicable = 0,
    /// <summary>A side may be given.</summary>
    Optional = 1,
    /// <summary>Left, right or bilateral must be given.</summary>
    Required = 2,
    /// <summary>Exactly left or right must be given (one finding per side).</summary>
    LeftOrRight = 3,
}

/// <summary>How the recorded side relates to the indicator's clinical name.</summary>
public enum SideMeaning
{
    /// <summary>The side recorded is the side the indicator is named for.</summary>
    Affected = 0,
    /// <summary>
    /// The side recorded is the hypotonic side and the sign is named after the opposite, normal-toned side
    /// (crest sign, dollar sign).
    /// </summary>
    HypotonicNamedOpposite = 1,
}

/// <summary>The specification of one value an indicator records.</summary>
/// <param name="Key">The value's key, unique within the indicator (lower camel case, e.g. "eyesOpen").</param>
/// <param name="Type">The value's type.</param>
public sealed record IndicatorValueSpec(string Key, IndicatorValueType Type)
{
    /// <summary>Whether the value must be given.</summary>
    public bool Required { get; init; } = true;

    /// <summary>Inclusive minimum for numeric values (lengths are compared in millimetres; for lists, per item score).</summary>
    public decimal? Min { get; init; }

    /// <summary>Inclusive maximum for numeric values (lengths are compared in millimetres).</summary>
    public decimal? Max { get; init; }

    /// <summary>Allowed values for enumerated and sequence values; for enumerated verification indicators the first value is the negative (clear) one.</summary>
    public IReadOnlyList<string>? AllowedValues { get; init; }

    /// <summary>Minimum number of items for sequences and point lists.</summary>
    public int MinItems { get; init; } = 1;

    /// <summary>Maximum number of items for sequences and point lists.</summary>
    public int MaxItems { get; init; } = int.MaxValue;

    /// <summary>Unit shown with <see cref="IndicatorValueType.Number"/> values (e.g. "kg/cm²").</summary>
    public string? Unit { get; init; }

    /// <summary>A human-readable label for the value.</summary>
    public string? Label { get; init; }

    /// <summary>
    /// For numeric values used to judge improvement: true when a higher value is better
    /// (e.g. straight-leg-raise angle), false when a higher value is worse (tenderness, pain).
    /// </summary>
    public bool HigherIsBetter { get; init; }
}

/// <summary>
/// A catalogue entry: one SOT (or plugin) indicator with its code, name, category, positions, values and provenance.
/// </summary>
public sealed record IndicatorDefinition
{
    /// <summary>Creates a definition.</summary>
    public IndicatorDefinition(string code, string name, SotCategory? category, Subsystem subsystem,
        IReadOnlyList<AnalysisPosition> positions, SideRequirement side, IReadOnlyList<IndicatorValueSpec> values,
        Provenance provenance)
    {
        Code = code;
        Name = name;
        Category = category;
        Subsystem = subsystem;
        Positions = positions;
        Side = side;
        Values = values;
        Provenance = provenance;
    }

    /// <summary>Unique code (upper case, digits and '-').</summary>
    public string Code { get; }

    /// <summary>Human-readable name.</summary>
    public string Name { get; }

    /// <summary>The SOT category the indicator points to, or null.</summary>
    public SotCategory? Category { get; }

    /// <summary>The sub-system the indicator belongs to.</summary>
    public Subsystem Subsystem { get; }

    /// <summary>The positions it may be tested in; the first is the usual one.</summary>
    public IReadOnlyList<AnalysisPosition> Positions { get; }

    /// <summary>Whether a side must be recorded.</summary>
    public SideRequirement Side { get; }

    /// <summary>How the recorded side relates to the clinical name.</summary>
    public SideMeaning SideMeaning { get; init; }

    /// <summary>The values a finding records. May be empty when the finding's presence and side are the whole record.</summary>
    public IReadOnlyList<IndicatorValueSpec> Values { get; }

    /// <summary>Whether the indicator is re-tested to verify blocking (it should ease or clear on blocks).</summary>
    public bool VerifiesBlocking { get; init; }

    /// <summary>Where the definition comes from and how reliable it is.</summary>
    public Provenance Provenance { get; }

    /// <summary>
    /// The key of the value used to judge whether the finding eased (see <see cref="Findings.FindingSeverity"/>);
    /// null means the first value, or mere presence when the indicator records no values.
    /// </summary>
    public string? SeverityKey { get; init; }

    /// <summary>How it is tested (short, for the practitioner).</summary>
    public string? Description { get; init; }

    /// <summary>
    /// The indicator's own check, run after every value has passed its specification (e.g. "pain-free opening
    /// must not exceed maximum opening"). It returns null when the finding is valid, otherwise a short description
    /// of the rule broken (no patient data); the catalogue then rejects the finding with
    /// <see cref="FindingRule.IndicatorRule"/>. It must be pure and must not throw.
    /// </summary>
    public Func<Finding, string?>? Check { get; init; }

    /// <summary>The first (usual) position.</summary>
    public AnalysisPosition UsualPosition => Positions[0];

    /// <summary>The value specification with <paramref name="key"/>, or null.</summary>
    public IndicatorValueSpec? ValueSpec(string key)
    {
        foreach (var spec in Values)
        {
            if (string.Equals(spec.Key, key, StringComparison.Ordinal))
            {
                return spec;
            }
        }

        return null;
    }
}
