using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Procedures;

namespace Sot.Workbench.Plugins.Cmrt;

/// <summary>The CMRT contact procedure (domain reference §4.4: indicator, level, organ/system, contact, pre/post tenderness).</summary>
internal sealed class CmrtProcedures : IProcedureSource
{
    public static ProcedureDefinition Contact { get; } = new(
        CmrtCodes.ContactProcedure,
        "CMRT contact at a level",
        [
            new IndicatorValueSpec("indicator", IndicatorValueType.Enumerated) { AllowedValues = CmrtCodes.IndicatorSources, Label = "Indicator used" },
            new IndicatorValueSpec("level", IndicatorValueType.SpinalLevel) { Label = "Spinal level" },
            new IndicatorValueSpec("system", IndicatorValueType.Enumerated) { Required = false, AllowedValues = CmrtCodes.OrganSystems, Label = "Organ/system (from the reflex chart)" },
            new IndicatorValueSpec("contact", IndicatorValueType.Enumerated) { AllowedValues = CmrtCodes.Contacts, Label = "Contact" },
            new IndicatorValueSpec("preTenderness", IndicatorValueType.Grade) { Label = "Tenderness before" },
            new IndicatorValueSpec("postTenderness", IndicatorValueType.Grade) { Label = "Tenderness after" },
        ],
        CmrtCodes.Scopes,
        new Provenance(ReliabilityTag.SingleSource, "Domain reference §4.4 (synthesised steps) [S15][S32][S35]"));

    public string SourceName => CmrtCodes.PluginId;

    public IEnumerable<ProcedureDefinition> GetProcedures() => [Contact];
}
