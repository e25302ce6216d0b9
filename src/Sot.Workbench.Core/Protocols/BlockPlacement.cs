using Sot.Workbench.Domain;

namespace Sot.Workbench.Protocols;

/// <summary>A block placed on a resolved body side.</summary>
/// <param name="BlockSide">The side the block goes on (left or right).</param>
/// <param name="Site">The landmark the block goes under.</param>
/// <param name="Orientation">How the block is laid or angled.</param>
/// <param name="AngleDegrees">The block's angle in degrees (0–90), when the protocol states one.</param>
public sealed record BlockPlacement(Side BlockSide, BlockAnatomicalSite Site, BlockOrientation Orientation, decimal? AngleDegrees);

/// <summary>
/// A block as a protocol describes it, before its side is known: the side follows from the patient's
/// short leg when a plan is made.
/// </summary>
/// <param name="Site">The landmark the block goes under.</param>
/// <param name="Orientation">How the block is laid or angled.</param>
/// <param name="AngleDegrees">The block's angle in degrees (0–90), when the protocol states one.</param>
public sealed record BlockSpec(BlockAnatomicalSite Site, BlockOrientation Orientation, decimal? AngleDegrees)
{
    /// <summary>The lowest angle a block may have, in degrees.</summary>
    public const decimal MinimumAngleDegrees = 0m;

    /// <summary>The highest angle a block may have, in degrees.</summary>
    public const decimal MaximumAngleDegrees = 90m;

    /// <summary>This block placed on <paramref name="side"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="side"/> is not left or right.</exception>
    public BlockPlacement On(Side side)
    {
        if (!side.IsSingle())
        {
            throw new ArgumentOutOfRangeException(nameof(side), side, "A block goes on the left or the right side.");
        }

        return new BlockPlacement(side, Site, Orientation, AngleDegrees);
    }
}
