using Sot.Workbench.Findings;
using Sot.Workbench.Procedures;
using Sot.Workbench.Questionnaires;
using Sot.Workbench.Safety;

namespace Sot.Workbench.Workflow;

// The workflow's transitions and their described guards, as one static table shared by every machine. A check is
// a static predicate over the workflow (the visit and the command being judged), so building a machine creates no
// guard delegates of its own; the same table drives the per-visit machine, the rejection messages, "what can I
// do now" and the diagrams, so they cannot drift apart.
public sealed partial class VisitWorkflow
{
    /// <summary>One described guard: the rule's description and a predicate that captures nothing.</summary>
    private sealed class Check(string description, Func<VisitWorkflow, bool> isMet)
    {
        public string Description { get; } = description;

        public Func<VisitWorkflow, bool> IsMet { get; } = isMet;
    }

    /// <summary>One transition: its source, trigger, destination (none for a re-entry) and its checks, in order.</summary>
    private sealed class Rule(VisitState source, VisitTrigger trigger, VisitState? destination, params Check[] checks)
    {
        public VisitState Source { get; } = source;

        public VisitTrigger Trigger { get; } = trigger;

        /// <summary>The destination; null for a re-entry (a command that records data and stays).</summary>
        public VisitState? Destination { get; } = destination;

        /// <summary>True for Resume, whose destination is the step the visit was paused from.</summary>
        public bool Dynamic { get; init; }

        public Check[] Checks { get; } = checks;

        /// <summary>The rule's position in the table (a bit in the per-visit machine's record of what it configured).</summary>
        public int Index { get; set; }

        /// <summary>The checks' descriptions as one text: the description of the single guard Stateless holds.</summary>
        public string Description { get; } = string.Join("; ", checks.Select(c => c.Description));
    }

    /// <summary>A state the machine configures, its superstate (if any) and its transitions.</summary>
    private sealed record StateRules(VisitState State, VisitState? Superstate, params Rule[] Rules);

    private static readonly Check Practitioner = new(VisitGuards.ActorIsPractitioner, static w => w.Current.Actor.IsPractitioner);
    private static readonly Check NoRedFlag = new(VisitGuards.NoAbsoluteRedFlag, static w => !w._visit.HasAbsoluteRedFlag);
    private static readonly Check Reason = new(VisitGuards.ReasonGiven, static w => !string.IsNullOrWhiteSpace(w.Current switch
    {
        CancelVisit x => x.Reason,
        DiscontinueVisit x => x.Reason,
        MarkEnteredInError x => x.Reason,
        _ => null,
    }));

    private static readonly Check ScopesGiven = new(VisitGuards.ConsentScopesGiven, static w => w.Current is RecordConsent { Scopes.Count: > 0 });
    private static readonly Check ConsentOnFile = new(VisitGuards.ConsentOnFile, static w => w._visit.HasConsent(ConsentScope.General));
    private static readonly Check ExamFindings = new(VisitGuards.ExaminationFindingsRecorded, static w => w._visit.HasExaminationFindings);
    private static readonly Check ReassessedAfterTreatment = new(VisitGuards.ReassessedAfterTreatment, static w => !w._visit.TreatmentGiven || w._visit.Retests.Count > 0);
    private static readonly Check ChiefComplaintGiven = new(VisitGuards.ChiefComplaintGiven, static w => w.Current is RecordIntake i && !string.IsNullOrWhiteSpace(i.ChiefComplaint));
    private static readonly Check InitialAnalysisPhase = new(VisitGuards.FindingPhaseMatchesStep, static w => w.Current is RecordFinding { Finding.Phase: FindingPhase.InitialAnalysis });
    private static readonly Check DuringBlockingPhase = new(VisitGuards.FindingPhaseMatchesStep, static w => w.Current is RecordFinding { Finding.Phase: FindingPhase.DuringBlocking });
    private static readonly Check ReassessmentPhase = new(VisitGuards.FindingPhaseMatchesStep, static w => w.Current is RecordFinding { Finding.Phase: FindingPhase.Reassessment });
    private static readonly Check RationaleGiven = new(VisitGuards.RationaleGiven, static w => w.Current is DetermineCategory { Determination.HasRequiredRationale: true });
    private static readonly Check RedFlagScreenRecorded = new(VisitGuards.RedFlagScreenRecorded, static w => w._visit.RedFlagScreen is not null);
    private static readonly Check ConsentCoversProcedure = new(VisitGuards.ConsentCoversProcedure, static w => w.Current is RecordProcedure p && w.ConsentCovers(p.Procedure));
    private static readonly Check ExaminedBeforeProcedure = new(VisitGuards.ExaminationAndCategoryBeforeProcedure, static w => w.Current is RecordProcedure p && w.ExaminedIfRequired(p.Procedure));
    private static readonly Check Retested = new(VisitGuards.VerificationIndicatorsRetested, static w => w.VerificationIndicatorsRetested());
    private static readonly Check SignerIsResponsible = new(VisitGuards.SignerIsResponsible, static w => w.Current.Actor.IsPractitioner && w.Current.Actor.Id == w._visit.ResponsiblePractitioner);
    private static readonly Check ChiefComplaintRecorded = new(VisitGuards.ChiefComplaintRecorded, static w => !string.IsNullOrWhiteSpace(w._visit.ChiefComplaint));
    private static readonly Check AssessmentRecorded = new(VisitGuards.AssessmentRecorded, static w => w._visit.Category is not null);
    private static readonly Check ProcedureOrNoTreatmentReason = new(VisitGuards.ProcedureOrNoTreatmentReason, static w => w._visit.TreatmentGiven || !string.IsNullOrWhiteSpace(w._visit.NoTreatmentReason));
    private static readonly Check OutcomeScored = new(VisitGuards.OutcomeScoredWhenReExamDue, static w => w.OutcomeScoredIfDue());
    private static readonly Check ResponsibleOrSupervising = new(VisitGuards.ActorIsResponsibleOrSupervising, static w => w.Current.Actor.IsSupervising || (w.Current.Actor.IsPractitioner && w.Current.Actor.Id == w._visit.ResponsiblePractitioner));
    private static readonly Check Supervising = new(VisitGuards.ActorIsSupervising, static w => w.Current.Actor.IsSupervising);
    private static readonly Check AddendumText = new(VisitGuards.AddendumTextGiven, static w => w.Current is AddAddendum a && !string.IsNullOrWhiteSpace(a.Text));

    /// <summary>The workflow, state by state, in the order the machine is configured (which is the diagrams' order).</summary>
    private static readonly StateRules[] Workflow =
    [
        new(VisitState.Scheduled, null,
            new Rule(VisitState.Scheduled, VisitTrigger.CheckIn, VisitState.CheckedIn),
            new Rule(VisitState.Scheduled, VisitTrigger.Cancel, VisitState.Cancelled, Reason),
            new Rule(VisitState.Scheduled, VisitTrigger.MarkNoShow, VisitState.NoShow)),
        new(VisitState.CheckedIn, null,
            new Rule(VisitState.CheckedIn, VisitTrigger.StartVisit, VisitState.Intake, Practitioner),
            new Rule(VisitState.CheckedIn, VisitTrigger.Cancel, VisitState.Cancelled, Reason),
            new Rule(VisitState.CheckedIn, VisitTrigger.RecordConsent, null, ScopesGiven)),
        new(VisitState.InProgress, null,
            new Rule(VisitState.InProgress, VisitTrigger.Pause, VisitState.OnHold, Practitioner, NoRedFlag),
            new Rule(VisitState.InProgress, VisitTrigger.Discontinue, VisitState.Discontinued, Practitioner, Reason),
            new Rule(VisitState.InProgress, VisitTrigger.EndVisit, VisitState.PendingSignature, Practitioner, NoRedFlag, ReassessedAfterTreatment)),
        new(VisitState.Intake, VisitState.InProgress,
            new Rule(VisitState.Intake, VisitTrigger.RecordIntake, null, Practitioner, NoRedFlag, ChiefComplaintGiven),
            new Rule(VisitState.Intake, VisitTrigger.RecordConsent, null, NoRedFlag, ScopesGiven),
            new Rule(VisitState.Intake, VisitTrigger.RecordRedFlagScreen, null, Practitioner, NoRedFlag),
            new Rule(VisitState.Intake, VisitTrigger.BeginExamination, VisitState.Examination, Practitioner, NoRedFlag)),
        new(VisitState.Examination, VisitState.InProgress,
            new Rule(VisitState.Examination, VisitTrigger.RecordConsent, null, NoRedFlag, ScopesGiven),
            new Rule(VisitState.Examination, VisitTrigger.RecordRedFlagScreen, null, Practitioner, NoRedFlag),
            new Rule(VisitState.Examination, VisitTrigger.RecordFinding, null, Practitioner, NoRedFlag, InitialAnalysisPhase),
            new Rule(VisitState.Examination, VisitTrigger.DetermineCategory, null, Practitioner, NoRedFlag, ExamFindings, RationaleGiven),
            new Rule(VisitState.Examination, VisitTrigger.BeginTreatment, VisitState.Treatment, Practitioner, NoRedFlag, ConsentOnFile, RedFlagScreenRecorded)),
        new(VisitState.Treatment, VisitState.InProgress,
            new Rule(VisitState.Treatment, VisitTrigger.RecordConsent, null, NoRedFlag, ScopesGiven),
            new Rule(VisitState.Treatment, VisitTrigger.RecordFinding, null, Practitioner, NoRedFlag, DuringBlockingPhase),
            new Rule(VisitState.Treatment, VisitTrigger.RecordProcedure, null, Practitioner, NoRedFlag, ConsentOnFile, ConsentCoversProcedure, ExaminedBeforeProcedure),
            new Rule(VisitState.Treatment, VisitTrigger.Reassess, VisitState.Reassessment, Practitioner, NoRedFlag, Retested)),
        new(VisitState.Reassessment, VisitState.InProgress,
            new Rule(VisitState.Reassessment, VisitTrigger.RecordFinding, null, Practitioner, NoRedFlag, ReassessmentPhase),
            new Rule(VisitState.Reassessment, VisitTrigger.Reassess, null, Practitioner, NoRedFlag, Retested)),
        new(VisitState.OnHold, null,
            new Rule(VisitState.OnHold, VisitTrigger.Resume, VisitState.Intake, Practitioner) { Dynamic = true },
            new Rule(VisitState.OnHold, VisitTrigger.Discontinue, VisitState.Discontinued, Practitioner, Reason)),
        new(VisitState.PendingSignature, null,
            new Rule(VisitState.PendingSignature, VisitTrigger.Sign, VisitState.Signed, SignerIsResponsible, ChiefComplaintRecorded, AssessmentRecorded, ProcedureOrNoTreatmentReason, OutcomeScored),
            new Rule(VisitState.PendingSignature, VisitTrigger.MarkEnteredInError, VisitState.EnteredInError, ResponsibleOrSupervising, Reason)),
        new(VisitState.Locked, null,
            new Rule(VisitState.Locked, VisitTrigger.MarkEnteredInError, VisitState.EnteredInError, Supervising, Reason)),
        new(VisitState.Signed, VisitState.Locked,
            new Rule(VisitState.Signed, VisitTrigger.AddAddendum, VisitState.Amended, Practitioner, AddendumText)),
        new(VisitState.Amended, VisitState.Locked,
            new Rule(VisitState.Amended, VisitTrigger.AddAddendum, null, Practitioner, AddendumText)),
    ];

    /// <summary>
    /// The transition that handles a trigger in a (leaf) state, its own or its superstate's; null when none does.
    /// No trigger is configured on both a state and its superstate, so there is at most one.
    /// </summary>
    private static readonly Rule?[,] RuleFor = ResolveRules();

    private static readonly VisitState?[] Superstates = Enum.GetValues<VisitState>()
        .Select(state => Workflow.FirstOrDefault(s => s.State == state)?.Superstate)
        .ToArray();

    private static Rule?[,] ResolveRules()
    {
        var states = Enum.GetValues<VisitState>();
        var table = new Rule?[states.Length, Enum.GetValues<VisitTrigger>().Length];
        var superstates = Workflow.Where(s => s.Superstate is not null).ToDictionary(s => s.State, s => s.Superstate!.Value);
        var index = 0;
        foreach (var rule in Workflow.SelectMany(s => s.Rules))
        {
            rule.Index = index++;
        }

        if (index > 64 || states.Length > 32)
        {
            throw new InvalidOperationException("The per-visit machine records configured rules in 64 bits and states in 32.");
        }
        foreach (var state in states)
        {
            foreach (var configured in Workflow)
            {
                if (configured.State != state && (!superstates.TryGetValue(state, out var super) || configured.State != super))
                {
                    continue;
                }

                foreach (var rule in configured.Rules)
                {
                    if (table[(int)state, (int)rule.Trigger] is not null)
                    {
                        throw new InvalidOperationException($"{rule.Trigger} is configured twice for {state}.");
                    }

                    table[(int)state, (int)rule.Trigger] = rule;
                }
            }
        }

        return table;
    }

    /// <summary>The rule that handles <paramref name="trigger"/> in <paramref name="state"/>; null when none does.</summary>
    private static Rule? RuleAt(VisitState state, VisitTrigger trigger) =>
        (uint)state < (uint)RuleFor.GetLength(0) && (uint)trigger < (uint)RuleFor.GetLength(1) ? RuleFor[(int)state, (int)trigger] : null;

    /// <summary>The superstate of <paramref name="state"/>, if it has one.</summary>
    private static VisitState? SuperstateOf(VisitState state) => (uint)state < (uint)Superstates.Length ? Superstates[(int)state] : null;

    /// <summary>The single Stateless guard of every guarded transition: all checks of the transition being judged are met.</summary>
    private bool GuardsMet()
    {
        var rule = RuleAt(_state, Current.Trigger);
        if (rule is null)
        {
            return false;
        }

        foreach (var check in rule.Checks)
        {
            if (!check.IsMet(this))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Every unmet check of the transition that handles <paramref name="trigger"/> in <paramref name="state"/>, in order.</summary>
    private string[] UnmetGuards(VisitState state, VisitTrigger trigger)
    {
        if (RuleAt(state, trigger) is not { } rule)
        {
            return [];
        }

        var unmet = new List<string>(rule.Checks.Length);
        foreach (var check in rule.Checks)
        {
            if (!check.IsMet(this))
            {
                unmet.Add(check.Description);
            }
        }

        return [.. unmet];
    }

    private bool VerificationIndicatorsRetested()
    {
        if (Current is not Reassess { Retests.Count: > 0 } r)
        {
            return false;
        }

        foreach (var f in r.Retests)
        {
            if (f.Phase != FindingPhase.Reassessment || !_catalogue.TryGet(f.Code, out var d) || !d.VerifiesBlocking)
            {
                return false;
            }
        }

        return true;
    }

    private bool ConsentCovers(RecordedProcedure procedure)
    {
        foreach (var scope in procedure.Scopes)
        {
            if (!_visit.HasConsent(scope))
            {
                return false;
            }
        }

        return !_visit.Paediatric || _visit.HasConsent(ConsentScope.Paediatric);
    }

    private bool ExaminedIfRequired(RecordedProcedure procedure) =>
        !(_procedures.TryGet(procedure.Kind, out var d) && d.RequiresExaminationAndCategory)
        || (_visit.HasExaminationFindings && _visit.Category is not null);

    private bool OutcomeScoredIfDue()
    {
        if (_visit.ReExam is not { } due)
        {
            return true;
        }

        if (!OutcomeInstruments.TryParse(due.Questionnaire, out var instrument))
        {
            return false;
        }

        foreach (var q in _visit.Questionnaires)
        {
            if (q.Instrument == instrument)
            {
                return true;
            }
        }

        return false;
    }
}
