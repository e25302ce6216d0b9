using Sot.Workbench.Domain;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.CarePlans;

/// <summary>An opaque care-plan identity.</summary>
/// <param name="Value">The id.</param>
public readonly record struct CarePlanId(Guid Value)
{
    /// <summary>A new random id.</summary>
    public static CarePlanId New() => new(RandomIds.NewGuid());

    /// <inheritdoc />
    public override string ToString() => "plan_" + Value.ToString("N");
}

/// <summary>A state of a care plan (episode of care).</summary>
public enum CarePlanState
{
    /// <summary>Proposed, not yet accepted by the patient.</summary>
    Planned = 0,
    /// <summary>Accepted; visits are being recorded.</summary>
    Active = 1,
    /// <summary>Paused.</summary>
    OnHold = 2,
    /// <summary>All visits done, or discharged early with a reason.</summary>
    Finished = 3,
    /// <summary>Cancelled, with a reason.</summary>
    Cancelled = 4,
}

/// <summary>A command of the care-plan machine.</summary>
public enum CarePlanTrigger
{
    /// <summary>Creates the plan (starts the event stream; not a machine trigger).</summary>
    Create = 0,
    /// <summary>The patient accepts the plan.</summary>
    Accept = 1,
    /// <summary>A signed visit counts towards the plan.</summary>
    RecordVisit = 2,
    /// <summary>Pauses the plan, with a reason.</summary>
    Hold = 3,
    /// <summary>Resumes the plan.</summary>
    Resume = 4,
    /// <summary>Finishes the plan (all visits done, or early with a reason).</summary>
    Complete = 5,
    /// <summary>Cancels the plan, with a reason.</summary>
    Cancel = 6,
}

/// <summary>One phase of a care plan: a frequency for a number of weeks (e.g. 3 visits a week for 4 weeks).</summary>
public sealed record CarePlanPhase
{
    /// <summary>Creates a phase.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Visits per week outside 1–7 or weeks outside 1–52.</exception>
    public CarePlanPhase(int visitsPerWeek, int weeks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(visitsPerWeek, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(visitsPerWeek, 7);
        ArgumentOutOfRangeException.ThrowIfLessThan(weeks, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(weeks, 52);
        VisitsPerWeek = visitsPerWeek;
        Weeks = weeks;
    }

    /// <summary>Visits per week.</summary>
    public int VisitsPerWeek { get; }

    /// <summary>Number of weeks.</summary>
    public int Weeks { get; }

    /// <summary>Visits in the phase.</summary>
    public int Visits => VisitsPerWeek * Weeks;
}

/// <summary>Re-exams at fixed visit numbers: every <see cref="EveryNthVisit"/>th visit, scoring <see cref="Questionnaire"/>.</summary>
public sealed record ReExamSchedule
{
    /// <summary>Creates a schedule.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The interval is below 1.</exception>
    /// <exception cref="ArgumentException">No questionnaire is named, or it is not an outcome instrument's code (see <see cref="Questionnaires.OutcomeInstruments"/>).</exception>
    public ReExamSchedule(int everyNthVisit, string questionnaire)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(everyNthVisit, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(questionnaire);
        if (!Questionnaires.OutcomeInstruments.TryParse(questionnaire, out _))
        {
            throw new ArgumentException("The re-exam questionnaire is not an outcome instrument's code (ODI, NDI, NRS or VAS).", nameof(questionnaire));
        }

        EveryNthVisit = everyNthVisit;
        Questionnaire = questionnaire;
    }

    /// <summary>The re-exam interval in visits (e.g. 12).</summary>
    public int EveryNthVisit { get; }

    /// <summary>The outcome questionnaire scored at a re-exam (e.g. "ODI").</summary>
    public string Questionnaire { get; }
}

/// <summary>The plan's shape, carried by its creation event.</summary>
/// <param name="Patient">The patient (opaque id).</param>
/// <param name="Phases">The phases, in order.</param>
/// <param name="ReExams">The re-exam schedule, if any.</param>
public sealed record CarePlanDefinition(PatientId Patient, IReadOnlyList<CarePlanPhase> Phases, ReExamSchedule? ReExams);

/// <summary>A care-plan domain event: who, when (from <see cref="TimeProvider"/>), what.</summary>
/// <param name="PlanId">The plan.</param>
/// <param name="Version">Position in the plan's stream, from 1.</param>
/// <param name="At">When.</param>
/// <param name="From">State before.</param>
/// <param name="To">State after.</param>
/// <param name="Trigger">What was done.</param>
/// <param name="Actor">Who did it.</param>
public sealed record CarePlanEvent(CarePlanId PlanId, int Version, DateTimeOffset At, CarePlanState From, CarePlanState To, CarePlanTrigger Trigger, Actor Actor)
{
    /// <summary>The reason given (hold, cancel, early completion); record content.</summary>
    public string? Reason { get; init; }

    /// <summary>The visit counted (record visit).</summary>
    public VisitId? Visit { get; init; }

    /// <summary>The plan's shape (create only).</summary>
    public CarePlanDefinition? Definition { get; init; }
}

/// <summary>The care-plan guard descriptions (no patient data).</summary>
public static class CarePlanGuards
{
    /// <summary>Hold and cancel need a reason.</summary>
    public const string ReasonGiven = "Reason given";
    /// <summary>A visit is counted only while planned visits remain.</summary>
    public const string VisitsRemain = "Planned visits remain";
    /// <summary>Completion needs every planned visit done, or a reason for discharging early.</summary>
    public const string AllVisitsDoneOrEarlyReason = "All planned visits done or early-discharge reason given";
}

/// <summary>A care-plan command was rejected; names the plan id, state, command and every unmet guard. The plan is unchanged.</summary>
public sealed class CarePlanCommandRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CarePlanCommandRejectedException(CarePlanId planId, CarePlanState state, CarePlanTrigger command, IReadOnlyList<string> unmetGuards)
        : base(unmetGuards is null || unmetGuards.Count == 0
            ? $"Care plan {planId}: {command} is not permitted in state {state}."
            : $"Care plan {planId}: {command} rejected in state {state}; unmet: {string.Join("; ", unmetGuards)}.")
    {
        PlanId = planId;
        State = state;
        Command = command;
        UnmetGuards = unmetGuards ?? [];
    }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public CarePlanCommandRejectedException() : this("Care-plan command rejected.") { }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public CarePlanCommandRejectedException(string message) : base(message) { UnmetGuards = []; }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public CarePlanCommandRejectedException(string message, Exception innerException) : base(message, innerException) { UnmetGuards = []; }

    /// <summary>The plan.</summary>
    public CarePlanId PlanId { get; }

    /// <summary>The plan's (unchanged) state.</summary>
    public CarePlanState State { get; }

    /// <summary>The command rejected.</summary>
    public CarePlanTrigger Command { get; }

    /// <summary>Every unmet guard's description; empty when the state has no such command.</summary>
    public IReadOnlyList<string> UnmetGuards { get; }
}
