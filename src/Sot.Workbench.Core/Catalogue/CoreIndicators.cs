using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using static Sot.Workbench.Catalogue.IndicatorCodes;

namespace Sot.Workbench.Catalogue;

/// <summary>
/// Core's SOT indicator definitions (domain reference §2.2 and §3). Contributed to the catalogue through
/// <see cref="IIndicatorSource"/>, the same contract plugins use.
/// </summary>
public sealed class CoreIndicators : IIndicatorSource
{
    /// <summary>The source name Core uses.</summary>
    public const string Name = "Sot.Workbench.Core";

    /// <summary>Allowed values of the arm-fossa test; the first is the negative one.</summary>
    public static readonly IReadOnlyList<string> ArmFossaResults = ["Negative", "PositiveUpperFossa", "PositiveLowerFossa", "PositiveUnspecified"];
    /// <summary>Allowed values of the cervical compaction test.</summary>
    public static readonly IReadOnlyList<string> CompactionResults = ["NoChange", "LegsEasierCervical", "LegsHarderPelvicInstability"];
    /// <summary>Allowed antalgic leans; the first is "none".</summary>
    public static readonly IReadOnlyList<string> AntalgicLeans = ["None", "TowardPainSide", "AwayFromPainSide", "Anterior"];
    /// <summary>Allowed SOTO responses, from least to most severe.</summary>
    public static readonly IReadOnlyList<string> SotoResponses = ["Better", "Same", "Worse"];
    /// <summary>Sciatic pain map points.</summary>
    public static readonly IReadOnlyList<string> SciaticPoints = ["LUMBOSACRAL", "GLUTEAL", "SCIATIC-NOTCH", "POSTERIOR-THIGH", "MID-CALF", "LATERAL-CALF", "FOOT"];
    /// <summary>Leg-length kinds.</summary>
    public static readonly IReadOnlyList<string> LegLengthKinds = ["Unknown", "Functional", "Anatomical"];
    /// <summary>Neurological trend values; "Declining" is a Category III referral trigger.</summary>
    public static readonly IReadOnlyList<string> NeuroTrends = ["Stable", "Improving", "Declining"];
    /// <summary>Neurological field results.</summary>
    public static readonly IReadOnlyList<string> NeuroResults = ["Normal", "Reduced", "Absent", "NotTested"];
    /// <summary>Cervical stair-step levels.</summary>
    public static readonly IReadOnlyList<string> StairStepLevels = ["C7-T1", "C5-C6", "C3-C4", "C1-C2"];

    private static readonly AnalysisPosition[] Standing = [AnalysisPosition.Standing];
    private static readonly AnalysisPosition[] Prone = [AnalysisPosition.Prone];
    private static readonly AnalysisPosition[] Supine = [AnalysisPosition.Supine];

    /// <inheritdoc />
    public string SourceName => Name;

    /// <inheritdoc />
    public IEnumerable<IndicatorDefinition> GetIndicators() => Definitions;

    /// <summary>The definitions, built once.</summary>
    public static IReadOnlyList<IndicatorDefinition> Definitions { get; } = Build();

    private static IndicatorDefinition[] Build()
    {
        var grade = new IndicatorValueSpec("grade", IndicatorValueType.Grade) { Label = "Grade" };
        var optionalGrade = grade with { Required = false };
        return
        [
            // ---- Category I (§2.2) ----
            new(PelvicLock, "Locked pelvis in analyser", SotCategory.I, Subsystem.CategoryI, Standing, SideRequirement.NotApplicable,
                [new("present", IndicatorValueType.Boolean) { Label = "Locked (no lateral sway)" }],
                P(ReliabilityTag.SingleSource, "Domain reference §2.2 Cat I; DeJarnette 1984 [S2]"))
            { Description = "Standing in the distortion analyser; observe absence of lateral sway." },

            new(ShortLegProne, "Functional short leg (prone)", SotCategory.I, Subsystem.CategoryI, Prone, SideRequirement.Optional,
                [
                    new("difference", IndicatorValueType.Length) { Min = 0, Max = 50, Label = "Difference" },
                    new("balanced", IndicatorValueType.Boolean) { Required = false, Label = "Balanced" },
                    new("kind", IndicatorValueType.Enumerated) { Required = false, AllowedValues = LegLengthKinds, Label = "Kind" },
                ],
                P(ReliabilityTag.Firm, "Domain reference §2.2 Cat I, §1.5; [S6][S14][S23]"))
            { Description = "Prone, legs gently tractioned; the side recorded is the short-leg side. Basis of block placement." },

            new(HeelTension, "Heel (Achilles) tension", SotCategory.I, Subsystem.CategoryI, Prone, SideRequirement.Required, [grade],
                P(ReliabilityTag.SingleSource, "Domain reference §2.2 Cat I; [S12][S6]"))
            { VerifiesBlocking = true, Description = "Prone; compare Achilles tension and heel give." },

            new(GlutealSacrospinalis, "Asymmetric gluteal / sacrospinalis tone", SotCategory.I, Subsystem.CategoryI, Prone, SideRequirement.Required, [grade],
                P(ReliabilityTag.SingleSource, "Domain reference §2.2 Cat I; [S6]"))
            { VerifiesBlocking = true },

            new(CrestSign, "Crest sign", SotCategory.I, Subsystem.CategoryI, Prone, SideRequirement.LeftOrRight, [],
                P(ReliabilityTag.SingleSource, "Domain reference §2.2 Cat I, §3.2; Japanese SOT glossary [S9]"))
            {
                SideMeaning = SideMeaning.HypotonicNamedOpposite, VerifiesBlocking = true,
                Description = "Relative hypotonicity of erector spinae / quadratus lumborum at the iliac crest. Record the hypotonic side; the sign is named after the normal side.",
            },

            new(DollarSign, "Dollar sign", SotCategory.I, Subsystem.CategoryI, Prone, SideRequirement.LeftOrRight, [],
                P(ReliabilityTag.SingleSource, "Domain reference §2.2 Cat I, §3.2; Japanese SOT glossary [S9]"))
            {
                SideMeaning = SideMeaning.HypotonicNamedOpposite, VerifiesBlocking = true,
                Description = "Relative hypotonicity of a coin-sized gluteal area below and lateral to the PSIS. Record the hypotonic side; the sign is named after the normal side.",
            },

            new(FirstRibMobile, "First rib moves with cervical flexion/extension", SotCategory.I, Subsystem.CategoryI,
                [AnalysisPosition.Supine, AnalysisPosition.Seated], SideRequirement.Optional,
                [new("mobile", IndicatorValueType.Boolean) { Label = "Movable" }],
                P(ReliabilityTag.SingleSource, "Domain reference §2.2 Cat I; [S2][S23]")),

            new(OccipitalFibreCategoryI, "Occipital fibres (Category I work)", SotCategory.I, Subsystem.OccipitalFibers,
                [AnalysisPosition.Prone, AnalysisPosition.Supine], SideRequirement.LeftOrRight, OccipitalValues(),
                P(ReliabilityTag.SingleSource, "Domain reference §2.2 Cat I, §3.6; [S15]")),

            // ---- Category II (§2.2) ----
            new(LateralSway, "Increased lateral pelvic sway", SotCategory.II, Subsystem.CategoryII, Standing, SideRequirement.NotApplicable,
                [
                    new("eyesOpen", IndicatorValueType.Length) { Min = 0, Max = 300, Label = "Sway, eyes open" },
                    new("eyesClosed", IndicatorValueType.Length) { Required = false, Min = 0, Max = 300, Label = "Sway, eyes closed" },
                    new("positive", IndicatorValueType.Boolean) { Required = false, Label = "Judged positive" },
                ],
                P(ReliabilityTag.SingleSource, "Domain reference §2.2 Cat II; threshold > 12 mm from one study [S24]")),

            new(ArmFossa, "Arm-fossa test", SotCategory.II, Subsystem.CategoryII, Supine, SideRequirement.LeftOrRight,
                [
                    new("result", IndicatorValueType.Enumerated) { AllowedValues = ArmFossaResults, Label = "Result" },
                    new("strength", IndicatorValueType.Grade) { Required = false, Label = "Weakness grade" },
                    new("algometer", IndicatorValueType.Number) { Required = false, Min = 0, Max = 40, Unit = "psi", Label = "Algometer" },
                ],
                P(ReliabilityTag.Conflict, "Domain reference §2.2 Cat II, §3.1; SOT [S2][S6][S24]; AK upper/lower mapping differs [S25]; reliability questioned"))
            { VerifiesBlocking = true, Description = "Supine; one finding per side." },

            new(InguinalTenderness, "Inguinal ligament tenderness", SotCategory.II, Subsystem.CategoryII, Supine, SideRequirement.Required,
                [grade, new("algometer", IndicatorValueType.Number) { Required = false, Min = 0, Max = 20, Unit = "kg/cm²", Label = "Algometer" }],
                P(ReliabilityTag.SingleSource, "Domain reference §2.2 Cat II; [S2][S6]"))
            { VerifiesBlocking = true },

            new(FirstRibTubercle, "Painful first-rib tubercle", SotCategory.II, Subsystem.CategoryII, Supine, SideRequirement.Required,
                [new("pain", IndicatorValueType.Score0To10) { Label = "Pain 0–10" }],
                P(ReliabilityTag.SingleSource, "Domain reference §2.2 Cat II; [S2]")),

            new(KneeSensitivity, "Medial/lateral knee sensitivity", SotCategory.II, Subsystem.CategoryII, Supine, SideRequirement.Required,
                [new("aspect", IndicatorValueType.Enumerated) { AllowedValues = ["Medial", "Lateral", "Both"], Label = "Aspect" }, grade],
                P(ReliabilityTag.SingleSource, "Domain reference §2.2 Cat II; [S6]"))
            { VerifiesBlocking = true, SeverityKey = "grade" },

            new(ScaleneTenderness, "Anterior scalene tenderness", SotCategory.II, Subsystem.CategoryII, Supine, SideRequirement.Required, [grade],
                P(ReliabilityTag.SingleSource, "Domain reference §2.2 Cat II; [S6]"))
            { VerifiesBlocking = true },

            new(CervicalCompaction, "Cervical compaction test", SotCategory.II, Subsystem.CategoryII, Supine, SideRequirement.NotApplicable,
                [new("result", IndicatorValueType.Enumerated) { AllowedValues = CompactionResults, Label = "Leg raise under compaction" }],
                P(ReliabilityTag.SingleSource, "Domain reference §2.2 Cat II, §3.3; [S2][S3]")),

            new(CategoryIIPosture, "Category II postural pattern", SotCategory.II, Subsystem.CategoryII, Standing, SideRequirement.NotApplicable,
                [
                    new("headTilt", IndicatorValueType.Side) { Required = false, Label = "Head tilt" },
                    new("shoulderDrop", IndicatorValueType.Side) { Required = false, Label = "Shoulder drop" },
                    new("pelvisTilt", IndicatorValueType.Side) { Required = false, Label = "Pelvis tilt" },
                    new("footTwist", IndicatorValueType.Boolean) { Required = false, Label = "Foot twist" },
                    new("pattern", IndicatorValueType.Enumerated) { Required = false, AllowedValues = ["PatternI", "PatternII"], Label = "Pattern" },
                ],
                P(ReliabilityTag.SingleSource, "Domain reference §2.2 Cat II, §2.4 sub-types; [S10]")),

            new(MusclesInSpasm, "Muscles in spasm", SotCategory.II, Subsystem.CategoryII,
                [AnalysisPosition.Supine, AnalysisPosition.Prone, AnalysisPosition.Seated], SideRequirement.Optional,
                [new("muscle", IndicatorValueType.Enumerated) { AllowedValues = ["Temporalis", "Sternocleidomastoid", "LatissimusDorsi", "Sartorius", "Gracilis"], Label = "Muscle" }, optionalGrade],
                P(ReliabilityTag.SingleSource, "Domain reference §2.2 Cat II; [S10]")),

            new(TmjSigns, "TMJ signs", SotCategory.II, Subsystem.CategoryII, [AnalysisPosition.Supine, AnalysisPosition.Seated], SideRequirement.Optional,
                [new("present", IndicatorValueType.Boolean) { Label = "TMJ signs present" }],
                P(ReliabilityTag.SingleSource, "Domain reference §2.2 Cat II, §6; [S10][S38]"))
            { Description = "Summary flag; detailed TMJ findings come from the TMJ plugin." },

            // ---- Category III (§2.2) ----
            new(Antalgic, "Antalgic posture", SotCategory.III, Subsystem.CategoryIII, Standing, SideRequirement.Optional,
                [new("lean", IndicatorValueType.Enumerated) { AllowedValues = AntalgicLeans, Label = "Lean" }],
                P(ReliabilityTag.SingleSource, "Domain reference §2.2 Cat III; [S23]"))
            { Description = "Side = painful side. Medial disc leans toward pain, lateral disc away, anterior antalgia suggests psoas." },

            new(Sciatic, "Sciatic pain map", SotCategory.III, Subsystem.CategoryIII,
                [AnalysisPosition.Prone, AnalysisPosition.Supine, AnalysisPosition.Standing], SideRequirement.Required,
                [new("points", IndicatorValueType.Points) { AllowedValues = SciaticPoints, MaxItems = 7, Label = "Points (0–10)" }],
                P(ReliabilityTag.SingleSource, "Domain reference §2.2 Cat III; [S6][S23]"))
            { VerifiesBlocking = true },

            new(Soto, "SOTO (step out, turn out) manoeuvre", SotCategory.III, Subsystem.CategoryIII, Prone, SideRequirement.LeftOrRight,
                [new("responses", IndicatorValueType.Sequence) { AllowedValues = SotoResponses, MinItems = 1, MaxItems = 3, Label = "Pain response per repeat" }],
                P(ReliabilityTag.SingleSource, "Domain reference §2.2 Cat III; [S22]"))
            { VerifiesBlocking = true, Description = "Prone; affected leg abducted, externally rotated, foot dorsiflexed, held 30 s; repeated up to 3 times." },

            new(StraightLegRaise, "Straight-leg raise", SotCategory.III, Subsystem.CategoryIII, Supine, SideRequirement.LeftOrRight,
                [new("angle", IndicatorValueType.Degrees) { Min = 0, Max = 120, HigherIsBetter = true, Label = "Angle of symptom onset" }],
                P(ReliabilityTag.SingleSource, "Domain reference §2.2 Cat III; [S62]"))
            { VerifiesBlocking = true },

            new(RibFixed, "No rib-head movement", SotCategory.III, Subsystem.CategoryIII, [AnalysisPosition.Supine, AnalysisPosition.Prone], SideRequirement.Optional,
                [new("fixed", IndicatorValueType.Boolean) { Label = "Fixed" }],
                P(ReliabilityTag.SingleSource, "Domain reference §2.2 Cat III; [S23]")),

            new(Rigidity, "Generalised muscle rigidity / guarding", SotCategory.III, Subsystem.CategoryIII,
                [AnalysisPosition.Standing, AnalysisPosition.Prone, AnalysisPosition.Supine], SideRequirement.NotApplicable,
                [new("present", IndicatorValueType.Boolean) { Label = "Present" }],
                P(ReliabilityTag.SingleSource, "Domain reference §2.2 Cat III; [S23]")),

            new(Psoas, "Psoas involvement (short arm side)", SotCategory.III, Subsystem.CategoryIII, Supine, SideRequirement.LeftOrRight,
                [optionalGrade],
                P(ReliabilityTag.SingleSource, "Domain reference §2.2 Cat III; [S23]"))
            { Description = "Side = short-arm side; grade = psoas tenderness." },

            new(Neuro, "Neurological status", SotCategory.III, Subsystem.CategoryIII, [AnalysisPosition.Supine, AnalysisPosition.Seated], SideRequirement.Optional,
                [
                    new("reflexes", IndicatorValueType.Enumerated) { Required = false, AllowedValues = NeuroResults, Label = "Reflexes" },
                    new("sensation", IndicatorValueType.Enumerated) { Required = false, AllowedValues = NeuroResults, Label = "Dermatomal sensation" },
                    new("strength", IndicatorValueType.Enumerated) { Required = false, AllowedValues = NeuroResults, Label = "Myotomal strength" },
                    new("atrophy", IndicatorValueType.Boolean) { Required = false, Label = "Atrophy" },
                    new("trend", IndicatorValueType.Enumerated) { AllowedValues = NeuroTrends, Label = "Trend since last visit" },
                ],
                P(ReliabilityTag.Firm, "Domain reference §2.2 Cat III, §7.6; [S23][S50]"))
            { Description = "A declining trend is a Category III referral trigger." },

            // ---- Other SOT indicators (§3) ----
            new(CervicalStairStep, "Cervical stair-step", null, Subsystem.General, Supine, SideRequirement.Optional,
                [
                    new("level", IndicatorValueType.Enumerated) { AllowedValues = StairStepLevels, Label = "Level" },
                    new("corrected", IndicatorValueType.Boolean) { Required = false, Label = "Corrected" },
                    new("correction", IndicatorValueType.Enumerated) { Required = false, AllowedValues = ["LateralFlexionHold", "FigureEight"], Label = "Correction" },
                ],
                P(ReliabilityTag.Gap, "Domain reference §3.3; [S3]; category linkage not public"))
            { Description = "Face parallel to the ceiling, light axial compression; feel for a step at C7/T1, C5/6, C3/4, C1/2." },

            new(OccipitalFibre, "Occipital fibre", null, Subsystem.OccipitalFibers, [AnalysisPosition.Prone, AnalysisPosition.Supine], SideRequirement.LeftOrRight,
                OccipitalValues(),
                P(ReliabilityTag.SingleSource, "Domain reference §3.6; [S15][S12]; area → vertebra chart not public"))
            { Description = "Three lines × seven areas per side; mapped vertebra from the clinic's chart." },

            new(TrapeziusFibre, "Trapezius fibre", null, Subsystem.TrapeziusFibers, [AnalysisPosition.Prone, AnalysisPosition.Seated], SideRequirement.LeftOrRight,
                [
                    new("step", IndicatorValueType.WholeNumber) { Min = 1, Max = 7, Label = "Step 1–7" },
                    new("nodule", IndicatorValueType.Boolean) { Label = "Nodule" },
                    new("mappedVertebra", IndicatorValueType.SpinalLevel) { Required = false, Label = "Mapped vertebra" },
                    new("vertebraTender", IndicatorValueType.Boolean) { Required = false, Label = "Vertebra confirmed tender" },
                ],
                P(ReliabilityTag.SingleSource, "Domain reference §3.4; [S20][S21]; step → vertebra chart not public")),

            new(WedgeProvocation, "Lumbopelvic wedge provocation", null, Subsystem.General, Prone, SideRequirement.NotApplicable,
                [
                    new("pattern", IndicatorValueType.Enumerated) { AllowedValues = ["LeftCrestRightTrochanter", "RightCrestLeftTrochanter", "BothCrests", "BothTrochanters"], Label = "Wedge pattern" },
                    new("tenderness", IndicatorValueType.Score0To10) { Label = "Tenderness 0–10" },
                ],
                P(ReliabilityTag.SingleSource, "Domain reference §3.5; pilot study [S4][S5]")),
        ];
    }

    private static IndicatorValueSpec[] OccipitalValues() =>
    [
        new("line", IndicatorValueType.WholeNumber) { Min = 1, Max = 3, Label = "Line 1–3" },
        new("area", IndicatorValueType.WholeNumber) { Min = 1, Max = 7, Label = "Area 1–7" },
        new("tenderness", IndicatorValueType.Grade) { Label = "Tenderness" },
        new("mappedVertebra", IndicatorValueType.SpinalLevel) { Required = false, Label = "Mapped vertebra" },
    ];

    private static Provenance P(ReliabilityTag tag, string source) => new(tag, source);
}
