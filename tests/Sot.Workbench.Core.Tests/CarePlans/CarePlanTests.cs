using Microsoft.Extensions.Time.Testing;
using Sot.Workbench.CarePlans;
using Sot.Workbench.Domain;
using Sot.Workbench.Workflow;
using static Sot.Workbench.Core.Tests.Workflow.VisitKit;
using Sot.Workbench.Questionnaires;

namespace Sot.Workbench.Core.Tests.CarePlans;

public class CarePlanTests
{
    private static CarePlan Plan(out FakeTimeProvider time, int every = 12)
    {
        time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        return CarePlan.Create(CarePlanId.New(),
            new CarePlanDefinition(PatientId.New(), [new CarePlanPhase(3, 4), new CarePlanPhase(2, 4), new CarePlanPhase(1, 4)], new ReExamSchedule(every, "ODI")),
            Doc, time);
    }

    private static CarePlan Plan() => Plan(out _);

    [Fact]
    public void Plan_goes_planned_active_on_hold_active_finished()
    {
        var plan = Plan();
        Assert.Equal(CarePlanState.Planned, plan.State);
        Assert.Equal(24, plan.PlannedVisits);
        Assert.Equal(CarePlanState.Active, plan.Accept(Desk).To);
        Assert.Equal(CarePlanState.OnHold, plan.Hold(Doc, "Travelling").To);
        Assert.Equal(CarePlanState.Active, plan.Resume(Doc).To);
        Assert.Equal(CarePlanState.Finished, plan.Complete(Doc, "Goals met early").To);
    }

    [Fact]
    public void Plan_can_be_cancelled_with_a_reason_from_planned_active_or_on_hold()
    {
        Assert.Equal(CarePlanState.Cancelled, Plan().Cancel(Doc, "Declined").To);
        var active = Plan();
        active.Accept(Desk);
        Assert.Equal(CarePlanState.Cancelled, active.Cancel(Doc, "Moved").To);
        var held = Plan();
        held.Accept(Desk);
        held.Hold(Doc, "Illness");
        Assert.Equal(CarePlanState.Cancelled, held.Cancel(Doc, "Moved").To);
        var ex = Assert.Throws<CarePlanCommandRejectedException>(() => Plan().Cancel(Doc, ""));
        Assert.Equal([CarePlanGuards.ReasonGiven], ex.UnmetGuards);
    }

    [Fact]
    public void Visits_are_counted_and_phases_follow_the_count()
    {
        var plan = Plan();
        plan.Accept(Desk);
        for (var i = 0; i < 13; i++)
        {
            plan.RecordVisit(Doc, VisitId.New());
        }

        Assert.Equal(13, plan.VisitCount);
        Assert.Equal(14, plan.NextVisitNumber);
        Assert.Equal(0, plan.PhaseOf(12));
        Assert.Equal(1, plan.PhaseOf(13));
        Assert.Equal(2, plan.PhaseOf(24));
        Assert.Equal(CarePlanState.Active, plan.State);
    }

    [Fact]
    public void Completion_before_all_visits_needs_an_early_discharge_reason()
    {
        var plan = Plan();
        plan.Accept(Desk);
        var ex = Assert.Throws<CarePlanCommandRejectedException>(() => plan.Complete(Doc));
        Assert.Equal([CarePlanGuards.AllVisitsDoneOrEarlyReason], ex.UnmetGuards);
        Assert.Equal(CarePlanState.Active, plan.State);
        for (var i = 0; i < 24; i++)
        {
            plan.RecordVisit(Doc, VisitId.New());
        }

        var over = Assert.Throws<CarePlanCommandRejectedException>(() => plan.RecordVisit(Doc, VisitId.New()));
        Assert.Equal([CarePlanGuards.VisitsRemain], over.UnmetGuards);
        Assert.Equal(CarePlanState.Finished, plan.Complete(Doc).To);
    }

    [Fact]
    public void Visits_are_not_counted_unless_the_plan_is_active()
    {
        var ex = Assert.Throws<CarePlanCommandRejectedException>(() => Plan().RecordVisit(Doc, VisitId.New()));
        Assert.Empty(ex.UnmetGuards);
        Assert.Equal(CarePlanState.Planned, ex.State);
    }

    [Theory]
    [InlineData(11, false)]
    [InlineData(12, true)]
    [InlineData(13, false)]
    [InlineData(24, true)]
    public void Re_exam_is_due_on_every_twelfth_visit(int visitNumber, bool due)
    {
        var plan = Plan();
        Assert.Equal(due, plan.IsReExamDue(visitNumber));
        Assert.Equal(due, plan.ReExamFor(visitNumber) is not null);
    }

    [Fact]
    public void Signing_a_re_exam_visit_requires_the_scheduled_outcome_questionnaire_scored()
    {
        var plan = Plan();
        plan.Accept(Desk);
        for (var i = 0; i < 11; i++)
        {
            plan.RecordVisit(Doc, VisitId.New());
        }

        var due = plan.ReExamFor(plan.NextVisitNumber);
        Assert.NotNull(due);
        Assert.Equal("ODI", due.Questionnaire);

        // Intake without the ODI score: signing is rejected.
        var wf = New(reExam: due);
        foreach (var c in HappyPath())
        {
            var command = c is RecordIntake i ? i with { Questionnaires = [QuestionnaireScore.From(NeckDisabilityIndex.Score([1, 1, 1, 1, 1, 1, 1, 1, 1, 1], MissingItemPolicy.ReduceDenominator))] } : c;
            if (command is SignNote)
            {
                var ex = Assert.Throws<VisitCommandRejectedException>(() => wf.Execute(command));
                Assert.Equal([VisitGuards.OutcomeScoredWhenReExamDue], ex.UnmetGuards);
                break;
            }

            wf.Execute(command);
        }

        // The happy path scores the ODI: signing is accepted, and the plan counts the visit.
        var scored = At(VisitState.Signed, reExam: due);
        plan.RecordVisit(Doc, scored.Visit.Id);
        Assert.Equal(12, plan.VisitCount);
    }

    [Fact]
    public void Plan_is_rebuilt_from_its_events_with_times_from_the_time_provider()
    {
        var plan = Plan(out var time);
        time.Advance(TimeSpan.FromDays(1));
        var accepted = plan.Accept(Desk);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero), accepted.At);
        plan.RecordVisit(Doc, VisitId.New());
        var rebuilt = CarePlan.FromEvents(plan.Events, time);
        Assert.Equal(plan.State, rebuilt.State);
        Assert.Equal(1, rebuilt.VisitCount);
        Assert.Equal(CarePlanState.OnHold, rebuilt.Hold(Doc, "x").To);
    }

    [Theory]
    [InlineData(CarePlanState.Planned, "planned", "draft")]
    [InlineData(CarePlanState.Active, "active", "active")]
    [InlineData(CarePlanState.OnHold, "onhold", "on-hold")]
    [InlineData(CarePlanState.Finished, "finished", "completed")]
    [InlineData(CarePlanState.Cancelled, "cancelled", "revoked")]
    public void Care_plan_states_map_to_fhir_r4_statuses(CarePlanState state, string episode, string carePlan)
    {
        Assert.Equal(new FhirCarePlanStatus(episode, carePlan), state.ToFhir());
    }

    [Fact]
    public void Phases_reject_impossible_frequencies()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CarePlanPhase(0, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CarePlanPhase(3, 0));
        Assert.Throws<ArgumentException>(() => CarePlan.Create(CarePlanId.New(), new CarePlanDefinition(PatientId.New(), [], null), Doc, TimeProvider.System));
    }
}
