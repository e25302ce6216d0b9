using Microsoft.Extensions.Time.Testing;
using Sot.Workbench.CarePlans;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Patients;
using Sot.Workbench.Procedures;
using Sot.Workbench.Protocols;
using Sot.Workbench.Safety;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Storage.Tests;

/// <summary>Domain events of every stored type, made through the real aggregates.</summary>
public static class RecordSamples
{
    public static readonly Actor Desk = new(new PractitionerId(Guid.Parse("00000000-0000-0000-0000-0000000000d1")), ActorRole.FrontDesk);
    public static readonly Actor Doc = new(new PractitionerId(Guid.Parse("00000000-0000-0000-0000-0000000000a1")), ActorRole.Practitioner);
    public static readonly Actor Supervisor = new(new PractitionerId(Guid.Parse("00000000-0000-0000-0000-0000000000b1")), ActorRole.SupervisingPractitioner);

    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero).AddTicks(1234));

    /// <summary>A full visit: happy path, an addendum, then entered-in-error (16 + 3 event types).</summary>
    public static IReadOnlyList<VisitCommand> FullVisit(bool withRedFlags = false) =>
    [
        new CheckIn(Desk),
        new RecordConsent(Desk, [ConsentScope.General, ConsentScope.Blocking]),
        new StartVisit(Doc),
        new RecordIntake(Doc, "Low back pain, worse on sitting — «ça fait mal»", 6) { Questionnaires = [new QuestionnaireScore("ODI", 32.5m), new QuestionnaireScore("NRS", 6m)] },
        new RecordRedFlagScreen(Doc, withRedFlags ? RedFlagScreen.Clear.With(Precaution.Osteoporosis) : RedFlagScreen.Clear),
        new BeginExamination(Doc),
        new RecordFinding(Doc, IndicatorCatalogue.Core.CreateFinding(IndicatorCodes.HeelTension, AnalysisPosition.Prone, Side.Left, FindingPhase.InitialAnalysis, new GradeValue("grade", Grade.Moderate))),
        new RecordFinding(Doc, IndicatorCatalogue.Core.CreateFinding(IndicatorCodes.PelvicLock, AnalysisPosition.Standing, Side.None, FindingPhase.InitialAnalysis, new BooleanValue("present", true))),
        new DetermineCategory(Doc, CategoryDetermination.PractitionersChoice(SotCategory.I, [SotCategory.II], "Pelvic findings dominate")),
        new BeginTreatment(Doc),
        new RecordProcedure(Doc, BlockingRecord.Create(
            [new BlockPlacement(Side.Right, BlockAnatomicalSite.Acetabulum, BlockOrientation.Unspecified, null), new BlockPlacement(Side.Left, BlockAnatomicalSite.IliacCrest, BlockOrientation.Oblique, 45m)],
            BreathPhase.SlowDeep, 3, [BlockingAdjunct.Pumping])),
        new RecordFinding(Doc, IndicatorCatalogue.Core.CreateFinding(IndicatorCodes.HeelTension, AnalysisPosition.Prone, Side.Left, FindingPhase.DuringBlocking, new GradeValue("grade", Grade.Mild))),
        new Reassess(Doc, [IndicatorCatalogue.Core.CreateFinding(IndicatorCodes.HeelTension, AnalysisPosition.Prone, Side.Left, FindingPhase.Reassessment, new GradeValue("grade", Grade.None))]),
        new EndVisit(Doc),
        new SignNote(Doc),
        new AddAddendum(Doc, "Patient phoned: pain eased the next day."),
        new MarkEnteredInError(Supervisor, "Recorded against the wrong patient."),
    ];

    public static VisitWorkflow Run(FakeTimeProvider time, IEnumerable<VisitCommand> commands, PatientId? patient = null, VisitId? id = null, ReExamRequirement? reExam = null)
    {
        var wf = VisitWorkflow.Schedule(id ?? VisitId.New(), new ScheduleVisit(Desk, patient ?? PatientId.New(), Paediatric: false) { ReExam = reExam }, time);
        foreach (var command in commands)
        {
            time.Advance(TimeSpan.FromSeconds(37));
            wf.Execute(command);
        }

        return wf;
    }

    /// <summary>Visits that together hold every visit event type once or more.</summary>
    public static IReadOnlyList<Visit> EveryVisitEventType(FakeTimeProvider time, PatientId patient)
    {
        var reExam = new ReExamRequirement(CarePlanId.New(), 6, "ODI");
        return
        [
            Run(time, FullVisit(withRedFlags: true), patient, reExam: null).Visit,
            Run(time, [new CancelVisit(Desk, "Patient rang to cancel")], patient).Visit,
            Run(time, [new MarkNoShow(Desk)], patient, reExam: reExam).Visit,
            Run(time, [new CheckIn(Desk), new StartVisit(Doc), new PauseVisit(Doc), new ResumeVisit(Doc), new DiscontinueVisit(Doc, "Patient felt faint", Referred: true)], patient).Visit,
            Run(time, [new CheckIn(Desk), new StartVisit(Doc), new EndVisit(Doc, "Patient declined treatment today")], patient).Visit,
        ];
    }

    /// <summary>A care plan through every care-plan event type.</summary>
    public static IReadOnlyList<CarePlanEvent> EveryCarePlanEventType(FakeTimeProvider time, PatientId patient)
    {
        var plan = CarePlan.Create(CarePlanId.New(), new CarePlanDefinition(patient, [new CarePlanPhase(3, 2), new CarePlanPhase(1, 4)], new ReExamSchedule(6, "ODI")), Doc, time);
        time.Advance(TimeSpan.FromMinutes(3));
        plan.Accept(Doc);
        plan.RecordVisit(Doc, VisitId.New());
        plan.Hold(Doc, "Travelling for two weeks");
        plan.Resume(Doc);
        plan.Complete(Doc, "Goals met early");
        var cancelled = CarePlan.Create(CarePlanId.New(), new CarePlanDefinition(patient, [new CarePlanPhase(2, 3)], null), Doc, time);
        cancelled.Cancel(Doc, "Patient chose another plan");
        return [.. plan.Events, .. cancelled.Events];
    }

    /// <summary>A patient record through every patient event type.</summary>
    public static PatientRecord EveryPatientEventType(FakeTimeProvider time, PatientId? id = null)
    {
        var record = PatientRecord.Register(id ?? PatientId.New(), "Zoë", "Müller-Lüdenscheidt", new DateOnly(1984, 7, 1), AdministrativeSex.Female, Desk, time);
        time.Advance(TimeSpan.FromDays(1));
        record.CorrectDetails("Zoë Anne", "Müller", new DateOnly(1984, 7, 2), AdministrativeSex.Female, "Typo at registration", Desk);
        record.MarkEnteredInError("Duplicate of another record", Supervisor);
        return record;
    }
}
