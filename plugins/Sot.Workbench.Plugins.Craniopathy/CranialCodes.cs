using Sot.Workbench.Domain;
using Sot.Workbench.Safety;

namespace Sot.Workbench.Plugins.Craniopathy;

/// <summary>The craniopathy plugin's codes and allowed values (domain reference §5, §8).</summary>
public static class CranialCodes
{
    /// <summary>The plugin id.</summary>
    public const string PluginId = "sot.craniopathy";

    /// <summary>Cranial bone finding.</summary>
    public const string Bone = "CRAN-BONE";

    /// <summary>Suture finding.</summary>
    public const string Suture = "CRAN-SUTURE";

    /// <summary>Sphenobasilar pattern.</summary>
    public const string Sbs = "CRAN-SBS";

    /// <summary>Temporal bone rotation.</summary>
    public const string TemporalRotation = "CRAN-TEMPORAL";

    /// <summary>Occipital slip.</summary>
    public const string OccipitalSlip = "CRAN-OCC-SLIP";

    /// <summary>Zygomatic range-of-motion asymmetry.</summary>
    public const string ZygomaticRange = "CRAN-ZYGO-ROM";

    /// <summary>Paediatric head measurement (craniometer or tape).</summary>
    public const string HeadMeasurement = "CRAN-HEAD-MEASURE";

    /// <summary>Value key of the contact (external or intra-oral) on every cranial procedure.</summary>
    public const string ContactKey = "contact";

    /// <summary>The intra-oral contact value.</summary>
    public const string IntraOral = "IntraOral";

    /// <summary>Cranial and facial bones.</summary>
    public static IReadOnlyList<string> Bones { get; } =
        ["Frontal", "Parietal", "Temporal", "Occipital", "Sphenoid", "Ethmoid", "Maxilla", "Zygomatic", "Nasal", "Palatine", "Lacrimal", "Vomer", "InferiorConcha", "Mandible", "Hyoid"];

    /// <summary>Sutures and junctions.</summary>
    public static IReadOnlyList<string> Sutures { get; } =
    [
        "Sagittal", "Coronal", "Lambdoid", "Squamosal", "Occipitomastoid", "Sphenosquamous", "Sphenofrontal", "Frontozygomatic",
        "Zygomaticomaxillary", "Sphenomaxillary", "Intermaxillary", "Frontonasal", "Metopic", "Sphenobasilar",
    ];

    /// <summary>Midline sutures: a finding on them names no side.</summary>
    public static IReadOnlyList<string> MidlineSutures { get; } = ["Sagittal", "Metopic", "Sphenobasilar", "Intermaxillary", "Frontonasal"];

    /// <summary>Sphenobasilar patterns (physiologic first, then non-physiologic).</summary>
    public static IReadOnlyList<string> SbsPatterns { get; } =
    [
        "Normal", "Flexion", "Extension", "TorsionLeft", "TorsionRight", "SidebendRotationLeft", "SidebendRotationRight",
        "LateralStrainLeft", "LateralStrainRight", "VerticalStrainSuperior", "VerticalStrainInferior", "Compression",
    ];

    /// <summary>Directions a cranial contact may take.</summary>
    public static IReadOnlyList<string> Directions { get; } =
        ["Anterior", "Posterior", "Superior", "Inferior", "Medial", "Lateral", "InternalRotation", "ExternalRotation", "Flexion", "Extension", "Spread", "Compression", "Traction", "Hold"];

    /// <summary>Force notes allowed on a cranial record: the work is light by definition (§5.1).</summary>
    public static IReadOnlyList<string> Forces { get; } = ["Light", "VeryLight"];

    /// <summary>The cranial sub-system.</summary>
    public static Subsystem Subsystem => Domain.Subsystem.Craniopathy;

    /// <summary>The scopes every cranial procedure needs; the intra-oral scope is added when the contact is intra-oral.</summary>
    public static IReadOnlyList<ConsentScope> Scopes { get; } = [ConsentScope.General, ConsentScope.Cranial];
}
