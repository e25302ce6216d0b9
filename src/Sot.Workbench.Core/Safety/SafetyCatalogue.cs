using Sot.Workbench.Domain;

namespace Sot.Workbench.Safety;

/// <summary>One entry of the safety catalogue: a short clinician-facing description (no patient data) and its provenance.</summary>
/// <param name="Kind">Red flag, precaution or referral trigger.</param>
/// <param name="Code">A stable code for records and reports (see <see cref="CodeRules"/>).</param>
/// <param name="Label">A short name.</param>
/// <param name="Description">What the item covers, for the clinician.</param>
/// <param name="Provenance">Where the item comes from.</param>
public sealed record SafetyItemInfo(SafetyItemKind Kind, string Code, string Label, string Description, Provenance Provenance);

/// <summary>
/// Descriptions and provenance for every <see cref="RedFlag"/>, <see cref="Precaution"/> and
/// <see cref="ReferralTrigger"/> (domain reference §7.6).
/// </summary>
public static class SafetyCatalogue
{
    private static readonly Provenance Guidelines = new(
        ReliabilityTag.Firm,
        "Domain reference §7.6: manipulation guidelines and reviews [S50][S50b][S50c].");

    private static readonly Provenance PrecautionGuideline = new(
        ReliabilityTag.SingleSource,
        "Domain reference §7.6: cervical manipulation guideline [S50].");

    private static readonly Provenance GeneralPractice = new(
        ReliabilityTag.Gap,
        "Domain reference §7.6: added from general manual-therapy practice; not verified in the sources read.");

    private static readonly Provenance CategoryIII = new(
        ReliabilityTag.SingleSource,
        "Domain reference §7.6: SOT Category III refer-out notes [S23].");

    private static readonly Dictionary<RedFlag, SafetyItemInfo> RedFlagInfo = new()
    {
        [RedFlag.ProgressiveNeuroDeficit] = Red("RF-PROGRESSIVE-NEURO-DEFICIT", "Progressive neurological deficit", "A neurological deficit that is progressing or worsening."),
        [RedFlag.UpperMotorNeuronSigns] = Red("RF-UMN-SIGNS", "Upper-motor-neuron signs", "Upper-motor-neuron signs or signs of spinal cord compression."),
        [RedFlag.MultiLevelNerveRootPathology] = Red("RF-MULTILEVEL-ROOT", "Multi-level nerve-root pathology", "Nerve-root signs at more than one spinal level."),
        [RedFlag.CaudaEquina] = Red("RF-CAUDA-EQUINA", "Cauda equina signs", "Saddle anaesthesia, or new bladder or bowel change."),
        [RedFlag.CervicalArteryDissectionSuspected] = Red("RF-CAD-SUSPECTED", "Suspected cervical artery dissection", "Signs suggesting cervical artery dissection, or vertebrobasilar symptoms."),
        [RedFlag.UnremittingNightPain] = Red("RF-NIGHT-PAIN", "Unremitting night pain", "Unremitting night pain, or severe pain that does not behave mechanically."),
        [RedFlag.RecentTrauma] = Red("RF-RECENT-TRAUMA", "Relevant recent trauma", "Recent trauma relevant to the region, with possible fracture or instability."),
        [RedFlag.SuspectedFracture] = Red("RF-FRACTURE", "Suspected fracture", "A fracture is suspected."),
        [RedFlag.SuspectedMalignancy] = Red("RF-MALIGNANCY", "Suspected malignancy", "A malignancy is suspected."),
        [RedFlag.SuspectedInfection] = Red("RF-INFECTION", "Suspected infection", "An infection (e.g. of bone or disc) is suspected."),
        [RedFlag.ConsentRefused] = Red("RF-CONSENT-REFUSED", "Consent declined", "The patient (or guardian) declines consent to the proposed care."),
    };

    private static readonly Dictionary<Precaution, SafetyItemInfo> PrecautionInfo = new()
    {
        [Precaution.Osteoporosis] = Modify("PR-OSTEOPOROSIS", "Osteoporosis", "Osteoporosis or osteopenia: risk of fracture in weakened bone.", PrecautionGuideline),
        [Precaution.LongTermCorticosteroids] = Modify("PR-CORTICOSTEROIDS", "Long-term corticosteroids", "Long-term corticosteroid use, which can weaken bone and connective tissue.", PrecautionGuideline),
        [Precaution.InflammatoryArthritis] = Modify("PR-INFLAMMATORY-ARTHRITIS", "Inflammatory arthritis", "Inflammatory arthritis, with possible ligamentous laxity or instability.", PrecautionGuideline),
        [Precaution.Hypermobility] = Modify("PR-HYPERMOBILITY", "Hypermobility", "A hypermobility syndrome.", PrecautionGuideline),
        [Precaution.LocalInfection] = Modify("PR-LOCAL-INFECTION", "Local infection", "An infection at or near the area to be treated.", PrecautionGuideline),
        [Precaution.CancerHistory] = Modify("PR-CANCER-HISTORY", "History of cancer", "A past history of cancer.", PrecautionGuideline),
        [Precaution.AgeOver55] = Modify("PR-AGE-OVER-55", "Age over 55", "Age over 55 years.", PrecautionGuideline),
        [Precaution.HighFearAvoidance] = Modify("PR-FEAR-AVOIDANCE", "High fear-avoidance", "High fear-avoidance beliefs about movement or treatment.", PrecautionGuideline),
        [Precaution.Anticoagulation] = Modify("PR-ANTICOAGULATION", "Anticoagulation", "Anticoagulant therapy: bleeding and bruising risk.", GeneralPractice),
        [Precaution.Pregnancy] = Modify("PR-PREGNANCY", "Pregnancy", "Pregnancy: positioning and technique are adapted.", GeneralPractice),
    };

    private static readonly Dictionary<ReferralTrigger, SafetyItemInfo> ReferralTriggerInfo = new()
    {
        [ReferralTrigger.Peripheralisation] = Refer("RT-PERIPHERALISATION", "Peripheralisation", "Radicular symptoms spreading further down the limb during care.", CategoryIII),
        [ReferralTrigger.NeuroDecline] = Refer("RT-NEURO-DECLINE", "Neurological decline", "Reflexes, dermatomal sensation or muscle strength decreasing.", CategoryIII),
        [ReferralTrigger.NumbnessUpPainDown] = Refer("RT-NUMBNESS-UP-PAIN-DOWN", "Numbness up, pain down", "Pain decreasing while numbness or atrophy increases.", CategoryIII),
        [ReferralTrigger.VisceralPattern] = Refer("RT-VISCERAL-PATTERN", "Visceral pattern", "Symptoms follow a visceral or organic pattern rather than a mechanical one.", CategoryIII),
        [ReferralTrigger.IndicatorResponseMismatch] = Refer("RT-INDICATOR-MISMATCH", "Response and indicators disagree", "The patient's response to care and the SOT indicators do not match.", CategoryIII),
        [ReferralTrigger.SotoWorsening] = Refer(
            "RT-SOTO-WORSENING",
            "SOTO worsening",
            "Pain increases on the second or third SOTO manoeuvre: suspect disc fragmentation and consider surgical referral.",
            new Provenance(ReliabilityTag.SingleSource, "Domain reference §2.2 and §7.6: SOTO manoeuvre interpretation [S22].")),
    };

    /// <summary>Every red flag's entry, in enum order.</summary>
    public static IReadOnlyList<SafetyItemInfo> RedFlags { get; } = [.. Enum.GetValues<RedFlag>().Select(Describe)];

    /// <summary>Every precaution's entry, in enum order.</summary>
    public static IReadOnlyList<SafetyItemInfo> Precautions { get; } = [.. Enum.GetValues<Precaution>().Select(Describe)];

    /// <summary>Every referral trigger's entry, in enum order.</summary>
    public static IReadOnlyList<SafetyItemInfo> ReferralTriggers { get; } = [.. Enum.GetValues<ReferralTrigger>().Select(Describe)];

    /// <summary>The entry for a red flag.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not defined.</exception>
    public static SafetyItemInfo Describe(RedFlag redFlag)
        => RedFlagInfo.TryGetValue(redFlag, out var info) ? info : throw Undefined(nameof(redFlag), redFlag);

    /// <summary>The entry for a precaution.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not defined.</exception>
    public static SafetyItemInfo Describe(Precaution precaution)
        => PrecautionInfo.TryGetValue(precaution, out var info) ? info : throw Undefined(nameof(precaution), precaution);

    /// <summary>The entry for a referral trigger.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not defined.</exception>
    public static SafetyItemInfo Describe(ReferralTrigger trigger)
        => ReferralTriggerInfo.TryGetValue(trigger, out var info) ? info : throw Undefined(nameof(trigger), trigger);

    private static SafetyItemInfo Red(string code, string label, string description)
        => new(SafetyItemKind.RedFlag, code, label, description, Guidelines);

    private static SafetyItemInfo Modify(string code, string label, string description, Provenance provenance)
        => new(SafetyItemKind.Precaution, code, label, description, provenance);

    private static SafetyItemInfo Refer(string code, string label, string description, Provenance provenance)
        => new(SafetyItemKind.ReferralTrigger, code, label, description, provenance);

    private static ArgumentOutOfRangeException Undefined<T>(string name, T value)
        where T : struct, Enum
        => new(name, value, $"Unknown {typeof(T).Name} value.");
}
