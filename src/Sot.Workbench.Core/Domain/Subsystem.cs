using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Sot.Workbench.Domain;

/// <summary>
/// An SOT sub-system (Category I, II, III, occipital fibres, CMRT…). SORSI's own list has changed over
/// time and plugins may add more, so this is an open set of codes rather than a closed enum.
/// </summary>
public readonly record struct Subsystem
{
    /// <summary>Creates a sub-system code. Codes are upper-case letters, digits and '-'.</summary>
    /// <exception cref="ArgumentException">The code is empty or has other characters.</exception>
    [JsonConstructor]
    public Subsystem(string code)
    {
        if (!CodeRules.IsValidCode(code))
        {
            throw new ArgumentException($"Sub-system code '{code}' is not valid: use upper-case letters, digits and '-'.", nameof(code));
        }

        Code = code;
    }

    /// <summary>The sub-system code.</summary>
    public string Code { get; }

    /// <summary>Category I.</summary>
    public static Subsystem CategoryI { get; } = new("CATEGORY-I");
    /// <summary>Category II.</summary>
    public static Subsystem CategoryII { get; } = new("CATEGORY-II");
    /// <summary>Category III.</summary>
    public static Subsystem CategoryIII { get; } = new("CATEGORY-III");
    /// <summary>Occipital fibres.</summary>
    public static Subsystem OccipitalFibers { get; } = new("OCCIPITAL-FIBERS");
    /// <summary>Trapezius fibres.</summary>
    public static Subsystem TrapeziusFibers { get; } = new("TRAPEZIUS-FIBERS");
    /// <summary>Chiropractic Manipulative Reflex Technique.</summary>
    public static Subsystem Cmrt { get; } = new("CMRT");
    /// <summary>SOT cranial work.</summary>
    public static Subsystem Craniopathy { get; } = new("CRANIOPATHY");
    /// <summary>Temporomandibular joint work.</summary>
    public static Subsystem Tmj { get; } = new("TMJ");
    /// <summary>Items that belong to general SOT analysis rather than one category (e.g. cervical stair-step).</summary>
    public static Subsystem General { get; } = new("GENERAL");

    /// <summary>The sub-system of a category.</summary>
    public static Subsystem Of(SotCategory category) => category switch
    {
        SotCategory.I => CategoryI,
        SotCategory.II => CategoryII,
        SotCategory.III => CategoryIII,
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "Unknown SOT category."),
    };

    /// <inheritdoc />
    public override string ToString() => Code ?? string.Empty;
}

/// <summary>Shared rules for codes used in catalogues and registries.</summary>
public static class CodeRules
{
    /// <summary>True when <paramref name="code"/> is 1–64 characters of A–Z, 0–9 and '-', starting with a letter or digit.</summary>
    public static bool IsValidCode([NotNullWhen(true)] string? code)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 64 || code[0] == '-')
        {
            return false;
        }

        foreach (var c in code)
        {
            if (!(c is >= 'A' and <= 'Z' or >= '0' and <= '9' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
