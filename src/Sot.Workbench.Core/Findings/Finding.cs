using System.Text.Json.Serialization;
using Sot.Workbench.Domain;

namespace Sot.Workbench.Findings;

/// <summary>When in the visit a finding was recorded.</summary>
public enum FindingPhase
{
    /// <summary>The initial analysis (standing, prone, supine).</summary>
    InitialAnalysis = 0,
    /// <summary>A re-test while the patient is on blocks.</summary>
    DuringBlocking = 1,
    /// <summary>The reassessment after treatment.</summary>
    Reassessment = 2,
}

/// <summary>
/// One recorded finding: an indicator code tested in a position, on a side, in a phase of the visit,
/// with one or more typed values. Findings are self-describing (code, label, values with units and
/// the derived named side) so a stored record stays readable when the plugin that defined the
/// indicator is absent. Create findings through <see cref="Catalogue.IndicatorCatalogue.CreateFinding"/>,
/// which validates them.
/// </summary>
public sealed record Finding
{
    /// <summary>Creates a finding without validation (used when reading stored records). Prefer <see cref="Catalogue.IndicatorCatalogue.CreateFinding"/>.</summary>
    [JsonConstructor]
    public Finding(string code, string label, AnalysisPosition position, Side side, FindingPhase phase, IReadOnlyList<FindingValue> values, Side namedSide = Side.None)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(values);
        Code = code;
        Label = label;
        Position = position;
        Side = side;
        Phase = phase;
        Values = values;
        NamedSide = namedSide;
    }

    /// <summary>The indicator code (e.g. "C2-AFT").</summary>
    public string Code { get; }

    /// <summary>The indicator's name at the time of recording.</summary>
    public string Label { get; }

    /// <summary>The position the indicator was tested in.</summary>
    public AnalysisPosition Position { get; }

    /// <summary>
    /// The side recorded. For crest and dollar signs this is the <em>hypotonic</em> side; see <see cref="NamedSide"/>.
    /// </summary>
    public Side Side { get; }

    /// <summary>
    /// For indicators whose clinical name refers to the opposite side (crest sign, dollar sign: the sign is
    /// named after the normal-toned side), the derived named side; otherwise <see cref="Side.None"/>.
    /// </summary>
    public Side NamedSide { get; }

    /// <summary>When in the visit the finding was recorded.</summary>
    public FindingPhase Phase { get; }

    /// <summary>The typed values, in the order of the indicator definition.</summary>
    public IReadOnlyList<FindingValue> Values { get; }

    /// <summary>The value with <paramref name="key"/>, or null.</summary>
    public FindingValue? this[string key]
    {
        get
        {
            var values = Values;
            for (var i = 0; i < values.Count; i++)
            {
                if (string.Equals(values[i].Key, key, StringComparison.Ordinal))
                {
                    return values[i];
                }
            }

            return null;
        }
    }

    /// <summary>The value with <paramref name="key"/> if it has type <typeparamref name="T"/>, else null.</summary>
    public T? Get<T>(string key) where T : FindingValue => this[key] as T;

    /// <inheritdoc />
    public bool Equals(Finding? other) =>
        other is not null
        && Code == other.Code && Label == other.Label && Position == other.Position && Side == other.Side
        && NamedSide == other.NamedSide && Phase == other.Phase && Values.SequenceEqual(other.Values);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Code, Position, Side, Phase, Values.Count);
}
