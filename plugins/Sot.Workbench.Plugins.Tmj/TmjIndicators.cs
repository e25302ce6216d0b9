using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;

namespace Sot.Workbench.Plugins.Tmj;

/// <summary>The TMJ findings (domain reference §6.2).</summary>
internal sealed class TmjIndicators : IIndicatorSource
{
    public string SourceName => TmjCodes.PluginId;

    public static IReadOnlyList<IndicatorDefinition> Definitions { get; } = Build();

    public IEnumerable<IndicatorDefinition> GetIndicators() => Definitions;

    private static IndicatorDefinition[] Build()
    {
        var seatedSupine = new[] { AnalysisPosition.Seated, AnalysisPosition.Supine };
        IndicatorValueSpec Mm(string key, decimal max, bool required = false) =>
            new(key, IndicatorValueType.Length) { Required = required, Min = 0, Max = max, HigherIsBetter = true, Label = TmjCodes.Label(key) };
        return
        [
            new(TmjCodes.Measurements, "TMJ measurements", null, TmjCodes.Subsystem, seatedSupine, SideRequirement.NotApplicable,
                [
                    Mm("painFreeOpening", 90), Mm("maxOpening", 90, required: true), Mm("assistedOpening", 90),
                    Mm("lateralLeft", 30), Mm("lateralRight", 30), Mm("protrusion", 30), Mm("overbite", 20) with { HigherIsBetter = false },
                ],
                new Provenance(ReliabilityTag.Conflict, "Domain reference §6.2 [S41][S42][S43][S71]; raw millimetres are stored, ranges come from the reference range file"))
            {
                SeverityKey = "maxOpening",
                Description = "Ruler or calliper, upper to lower incisal edge (add overbite for the true opening); take three and keep the maximum.",
                Check = CheckOpenings,
            },
            new(TmjCodes.OpeningPath, "TMJ opening path", null, TmjCodes.Subsystem, seatedSupine, SideRequirement.NotApplicable,
                [new("path", IndicatorValueType.Enumerated) { AllowedValues = TmjCodes.OpeningPaths, Label = "Path" }],
                new Provenance(ReliabilityTag.Firm, "Domain reference §6.2 [S43][S44]"))
            { Description = "Deviation returns to the midline at full opening; deflection does not." },
            new(TmjCodes.JointSound, "TMJ joint sound", null, TmjCodes.Subsystem, seatedSupine, SideRequirement.LeftOrRight,
                [new("sound", IndicatorValueType.Enumerated) { AllowedValues = TmjCodes.JointSounds, Label = "Sound" }],
                new Provenance(ReliabilityTag.Firm, "Domain reference §6.2 [S44][S45]")),
            new(TmjCodes.MuscleTenderness, "Masticatory muscle tenderness", null, TmjCodes.Subsystem, seatedSupine, SideRequirement.Required,
                [
                    new("muscle", IndicatorValueType.Enumerated) { AllowedValues = TmjCodes.Muscles, Label = "Muscle" },
                    new("tenderness", IndicatorValueType.Grade) { Label = "Tenderness" },
                ],
                new Provenance(ReliabilityTag.Firm, "Domain reference §6.2 [S72]"))
            { SeverityKey = "tenderness" },
            new(TmjCodes.Loading, "TMJ loading test", null, TmjCodes.Subsystem, seatedSupine, SideRequirement.Optional,
                [
                    new("test", IndicatorValueType.Enumerated) { AllowedValues = TmjCodes.LoadingTests, Label = "Test" },
                    new("painReproduced", IndicatorValueType.Boolean) { Label = "Pain reproduced" },
                ],
                new Provenance(ReliabilityTag.Firm, "Domain reference §6.2 [S72]"))
            { SeverityKey = "painReproduced" },
        ];
    }

    private static string? CheckOpenings(Finding f)
    {
        var painFree = f.Get<LengthValue>("painFreeOpening")?.Value.ExactMillimetres;
        var max = f.Get<LengthValue>("maxOpening")?.Value.ExactMillimetres;
        var assisted = f.Get<LengthValue>("assistedOpening")?.Value.ExactMillimetres;
        if (painFree > max)
        {
            return "pain-free opening must not exceed maximum opening.";
        }

        return max > assisted ? "assisted opening must not be less than maximum opening." : null;
    }
}
