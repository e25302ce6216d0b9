using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;

namespace Sot.Workbench.Plugins.Cmrt;

/// <summary>The CMRT indicators (domain reference §3.6, §4.2).</summary>
internal sealed class CmrtIndicators : IIndicatorSource
{
    public string SourceName => CmrtCodes.PluginId;

    public static IReadOnlyList<IndicatorDefinition> Definitions { get; } = Build();

    public IEnumerable<IndicatorDefinition> GetIndicators() => Definitions;

    private static IndicatorDefinition[] Build()
    {
        var proneSupine = new[] { AnalysisPosition.Prone, AnalysisPosition.Supine };
        var tenderness = new IndicatorValueSpec("tenderness", IndicatorValueType.Grade) { Label = "Tenderness" };
        return
        [
            new(CmrtCodes.OccipitalFibre, "Occipital fibre (CMRT)", null, CmrtCodes.Subsystem, proneSupine, SideRequirement.LeftOrRight,
                [
                    new("line", IndicatorValueType.WholeNumber) { Min = 1, Max = 3, Label = "Line 1–3" },
                    new("area", IndicatorValueType.WholeNumber) { Min = 1, Max = 7, Label = "Area 1–7" },
                    tenderness,
                ],
                new Provenance(ReliabilityTag.SingleSource, "Domain reference §3.6, §4.2; [S15][S32]; line 2 is the reflex (CMRT) line in one teaching source; pilot reliability data only [S36]"))
            {
                SeverityKey = "tenderness",
                Description = "Three lines × seven areas per side near the external occipital protuberance; line 2 is the CMRT line. The level comes from the clinic's fibre chart.",
            },
            new(CmrtCodes.TemporalSphenoidalPoint, "Temporal-sphenoidal (TS) reflex point", null, CmrtCodes.Subsystem,
                [AnalysisPosition.Supine, AnalysisPosition.Seated], SideRequirement.Optional,
                [
                    new("level", IndicatorValueType.SpinalLevel) { Label = "Level (thoracic or lumbar major)" },
                    new("variant", IndicatorValueType.Enumerated) { Required = false, AllowedValues = CmrtCodes.TsVariants, Label = "Point variant" },
                    tenderness,
                ],
                new Provenance(ReliabilityTag.SingleSource, "Domain reference §4.2; DeJarnette 1965 TS points for thoracic/lumbar majors [S32][S64]"))
            {
                SeverityKey = "tenderness",
                Description = "Points around the temporal bone, tender when a thoracic or lumbar major is active (e.g. TS T5A).",
                Check = f => f.Get<SpinalLevelValue>("level") is { } level && !CmrtCodes.IsThoracicOrLumbar(level.Value)
                    ? $"TS reflex points relate to thoracic and lumbar levels (T1–L5), not {level.Value}."
                    : null,
            },
            new(CmrtCodes.VertebralTenderness, "Vertebral tenderness (CMRT level)", null, CmrtCodes.Subsystem,
                [AnalysisPosition.Prone, AnalysisPosition.Seated], SideRequirement.Optional,
                [
                    new("level", IndicatorValueType.SpinalLevel) { Label = "Level" },
                    new("site", IndicatorValueType.Enumerated) { Required = false, AllowedValues = CmrtCodes.TenderSites, Label = "Site" },
                    tenderness,
                    new("segmentalTension", IndicatorValueType.Boolean) { Required = false, Label = "Segmental muscle tension" },
                ],
                new Provenance(ReliabilityTag.SingleSource, "Domain reference §4.2, §4.4 step 2; [S34][S35]"))
            {
                SeverityKey = "tenderness",
                Check = f => f.Get<SpinalLevelValue>("level") is { Value: SpinalLevel.Occiput } ? "the occiput is not a vertebral level." : null,
            },
            new(CmrtCodes.OrganSymptom, "Organ-related symptom (reported)", null, CmrtCodes.Subsystem,
                [AnalysisPosition.Seated, AnalysisPosition.Standing, AnalysisPosition.Supine], SideRequirement.NotApplicable,
                [
                    new("system", IndicatorValueType.Enumerated) { AllowedValues = CmrtCodes.OrganSystems, Label = "Organ or system" },
                    new("severity", IndicatorValueType.Score0To10) { Label = "Severity 0–10" },
                ],
                new Provenance(ReliabilityTag.SingleSource, "Domain reference §4.2; recorded as reported, never as a diagnosis; no controlled evidence of organ-level effects (§9.1)"))
            {
                SeverityKey = "severity",
                Description = "The organ or system the patient's symptom relates to, as reported. Red flags go to the red-flag screen.",
            },
        ];
    }
}
