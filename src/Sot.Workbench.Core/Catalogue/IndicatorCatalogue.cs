using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;

namespace Sot.Workbench.Catalogue;

/// <summary>
/// The indicator catalogue: every indicator definition known to the workbench (Core's SOT indicators plus
/// those contributed by plugins), keyed by unique code. Immutable once built; it validates findings.
/// </summary>
public sealed class IndicatorCatalogue
{
    private static readonly Lazy<IndicatorCatalogue> CoreOnly = new(() => new IndicatorCatalogue([new CoreIndicators()]));

    private readonly FrozenDictionary<string, IndicatorDefinition> _byCode;
    private readonly FrozenDictionary<string, string> _sourceByCode;

    /// <summary>Builds a catalogue from indicator sources.</summary>
    /// <exception cref="DuplicateIndicatorCodeException">Two sources (or one source twice) define the same code.</exception>
    /// <exception cref="ArgumentException">A definition is malformed (the message names the code and the problem).</exception>
    public IndicatorCatalogue(IEnumerable<IIndicatorSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var byCode = new Dictionary<string, IndicatorDefinition>(StringComparer.Ordinal);
        var sourceByCode = new Dictionary<string, string>(StringComparer.Ordinal);
        var ordered = new List<IndicatorDefinition>();
        foreach (var source in sources)
        {
            foreach (var definition in source.GetIndicators())
            {
                CheckDefinition(definition, source.SourceName);
                if (sourceByCode.TryGetValue(definition.Code, out var first))
                {
                    throw new DuplicateIndicatorCodeException(definition.Code, first, source.SourceName);
                }

                byCode.Add(definition.Code, definition);
                sourceByCode.Add(definition.Code, source.SourceName);
                ordered.Add(definition);
            }
        }

        _byCode = byCode.ToFrozenDictionary(StringComparer.Ordinal);
        _sourceByCode = sourceByCode.ToFrozenDictionary(StringComparer.Ordinal);
        All = ordered.AsReadOnly();
    }

    /// <summary>A catalogue holding only Core's SOT indicators.</summary>
    public static IndicatorCatalogue Core => CoreOnly.Value;

    /// <summary>Every definition, in the order contributed.</summary>
    public IReadOnlyList<IndicatorDefinition> All { get; }

    /// <summary>Number of definitions.</summary>
    public int Count => All.Count;

    /// <summary>True when <paramref name="code"/> is defined.</summary>
    public bool Contains(string code) => _byCode.ContainsKey(code);

    /// <summary>Looks up a definition.</summary>
    public bool TryGet(string code, [NotNullWhen(true)] out IndicatorDefinition? definition) => _byCode.TryGetValue(code, out definition);

    /// <summary>The definition of <paramref name="code"/>.</summary>
    /// <exception cref="FindingValidationException">The code is unknown (rule <see cref="FindingRule.UnknownCode"/>).</exception>
    public IndicatorDefinition Get(string code) => _byCode.TryGetValue(code, out var definition)
        ? definition
        : throw new FindingValidationException(code, FindingRule.UnknownCode, null, "the code is not in the indicator catalogue.");

    /// <summary>The source name that contributed <paramref name="code"/>, or null.</summary>
    public string? SourceOf(string code) => _sourceByCode.GetValueOrDefault(code);

    /// <summary>
    /// Creates and validates a finding. The finding copies the indicator's label and, for crest and dollar
    /// signs, derives the named (normal-toned) side from the hypotonic side recorded.
    /// </summary>
    /// <exception cref="FindingValidationException">The finding breaks a rule; the exception names the code, value and rule.</exception>
    public Finding CreateFinding(string code, AnalysisPosition position, Side side, FindingPhase phase, params IReadOnlyList<FindingValue> values)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(values);
        var definition = Get(code);
        var ordered = Validate(definition, position, side, values);
        var namedSide = definition.SideMeaning == SideMeaning.HypotonicNamedOpposite ? side.Opposite() : Side.None;
        var finding = new Finding(definition.Code, definition.Name, position, side, phase, ordered, namedSide);
        RunCheck(definition, finding);
        return finding;
    }

    /// <summary>Validates a finding that was built elsewhere (e.g. read from a file) against the catalogue.</summary>
    /// <exception cref="FindingValidationException">The finding breaks a rule.</exception>
    public void Validate(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var definition = Get(finding.Code);
        Validate(definition, finding.Position, finding.Side, finding.Values);
        var expectedNamed = definition.SideMeaning == SideMeaning.HypotonicNamedOpposite ? finding.Side.Opposite() : Side.None;
        if (finding.NamedSide != expectedNamed)
        {
            throw new FindingValidationException(finding.Code, FindingRule.IndicatorRule, null,
                $"the named side must be {expectedNamed} for a recorded side of {finding.Side}.");
        }

        RunCheck(definition, finding);
    }

    private static void RunCheck(IndicatorDefinition definition, Finding finding)
    {
        if (definition.Check is { } check && check(finding) is { } broken)
        {
            throw new FindingValidationException(definition.Code, FindingRule.IndicatorRule, null, broken);
        }
    }

    private static FindingValue[] Validate(IndicatorDefinition definition, AnalysisPosition position, Side side, IReadOnlyList<FindingValue> values)
    {
        var code = definition.Code;
        if (!Enum.IsDefined(position))
        {
            throw new FindingValidationException(code, FindingRule.UndefinedEnumValue, null, $"position {(int)position} is not defined.");
        }

        if (!definition.Positions.Contains(position))
        {
            throw new FindingValidationException(code, FindingRule.WrongPosition, null,
                $"the indicator is tested {string.Join(" or ", definition.Positions)}, not {position}.");
        }

        if (!Enum.IsDefined(side))
        {
            throw new FindingValidationException(code, FindingRule.UndefinedEnumValue, null, $"side {(int)side} is not defined.");
        }

        switch (definition.Side)
        {
            case SideRequirement.NotApplicable when side != Side.None:
                throw new FindingValidationException(code, FindingRule.SideNotAllowed, null, "the indicator records no side.");
            case SideRequirement.Required when side == Side.None:
            case SideRequirement.LeftOrRight when side == Side.None:
                throw new FindingValidationException(code, FindingRule.MissingSide, null, "the indicator requires a side.");
            case SideRequirement.LeftOrRight when side == Side.Bilateral:
                throw new FindingValidationException(code, FindingRule.SideNotAllowed, null, "record left and right as separate findings.");
        }

        var ordered = new FindingValue[values.Count];
        var filled = 0;
        foreach (var spec in definition.Values)
        {
            FindingValue? match = null;
            for (var i = 0; i < values.Count; i++)
            {
                var value = values[i] ?? throw new FindingValidationException(code, FindingRule.MissingValue, null, "a value is null.");
                if (!string.Equals(value.Key, spec.Key, StringComparison.Ordinal))
                {
                    continue;
                }

                if (match is not null)
                {
                    throw new FindingValidationException(code, FindingRule.DuplicateValue, spec.Key, "the value is given more than once.");
                }

                match = value;
            }

            if (match is null)
            {
                if (spec.Required)
                {
                    throw new FindingValidationException(code, FindingRule.MissingValue, spec.Key, $"a {spec.Type} value is required.");
                }

                continue;
            }

            ValidateValue(code, spec, match);
            ordered[filled++] = match;
        }

        if (filled != values.Count)
        {
            foreach (var value in values)
            {
                if (definition.ValueSpec(value.Key) is null)
                {
                    throw new FindingValidationException(code, FindingRule.UnknownValue, value.Key,
                        definition.Values.Count == 0
                            ? "the indicator records no values."
                            : $"the indicator records {string.Join(", ", definition.Values.Select(v => v.Key))}.");
                }
            }
        }

        return ordered;
    }

    private static void ValidateValue(string code, IndicatorValueSpec spec, FindingValue value)
    {
        if (value.Type != spec.Type)
        {
            throw new FindingValidationException(code, FindingRule.WrongValueType, spec.Key, $"expected {spec.Type}, got {value.Type}.");
        }

        switch (value)
        {
            case SideValue { Value: var s } when !Enum.IsDefined(s):
                throw new FindingValidationException(code, FindingRule.UndefinedEnumValue, spec.Key, $"side {(int)s} is not defined.");
            case GradeValue { Value: var g } when !Enum.IsDefined(g):
                throw new FindingValidationException(code, FindingRule.UndefinedEnumValue, spec.Key, $"grade {(int)g} is not defined.");
            case SpinalLevelValue { Value: var l } when !Enum.IsDefined(l):
                throw new FindingValidationException(code, FindingRule.UndefinedEnumValue, spec.Key, $"spinal level {(int)l} is not defined.");
            case LengthValue l:
                CheckRange(code, spec, l.Value.ExactMillimetres, " mm");
                break;
            case DegreesValue d:
                CheckRange(code, spec, d.Value, "°");
                break;
            case NumberValue n:
                CheckRange(code, spec, n.Value, spec.Unit is null ? string.Empty : " " + spec.Unit);
                break;
            case ScoreValue s:
                CheckRange(code, spec with { Min = spec.Min ?? 0, Max = spec.Max ?? 10 }, s.Value, string.Empty);
                break;
            case WholeNumberValue i:
                CheckRange(code, spec, i.Value, string.Empty);
                break;
            case EnumValue e:
                CheckAllowed(code, spec, e.Value);
                break;
            case SequenceValue q:
                CheckCount(code, spec, q.Values?.Count ?? 0);
                foreach (var item in q.Values!)
                {
                    CheckAllowed(code, spec, item);
                }

                break;
            case PointsValue p:
                CheckCount(code, spec, p.Points?.Count ?? 0);
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var point in p.Points!)
                {
                    if (point is null || string.IsNullOrWhiteSpace(point.Point))
                    {
                        throw new FindingValidationException(code, FindingRule.MissingValue, spec.Key, "a point has no name.");
                    }

                    if (spec.AllowedValues is not null)
                    {
                        CheckAllowed(code, spec, point.Point);
                    }

                    if (!seen.Add(point.Point))
                    {
                        throw new FindingValidationException(code, FindingRule.DuplicateValue, spec.Key, $"point '{point.Point}' is listed twice.");
                    }

                    if (point.Score is < 0 or > 10)
                    {
                        throw new FindingValidationException(code, FindingRule.OutOfRange, spec.Key, $"point '{point.Point}' has score {point.Score}; scores are 0–10.");
                    }
                }

                break;
            case TextValue t when string.IsNullOrWhiteSpace(t.Value) || t.Value.Length > 500:
                throw new FindingValidationException(code, FindingRule.OutOfRange, spec.Key, "text must be 1–500 characters.");
        }
    }

    private static void CheckRange(string code, IndicatorValueSpec spec, decimal value, string unit)
    {
        if (spec.Min is { } min && value < min || spec.Max is { } max && value > max)
        {
            throw new FindingValidationException(code, FindingRule.OutOfRange, spec.Key,
                FormattableString.Invariant($"{value}{unit} is outside {spec.Min?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-∞"}–{spec.Max?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "∞"}{unit}."));
        }
    }

    private static void CheckAllowed(string code, IndicatorValueSpec spec, string? value)
    {
        if (value is null || spec.AllowedValues is null || !spec.AllowedValues.Contains(value, StringComparer.Ordinal))
        {
            throw new FindingValidationException(code, FindingRule.NotAllowedValue, spec.Key,
                $"'{value}' is not one of {string.Join(", ", spec.AllowedValues ?? [])}.");
        }
    }

    private static void CheckCount(string code, IndicatorValueSpec spec, int count)
    {
        if (count < spec.MinItems || count > spec.MaxItems)
        {
            throw new FindingValidationException(code, FindingRule.WrongItemCount, spec.Key,
                $"{count} items given; {spec.MinItems}–{(spec.MaxItems == int.MaxValue ? "any" : spec.MaxItems.ToString(System.Globalization.CultureInfo.InvariantCulture))} allowed.");
        }
    }

    private static void CheckDefinition(IndicatorDefinition definition, string source)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var code = definition.Code;
        if (!CodeRules.IsValidCode(code))
        {
            throw new ArgumentException($"Indicator code '{code}' from '{source}' is not valid: use upper-case letters, digits and '-'.");
        }

        if (string.IsNullOrWhiteSpace(definition.Name))
        {
            throw new ArgumentException($"Indicator '{code}' from '{source}' has no name.");
        }

        if (definition.Positions is null || definition.Positions.Count == 0)
        {
            throw new ArgumentException($"Indicator '{code}' from '{source}' names no position.");
        }

        if (definition.Provenance is null || string.IsNullOrWhiteSpace(definition.Provenance.Source))
        {
            throw new ArgumentException($"Indicator '{code}' from '{source}' has no provenance source note.");
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in definition.Values ?? throw new ArgumentException($"Indicator '{code}' from '{source}' has no value list."))
        {
            if (string.IsNullOrWhiteSpace(spec.Key) || !keys.Add(spec.Key))
            {
                throw new ArgumentException($"Indicator '{code}' from '{source}' has an empty or repeated value key '{spec.Key}'.");
            }

            if (spec.Type is IndicatorValueType.Enumerated or IndicatorValueType.Sequence && (spec.AllowedValues is null || spec.AllowedValues.Count == 0))
            {
                throw new ArgumentException($"Indicator '{code}' from '{source}': value '{spec.Key}' is {spec.Type} but lists no allowed values.");
            }

            if (spec.Min > spec.Max || spec.MinItems > spec.MaxItems || spec.MinItems < 0)
            {
                throw new ArgumentException($"Indicator '{code}' from '{source}': value '{spec.Key}' has an empty range.");
            }
        }
    }
}
