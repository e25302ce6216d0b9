using BenchmarkDotNet.Attributes;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Procedures;
using Sot.Workbench.Protocols;
using Sot.Workbench.Safety;
using Sot.Workbench.Workflow;
using Stateless;

namespace Sot.Workbench.Benchmarks.Workflow;

/// <summary>
/// A complete happy-path visit (schedule + 15 commands incl. findings and blocking) in memory, against a bare
/// Stateless machine firing the same triggers with no guards and no domain work. Both follow the same
/// construction policy: one machine per visit, created when the visit is loaded and reused for that visit's
/// commands, with the same states, hierarchy and plain (parameterless) triggers, in the default firing mode.
/// The workflow's machine adds each transition (with its one guard) the first time a command needs it, so over
/// this visit it configures the transitions the bare machine configures up front, plus their guards.
/// </summary>
/// <remarks>
/// Min and median are shown next to the mean: on a machine shared with other work the mean is dominated by
/// interference, while the minimum of the iterations tracks the code.
/// </remarks>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class VisitWorkflowBenchmarks
{
    private static readonly Actor Desk = new(PractitionerId.New(), ActorRole.FrontDesk);
    private static readonly Actor Doc = new(PractitionerId.New(), ActorRole.Practitioner);
    private readonly TimeProvider _time = TimeProvider.System;
    private VisitCommand[] _commands = [];

    [GlobalSetup]
    public void Setup()
    {
        var exam = IndicatorCatalogue.Core.CreateFinding(IndicatorCodes.HeelTension, AnalysisPosition.Prone, Side.Left, FindingPhase.InitialAnalysis, new GradeValue("grade", Grade.Moderate));
        var during = IndicatorCatalogue.Core.CreateFinding(IndicatorCodes.HeelTension, AnalysisPosition.Prone, Side.Left, FindingPhase.DuringBlocking, new GradeValue("grade", Grade.Mild));
        var retest = IndicatorCatalogue.Core.CreateFinding(IndicatorCodes.HeelTension, AnalysisPosition.Prone, Side.Left, FindingPhase.Reassessment, new GradeValue("grade", Grade.None));
        var blocking = BlockingRecord.Create([new BlockPlacement(Side.Right, BlockAnatomicalSite.Acetabulum, BlockOrientation.Unspecified, null), new BlockPlacement(Side.Left, BlockAnatomicalSite.IliacCrest, BlockOrientation.Oblique, 45m)], BreathPhase.SlowDeep, 3);
        _commands =
        [
            new CheckIn(Desk),
            new RecordConsent(Desk, [ConsentScope.General, ConsentScope.Blocking]),
            new StartVisit(Doc),
            new RecordIntake(Doc, "Low back pain", 6),
            new RecordRedFlagScreen(Doc, RedFlagScreen.Clear),
            new BeginExamination(Doc),
            new RecordFinding(Doc, exam),
            new DetermineCategory(Doc, CategoryDetermination.PractitionersChoice(SotCategory.I, [], "Pelvic findings")),
            new BeginTreatment(Doc),
            new RecordProcedure(Doc, blocking),
            new RecordFinding(Doc, during),
            new Reassess(Doc, [retest]),
            new EndVisit(Doc),
            new SignNote(Doc),
            new AddAddendum(Doc, "Late entry"),
        ];
    }

    /// <summary>The workflow: schedule, then 15 commands with validation, guards, events and the aggregate.</summary>
    [Benchmark]
    public VisitState HappyPathVisit()
    {
        var wf = VisitWorkflow.Schedule(VisitId.New(), new ScheduleVisit(Desk, PatientId.New()), _time);
        foreach (var c in _commands)
        {
            wf.Execute(c);
        }

        return wf.Visit.State;
    }

    /// <summary>
    /// A bare machine with the same states, hierarchy and triggers, one per visit, no guards or domain work.
    /// Like the workflow's machine it fires plain triggers (the workflow's guards read the command being judged
    /// rather than a trigger parameter), so neither pays for parameter packing.
    /// </summary>
    [Benchmark(Baseline = true)]
    public VisitState BareStatelessMachine()
    {
        var state = VisitState.Scheduled;
        var sm = new StateMachine<VisitState, VisitTrigger>(() => state, s => state = s);

        sm.Configure(VisitState.Scheduled).Permit(VisitTrigger.CheckIn, VisitState.CheckedIn);
        sm.Configure(VisitState.CheckedIn).Permit(VisitTrigger.StartVisit, VisitState.Intake).PermitReentry(VisitTrigger.RecordConsent);
        sm.Configure(VisitState.InProgress).Permit(VisitTrigger.EndVisit, VisitState.PendingSignature);
        sm.Configure(VisitState.Intake).SubstateOf(VisitState.InProgress)
            .PermitReentry(VisitTrigger.RecordIntake).PermitReentry(VisitTrigger.RecordRedFlagScreen).Permit(VisitTrigger.BeginExamination, VisitState.Examination);
        sm.Configure(VisitState.Examination).SubstateOf(VisitState.InProgress)
            .PermitReentry(VisitTrigger.RecordFinding).PermitReentry(VisitTrigger.DetermineCategory).Permit(VisitTrigger.BeginTreatment, VisitState.Treatment);
        sm.Configure(VisitState.Treatment).SubstateOf(VisitState.InProgress)
            .PermitReentry(VisitTrigger.RecordProcedure).PermitReentry(VisitTrigger.RecordFinding).Permit(VisitTrigger.Reassess, VisitState.Reassessment);
        sm.Configure(VisitState.Reassessment).SubstateOf(VisitState.InProgress);
        sm.Configure(VisitState.PendingSignature).Permit(VisitTrigger.Sign, VisitState.Signed);
        sm.Configure(VisitState.Signed).SubstateOf(VisitState.Locked).Permit(VisitTrigger.AddAddendum, VisitState.Amended);
        sm.Configure(VisitState.Amended).SubstateOf(VisitState.Locked);
        foreach (var c in _commands)
        {
            sm.Fire(c.Trigger);
        }

        return state;
    }
}
