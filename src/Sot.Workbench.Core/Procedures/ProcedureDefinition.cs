using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Safety;

namespace Sot.Workbench.Procedures;

/// <summary>
/// What the treatment step can record: a procedure kind with its label, the values it records and the consent
/// scopes it needs. Core defines blocking; plugins contribute theirs through <see cref="IProcedureSource"/>.
/// </summary>
/// <param name="Kind">Unique code (upper-case letters, digits and '-'), e.g. "BLOCKING".</param>
/// <param name="Label">Human-readable name.</param>
/// <param name="Values">The values a record of this kind carries (the same specifications indicators use).</param>
/// <param name="RequiredScopes">The consent scopes the procedure needs (at least one).</param>
/// <param name="Provenance">Where the definition comes from.</param>
public sealed record ProcedureDefinition(string Kind, string Label, IReadOnlyList<IndicatorValueSpec> Values, IReadOnlyList<ConsentScope> RequiredScopes, Provenance Provenance)
{
    /// <summary>Whether examination findings and a category must be recorded first (true for blocking).</summary>
    public bool RequiresExaminationAndCategory { get; init; }

    /// <summary>
    /// Consent scopes a record needs in addition to <see cref="RequiredScopes"/> when one of its values has a given
    /// value (e.g. the intra-oral scope when the contact is intra-oral). Empty by default.
    /// </summary>
    public IReadOnlyList<ConditionalConsentScope> ScopesWhen { get; init; } = [];

    /// <summary>
    /// The consent scopes a record with <paramref name="values"/> needs: <see cref="RequiredScopes"/> followed by
    /// every scope of <see cref="ScopesWhen"/> whose condition the values meet (each scope once, in that order).
    /// </summary>
    public IReadOnlyList<ConsentScope> ScopesFor(IReadOnlyList<FindingValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (ScopesWhen.Count == 0)
        {
            return RequiredScopes;
        }

        var scopes = new List<ConsentScope>(RequiredScopes);
        foreach (var condition in ScopesWhen)
        {
            if (!scopes.Contains(condition.Scope) && values.Any(v => condition.IsMetBy(v)))
            {
                scopes.Add(condition.Scope);
            }
        }

        return scopes.Count == RequiredScopes.Count ? RequiredScopes : scopes.AsReadOnly();
    }

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

/// <summary>
/// A consent scope a procedure record needs when one of its values has a given value: an enumerated value equal to
/// <paramref name="Value"/>, a sequence containing it, or (for a boolean) "true"/"false".
/// </summary>
/// <param name="ValueKey">The key of the value the condition reads.</param>
/// <param name="Value">The value that brings the scope in.</param>
/// <param name="Scope">The scope then needed.</param>
public sealed record ConditionalConsentScope(string ValueKey, string Value, ConsentScope Scope)
{
    /// <summary>True when <paramref name="value"/> meets the condition.</summary>
    public bool IsMetBy(FindingValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!string.Equals(value.Key, ValueKey, StringComparison.Ordinal))
        {
            return false;
        }

        return value switch
        {
            EnumValue e => string.Equals(e.Value, Value, StringComparison.Ordinal),
            SequenceValue q => q.Values.Contains(Value, StringComparer.Ordinal),
            BooleanValue b => string.Equals(b.Value ? "true" : "false", Value, StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
    }
}

/// <summary>
/// A contribution of procedure definitions to the registry. Core registers blocking through this contract;
/// plugins register theirs the same way (through dependency injection).
/// </summary>
public interface IProcedureSource
{
    /// <summary>The contributor's name as shown in errors (e.g. "Sot.Workbench.Core" or a plugin id).</summary>
    string SourceName { get; }

    /// <summary>The definitions contributed.</summary>
    IEnumerable<ProcedureDefinition> GetProcedures();
}

/// <summary>
/// A recorded procedure, self-describing: kind, label, values (each with its key and type) and the consent
/// scopes it needed, so the record stays readable when the plugin that defined the kind is absent.
/// Create it through <see cref="ProcedureRegistry.Create"/>, which validates it.
/// </summary>
/// <param name="Kind">The procedure kind.</param>
/// <param name="Label">The kind's label at the time of recording.</param>
/// <param name="Values">The recorded values.</param>
/// <param name="Scopes">The consent scopes the procedure needed.</param>
public sealed record RecordedProcedure(string Kind, string Label, IReadOnlyList<FindingValue> Values, IReadOnlyList<ConsentScope> Scopes)
{
    /// <summary>The value with <paramref name="key"/>, or null.</summary>
    public FindingValue? this[string key] => Values.FirstOrDefault(v => string.Equals(v.Key, key, StringComparison.Ordinal));

    /// <inheritdoc />
    public bool Equals(RecordedProcedure? other) =>
        other is not null && Kind == other.Kind && Label == other.Label && Values.SequenceEqual(other.Values) && Scopes.SequenceEqual(other.Scopes);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Values.Count, Scopes.Count);
}

/// <summary>The rule a recorded procedure broke.</summary>
public enum ProcedureRule
{
    /// <summary>The kind is not in the registry.</summary>
    UnknownKind = 0,
    /// <summary>A value key the kind does not define.</summary>
    UnknownValue = 1,
    /// <summary>A required value is missing.</summary>
    MissingValue = 2,
    /// <summary>A value has the wrong type for its key.</summary>
    WrongValueType = 3,
    /// <summary>A number is out of range.</summary>
    OutOfRange = 4,
    /// <summary>A value is not one of the allowed values.</summary>
    NotAllowedValue = 5,
    /// <summary>The same key was given twice.</summary>
    DuplicateValue = 6,
    /// <summary>A list has too few or too many items.</summary>
    WrongItemCount = 7,
    /// <summary>The record's label or scopes differ from the definition's.</summary>
    DefinitionMismatch = 8,
}

/// <summary>A procedure record was rejected. The message names the kind, the value key and the rule; never patient data.</summary>
public sealed class ProcedureValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProcedureValidationException(string kind, ProcedureRule rule, string? valueKey, string detail)
        : base($"Procedure '{kind}' rejected ({rule}{(valueKey is null ? string.Empty : ", value '" + valueKey + "'")}): {detail}")
    {
        Kind = kind;
        Rule = rule;
        ValueKey = valueKey;
    }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public ProcedureValidationException() : this("?", ProcedureRule.UnknownKind, null, "invalid procedure") { }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public ProcedureValidationException(string message) : base(message) { Kind = "?"; }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public ProcedureValidationException(string message, Exception innerException) : base(message, innerException) { Kind = "?"; }

    /// <summary>The procedure kind.</summary>
    public string Kind { get; }

    /// <summary>The rule broken.</summary>
    public ProcedureRule Rule { get; }

    /// <summary>The value key involved, if any.</summary>
    public string? ValueKey { get; }
}

/// <summary>Two procedure definitions with the same kind were offered to one registry.</summary>
public sealed class DuplicateProcedureKindException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DuplicateProcedureKindException(string kind, string firstSource, string secondSource)
        : base($"Procedure kind '{kind}' is defined twice: by '{firstSource}' and by '{secondSource}'. Kinds must be unique across Core and every plugin.")
    {
        Kind = kind;
    }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public DuplicateProcedureKindException() : this("?", "?", "?") { }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public DuplicateProcedureKindException(string message) : base(message) { Kind = "?"; }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public DuplicateProcedureKindException(string message, Exception innerException) : base(message, innerException) { Kind = "?"; }

    /// <summary>The duplicated kind.</summary>
    public string Kind { get; }
}
