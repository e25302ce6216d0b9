using Sot.Workbench.Safety;
using Sot.Workbench.Workflow;
using static Sot.Workbench.Core.Tests.Workflow.VisitKit;

namespace Sot.Workbench.Core.Tests.Workflow;

public class VisitTransitionTests
{
    private static void Goes(VisitState from, VisitCommand command, VisitState to)
    {
        var wf = At(from);
        var e = wf.Execute(command);
        Assert.Equal(from, e.From);
        Assert.Equal(to, e.To);
        Assert.Equal(to, wf.Visit.State);
        Assert.Equal(command, e.Command);
    }

    [Fact] public void Check_in_moves_scheduled_to_checked_in() => Goes(VisitState.Scheduled, new CheckIn(Desk), VisitState.CheckedIn);
    [Fact] public void Cancel_moves_scheduled_to_cancelled() => Goes(VisitState.Scheduled, new CancelVisit(Desk, "Patient rang"), VisitState.Cancelled);
    [Fact] public void No_show_moves_scheduled_to_no_show() => Goes(VisitState.Scheduled, new MarkNoShow(Desk), VisitState.NoShow);
    [Fact] public void Start_moves_checked_in_to_intake() => Goes(VisitState.CheckedIn, new StartVisit(Doc), VisitState.Intake);
    [Fact] public void Cancel_moves_checked_in_to_cancelled() => Goes(VisitState.CheckedIn, new CancelVisit(Desk, "Left"), VisitState.Cancelled);
    [Fact] public void Consent_at_check_in_stays_checked_in() => Goes(VisitState.CheckedIn, new RecordConsent(Desk, [ConsentScope.General]), VisitState.CheckedIn);
    [Fact] public void Intake_is_recorded_in_intake() => Goes(VisitState.Intake, new RecordIntake(Doc, "Neck pain", 4), VisitState.Intake);
    [Fact] public void Consent_is_recorded_in_intake() => Goes(VisitState.Intake, new RecordConsent(Doc, [ConsentScope.Cranial]), VisitState.Intake);
    [Fact] public void Red_flag_screen_is_recorded_in_intake() => Goes(VisitState.Intake, new RecordRedFlagScreen(Doc, RedFlagScreen.Clear), VisitState.Intake);
    [Fact] public void Begin_examination_moves_intake_to_examination() => Goes(VisitState.Intake, new BeginExamination(Doc), VisitState.Examination);
    [Fact] public void Finding_is_recorded_in_examination() => Goes(VisitState.Examination, new RecordFinding(Doc, ExamFinding), VisitState.Examination);
    [Fact] public void Consent_is_recorded_in_examination() => Goes(VisitState.Examination, new RecordConsent(Doc, [ConsentScope.Cmrt]), VisitState.Examination);
    [Fact] public void Red_flag_screen_is_recorded_in_examination() => Goes(VisitState.Examination, new RecordRedFlagScreen(Doc, RedFlagScreen.Clear), VisitState.Examination);
    [Fact] public void Begin_treatment_moves_examination_to_treatment() => Goes(VisitState.Examination, new BeginTreatment(Doc), VisitState.Treatment);
    [Fact] public void Procedure_is_recorded_in_treatment() => Goes(VisitState.Treatment, new RecordProcedure(Doc, Blocking), VisitState.Treatment);
    [Fact] public void Finding_during_blocking_is_recorded_in_treatment() => Goes(VisitState.Treatment, new RecordFinding(Doc, BlockingFinding), VisitState.Treatment);
    [Fact] public void Consent_is_recorded_in_treatment() => Goes(VisitState.Treatment, new RecordConsent(Doc, [ConsentScope.IntraOral]), VisitState.Treatment);
    [Fact] public void Reassess_moves_treatment_to_reassessment() => Goes(VisitState.Treatment, new Reassess(Doc, [Retest]), VisitState.Reassessment);
    [Fact] public void Reassess_again_stays_in_reassessment() => Goes(VisitState.Reassessment, new Reassess(Doc, [Retest]), VisitState.Reassessment);
    [Fact] public void Finding_is_recorded_in_reassessment() => Goes(VisitState.Reassessment, new RecordFinding(Doc, Retest), VisitState.Reassessment);
    [Fact] public void End_visit_moves_reassessment_to_pending_signature() => Goes(VisitState.Reassessment, new EndVisit(Doc), VisitState.PendingSignature);
    [Fact] public void End_visit_from_examination_without_treatment_moves_to_pending_signature() => Goes(VisitState.Examination, new EndVisit(Doc, "Declined treatment"), VisitState.PendingSignature);
    [Fact] public void Sign_moves_pending_signature_to_signed() => Goes(VisitState.PendingSignature, new SignNote(Doc), VisitState.Signed);
    [Fact] public void Entered_in_error_before_signing_moves_to_entered_in_error() => Goes(VisitState.PendingSignature, new MarkEnteredInError(Doc, "Wrong patient"), VisitState.EnteredInError);
    [Fact] public void Addendum_moves_signed_to_amended() => Goes(VisitState.Signed, new AddAddendum(Doc, "Late entry"), VisitState.Amended);
    [Fact] public void Entered_in_error_after_signing_moves_to_entered_in_error() => Goes(VisitState.Signed, new MarkEnteredInError(Supervisor, "Duplicate"), VisitState.EnteredInError);

    [Theory]
    [InlineData(VisitState.Intake)]
    [InlineData(VisitState.Examination)]
    [InlineData(VisitState.Treatment)]
    [InlineData(VisitState.Reassessment)]
    public void Pause_then_resume_returns_to_the_step_paused_from(VisitState step)
    {
        var wf = At(step);
        Assert.Equal(VisitState.OnHold, wf.Execute(new PauseVisit(Doc)).To);
        Assert.Equal(step, wf.Visit.PausedFrom);
        Assert.Equal(step, wf.Execute(new ResumeVisit(Doc)).To);
        Assert.Null(wf.Visit.PausedFrom);
    }

    [Theory]
    [InlineData(VisitState.Intake)]
    [InlineData(VisitState.Treatment)]
    public void Discontinue_moves_in_progress_or_on_hold_to_discontinued(VisitState step)
    {
        var wf = At(step);
        Assert.Equal(VisitState.Discontinued, wf.Execute(new DiscontinueVisit(Doc, "Consent withdrawn")).To);
        var held = At(step);
        held.Execute(new PauseVisit(Doc));
        Assert.Equal(VisitState.Discontinued, held.Execute(new DiscontinueVisit(Doc, "Did not return")).To);
    }

    [Fact]
    public void Addenda_after_signing_are_appended_dated_and_attributed_and_the_note_is_unchanged()
    {
        var wf = At(VisitState.Signed);
        var note = Note(wf.Visit);
        wf.Execute(new AddAddendum(Doc, "First"));
        var second = wf.Execute(new AddAddendum(OtherDoc, "Second"));
        Assert.Equal(VisitState.Amended, second.From);
        Assert.Equal(VisitState.Amended, wf.Visit.State);
        Assert.Equal(["First", "Second"], wf.Visit.Addenda.Select(a => a.Text));
        Assert.Equal(OtherDoc.Id, wf.Visit.Addenda[1].Author);
        Assert.Equal(note, Note(wf.Visit));
        Assert.Equal(VisitState.EnteredInError, wf.Execute(new MarkEnteredInError(Supervisor, "Duplicate")).To);
    }

    [Theory]
    [InlineData(VisitTrigger.RecordFinding)]
    [InlineData(VisitTrigger.RecordProcedure)]
    [InlineData(VisitTrigger.RecordIntake)]
    [InlineData(VisitTrigger.DetermineCategory)]
    [InlineData(VisitTrigger.Sign)]
    [InlineData(VisitTrigger.Pause)]
    public void Edits_after_lock_are_rejected(VisitTrigger trigger)
    {
        var wf = At(VisitState.Signed);
        VisitCommand command = trigger switch
        {
            VisitTrigger.RecordFinding => new RecordFinding(Doc, ExamFinding),
            VisitTrigger.RecordProcedure => new RecordProcedure(Doc, Blocking),
            VisitTrigger.RecordIntake => new RecordIntake(Doc, "Changed"),
            VisitTrigger.DetermineCategory => new DetermineCategory(Doc, OwnChoice),
            VisitTrigger.Sign => new SignNote(Doc),
            _ => new PauseVisit(Doc),
        };
        var ex = Rejected(wf, command);
        Assert.True(ex.NotPermittedInState);
        Assert.Equal(VisitState.Signed, ex.State);
        Assert.Equal(trigger, ex.Command);
    }

    [Fact]
    public void Events_carry_actor_and_time_from_the_time_provider_and_rebuild_the_same_visit()
    {
        var wf = New(out var time);
        var events = new List<VisitEvent>();
        foreach (var c in HappyPath())
        {
            time.Advance(TimeSpan.FromMinutes(1));
            events.Add(wf.Execute(c));
        }

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 1, 0, TimeSpan.Zero), events[0].At);
        Assert.Equal(Desk, events[0].Actor);
        Assert.Equal(Doc, events[^1].Actor);
        Assert.Equal(time.GetUtcNow(), wf.Visit.SignedAt);
        var rebuilt = Visit.FromEvents(wf.Visit.Events);
        Assert.Equal(Snapshot(wf.Visit), Snapshot(rebuilt));
        Assert.Equal(Enumerable.Range(1, HappyPath().Count + 1), rebuilt.Events.Select(e => e.Version));

        // A workflow over the rebuilt visit continues where the stored one stopped.
        var again = new VisitWorkflow(rebuilt, time);
        Assert.Equal(VisitState.Amended, again.Execute(new AddAddendum(Doc, "x")).To);
    }

    [Fact]
    public void Events_out_of_order_do_not_rebuild_a_visit()
    {
        var events = At(VisitState.Intake).Visit.Events;
        Assert.Throws<ArgumentException>(() => Visit.FromEvents([events[0], events[2]]));
        Assert.Throws<ArgumentException>(() => Visit.FromEvents([events[1]]));
    }

    [Theory]
    [InlineData(VisitState.Scheduled, "planned", null)]
    [InlineData(VisitState.CheckedIn, "arrived", null)]
    [InlineData(VisitState.InProgress, "in-progress", "preliminary")]
    [InlineData(VisitState.Intake, "in-progress", "preliminary")]
    [InlineData(VisitState.Examination, "in-progress", "preliminary")]
    [InlineData(VisitState.Treatment, "in-progress", "preliminary")]
    [InlineData(VisitState.Reassessment, "in-progress", "preliminary")]
    [InlineData(VisitState.OnHold, "onleave", "preliminary")]
    [InlineData(VisitState.PendingSignature, "finished", "preliminary")]
    [InlineData(VisitState.Locked, "finished", "final")]
    [InlineData(VisitState.Signed, "finished", "final")]
    [InlineData(VisitState.Amended, "finished", "amended")]
    [InlineData(VisitState.Cancelled, "cancelled", null)]
    [InlineData(VisitState.NoShow, "cancelled", null)]
    [InlineData(VisitState.Discontinued, "finished", "preliminary")]
    [InlineData(VisitState.EnteredInError, "entered-in-error", "entered-in-error")]
    public void Each_state_maps_to_its_fhir_r4_encounter_and_composition_status(VisitState state, string encounter, string? composition)
    {
        Assert.Equal(new FhirVisitStatus(encounter, composition), state.ToFhir());
    }

    [Fact]
    public void Every_state_has_a_fhir_mapping()
    {
        foreach (var s in Enum.GetValues<VisitState>())
        {
            Assert.NotNull(s.ToFhir().Encounter);
        }
    }
}
