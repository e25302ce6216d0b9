using Sot.Workbench.Domain;
using Sot.Workbench.Safety;

namespace Sot.Workbench.Plugins.Cmrt;

/// <summary>The CMRT plugin's codes: indicators, rules, the procedure kind and allowed values.</summary>
public static class CmrtCodes
{
    /// <summary>The plugin id.</summary>
    public const string PluginId = "sot.cmrt";

    /// <summary>Occipital fibre (line 1–3, area 1–7, side, tenderness).</summary>
    public const string OccipitalFibre = "CMRT-OCC-FIB";

    /// <summary>Temporal-sphenoidal (TS) reflex point.</summary>
    public const string TemporalSphenoidalPoint = "CMRT-TS-POINT";

    /// <summary>Vertebral tenderness at a spinal level.</summary>
    public const string VertebralTenderness = "CMRT-VERT-TENDER";

    /// <summary>Organ-related symptom reported by the patient.</summary>
    public const string OrganSymptom = "CMRT-ORGAN-SYMPTOM";

    /// <summary>Rule: a tender line-2 occipital fibre suggests CMRT at its mapped level.</summary>
    public const string LineTwoRule = "CMRT-R1";

    /// <summary>Rule: a tender TS reflex point suggests CMRT at its level.</summary>
    public const string TsPointRule = "CMRT-R2";

    /// <summary>The CMRT contact procedure kind.</summary>
    public const string ContactProcedure = "CMRT-CONTACT";

    /// <summary>Organ and system labels (reflex chart, symptoms, procedure records).</summary>
    public static IReadOnlyList<string> OrganSystems { get; } =
    [
        "Stomach", "Liver", "Gallbladder", "CommonDuct", "Pancreas", "Spleen", "ReticuloEndothelialSystem", "Duodenum",
        "SmallIntestine", "Colon", "Appendix", "Kidney", "Ureter", "Adrenal", "Bladder", "Uterus", "Ovary", "Prostate",
        "Heart", "Lung", "Thyroid", "Diaphragm", "SolarPlexus", "Other",
    ];

    /// <summary>What a CMRT contact was based on (domain reference §8 CmrtIndicatorSource).</summary>
    public static IReadOnlyList<string> IndicatorSources { get; } = ["OccipitalLine2", "TemporalSphenoidalPoint", "VertebralTenderness", "Symptom"];

    /// <summary>Contacts a CMRT record may name (domain reference §4.4).</summary>
    public static IReadOnlyList<string> Contacts { get; } = ["VertebralReflexContact", "VertebralAdjustment", "OrganReflexContact", "SoftTissue", "Combined"];

    /// <summary>The TS point variants seen in public sources ("TS T5A / T5B").</summary>
    public static IReadOnlyList<string> TsVariants { get; } = ["Unspecified", "A", "B"];

    /// <summary>Where a vertebra was tender.</summary>
    public static IReadOnlyList<string> TenderSites { get; } = ["Spinous", "TransverseLeft", "TransverseRight", "Lamina", "SegmentalMuscles"];

    /// <summary>The CMRT sub-system.</summary>
    public static Subsystem Subsystem => Domain.Subsystem.Cmrt;

    /// <summary>The consent scopes a CMRT contact needs.</summary>
    public static IReadOnlyList<ConsentScope> Scopes { get; } = [ConsentScope.General, ConsentScope.Cmrt];

    internal static bool IsThoracicOrLumbar(SpinalLevel level) => level is >= SpinalLevel.T1 and <= SpinalLevel.L5;
}
