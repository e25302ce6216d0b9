using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Safety;

namespace Sot.Workbench.Procedures;

/// <summary>
/// Every procedure definition known to the workbench (Core's blocking plus those contributed by plugins), keyed
/// by unique kind. Immutable once built; it creates and validates procedure records.
/// </summary>
public sealed class ProcedureRegistry
{
    private static readonly Lazy<ProcedureRegistry> CoreOnly = new(() => new ProcedureRegistry([new CoreProcedures()]));

    private readonly FrozenDictionary<string, ProcedureDefinition> _byKind;

    /// <summary>Builds a registry from procedure sources.</summary>
    /// <exception cref="DuplicateProcedureKindException">Two sources define the same kind.</exception>
    /// <exception cref="ArgumentException">A definition is malformed (the message names the kind and the problem).</exception>
    public ProcedureRegistry(IEnumerable<IProcedureSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var byKind = new Dictionary<string, ProcedureDefinition>(StringComparer.Ordinal);
        var sourceByKind = new Dictionary<string, string>(StringComparer.Ordinal);
        var ordered = new List<ProcedureDefinition>();
        foreach (var source in sources)
        {
            foreach (var definition in source.GetProcedures())
            {
                Check(definition, source.SourceName);
                if (sourceByKind.TryGetValue(definition.Kind, out var first))
                {
                    throw new DuplicateProcedureKindException(definition.Kind, first, source.SourceName);
                }

                byKind.Add(definition.Kind, definition);
                sourceByKind.Add(definition.Kind, source.SourceName);
                ordered.Add(definition);
            }
        }

        _byKind = byKind.ToFrozenDictionary(StringComparer.Ordinal);
        All = ordered.AsReadOnly();
    }

    /// <summary>A registry holding only Core's procedures (blocking).</summary>
    public static ProcedureRegistry Core => CoreOnly.Value;

    /// <summary>Every definition, in the order contributed.</summary>
    public IReadOnlyList<ProcedureDefinition> All { get; }

    /// <summary>Looks up a definition.</summary>
    public bool TryGet(string kind, [NotNullWhen(true)] out ProcedureDefinition? definition) => _byKind.TryGetValue(kind, out definition);

    /// <summary>The definition of <paramref name="kind"/>.</summary>
    /// <exception cref="ProcedureValidationException">The kind is unknown.</exception>
    public ProcedureDefinition Get(string kind) => _byKind.TryGetValue(kind, out var d)
        ? d
        : throw new ProcedureValidationException(kind, ProcedureRule.UnknownKind, null, "the kind is not in the procedure registry.");

    /// <summary>Creates and validates a procedure record carrying the definition's label and scopes.</summary>
    /// <exception cref="ProcedureValidationException">A value breaks a rule.</exception>
    public RecordedProcedure Create(string kind, params IReadOnlyList<FindingValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var definition = Get(kind);
        var ordered = ValidateValues(definition, values);
        return new RecordedProcedure(definition.Kind, definition.Label, ordered, definition.ScopesFor(ordered));
    }

    /// <summary>Validates a record built elsewhere (e.g. read from a file) against its definition.</summary>
    /// <exception cref="ProcedureValidationException">The record breaks a rule.</exception>
    public void Validate(RecordedProcedure procedure)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        var definition = Get(procedure.Kind);
        if (!string.Equals(procedure.Label, definition.Label, StringComparison.Ordinal))
        {
            throw new ProcedureValidationException(procedure.Kind, ProcedureRule.DefinitionMismatch, null, "the label or consent scopes differ from the definition.");
        }

        var ordered = ValidateValues(definition, procedure.Values);
        if (!SameScopes(procedure.Scopes, definition.ScopesFor(ordered)))
        {
            throw new ProcedureValidationException(procedure.Kind, ProcedureRule.DefinitionMismatch, null, "the label or consent scopes differ from the definition.");
        }
    }

    private static bool SameScopes(IReadOnlyList<ConsentScope> recorded, IReadOnlyList<ConsentScope> required)
    {
        if (recorded is null || recorded.Count != required.Count)
        {
            return false;
        }

        for (var i = 0; i < recorded.Count; i++)
        {
            if (recorded[i] != required[i])
            {
                return false;
            }
        }

        return true;
    }

    private static FindingValue[] ValidateValues(ProcedureDefinition definition, IReadOnlyList<FindingValue> values)
    {
        var kind = definition.Kind;
        var ordered = new List<FindingValue>(values.Count);
        foreach (var value in values)
        {
            if (value is null)
            {
                throw new ProcedureValidationException(kind, ProcedureRule.MissingValue, null, "a value is null.");
            }

            if (definition.ValueSpec(value.Key) is null)
            {
                throw new ProcedureValidationException(kind, ProcedureRule.UnknownValue, value.Key,
                    $"the procedure records {string.Join(", ", definition.Values.Select(v => v.Key))}.");
            }
        }

        foreach (var spec in definition.Values)
        {
            FindingValue? match = null;
            foreach (var value in values)
            {
                if (string.Equals(value.Key, spec.Key, StringComparison.Ordinal))
                {
                    if (match is not null)
                    {
                        throw new ProcedureValidationException(kind, ProcedureRule.DuplicateValue, spec.Key, "the value is given more than once.");
                    }

                    match = value;
                }
            }

            if (match is null)
            {
                if (spec.Required)
                {
                    throw new ProcedureValidationException(kind, ProcedureRule.MissingValue, spec.Key, $"a {spec.Type} value is required.");
                }

                continue;
            }

            Check(kind, spec, match);
            ordered.Add(match);
        }

        return [.. ordered];
    }

    private static void Check(string kind, IndicatorValueSpec spec, FindingValue value)
    {
        if (value.Type != spec.Type)
        {
            throw new ProcedureValidationException(kind, ProcedureRule.WrongValueType, spec.Key, $"expected {spec.Type}, got {value.Type}.");
        }

        switch (value)
        {
            case SideValue { Value: var side } when !Enum.IsDefined(side):
                throw new ProcedureValidationException(kind, ProcedureRule.NotAllowedValue, spec.Key, string.Create(CultureInfo.InvariantCulture, $"side {(int)side} is not defined."));
            case GradeValue { Value: var grade } when !Enum.IsDefined(grade):
                throw new ProcedureValidationException(kind, ProcedureRule.NotAllowedValue, spec.Key, string.Create(CultureInfo.InvariantCulture, $"grade {(int)grade} is not defined."));
            case SpinalLevelValue { Value: var level } when !Enum.IsDefined(level):
                throw new ProcedureValidationException(kind, ProcedureRule.NotAllowedValue, spec.Key, string.Create(CultureInfo.InvariantCulture, $"spinal level {(int)level} is not defined."));
            case LengthValue l:
                Range(kind, spec, l.Value.ExactMillimetres);
                break;
            case WholeNumberValue i:
                Range(kind, spec, i.Value);
                break;
            case NumberValue n:
                Range(kind, spec, n.Value);
                break;
            case DegreesValue d:
                Range(kind, spec, d.Value);
                break;
            case ScoreValue s:
                Range(kind, spec with { Min = spec.Min ?? 0, Max = spec.Max ?? 10 }, s.Value);
                break;
            case EnumValue e:
                Allowed(kind, spec, e.Value);
                break;
            case SequenceValue q:
                var count = q.Values?.Count ?? 0;
                if (count < spec.MinItems || count > spec.MaxItems)
                {
                    throw new ProcedureValidationException(kind, ProcedureRule.WrongItemCount, spec.Key,
                        string.Create(CultureInfo.InvariantCulture, $"{count} items given; {spec.MinItems}–{(spec.MaxItems == int.MaxValue ? "any" : spec.MaxItems)} allowed."));
                }

                foreach (var item in q.Values!)
                {
                    Allowed(kind, spec, item);
                }

                break;
            case TextValue t when string.IsNullOrWhiteSpace(t.Value) || t.Value.Length > 500:
                throw new ProcedureValidationException(kind, ProcedureRule.OutOfRange, spec.Key, "text must be 1–500 characters.");
        }
    }

    private static void Range(string kind, IndicatorValueSpec spec, decimal value)
    {
        if (spec.Min is { } min && value < min || spec.Max is { } max && value > max)
        {
            throw new ProcedureValidationException(kind, ProcedureRule.OutOfRange, spec.Key,
                string.Create(CultureInfo.InvariantCulture, $"{value} is outside {spec.Min?.ToString(CultureInfo.InvariantCulture) ?? "-∞"}–{spec.Max?.ToString(CultureInfo.InvariantCulture) ?? "∞"}."));
        }
    }

    // Items are codes from the definition's list, or (when the definition lists none) non-empty codes of up to 100 characters.
    private static void Allowed(string kind, IndicatorValueSpec spec, string? value)
    {
        var ok = spec.AllowedValues is null
            ? !string.IsNullOrWhiteSpace(value) && value.Length <= 100
            : value is not null && spec.AllowedValues.Contains(value, StringComparer.Ordinal);
        if (!ok)
        {
            throw new ProcedureValidationException(kind, ProcedureRule.NotAllowedValue, spec.Key,
                spec.AllowedValues is null ? "an item is empty or too long." : $"'{value}' is not one of {string.Join(", ", spec.AllowedValues)}.");
        }
    }

    private static void Check(ProcedureDefinition definition, string source)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!CodeRules.IsValidCode(definition.Kind))
        {
            throw new ArgumentException($"Procedure kind '{definition.Kind}' from '{source}' is not valid: use upper-case letters, digits and '-'.");
        }

        if (string.IsNullOrWhiteSpace(definition.Label))
        {
            throw new ArgumentException($"Procedure '{definition.Kind}' from '{source}' has no label.");
        }

        if (definition.RequiredScopes is null || definition.RequiredScopes.Count == 0)
        {
            throw new ArgumentException($"Procedure '{definition.Kind}' from '{source}' names no consent scope.");
        }

        if (definition.Values is null || definition.Values.Select(v => v.Key).Distinct(StringComparer.Ordinal).Count() != definition.Values.Count)
        {
            throw new ArgumentException($"Procedure '{definition.Kind}' from '{source}' has missing or duplicate value keys.");
        }

        if (definition.Provenance is null || string.IsNullOrWhiteSpace(definition.Provenance.Source))
        {
            throw new ArgumentException($"Procedure '{definition.Kind}' from '{source}' has no provenance source note.");
        }

        foreach (var condition in definition.ScopesWhen ?? [])
        {
            if (condition is null || definition.ValueSpec(condition.ValueKey) is null || condition.Scope.Code is null)
            {
                throw new ArgumentException($"Procedure '{definition.Kind}' from '{source}' has a conditional consent scope on an undefined value or without a scope.");
            }
        }
    }
}
