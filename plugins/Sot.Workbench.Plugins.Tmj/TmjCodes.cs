using Sot.Workbench.Domain;

namespace Sot.Workbench.Plugins.Tmj;

/// <summary>The TMJ plugin's codes and allowed values (domain reference §6, §8).</summary>
public static class TmjCodes
{
    /// <summary>The plugin id.</summary>
    public const string PluginId = "sot.tmj";

    /// <summary>TMJ measurements (openings, excursions, protrusion, overbite).</summary>
    public const string Measurements = "TMJ-MEASURE";

    /// <summary>Opening path.</summary>
    public const string OpeningPath = "TMJ-PATH";

    /// <summary>Joint sounds (one finding per side).</summary>
    public const string JointSound = "TMJ-SOUND";

    /// <summary>Masticatory muscle tenderness.</summary>
    public const string MuscleTenderness = "TMJ-MUSCLE";

    /// <summary>Joint loading / clench test.</summary>
    public const string Loading = "TMJ-LOADING";

    /// <summary>Rule: measurements outside the reference range and left/right asymmetry are flagged.</summary>
    public const string RangeRule = "TMJ-R1";

    /// <summary>Rule: TMJ findings with Category II give the SOT-linked suggestion.</summary>
    public const string CategoryTwoRule = "TMJ-R2";

    /// <summary>Procedure: TMJ soft-tissue contacts (external).</summary>
    public const string SoftTissueProcedure = "TMJ-SOFT-TISSUE";

    /// <summary>Procedure: intra-oral TMJ contacts.</summary>
    public const string IntraOralProcedure = "TMJ-INTRA-ORAL";

    /// <summary>Procedure: re-measurement after treatment.</summary>
    public const string RemeasureProcedure = "TMJ-REMEASURE";

    /// <summary>The measurement value keys, in order.</summary>
    public static IReadOnlyList<string> MeasureKeys { get; } = ["painFreeOpening", "maxOpening", "assistedOpening", "lateralLeft", "lateralRight", "protrusion", "overbite"];

    /// <summary>The position of <paramref name="key"/> in <see cref="MeasureKeys"/>, or -1 (a switch, so analysis compares no strings in a loop).</summary>
    internal static int MeasureIndex(string key) => key switch
    {
        "painFreeOpening" => 0,
        "maxOpening" => 1,
        "assistedOpening" => 2,
        "lateralLeft" => 3,
        "lateralRight" => 4,
        "protrusion" => 5,
        "overbite" => 6,
        _ => -1,
    };

    /// <summary>Opening paths: straight, deviation (returns to midline), deflection (does not return).</summary>
    public static IReadOnlyList<string> OpeningPaths { get; } = ["Straight", "DeviationCCurveLeft", "DeviationCCurveRight", "DeviationSCurve", "DeflectionLeft", "DeflectionRight"];

    /// <summary>Joint sounds; the first is "none".</summary>
    public static IReadOnlyList<string> JointSounds { get; } = ["None", "ClickOpening", "ClickClosing", "ReciprocalClick", "Pop", "Crepitus"];

    /// <summary>Masticatory and related muscles palpated.</summary>
    public static IReadOnlyList<string> Muscles { get; } = ["Masseter", "Temporalis", "MedialPterygoid", "LateralPterygoid", "Digastric", "Suprahyoid", "Sternocleidomastoid"];

    /// <summary>Loading / provocation tests.</summary>
    public static IReadOnlyList<string> LoadingTests { get; } = ["Clench", "UnilateralBite", "JointLoading"];

    /// <summary>The TMJ sub-system.</summary>
    public static Subsystem Subsystem => Domain.Subsystem.Tmj;

    internal static string Label(string key) => key switch
    {
        "painFreeOpening" => "Pain-free opening",
        "maxOpening" => "Maximum opening",
        "assistedOpening" => "Assisted opening",
        "lateralLeft" => "Lateral excursion left",
        "lateralRight" => "Lateral excursion right",
        "protrusion" => "Protrusion",
        "overbite" => "Overbite",
        _ => key,
    };
}
