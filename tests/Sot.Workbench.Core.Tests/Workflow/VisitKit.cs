using Microsoft.Extensions.Time.Testing;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Procedures;
using Sot.Workbench.Protocols;
using Sot.Workbench.Safety;
using Sot.Workbench.Workflow;
using Sot.Workbench.Questionnaires;

namespace Sot.Workbench.Core.Tests.Workflow;

internal static class VisitKit
{
    public static readonly Actor Desk = new(new PractitionerId(Guid.Parse("00000000-0000-0000-0000-0000000000d1")), ActorRole.FrontDesk);
    public static readonly Actor Doc = new(new PractitionerId(Guid.Parse("00000000-0000-0000-0000-0000000000a1")), ActorRole.Practitioner);
    public static readonly Actor OtherDoc = new(new PractitionerId(Guid.Parse("00000000-0000-0000-0000-0000000000a2")), ActorRole.Practitioner);
    public static readonly Actor Supervisor = new(new PractitionerId(Guid.Parse("00000000-0000-0000-0000-0000000000b1")), ActorRole.SupervisingPractitioner);

    public static Finding ExamFinding { get; } = IndicatorCatalogue.Core.CreateFinding(IndicatorCodes.HeelTension, AnalysisPosition.Prone, Side.Left, FindingPhase.InitialAnalysis, new GradeValue("grade", Grade.Moderate));
    public static Finding BlockingFinding { get; } = IndicatorCatalogue.Core.CreateFinding(IndicatorCodes.HeelTension, AnalysisPosition.Prone, Side.Left, FindingPhase.DuringBlocking, new GradeValue("grade", Grade.Mild));
    public static Finding Retest { get; } = IndicatorCatalogue.Core.CreateFinding(IndicatorCodes.HeelTension, AnalysisPosition.Prone, Side.Left, FindingPhase.Reassessment, new GradeValue("grade", Grade.None));
    public static Finding NonVerificationRetest { get; } = IndicatorCatalogue.Core.CreateFinding(IndicatorCodes.PelvicLock, AnalysisPosition.Standing, Side.None, FindingPhase.Reassessment, new BooleanValue("present", false));

    public static RecordedProcedure Blocking { get; } = BlockingRecord.Create(
        [new BlockPlacement(Side.Right, BlockAnatomicalSite.Acetabulum, BlockOrientation.Unspecified, null), new BlockPlacement(Side.Left, BlockAnatomicalSite.IliacCrest, BlockOrientation.Oblique, 45m)],
        BreathPhase.SlowDeep, 3, [BlockingAdjunct.Pumping]);

    public static CategoryDetermination OwnChoice { get; } = CategoryDetermination.PractitionersChoice(SotCategory.I, [SotCategory.II], "Pelvic findings dominate");

    public static VisitWorkflow New(out FakeTimeProvider time, bool paediatric = false, ReExamRequirement? reExam = null)
    {
        time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        return VisitWorkflow.Schedule(new VisitId(Guid.Parse("11111111-1111-1111-1111-111111111111")),
            new ScheduleVisit(Desk, new PatientId(Guid.Parse("22222222-2222-2222-2222-222222222222")), paediatric) { ReExam = reExam }, time);
    }

    public static VisitWorkflow New(bool paediatric = false, ReExamRequirement? reExam = null) => New(out _, paediatric, reExam);

    /// <summary>The happy path, in order: 16 commands from check-in to signing.</summary>
    public static IReadOnlyList<VisitCommand> HappyPath() =>
    [
        new CheckIn(Desk),
        new RecordConsent(Desk, [ConsentScope.General, ConsentScope.Blocking]),
        new StartVisit(Doc),
        new RecordIntake(Doc, "Low back pain", 6) { Questionnaires = [QuestionnaireScore.From(OswestryDisabilityIndex.Score([3, 3, 2, 1, 2, 1, 1, 1, 1, 1]))] },
        new RecordRedFlagScreen(Doc, RedFlagScreen.Clear),
        new BeginExamination(Doc),
        new RecordFinding(Doc, ExamFinding),
        new DetermineCategory(Doc, OwnChoice),
        new BeginTreatment(Doc),
        new RecordProcedure(Doc, Blocking),
        new RecordFinding(Doc, BlockingFinding),
        new Reassess(Doc, [Retest]),
        new EndVisit(Doc),
        new SignNote(Doc),
    ];

    /// <summary>Runs the happy path until the visit reaches <paramref name="state"/>.</summary>
    public static VisitWorkflow At(VisitState state, bool paediatric = false, ReExamRequirement? reExam = null, int skip = 0)
    {
        var wf = New(paediatric, reExam);
        if (wf.Visit.State == state)
        {
            return wf;
        }

        foreach (var c in HappyPath())
        {
            wf.Execute(c);
            if (wf.Visit.State == state && skip-- <= 0)
            {
                return wf;
            }
        }

        throw new InvalidOperationException("State not on the happy path: " + state);
    }

    public static VisitCommandRejectedException Rejected(VisitWorkflow wf, VisitCommand command)
    {
        var before = Snapshot(wf.Visit);
        var ex = Assert.Throws<VisitCommandRejectedException>(() => wf.Execute(command));
        Assert.Equal(before, Snapshot(wf.Visit));
        return ex;
    }

    /// <summary>A comparable picture of everything a visit records.</summary>
    public static string Snapshot(Visit v) => string.Join("|",
        v.State, v.Version, v.ResponsiblePractitioner, v.ChiefComplaint, v.PainScore, v.Questionnaires.Count, v.ConsentScopes.Count,
        v.RedFlagScreen?.HasAbsoluteRedFlag, v.Findings.Count, v.Category?.Primary, v.Procedures.Count, v.Retests.Count, v.PausedFrom,
        v.NoTreatmentReason, v.ClosingReason, v.Signer, v.SignedAt, v.Addenda.Count);

    /// <summary>The signed note's content (what must never change once locked).</summary>
    public static string Note(Visit v) => string.Join("|",
        v.ResponsiblePractitioner, v.ChiefComplaint, v.PainScore, v.Questionnaires.Count, v.ConsentScopes.Count, v.Findings.Count,
        v.Category?.Primary, v.Procedures.Count, v.Retests.Count, v.NoTreatmentReason, v.Signer, v.SignedAt);
}
