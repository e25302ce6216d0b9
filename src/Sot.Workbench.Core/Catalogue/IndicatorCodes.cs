namespace Sot.Workbench.Catalogue;

/// <summary>The codes of Core's SOT indicators (domain reference §2.2, §3 and §8).</summary>
public static class IndicatorCodes
{
#pragma warning disable CS1591 // each constant is documented by its definition in CoreIndicators
    public const string PelvicLock = "C1-PELVIC-LOCK";
    public const string ShortLegProne = "C1-LLD-PRONE";
    public const string HeelTension = "C1-HEEL";
    public const string GlutealSacrospinalis = "C1-GLUTE-SACRO";
    public const string CrestSign = "C1-CREST";
    public const string DollarSign = "C1-DOLLAR";
    public const string FirstRibMobile = "C1-RIB1-MOBILE";
    public const string OccipitalFibreCategoryI = "C1-OCC-FIB";

    public const string LateralSway = "C2-SWAY";
    public const string ArmFossa = "C2-AFT";
    public const string InguinalTenderness = "C2-INGUINAL";
    public const string FirstRibTubercle = "C2-RIB1-TUB";
    public const string KneeSensitivity = "C2-KNEE";
    public const string ScaleneTenderness = "C2-SCALENE";
    public const string CervicalCompaction = "C2-COMPACTION";
    public const string CategoryIIPosture = "C2-POSTURE";
    public const string MusclesInSpasm = "C2-MUSCLE";
    public const string TmjSigns = "C2-TMJ";

    public const string Antalgic = "C3-ANTALGIC";
    public const string Sciatic = "C3-SCIATIC";
    public const string Soto = "C3-SOTO";
    public const string StraightLegRaise = "C3-SLR";
    public const string RibFixed = "C3-RIB-FIXED";
    public const string Rigidity = "C3-RIGIDITY";
    public const string Psoas = "C3-PSOAS";
    public const string Neuro = "C3-NEURO";

    public const string CervicalStairStep = "X-STAIRSTEP";
    public const string OccipitalFibre = "X-OCCFIB";
    public const string TrapeziusFibre = "X-TRAPFIB";
    public const string WedgeProvocation = "X-WEDGE-PROVOCATION";
#pragma warning restore CS1591
}
