using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Procedures;
using Sot.Workbench.Questionnaires;
using Sot.Workbench.Safety;

namespace Sot.Workbench.Workflow;

/// <summary>
/// A command to the visit workflow: who issues it (<see cref="Actor"/>) and its data. Accepted commands are
/// kept as the "what" of their <see cref="VisitEvent"/>. Free text in commands (reasons, complaints, addenda)
/// is record content: it never appears in exception messages, guard descriptions or logs.
/// </summary>
/// <param name="Actor">Who issues the command.</param>
public abstract record VisitCommand(Actor Actor)
{
    /// <summary>The workflow trigger this command fires.</summary>
    public abstract VisitTrigger Trigger { get; }
}

/// <summary>Creates a visit. Starts the event stream; not a machine trigger.</summary>
/// <param name="Actor">Who books the visit.</param>
/// <param name="Patient">The patient (opaque id).</param>
/// <param name="Paediatric">Whether the patient is a child: every procedure then also needs the paediatric consent scope.</param>
public sealed record ScheduleVisit(Actor Actor, PatientId Patient, bool Paediatric = false) : VisitCommand(Actor)
{
    /// <summary>A care-plan re-exam due on this visit, if any (see <see cref="CarePlans.CarePlan.ReExamFor"/>).</summary>
    public ReExamRequirement? ReExam { get; init; }

    /// <inheritdoc />
    public override VisitTrigger Trigger => VisitTrigger.Schedule;
}

/// <summary>The patient arrives.</summary>
public sealed record CheckIn(Actor Actor) : VisitCommand(Actor)
{
    /// <inheritdoc />
    public override VisitTrigger Trigger => VisitTrigger.CheckIn;
}

/// <summary>Cancels the visit before it starts.</summary>
/// <param name="Actor">Who cancels.</param>
/// <param name="Reason">Why (record content).</param>
public sealed record CancelVisit(Actor Actor, string Reason) : VisitCommand(Actor)
{
    /// <inheritdoc />
    public override VisitTrigger Trigger => VisitTrigger.Cancel;
}

/// <summary>The patient did not attend.</summary>
public sealed record MarkNoShow(Actor Actor) : VisitCommand(Actor)
{
    /// <inheritdoc />
    public override VisitTrigger Trigger => VisitTrigger.MarkNoShow;
}

/// <summary>Starts the visit; the actor (a practitioner) becomes the responsible practitioner.</summary>
public sealed record StartVisit(Actor Actor) : VisitCommand(Actor)
{
    /// <inheritdoc />
    public override VisitTrigger Trigger => VisitTrigger.StartVisit;
}

/// <summary>
/// A scored outcome questionnaire or pain scale as recorded with the intake: the instrument, its score and its
/// interpretation band, taken from the Questionnaires module's results. Build it with one of the
/// <c>From</c> methods (e.g. <c>QuestionnaireScore.From(OswestryDisabilityIndex.Score(answers))</c>); the
/// constructor is for rebuilding a stored record, and the workflow checks such a score before accepting it.
/// </summary>
/// <param name="Instrument">The questionnaire or scale.</param>
/// <param name="Score">
/// The score on the scale the instrument's bands are defined on (see <see cref="QuestionnaireResult.Score"/>):
/// ODI percentage 0–100, NDI points out of 50, NRS 0–10, VAS millimetres 0–100.
/// </param>
/// <param name="Band">
/// The interpretation band's name (<see cref="OdiBand"/> or <see cref="NdiBand"/>, e.g. "Moderate"); null for
/// pain scales, which have no bands.
/// </param>
public sealed record QuestionnaireScore(OutcomeInstrument Instrument, decimal Score, string? Band)
{
    /// <summary>The score and band of a scored ODI or NDI.</summary>
    /// <exception cref="ArgumentException">The result is of an instrument without bands.</exception>
    public static QuestionnaireScore From(QuestionnaireResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result switch
        {
            OdiResult odi => new(OutcomeInstrument.Oswestry, odi.Score, odi.Band.ToString()),
            NdiResult ndi => new(OutcomeInstrument.NeckDisabilityIndex, ndi.Score, ndi.Band.ToString()),
            _ => throw new ArgumentException($"A {result.Instrument} result cannot be recorded with the intake yet.", nameof(result)),
        };
    }

    /// <summary>A numeric pain rating (0–10).</summary>
    public static QuestionnaireScore From(NrsScore rating) => new(OutcomeInstrument.NumericRatingScale, rating.Value, null);

    /// <summary>A visual analogue pain rating (millimetres, 0–100).</summary>
    public static QuestionnaireScore From(VasScore rating) => new(OutcomeInstrument.VisualAnalogueScale, rating.Millimetres, null);

    /// <summary>
    /// Why this score cannot be recorded (an undefined instrument, a score outside the instrument's range, a band
    /// that does not match the score), or null when it is consistent. The reason names the instrument and the
    /// rule, never the score.
    /// </summary>
    public string? Problem()
    {
        (decimal Max, string? Band)? expected = Instrument switch
        {
            OutcomeInstrument.Oswestry when Score is >= 0 and <= 100 => (100m, OswestryDisabilityIndex.BandFor(Score).ToString()),
            OutcomeInstrument.NeckDisabilityIndex when Score is >= 0 and <= 50 => (50m, NeckDisabilityIndex.BandFor(Score).ToString()),
            OutcomeInstrument.NumericRatingScale when Score is >= 0 and <= 10 && decimal.IsInteger(Score) => (10m, null),
            OutcomeInstrument.VisualAnalogueScale when Score is >= 0 and <= 100 => (100m, null),
            _ => null,
        };
        if (!Enum.IsDefined(Instrument))
        {
            return $"questionnaire instrument {(int)Instrument} is not defined";
        }

        if (expected is null)
        {
            return $"the {Instrument} score is outside the instrument's range";
        }

        return string.Equals(Band, expected.Value.Band, StringComparison.Ordinal)
            ? null
            : expected.Value.Band is null
                ? $"the {Instrument} score has no band"
                : $"the {Instrument} band does not match the score (score it through the Questionnaires module)";
    }
}

/// <summary>Records the intake: chief complaint, pain score, questionnaire scores.</summary>
/// <param name="Actor">The practitioner.</param>
/// <param name="ChiefComplaint">The chief complaint (record content).</param>
/// <param name="PainScore">Pain on a 0–10 numeric rating scale, if taken.</param>
public sealed record RecordIntake(Actor Actor, string ChiefComplaint, int? PainScore = null) : VisitCommand(Actor)
{
    /// <summary>Scored questionnaires and pain scales (ODI, NDI, NRS, VAS), from the Questionnaires module's results.</summary>
    public IReadOnlyList<QuestionnaireScore> Questionnaires { get; init; } = [];

    /// <inheritdoc />
    public override VisitTrigger Trigger => VisitTrigger.RecordIntake;
}

/// <summary>Records the consent on file: the scopes the patient agreed to (general, blocking, cranial…).</summary>
/// <param name="Actor">Who records the signed consent.</param>
/// <param name="Scopes">The scopes agreed to.</param>
public sealed record RecordConsent(Actor Actor, IReadOnlyList<ConsentScope> Scopes) : VisitCommand(Actor)
{
    /// <inheritdoc />
    public override VisitTrigger Trigger => VisitTrigger.RecordConsent;
}

/// <summary>Records the red-flag screen.</summary>
/// <param name="Actor">The practitioner.</param>
/// <param name="Screen">The screen's outcome.</param>
public sealed record RecordRedFlagScreen(Actor Actor, RedFlagScreen Screen) : VisitCommand(Actor)
{
    /// <inheritdoc />
    public override VisitTrigger Trigger => VisitTrigger.RecordRedFlagScreen;
}

/// <summary>Moves from intake to examination.</summary>
public sealed record BeginExamination(Actor Actor) : VisitCommand(Actor)
{
    /// <inheritdoc />
    public override VisitTrigger Trigger => VisitTrigger.BeginExamination;
}

/// <summary>Records a finding. It is validated through the indicator catalogue before the workflow sees it.</summary>
/// <param name="Actor">The practitioner.</param>
/// <param name="Finding">The finding; its phase must match the step (examination: initial analysis, treatment: during blocking, reassessment: reassessment).</param>
public sealed record RecordFinding(Actor Actor, Finding Finding) : VisitCommand(Actor)
{
    /// <inheritdoc />
    public override VisitTrigger Trigger => VisitTrigger.RecordFinding;
}

/// <summary>Records the category determination (the assessment of the note).</summary>
/// <param name="Actor">The practitioner.</param>
/// <param name="Determination">The categories and where they come from.</param>
public sealed record DetermineCategory(Actor Actor, CategoryDetermination Determination) : VisitCommand(Actor)
{
    /// <inheritdoc />
    public override VisitTrigger Trigger => VisitTrigger.DetermineCategory;
}

/// <summary>Moves from examination to treatment.</summary>
public sealed record BeginTreatment(Actor Actor) : VisitCommand(Actor)
{
    /// <inheritdoc />
    public override VisitTrigger Trigger => VisitTrigger.BeginTreatment;
}

/// <summary>Records a procedure. It is validated through the procedure registry before the workflow sees it.</summary>
/// <param name="Actor">The practitioner.</param>
/// <param name="Procedure">The self-describing procedure record.</param>
public sealed record RecordProcedure(Actor Actor, RecordedProcedure Procedure) : VisitCommand(Actor)
{
    /// <inheritdoc />
    public override VisitTrigger Trigger => VisitTrigger.RecordProcedure;
}

/// <summary>Reassesses: the verification indicators re-tested after treatment.</summary>
/// <param name="Actor">The practitioner.</param>
/// <param name="Retests">Re-test findings (phase <see cref="FindingPhase.Reassessment"/>, verification indicators).</param>
public sealed record Reassess(Actor Actor, IReadOnlyList<Finding> Retests) : VisitCommand(Actor)
{
    /// <inheritdoc />
    public override VisitTrigger Trigger => VisitTrigger.Reassess;
}

/// <summary>Pauses the visit.</summary>
public sealed record PauseVisit(Actor Actor) : VisitCommand(Actor)
{
    /// <inheritdoc />
    public override VisitTrigger Trigger => VisitTrigger.Pause;
}

/// <summary>Resumes the visit at the step it was paused from.</summary>
public sealed record ResumeVisit(Actor Actor) : VisitCommand(Actor)
{
    /// <inheritdoc />
    public override VisitTrigger Trigger => VisitTrigger.Resume;
}

/// <summary>Stops the visit before completion.</summary>
/// <param name="Actor">The practitioner.</param>
/// <param name="Reason">Why (record content).</param>
/// <param name="Referred">Whether the patient was referred (e.g. after an absolute red flag).</param>
public sealed record DiscontinueVisit(Actor Actor, string Reason, bool Referred = false) : VisitCommand(Actor)
{
    /// <inheritdoc />
    public override VisitTrigger Trigger => VisitTrigger.Discontinue;
}

/// <summary>Ends the visit; the note then awaits signature.</summary>
/// <param name="Actor">The practitioner.</param>
/// <param name="NoTreatmentReason">Why no procedure was done, when none was (record content).</param>
public sealed record EndVisit(Actor Actor, string? NoTreatmentReason = null) : VisitCommand(Actor)
{
    /// <inheritdoc />
    public override VisitTrigger Trigger => VisitTrigger.EndVisit;
}

/// <summary>Signs the note; the actor is the signer.</summary>
public sealed record SignNote(Actor Actor) : VisitCommand(Actor)
{
    /// <inheritdoc />
    public override VisitTrigger Trigger => VisitTrigger.Sign;
}

/// <summary>Adds an addendum to a signed note; the actor is the author.</summary>
/// <param name="Actor">The author.</param>
/// <param name="Text">The addendum (record content).</param>
public sealed record AddAddendum(Actor Actor, string Text) : VisitCommand(Actor)
{
    /// <inheritdoc />
    public override VisitTrigger Trigger => VisitTrigger.AddAddendum;
}

/// <summary>Marks the visit entered-in-error. Nothing is deleted.</summary>
/// <param name="Actor">Who marks it.</param>
/// <param name="Reason">Why (record content).</param>
public sealed record MarkEnteredInError(Actor Actor, string Reason) : VisitCommand(Actor)
{
    /// <inheritdoc />
    public override VisitTrigger Trigger => VisitTrigger.MarkEnteredInError;
}
