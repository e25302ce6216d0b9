namespace Sot.Workbench.Domain;

/// <summary>Where a rule, chart or reference fact comes from and how reliable the public record is.</summary>
/// <param name="Reliability">The reliability class.</param>
/// <param name="Source">A short human-readable source note (e.g. "Domain reference §2.4 R2; [S2][S6][S24]").</param>
public sealed record Provenance(ReliabilityTag Reliability, string Source)
{
    /// <summary>Provenance for data a clinic supplied itself.</summary>
    public static Provenance Clinic(string source) => new(ReliabilityTag.Gap, source);

    /// <inheritdoc />
    public override string ToString() => $"{Reliability}: {Source}";
}
