using System.Diagnostics.CodeAnalysis;

namespace Sot.Workbench.Safety;

/// <summary>
/// An absolute red flag: stop, do not treat, and refer. See <see cref="SafetyCatalogue"/> for the
/// clinician-facing description and provenance of each.
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "'Red flag' is the clinical term.")]
public enum RedFlag
{
    /// <summary>Progressive or worsening neurological deficit.</summary>
    ProgressiveNeuroDeficit = 1,
    /// <summary>Upper-motor-neuron signs or suspected cord compression.</summary>
    UpperMotorNeuronSigns = 2,
    /// <summary>Nerve-root pathology at several levels.</summary>
    MultiLevelNerveRootPathology = 3,
    /// <summary>Cauda equina signs (saddle anaesthesia, bladder or bowel change).</summary>
    CaudaEquina = 4,
    /// <summary>Suspected cervical artery dissection or vertebrobasilar symptoms.</summary>
    CervicalArteryDissectionSuspected = 5,
    /// <summary>Unremitting night pain or severe non-mechanical pain.</summary>
    UnremittingNightPain = 6,
    /// <summary>Relevant recent trauma (possible fracture or instability).</summary>
    RecentTrauma = 7,
    /// <summary>Suspected fracture.</summary>
    SuspectedFracture = 8,
    /// <summary>Suspected malignancy.</summary>
    SuspectedMalignancy = 9,
    /// <summary>Suspected infection.</summary>
    SuspectedInfection = 10,
    /// <summary>The patient declines consent.</summary>
    ConsentRefused = 11,
}

/// <summary>A precaution: treatment may go ahead but is modified (e.g. low-force techniques only).</summary>
public enum Precaution
{
    /// <summary>Osteoporosis or osteopenia.</summary>
    Osteoporosis = 1,
    /// <summary>Long-term corticosteroid use.</summary>
    LongTermCorticosteroids = 2,
    /// <summary>Inflammatory arthritis.</summary>
    InflammatoryArthritis = 3,
    /// <summary>Hypermobility syndromes.</summary>
    Hypermobility = 4,
    /// <summary>Local infection.</summary>
    LocalInfection = 5,
    /// <summary>History of cancer.</summary>
    CancerHistory = 6,
    /// <summary>Age over 55.</summary>
    AgeOver55 = 7,
    /// <summary>High fear-avoidance.</summary>
    HighFearAvoidance = 8,
    /// <summary>Anticoagulant therapy.</summary>
    Anticoagulation = 9,
    /// <summary>Pregnancy.</summary>
    Pregnancy = 10,
}

/// <summary>An SOT Category III refer-out trigger: a sign during care that prompts referral.</summary>
public enum ReferralTrigger
{
    /// <summary>Radicular symptoms spreading distally (peripheralisation) with treatment.</summary>
    Peripheralisation = 1,
    /// <summary>Decreasing reflexes, dermatomal sensation or muscle strength.</summary>
    NeuroDecline = 2,
    /// <summary>Pain decreasing while numbness or atrophy increases.</summary>
    NumbnessUpPainDown = 3,
    /// <summary>A visceral or organic symptom pattern.</summary>
    VisceralPattern = 4,
    /// <summary>The patient's response and the SOT indicators do not match.</summary>
    IndicatorResponseMismatch = 5,
    /// <summary>SOTO manoeuvre pain increasing on repeats.</summary>
    SotoWorsening = 6,
}

/// <summary>The kind of a safety catalogue entry, which says what the clinician is prompted to do.</summary>
public enum SafetyItemKind
{
    /// <summary>Stop and refer (absolute).</summary>
    RedFlag = 1,
    /// <summary>Modify treatment.</summary>
    Precaution = 2,
    /// <summary>Refer out (SOT Category III trigger).</summary>
    ReferralTrigger = 3,
}

/// <summary>What a red-flag screen prompts, most serious first. A prompt for the clinician, never an automatic decision.</summary>
public enum SafetyDisposition
{
    /// <summary>Nothing found.</summary>
    Clear = 0,
    /// <summary>Precautions only: treatment may be modified.</summary>
    ModifyTreatment = 1,
    /// <summary>A referral trigger and no red flag: prompt referral.</summary>
    ReferOut = 2,
    /// <summary>An absolute red flag: stop and refer.</summary>
    StopAndRefer = 3,
}
