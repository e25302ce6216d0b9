namespace Sot.Workbench.Safety;

/// <summary>A consent scope (temporary stand-in until the safety module lands).</summary>
/// <param name="Code">The scope code.</param>
public readonly record struct ConsentScope(string Code)
{
    /// <summary>General chiropractic care.</summary>
    public static ConsentScope General { get; } = new("GENERAL");
    /// <summary>Blocking.</summary>
    public static ConsentScope Blocking { get; } = new("BLOCKING");
    /// <summary>Cranial work.</summary>
    public static ConsentScope Cranial { get; } = new("CRANIAL");
    /// <summary>Intra-oral work.</summary>
    public static ConsentScope IntraOral { get; } = new("INTRA-ORAL");
    /// <summary>CMRT.</summary>
    public static ConsentScope Cmrt { get; } = new("CMRT");
    /// <summary>Care of a child.</summary>
    public static ConsentScope Paediatric { get; } = new("PAEDIATRIC");
}

/// <summary>A red-flag screen (temporary stand-in until the safety module lands).</summary>
/// <param name="HasAbsoluteRedFlag">Whether an absolute red flag is present.</param>
public sealed record RedFlagScreen(bool HasAbsoluteRedFlag);
