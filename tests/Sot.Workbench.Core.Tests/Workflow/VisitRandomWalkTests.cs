using Microsoft.Extensions.Time.Testing;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Procedures;
using Sot.Workbench.Safety;
using Sot.Workbench.Workflow;
using static Sot.Workbench.Core.Tests.Workflow.VisitKit;
using Sot.Workbench.Questionnaires;

namespace Sot.Workbench.Core.Tests.Workflow;

public class VisitRandomWalkTests
{
    private static readonly Actor[] Actors = [Desk, Doc, OtherDoc, Supervisor];
    private static readonly ConsentScope[] Scopes = [ConsentScope.General, ConsentScope.Blocking, ConsentScope.Cranial, ConsentScope.Paediatric];
    private static readonly Finding[] Findings = [ExamFinding, BlockingFinding, Retest, NonVerificationRetest];

    private static readonly VisitState[] Starts =
    [
        VisitState.Scheduled, VisitState.Scheduled, VisitState.CheckedIn, VisitState.Intake, VisitState.Examination,
        VisitState.Treatment, VisitState.Reassessment, VisitState.PendingSignature, VisitState.Signed,
    ];

    private static VisitCommand Next(Random rng)
    {
        var a = Actors[rng.Next(Actors.Length)];
        string Text() => rng.Next(4) == 0 ? "" : "text " + rng.Next(100);
        // Ending commands (cancel, no-show, discontinue, entered-in-error) are drawn less often so walks go deep.
        var k = rng.Next(26);
        if (k is 1 or 2 or 15 or 19 && rng.Next(5) != 0)
        {
            k = 5;
        }

        return k switch
        {
            0 => new CheckIn(a),
            1 => new CancelVisit(a, Text()),
            2 => new MarkNoShow(a),
            3 => new StartVisit(a),
            4 => new RecordIntake(a, Text(), rng.Next(11)) { Questionnaires = rng.Next(2) == 0 ? [] : [QuestionnaireScore.From(OswestryDisabilityIndex.Score([2, 2, 2, 1, 1, 1, 1, 0, 0, 0]))] },
            5 => new RecordConsent(a, Scopes.Where(_ => rng.Next(2) == 0).ToArray()),
            6 => new RecordRedFlagScreen(a, rng.Next(10) == 0 ? RedFlagScreen.Clear.With(RedFlag.CaudaEquina) : RedFlagScreen.Clear),
            7 => new BeginExamination(a),
            8 => new RecordFinding(a, Findings[rng.Next(Findings.Length)]),
            9 => new DetermineCategory(a, CategoryDetermination.PractitionersChoice((SotCategory)rng.Next(1, 4), [], Text())),
            10 => new BeginTreatment(a),
            11 => new RecordProcedure(a, Blocking),
            12 => new Reassess(a, rng.Next(3) == 0 ? [] : [Findings[rng.Next(Findings.Length)]]),
            13 => new PauseVisit(a),
            14 => new ResumeVisit(a),
            15 => new DiscontinueVisit(a, Text(), rng.Next(2) == 0),
            16 => new EndVisit(a, rng.Next(2) == 0 ? null : Text()),
            17 => new SignNote(a),
            18 => new AddAddendum(a, Text()),
            19 => new MarkEnteredInError(a, Text()),
            20 => new CheckIn(Desk),
            21 => new StartVisit(Doc),
            22 => new BeginExamination(Doc),
            23 => new BeginTreatment(Doc),
            24 => new EndVisit(Doc, "none"),
            _ => new SignNote(Doc),
        };
    }

    [Fact]
    public void Random_walks_keep_the_invariants()
    {
        const int walks = 1000, steps = 40;
        var accepted = 0;
        var reachedLocked = 0;
        for (var seed = 0; seed < walks; seed++)
        {
            var rng = new Random(seed);
            // Walks start from every step of the happy path in turn, so later states are exercised too.
            var start = Starts[seed % Starts.Length];
            var wf = start == VisitState.Scheduled
                ? VisitWorkflow.Schedule(VisitId.New(), new ScheduleVisit(Desk, PatientId.New(), Paediatric: rng.Next(5) == 0), new FakeTimeProvider())
                : At(start);
            string? lockedNote = null;
            for (var i = 0; i < steps; i++)
            {
                // Draw up to four commands and keep the first one allowed, so walks get somewhere;
                // about a third of the steps still try a rejected command.
                var command = Next(rng);
                var predicted = wf.Evaluate(command).Allowed;
                for (var draw = 0; draw < 3 && !predicted; draw++)
                {
                    command = Next(rng);
                    predicted = wf.Evaluate(command).Allowed;
                }

                var before = Snapshot(wf.Visit);
                try
                {
                    var e = wf.Execute(command);
                    accepted++;
                    Assert.True(predicted, $"seed {seed} step {i}: {command.Trigger} accepted but CanFire said no");

                    // No treatment without consent covering the procedure.
                    if (e.Command is RecordProcedure p)
                    {
                        Assert.True(wf.Visit.HasConsent(ConsentScope.General), $"seed {seed}: procedure without consent");
                        Assert.All(p.Procedure.Scopes, s => Assert.True(wf.Visit.HasConsent(s)));
                        Assert.True(!wf.Visit.Paediatric || wf.Visit.HasConsent(ConsentScope.Paediatric));
                        Assert.False(wf.Visit.HasAbsoluteRedFlag);
                    }
                }
                catch (VisitCommandRejectedException ex)
                {
                    // Rejected commands change nothing.
                    Assert.False(predicted, $"seed {seed} step {i}: {command.Trigger} rejected but CanFire said yes");
                    Assert.Equal(before, Snapshot(wf.Visit));
                    Assert.Equal(wf.Visit.State, ex.State);
                }

                // A locked note never changes (addenda and entered-in-error aside).
                if (lockedNote is null && wf.Visit.State is VisitState.Signed or VisitState.Amended)
                {
                    lockedNote = Note(wf.Visit);
                    reachedLocked++;
                }
                else if (lockedNote is not null)
                {
                    Assert.Equal(lockedNote, Note(wf.Visit));
                    Assert.True(wf.Visit.State is VisitState.Signed or VisitState.Amended or VisitState.EnteredInError);
                }
            }

            Assert.Equal(Snapshot(wf.Visit), Snapshot(Visit.FromEvents(wf.Visit.Events)));
        }

        Assert.True(accepted > walks * 5, "walks should mostly do something: " + accepted);
        Assert.True(reachedLocked > 0, "some walks should reach a signed note");
    }

    [Fact]
    public void One_guard_per_transition_judges_every_command_as_one_described_guard_per_check_does()
    {
        // The per-visit machine holds one Stateless guard per transition; the diagrams' machine one described
        // guard per check. Both must allow, reject and explain every command identically.
        var reExam = new ReExamRequirement(new Sot.Workbench.CarePlans.CarePlanId(Guid.Parse("33333333-3333-3333-3333-333333333333")), 12, "ODI");
        var compared = 0;
        var rejectedWithGuards = 0;
        for (var seed = 0; seed < 300; seed++)
        {
            var rng = new Random(20_000 + seed);
            var start = Starts[seed % Starts.Length];
            var fast = At(start, paediatric: seed % 7 == 0 && start < VisitState.Treatment, reExam: seed % 3 == 0 ? reExam : null);
            var described = VisitWorkflow.WithDescribedGuards(Visit.FromEvents(fast.Visit.Events), new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero)));
            for (var i = 0; i < 40; i++)
            {
                var actor = Actors[rng.Next(Actors.Length)];
                Assert.Equal(Describe(described.WhatCanIDo(actor)), Describe(fast.WhatCanIDo(actor)));

                var command = Next(rng);
                var expected = Outcome(described, command);
                var actual = Outcome(fast, command);
                Assert.Equal(expected, actual);
                compared++;
                if (expected.StartsWith("rejected", StringComparison.Ordinal) && expected.Contains("unmet", StringComparison.Ordinal))
                {
                    rejectedWithGuards++;
                }

                Assert.Equal(Snapshot(described.Visit), Snapshot(fast.Visit));
            }
        }

        Assert.True(rejectedWithGuards > compared / 40, "walks should exercise unmet guards: " + rejectedWithGuards);
    }

    private static string Describe(IReadOnlyList<CommandAvailability> answers) =>
        string.Join("\n", answers.Select(a => $"{a.Command} {a.Allowed} {a.PermittedInState} [{string.Join("; ", a.UnmetGuards)}]"));

    private static string Outcome(VisitWorkflow wf, VisitCommand command)
    {
        var availability = wf.Evaluate(command);
        var judged = $"{availability.Allowed} {availability.PermittedInState} [{string.Join("; ", availability.UnmetGuards)}]";
        try
        {
            var e = wf.Execute(command);
            return $"accepted {judged} {e.From}->{e.To}";
        }
        catch (VisitCommandRejectedException ex)
        {
            return $"rejected {judged} {ex.State} {ex.Command} [{string.Join("; ", ex.UnmetGuards)}] {ex.Message}";
        }
    }

    [Fact]
    public void Guided_random_walks_reach_the_locked_states_and_keep_the_note()
    {
        // Walks that start from a signed visit so the lock invariant is exercised every time.
        for (var seed = 0; seed < 200; seed++)
        {
            var rng = new Random(10_000 + seed);
            var wf = At(VisitState.Signed);
            var note = Note(wf.Visit);
            for (var i = 0; i < 40; i++)
            {
                var command = Next(rng);
                try
                {
                    wf.Execute(command);
                }
                catch (VisitCommandRejectedException)
                {
                }

                Assert.Equal(note, Note(wf.Visit));
            }
        }
    }
}
