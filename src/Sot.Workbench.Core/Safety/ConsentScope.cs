using System.Diagnostics.CodeAnalysis;
using Sot.Workbench.Domain;

namespace Sot.Workbench.Safety;

/// <summary>
/// What a patient's consent covers. An open set of codes: the library defines the well-known scopes
/// and plugins define their own (with a <see cref="ConsentScopeDefinition"/>) for their procedures.
/// </summary>
public readonly record struct ConsentScope
{
    /// <summary>Creates a scope. Codes are upper-case letters, digits and '-' (see <see cref="CodeRules"/>).</summary>
    /// <exception cref="ArgumentException">The code is null, empty or has other characters.</exception>
    public ConsentScope(string code)
    {
        if (!CodeRules.IsValidCode(code))
        {
            throw new ArgumentException($"Consent scope code '{code}' is not valid: use 1–64 upper-case letters, digits and '-'.", nameof(code));
        }

        Code = code;
    }

    /// <summary>The scope code.</summary>
    public string Code { get; }

    /// <summary>General chiropractic examination and care.</summary>
    public static ConsentScope General { get; } = new("GENERAL");

    /// <summary>SOT blocking (pelvic wedges).</summary>
    public static ConsentScope Blocking { get; } = new("BLOCKING");

    /// <summary>Cranial work.</summary>
    public static ConsentScope Cranial { get; } = new("CRANIAL");

    /// <summary>Intra-oral work (e.g. TMJ).</summary>
    public static ConsentScope IntraOral { get; } = new("INTRA-ORAL");

    /// <summary>Chiropractic Manipulative Reflex Technique.</summary>
    public static ConsentScope Cmrt { get; } = new("CMRT");

    /// <summary>Care of a child (consent given by a guardian).</summary>
    public static ConsentScope Paediatric { get; } = new("PAEDIATRIC");

    /// <summary>Imaging (e.g. radiographs).</summary>
    public static ConsentScope Imaging { get; } = new("IMAGING");

    /// <summary>Creates a scope if <paramref name="code"/> is valid.</summary>
    public static bool TryCreate([NotNullWhen(true)] string? code, out ConsentScope scope)
    {
        var valid = CodeRules.IsValidCode(code);
        scope = valid ? new ConsentScope(code!) : default;
        return valid;
    }

    /// <inheritdoc />
    public override string ToString() => Code ?? string.Empty;
}

/// <summary>Describes a consent scope for consent forms and the Treatment step.</summary>
/// <param name="Scope">The scope.</param>
/// <param name="Label">A short name for forms.</param>
/// <param name="Description">What the consent covers, for the clinician and the form.</param>
/// <param name="RequiresSeparateConsent">True when the scope needs its own explicit consent item rather than the general consent.</param>
public sealed record ConsentScopeDefinition(ConsentScope Scope, string Label, string Description, bool RequiresSeparateConsent = false)
{
    /// <summary>The scope.</summary>
    /// <exception cref="ArgumentException">The scope is the default value (no code).</exception>
    public ConsentScope Scope { get; init; } = Scope.Code is null
        ? throw new ArgumentException("A consent scope definition needs a scope with a code.", nameof(Scope))
        : Scope;

    /// <summary>A short name for forms.</summary>
    /// <exception cref="ArgumentException">The label is null or blank.</exception>
    public string Label { get; init; } = string.IsNullOrWhiteSpace(Label)
        ? throw new ArgumentException("A consent scope definition needs a label.", nameof(Label))
        : Label;

    /// <summary>What the consent covers.</summary>
    /// <exception cref="ArgumentException">The description is null or blank.</exception>
    public string Description { get; init; } = string.IsNullOrWhiteSpace(Description)
        ? throw new ArgumentException("A consent scope definition needs a description.", nameof(Description))
        : Description;
}

/// <summary>
/// An immutable catalogue of consent scope definitions: the well-known scopes plus any that plugins
/// add. Adding returns a new catalogue.
/// </summary>
public sealed class ConsentScopeCatalog
{
    private readonly ConsentScopeDefinition[] _definitions;
    private readonly Dictionary<ConsentScope, ConsentScopeDefinition> _byScope;

    private ConsentScopeCatalog(ConsentScopeDefinition[] definitions)
    {
        _definitions = definitions;
        _byScope = definitions.ToDictionary(d => d.Scope);
    }

    /// <summary>The library's well-known scopes.</summary>
    public static ConsentScopeCatalog WellKnown { get; } = new(
    [
        new(ConsentScope.General, "General chiropractic care", "Examination and chiropractic care in general, including the material risks, the alternatives and the right to withdraw."),
        new(ConsentScope.Blocking, "SOT blocking", "Padded wedges (blocks) placed under the pelvis or elsewhere while the patient lies prone or supine."),
        new(ConsentScope.Cranial, "Cranial work", "Light manual contacts on the skull and face (SOT cranial technique).", RequiresSeparateConsent: true),
        new(ConsentScope.IntraOral, "Intra-oral work", "Gloved contacts inside the mouth, for example for the temporomandibular joint.", RequiresSeparateConsent: true),
        new(ConsentScope.Cmrt, "CMRT", "Chiropractic Manipulative Reflex Technique: contacts at spinal and abdominal reflex points."),
        new(ConsentScope.Paediatric, "Paediatric care", "Care of a child, with consent given by a parent or guardian.", RequiresSeparateConsent: true),
        new(ConsentScope.Imaging, "Imaging", "Diagnostic imaging such as radiographs."),
    ]);

    /// <summary>The definitions, well-known first, then in the order they were added.</summary>
    public IReadOnlyList<ConsentScopeDefinition> Definitions => _definitions;

    /// <summary>The well-known scopes plus <paramref name="additional"/> (e.g. every definition plugins registered).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="additional"/> or an entry is null.</exception>
    /// <exception cref="ArgumentException">Two different definitions share a code.</exception>
    public static ConsentScopeCatalog Create(IEnumerable<ConsentScopeDefinition> additional) => WellKnown.With(additional);

    /// <summary>True when the catalogue defines <paramref name="scope"/>.</summary>
    public bool Contains(ConsentScope scope) => scope.Code is not null && _byScope.ContainsKey(scope);

    /// <summary>Finds the definition of <paramref name="scope"/>.</summary>
    public bool TryGet(ConsentScope scope, [MaybeNullWhen(false)] out ConsentScopeDefinition definition)
    {
        if (scope.Code is null)
        {
            definition = null;
            return false;
        }

        return _byScope.TryGetValue(scope, out definition);
    }

    /// <summary>The definition of <paramref name="scope"/>.</summary>
    /// <exception cref="KeyNotFoundException">The catalogue does not define the scope.</exception>
    public ConsentScopeDefinition Get(ConsentScope scope)
        => TryGet(scope, out var definition)
            ? definition
            : throw new KeyNotFoundException($"Consent scope '{scope}' is not defined.");

    /// <summary>
    /// This catalogue with <paramref name="definition"/> added. Adding an identical definition again
    /// changes nothing; a different definition for a code already present is rejected.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="definition"/> is null.</exception>
    /// <exception cref="ArgumentException">The code is already defined differently.</exception>
    public ConsentScopeCatalog With(ConsentScopeDefinition definition) => With([definition]);

    /// <summary>This catalogue with every one of <paramref name="definitions"/> added (see <see cref="With(ConsentScopeDefinition)"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="definitions"/> or an entry is null.</exception>
    /// <exception cref="ArgumentException">A code is defined twice differently.</exception>
    public ConsentScopeCatalog With(IEnumerable<ConsentScopeDefinition> definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        var result = new List<ConsentScopeDefinition>(_definitions);
        var byScope = new Dictionary<ConsentScope, ConsentScopeDefinition>(_byScope);
        foreach (var definition in definitions)
        {
            ArgumentNullException.ThrowIfNull(definition, nameof(definitions));
            if (byScope.TryGetValue(definition.Scope, out var existing))
            {
                if (existing != definition)
                {
                    throw new ArgumentException(
                        $"Consent scope '{definition.Scope}' is already defined differently; a scope code has one definition.",
                        nameof(definitions));
                }

                continue;
            }

            byScope.Add(definition.Scope, definition);
            result.Add(definition);
        }

        return result.Count == _definitions.Length ? this : new ConsentScopeCatalog([.. result]);
    }
}
