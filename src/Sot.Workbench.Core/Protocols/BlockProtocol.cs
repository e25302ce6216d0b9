using Sot.Workbench.Domain;

namespace Sot.Workbench.Protocols;

/// <summary>
/// A blocking protocol: for one SOT category, where the two blocks go relative to the short leg, the
/// patient's position, the suggested time and the indicators re-tested to verify the blocks. Protocols
/// are versioned reference data (see <see cref="BlockProtocolSet"/>), never hard-coded rules.
/// </summary>
/// <param name="Code">The protocol code (see <see cref="CodeRules"/>), e.g. "CAT1-PRONE-PUBLIC".</param>
/// <param name="Label">A short clinician-facing name.</param>
/// <param name="Category">The SOT category the protocol is for.</param>
/// <param name="Position">The patient's position on the blocks.</param>
/// <param name="ShortLegSideBlock">The block that goes on the short-leg side.</param>
/// <param name="LongLegSideBlock">The block that goes on the long-leg side.</param>
/// <param name="SuggestedMinutes">The suggested time on the blocks.</param>
/// <param name="Breath">The breathing asked of the patient while on the blocks.</param>
/// <param name="Adjuncts">Adjuncts the protocol offers as options (may be empty).</param>
/// <param name="VerificationIndicators">Indicator codes re-tested to verify the blocks (e.g. "C1-HEEL"); they should ease or clear.</param>
/// <param name="Provenance">Where the protocol comes from and how reliable the public record is.</param>
/// <param name="IsDefault">True for the public patterns shipped with the library; false for a clinic's own protocols.</param>
public sealed record BlockProtocol(
    string Code,
    string Label,
    SotCategory Category,
    AnalysisPosition Position,
    BlockSpec ShortLegSideBlock,
    BlockSpec LongLegSideBlock,
    MinuteRange SuggestedMinutes,
    BreathPhase Breath,
    IReadOnlyList<BlockingAdjunct> Adjuncts,
    IReadOnlyList<string> VerificationIndicators,
    Provenance Provenance,
    bool IsDefault)
{
    /// <summary>
    /// Resolves the protocol for a patient whose short leg is on <paramref name="shortLegSide"/>: the
    /// short-leg-side block goes on that side and the long-leg-side block on the other.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shortLegSide"/> is not <see cref="Side.Left"/> or <see cref="Side.Right"/>.</exception>
    public BlockingPlan PlanFor(Side shortLegSide)
    {
        if (!shortLegSide.IsSingle())
        {
            // The value is a patient finding, so it stays out of the message.
            throw new ArgumentOutOfRangeException(
                nameof(shortLegSide),
                $"Protocol '{Code}': the short-leg side must be Left or Right to place blocks (not None or Bilateral). Re-check leg length first.");
        }

        return new BlockingPlan(
            this,
            shortLegSide,
            ShortLegSideBlock.On(shortLegSide),
            LongLegSideBlock.On(shortLegSide.Opposite()));
    }
}

/// <summary>A blocking protocol resolved for one patient's short-leg side: the two placements with their sides.</summary>
/// <param name="Protocol">The protocol the plan comes from.</param>
/// <param name="ShortLegSide">The patient's short-leg side (left or right).</param>
/// <param name="ShortLegSideBlock">The block on the short-leg side.</param>
/// <param name="LongLegSideBlock">The block on the long-leg side (the opposite side).</param>
public sealed record BlockingPlan(
    BlockProtocol Protocol,
    Side ShortLegSide,
    BlockPlacement ShortLegSideBlock,
    BlockPlacement LongLegSideBlock)
{
    /// <summary>The protocol code.</summary>
    public string ProtocolCode => Protocol.Code;

    /// <summary>The SOT category.</summary>
    public SotCategory Category => Protocol.Category;

    /// <summary>The patient's position on the blocks.</summary>
    public AnalysisPosition Position => Protocol.Position;

    /// <summary>The suggested time on the blocks.</summary>
    public MinuteRange SuggestedMinutes => Protocol.SuggestedMinutes;

    /// <summary>The indicator codes to re-test while on the blocks.</summary>
    public IReadOnlyList<string> VerificationIndicators => Protocol.VerificationIndicators;

    /// <summary>The protocol's provenance, to show beside the plan.</summary>
    public Provenance Provenance => Protocol.Provenance;

    /// <summary>Both placements: the short-leg-side block first.</summary>
    public IReadOnlyList<BlockPlacement> Placements => [ShortLegSideBlock, LongLegSideBlock];
}
