namespace Sot.Workbench.Safety;

/// <summary>A consent scope (interim stand-in until the safety module is merged).</summary>
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

/// <summary>An absolute red flag (interim stand-in).</summary>
#pragma warning disable CA1711 // mirrors the safety module's name
public enum RedFlag
#pragma warning restore CA1711
{
    /// <summary>Cauda equina signs.</summary>
    CaudaEquina = 4,
}

/// <summary>A red-flag screen (interim stand-in until the safety module is merged).</summary>
public sealed record RedFlagScreen
{
    /// <summary>Creates a screen.</summary>
    public RedFlagScreen(IEnumerable<RedFlag>? redFlags = null) => RedFlags = (redFlags ?? []).ToHashSet();

    /// <summary>A screen that found nothing.</summary>
    public static RedFlagScreen Clear { get; } = new();

    /// <summary>Red flags found.</summary>
    public IReadOnlySet<RedFlag> RedFlags { get; }

    /// <summary>Whether an absolute red flag is present.</summary>
    public bool HasAbsoluteRedFlag => RedFlags.Count > 0;

    /// <summary>This screen with <paramref name="redFlag"/> added.</summary>
    public RedFlagScreen With(RedFlag redFlag) => new(RedFlags.Append(redFlag));
}
