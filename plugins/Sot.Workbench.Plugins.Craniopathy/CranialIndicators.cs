using System.Globalization;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;

namespace Sot.Workbench.Plugins.Craniopathy;

/// <summary>The cranial indicators (domain reference §5.2, §5.3).</summary>
internal sealed class CranialIndicators : IIndicatorSource
{
    public string SourceName => CranialCodes.PluginId;

    public static IReadOnlyList<IndicatorDefinition> Definitions { get; } = Build();

    public IEnumerable<IndicatorDefinition> GetIndicators() => Definitions;

    private static IndicatorDefinition[] Build()
    {
        var supineSeated = new[] { AnalysisPosition.Supine, AnalysisPosition.Seated };
        var grade = new IndicatorValueSpec("grade", IndicatorValueType.Grade) { Label = "Grade" };
        var head = new Func<string, string, IndicatorValueSpec>((key, label) => new(key, IndicatorValueType.Length) { Required = false, Min = 50, Max = 650, Label = label });
        return
        [
            new(CranialCodes.Bone, "Cranial bone finding", null, CranialCodes.Subsystem, supineSeated, SideRequirement.Optional,
                [
                    new("bone", IndicatorValueType.Enumerated) { AllowedValues = CranialCodes.Bones, Label = "Bone" },
                    new("finding", IndicatorValueType.Enumerated) { AllowedValues = ["Restriction", "Tenderness", "Asymmetry", "Flare"], Label = "Finding" },
                    grade,
                ],
                new Provenance(ReliabilityTag.SingleSource, "Domain reference §5.2, §5.3 [S37][S68]; cranial palpation reliability is poor (§9.1)"))
            { SeverityKey = "grade" },
            new(CranialCodes.Suture, "Suture finding", null, CranialCodes.Subsystem, supineSeated, SideRequirement.Optional,
                [
                    new("suture", IndicatorValueType.Enumerated) { AllowedValues = CranialCodes.Sutures, Label = "Suture" },
                    new("finding", IndicatorValueType.Enumerated) { AllowedValues = ["Restriction", "Tenderness", "Ridging"], Label = "Finding" },
                    grade,
                ],
                new Provenance(ReliabilityTag.SingleSource, "Domain reference §5.2 [S37][S40]"))
            {
                SeverityKey = "grade",
                Check = f => f.Get<EnumValue>("suture") is { } s && CranialCodes.MidlineSutures.Contains(s.Value) && f.Side != Side.None
                    ? $"the {s.Value} suture is midline: record it without a side."
                    : null,
            },
            new(CranialCodes.Sbs, "Sphenobasilar (SBS) pattern", null, CranialCodes.Subsystem, [AnalysisPosition.Supine], SideRequirement.NotApplicable,
                [new("pattern", IndicatorValueType.Enumerated) { AllowedValues = CranialCodes.SbsPatterns, Label = "Pattern" }],
                new Provenance(ReliabilityTag.Conflict, "Domain reference §5.3, osteopathic model used by cranial practitioners [S40]; examiners do not agree on palpated cranial motion (§9.1 [S51][S51b])"))
            { Description = "Torsion is named for the superior greater wing; side-bending-rotation for the convex side; lateral strain for the basisphenoid shift." },
            new(CranialCodes.TemporalRotation, "Temporal bone rotation", null, CranialCodes.Subsystem, supineSeated, SideRequirement.LeftOrRight,
                [
                    new("rotation", IndicatorValueType.Enumerated) { AllowedValues = ["Neutral", "Internal", "External"], Label = "Rotation" },
                    grade with { Required = false },
                ],
                new Provenance(ReliabilityTag.SingleSource, "Domain reference §5.3 [S40][S38]: external rotation = ear flare"))
            { SeverityKey = "rotation" },
            new(CranialCodes.OccipitalSlip, "Occipital slip", null, CranialCodes.Subsystem, supineSeated, SideRequirement.LeftOrRight,
                [
                    new("direction", IndicatorValueType.Enumerated) { AllowedValues = ["Unspecified", "Anterior", "Posterior"], Label = "Direction" },
                    grade,
                ],
                new Provenance(ReliabilityTag.SingleSource, "Domain reference §5.3, §5.4 [S37]"))
            { SeverityKey = "grade" },
            new(CranialCodes.ZygomaticRange, "Zygomatic range-of-motion asymmetry", null, CranialCodes.Subsystem, [AnalysisPosition.Supine], SideRequirement.LeftOrRight,
                [grade],
                new Provenance(ReliabilityTag.SingleSource, "Domain reference §5.3 [S37][S68]"))
            { Description = "Side = the restricted side; grade = how marked the asymmetry is." },
            new(CranialCodes.HeadMeasurement, "Paediatric head measurement", null, CranialCodes.Subsystem, [AnalysisPosition.Supine, AnalysisPosition.Seated], SideRequirement.NotApplicable,
                [
                    new("method", IndicatorValueType.Enumerated) { AllowedValues = ["Craniometer", "Tape"], Label = "Method" },
                    head("circumference", "Head circumference"),
                    head("length", "Length (glabella–opisthocranion)"),
                    head("breadth", "Breadth (euryon–euryon)"),
                    head("diagonalLeft", "Diagonal, left frontal to right occipital"),
                    head("diagonalRight", "Diagonal, right frontal to left occipital"),
                ],
                new Provenance(ReliabilityTag.SingleSource, "Domain reference §5.3: plagiocephaly/brachycephaly measured by craniometer and tape every few visits [S37]"))
            {
                SeverityKey = "method",
                Description = "Tape: circumference. Craniometer: length and breadth (cephalic index) and/or both diagonals (vault asymmetry).",
                Check = CheckHead,
            },
        ];
    }

    private static string? CheckHead(Finding f)
    {
        var method = f.Get<EnumValue>("method")?.Value;
        bool Has(string key) => f.Get<LengthValue>(key) is not null;
        if (method == "Tape" && !Has("circumference"))
        {
            return "a tape measurement records the circumference.";
        }

        if (method == "Craniometer" && !(Has("length") && Has("breadth")) && !(Has("diagonalLeft") && Has("diagonalRight")))
        {
            return "a craniometer measurement records length and breadth, or both diagonals.";
        }

        if (Has("length") != Has("breadth") || Has("diagonalLeft") != Has("diagonalRight"))
        {
            return "length and breadth, and the two diagonals, are recorded in pairs.";
        }

        if (f.Get<LengthValue>("breadth") is { } b && f.Get<LengthValue>("length") is { } l && b.Value.ExactMillimetres > l.Value.ExactMillimetres * 1.2m)
        {
            return string.Create(CultureInfo.InvariantCulture, $"breadth exceeds length by more than 20 % (cephalic index over 120): check the values.");
        }

        return null;
    }
}
