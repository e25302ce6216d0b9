using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Procedures;
using Sot.Workbench.Safety;

namespace Sot.Workbench.Plugins.Tmj;

/// <summary>The TMJ procedures (domain reference §6.3): soft-tissue contacts, intra-oral contacts, re-measurement.</summary>
internal sealed class TmjProcedures : IProcedureSource
{
    private static readonly IndicatorValueSpec Side = new("side", IndicatorValueType.Side) { Label = "Side" };
    private static readonly IndicatorValueSpec PainBefore = new("painBefore", IndicatorValueType.Score0To10) { Label = "Pain before 0–10" };
    private static readonly IndicatorValueSpec PainAfter = new("painAfter", IndicatorValueType.Score0To10) { Label = "Pain after 0–10" };

    public static ProcedureDefinition SoftTissue { get; } = new(TmjCodes.SoftTissueProcedure, "TMJ soft-tissue contact",
        [
            new("muscle", IndicatorValueType.Enumerated) { AllowedValues = TmjCodes.Muscles, Label = "Muscle" },
            Side,
            new("technique", IndicatorValueType.Enumerated) { AllowedValues = ["IschaemicCompression", "Stretch", "ReflexContact", "Massage"], Label = "Technique" },
            PainBefore, PainAfter,
        ],
        [ConsentScope.General],
        new Provenance(ReliabilityTag.SingleSource, "Domain reference §6.3 step 4 [S70]"));

    public static ProcedureDefinition IntraOral { get; } = new(TmjCodes.IntraOralProcedure, "TMJ intra-oral contact",
        [
            new("contact", IndicatorValueType.Enumerated) { AllowedValues = ["LateralPterygoid", "MedialPterygoid", "MasseterIntraOral", "TemporalisInsertion", "Maxilla", "Mandible"], Label = "Contact" },
            Side,
            new("breathPhase", IndicatorValueType.Enumerated) { Required = false, AllowedValues = Enum.GetNames<BreathPhase>(), Label = "Breath phase" },
            PainBefore, PainAfter,
        ],
        [ConsentScope.General, ConsentScope.IntraOral],
        new Provenance(ReliabilityTag.SingleSource, "Domain reference §6.1, §6.3 step 4: gloved intra-oral contacts [S70]"));

    public static ProcedureDefinition Remeasure { get; } = new(TmjCodes.RemeasureProcedure, "TMJ re-measurement",
        [
            new("maxOpening", IndicatorValueType.Length) { Min = 0, Max = 90, Label = "Maximum opening" },
            new("painFreeOpening", IndicatorValueType.Length) { Required = false, Min = 0, Max = 90, Label = "Pain-free opening" },
            new("path", IndicatorValueType.Enumerated) { Required = false, AllowedValues = TmjCodes.OpeningPaths, Label = "Opening path" },
            new("sound", IndicatorValueType.Enumerated) { Required = false, AllowedValues = TmjCodes.JointSounds, Label = "Joint sound" },
        ],
        [ConsentScope.General],
        new Provenance(ReliabilityTag.Firm, "Domain reference §6.3 step 5 [S69]"));

    public string SourceName => TmjCodes.PluginId;

    public IEnumerable<ProcedureDefinition> GetProcedures() => [SoftTissue, IntraOral, Remeasure];
}
