namespace Sot.Workbench.Workflow;

/// <summary>
/// A state of the visit workflow. <see cref="InProgress"/> and <see cref="Locked"/> are superstates: a visit is
/// always in one of their substates, never in the superstate itself.
/// </summary>
public enum VisitState
{
    /// <summary>Booked; the patient is not here yet.</summary>
    Scheduled = 0,
    /// <summary>The patient is present, not yet with the practitioner.</summary>
    CheckedIn = 1,
    /// <summary>Superstate: practitioner and patient are meeting.</summary>
    InProgress = 2,
    /// <summary>In progress: chief complaint, history, outcome questionnaires, consent, red-flag screen.</summary>
    Intake = 3,
    /// <summary>In progress: SOT indicators and category determination.</summary>
    Examination = 4,
    /// <summary>In progress: procedures (blocking and those contributed by plugins).</summary>
    Treatment = 5,
    /// <summary>In progress: verification indicators re-tested after treatment.</summary>
    Reassessment = 6,
    /// <summary>Paused (the patient stepped out, imaging…); resumes to the step it was paused from.</summary>
    OnHold = 7,
    /// <summary>The patient has gone; the note is being completed.</summary>
    PendingSignature = 8,
    /// <summary>Superstate: the note is signed and its content is final.</summary>
    Locked = 9,
    /// <summary>Locked: signed, no addenda.</summary>
#pragma warning disable CA1720 // "Signed" is the clinical state's name, not a type
    Signed = 10,
#pragma warning restore CA1720
    /// <summary>Locked: signed, with at least one addendum.</summary>
    Amended = 11,
    /// <summary>Cancelled before it began.</summary>
    Cancelled = 12,
    /// <summary>The patient did not attend.</summary>
    NoShow = 13,
    /// <summary>Started but not completed (consent withdrawn, red flag and referral…).</summary>
    Discontinued = 14,
    /// <summary>Recorded in error (wrong patient, duplicate); kept and flagged, never deleted.</summary>
    EnteredInError = 15,
}

/// <summary>A command of the visit workflow (a Stateless trigger). Each has a command record carrying its data.</summary>
public enum VisitTrigger
{
    /// <summary>Creates the visit (not a machine trigger: it starts the event stream).</summary>
    Schedule = 0,
    /// <summary>The patient arrives.</summary>
    CheckIn = 1,
    /// <summary>The visit is cancelled, with a reason.</summary>
    Cancel = 2,
    /// <summary>The patient did not attend.</summary>
    MarkNoShow = 3,
    /// <summary>A practitioner starts the visit and becomes its responsible practitioner.</summary>
    StartVisit = 4,
    /// <summary>Chief complaint, pain score and questionnaire scores.</summary>
    RecordIntake = 5,
    /// <summary>The consent scopes the patient agreed to.</summary>
    RecordConsent = 6,
    /// <summary>The red-flag screen.</summary>
    RecordRedFlagScreen = 7,
    /// <summary>Moves from intake to examination.</summary>
    BeginExamination = 8,
    /// <summary>A finding validated through the indicator catalogue.</summary>
    RecordFinding = 9,
    /// <summary>The SOT category (primary and secondaries), from the analysis or the practitioner's own choice.</summary>
    DetermineCategory = 10,
    /// <summary>Moves from examination to treatment.</summary>
    BeginTreatment = 11,
    /// <summary>A procedure (blocking, or a kind contributed by a plugin).</summary>
    RecordProcedure = 12,
    /// <summary>Verification indicators re-tested after treatment.</summary>
    Reassess = 13,
    /// <summary>Pauses the visit.</summary>
    Pause = 14,
    /// <summary>Resumes the visit at the step it was paused from.</summary>
    Resume = 15,
    /// <summary>Stops the visit before completion, with a reason (and whether the patient was referred).</summary>
    Discontinue = 16,
    /// <summary>The patient leaves; the note awaits signature.</summary>
    EndVisit = 17,
    /// <summary>The responsible practitioner signs the complete note.</summary>
    Sign = 18,
    /// <summary>An addendum to a signed note.</summary>
    AddAddendum = 19,
    /// <summary>Flags the visit as recorded in error, with a reason.</summary>
    MarkEnteredInError = 20,
}
