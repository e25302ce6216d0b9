using System.Globalization;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Protocols;
using Sot.Workbench.Safety;

namespace Sot.Workbench.Procedures;

/// <summary>Procedure kinds defined by Core.</summary>
public static class ProcedureKinds
{
    /// <summary>SOT blocking (wedges under the pelvis).</summary>
    public const string Blocking = "BLOCKING";
}

/// <summary>
/// Core's procedure definitions: blocking (placements, breath phase, minutes, adjuncts). Contributed through
/// <see cref="IProcedureSource"/>, the same contract plugins use.
/// </summary>
public sealed class CoreProcedures : IProcedureSource
{
    /// <summary>The source name Core uses.</summary>
    public const string Name = "Sot.Workbench.Core";

    /// <summary>Value key: the placements, one item per block (see <see cref="BlockingRecord.FormatPlacement"/>).</summary>
    public const string PlacementsKey = "placements";
    /// <summary>Value key: the breath phase blocks were timed to.</summary>
    public const string BreathPhaseKey = "breathPhase";
    /// <summary>Value key: minutes on the blocks.</summary>
    public const string MinutesKey = "minutes";
    /// <summary>Value key: adjuncts applied while on the blocks.</summary>
    public const string AdjunctsKey = "adjuncts";

    /// <summary>The blocking definition.</summary>
    public static ProcedureDefinition Blocking { get; } = new(
        ProcedureKinds.Blocking,
        "SOT blocking",
        [
            new IndicatorValueSpec(PlacementsKey, IndicatorValueType.Sequence) { Label = "Block placements", MinItems = 1, MaxItems = 4 },
            new IndicatorValueSpec(BreathPhaseKey, IndicatorValueType.Enumerated) { Label = "Breath phase", AllowedValues = Enum.GetNames<BreathPhase>() },
            new IndicatorValueSpec(MinutesKey, IndicatorValueType.WholeNumber) { Label = "Minutes on blocks", Min = 1, Max = 30 },
            new IndicatorValueSpec(AdjunctsKey, IndicatorValueType.Sequence) { Label = "Adjuncts", Required = false, MinItems = 0, AllowedValues = Enum.GetNames<BlockingAdjunct>() },
        ],
        [ConsentScope.General, ConsentScope.Blocking],
        new Provenance(ReliabilityTag.SingleSource, "Domain reference §1.4 blocking; workflow reference §a.2"))
    {
        RequiresExaminationAndCategory = true,
    };

    /// <inheritdoc />
    public string SourceName => Name;

    /// <inheritdoc />
    public IEnumerable<ProcedureDefinition> GetProcedures() => [Blocking];
}

/// <summary>Builds blocking records from typed data.</summary>
public static class BlockingRecord
{
    /// <summary>
    /// A blocking record: the placements, the breath phase, minutes on the blocks and adjuncts, validated through
    /// <paramref name="registry"/> (Core's when null).
    /// </summary>
    /// <exception cref="ProcedureValidationException">A value is out of range.</exception>
    public static RecordedProcedure Create(IReadOnlyList<BlockPlacement> placements, BreathPhase breathPhase, int minutes,
        IReadOnlyList<BlockingAdjunct>? adjuncts = null, ProcedureRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(placements);
        var values = new List<FindingValue>(4)
        {
            new SequenceValue(CoreProcedures.PlacementsKey, placements.Select(FormatPlacement).ToArray()),
            new EnumValue(CoreProcedures.BreathPhaseKey, breathPhase.ToString()),
            new WholeNumberValue(CoreProcedures.MinutesKey, minutes),
        };
        if (adjuncts is { Count: > 0 })
        {
            values.Add(new SequenceValue(CoreProcedures.AdjunctsKey, adjuncts.Select(a => a.ToString()).ToArray()));
        }

        return (registry ?? ProcedureRegistry.Core).Create(ProcedureKinds.Blocking, values);
    }

    /// <summary>A placement as readable text: side, site, orientation and angle, e.g. "Left IliacCrest Oblique 45°".</summary>
    public static string FormatPlacement(BlockPlacement placement)
    {
        ArgumentNullException.ThrowIfNull(placement);
        var text = $"{placement.BlockSide} {placement.Site} {placement.Orientation}";
        return placement.AngleDegrees is { } angle ? text + " " + angle.ToString(CultureInfo.InvariantCulture) + "°" : text;
    }
}
