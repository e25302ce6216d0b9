using Sot.Workbench.Domain;
using Sot.Workbench.Workflow;
using Stateless;

namespace Sot.Workbench.CarePlans;

/// <summary>
/// A patient's care plan (episode of care): Planned → Active ↔ OnHold → Finished / Cancelled, with phases
/// (visits per week × weeks), the visit count and re-exam points. State is derived from its events. A Stateless
/// machine (sync only) is built once per loaded plan, used by one thread at a time, and rebuilt after any exception.
/// </summary>
public sealed class CarePlan
{
    private readonly List<CarePlanEvent> _events = [];
    private readonly TimeProvider _time;
    private StateMachine<CarePlanState, CarePlanTrigger>? _machine;
    private StateMachine<CarePlanState, CarePlanTrigger>.TriggerWithParameters<Request>[] _triggers = [];
    private CarePlanState _cell;

    private CarePlan(CarePlanId id, TimeProvider time)
    {
        Id = id;
        _time = time;
    }

    /// <summary>The plan's id.</summary>
    public CarePlanId Id { get; }

    /// <summary>The plan's shape.</summary>
    public CarePlanDefinition Definition { get; private set; } = null!;

    /// <summary>The current state.</summary>
    public CarePlanState State { get; private set; }

    /// <summary>Visits counted so far.</summary>
    public int VisitCount { get; private set; }

    /// <summary>Visits planned over all phases.</summary>
    public int PlannedVisits => Definition.Phases.Sum(p => p.Visits);

    /// <summary>The number of the next visit (visit count + 1).</summary>
    public int NextVisitNumber => VisitCount + 1;

    /// <summary>The events, in order.</summary>
    public IReadOnlyList<CarePlanEvent> Events => _events;

    /// <summary>Creates a plan in <see cref="CarePlanState.Planned"/>.</summary>
    /// <exception cref="ArgumentException">No phases are given.</exception>
    public static CarePlan Create(CarePlanId id, CarePlanDefinition definition, Actor actor, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(time);
        if (definition.Phases is null || definition.Phases.Count == 0 || definition.Phases.Any(p => p is null))
        {
            throw new ArgumentException("A care plan has at least one phase.", nameof(definition));
        }

        var plan = new CarePlan(id, time);
        plan.Apply(new CarePlanEvent(id, 1, time.GetUtcNow(), CarePlanState.Planned, CarePlanState.Planned, CarePlanTrigger.Create, actor) { Definition = definition });
        return plan;
    }

    /// <summary>Rebuilds a plan from its stored events.</summary>
    /// <exception cref="ArgumentException">The stream is empty or does not start with a creation event.</exception>
    public static CarePlan FromEvents(IEnumerable<CarePlanEvent> events, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(events);
        CarePlan? plan = null;
        foreach (var e in events)
        {
            plan ??= new CarePlan(e.PlanId, time);
            plan.Apply(e);
        }

        return plan ?? throw new ArgumentException("A care-plan stream has at least one event.", nameof(events));
    }

    /// <summary>The phase (0-based index) visit <paramref name="visitNumber"/> falls in; the last phase beyond the plan.</summary>
    public int PhaseOf(int visitNumber)
    {
        var end = 0;
        for (var i = 0; i < Definition.Phases.Count; i++)
        {
            end += Definition.Phases[i].Visits;
            if (visitNumber <= end)
            {
                return i;
            }
        }

        return Definition.Phases.Count - 1;
    }

    /// <summary>True when a re-exam is due on visit <paramref name="visitNumber"/> (every Nth visit).</summary>
    public bool IsReExamDue(int visitNumber) =>
        Definition.ReExams is { } r && visitNumber > 0 && visitNumber % r.EveryNthVisit == 0;

    /// <summary>The re-exam requirement for visit <paramref name="visitNumber"/>, or null; pass it to <see cref="ScheduleVisit.ReExam"/>.</summary>
    public ReExamRequirement? ReExamFor(int visitNumber) =>
        IsReExamDue(visitNumber) ? new ReExamRequirement(Id, visitNumber, Definition.ReExams!.Questionnaire) : null;

    /// <summary>The patient accepts the plan.</summary>
    public CarePlanEvent Accept(Actor actor) => Fire(CarePlanTrigger.Accept, new Request(actor, null, null));

    /// <summary>Counts a signed visit.</summary>
    public CarePlanEvent RecordVisit(Actor actor, VisitId visit) => Fire(CarePlanTrigger.RecordVisit, new Request(actor, null, visit));

    /// <summary>Pauses the plan.</summary>
    public CarePlanEvent Hold(Actor actor, string reason) => Fire(CarePlanTrigger.Hold, new Request(actor, reason, null));

    /// <summary>Resumes the plan.</summary>
    public CarePlanEvent Resume(Actor actor) => Fire(CarePlanTrigger.Resume, new Request(actor, null, null));

    /// <summary>Finishes the plan; before all planned visits are done an early-discharge reason is required.</summary>
    public CarePlanEvent Complete(Actor actor, string? earlyDischargeReason = null) => Fire(CarePlanTrigger.Complete, new Request(actor, earlyDischargeReason, null));

    /// <summary>Cancels the plan.</summary>
    public CarePlanEvent Cancel(Actor actor, string reason) => Fire(CarePlanTrigger.Cancel, new Request(actor, reason, null));

    /// <summary>The Mermaid diagram of the care-plan machine.</summary>
    public static string MermaidDiagram()
    {
        var plan = Create(new CarePlanId(Guid.Empty), new CarePlanDefinition(default, [new CarePlanPhase(1, 1)], null), default, TimeProvider.System);
        return Stateless.Graph.MermaidGraph.Format(plan.Machine().GetInfo());
    }

    private CarePlanEvent Fire(CarePlanTrigger trigger, Request request)
    {
        var machine = Machine();
        var from = State;
        _cell = from;
        try
        {
            machine.Fire(_triggers[(int)trigger], request);
        }
        catch
        {
            _machine = null;
            throw;
        }

        var e = new CarePlanEvent(Id, _events.Count + 1, _time.GetUtcNow(), from, _cell, trigger, request.Actor)
        {
            Reason = request.Reason,
            Visit = request.Visit,
        };
        Apply(e);
        return e;
    }

    private void Apply(CarePlanEvent e)
    {
        if (e.PlanId != Id || e.Version != _events.Count + 1 || (_events.Count == 0) != (e.Trigger == CarePlanTrigger.Create))
        {
            throw new ArgumentException($"Event {e.Version} ({e.Trigger}) does not follow version {_events.Count} of care plan {Id}.", nameof(e));
        }

        if (e.Trigger == CarePlanTrigger.Create)
        {
            Definition = e.Definition ?? throw new ArgumentException("A creation event carries the plan's definition.", nameof(e));
        }
        else if (e.Trigger == CarePlanTrigger.RecordVisit)
        {
            VisitCount++;
        }

        State = e.To;
        _events.Add(e);
    }

    private StateMachine<CarePlanState, CarePlanTrigger> Machine() => _machine ?? Build();

    private StateMachine<CarePlanState, CarePlanTrigger> Build()
    {
        var sm = new StateMachine<CarePlanState, CarePlanTrigger>(() => _cell, s => _cell = s);
        var t = new StateMachine<CarePlanState, CarePlanTrigger>.TriggerWithParameters<Request>[7];
        for (var i = 1; i < t.Length; i++)
        {
            t[i] = sm.SetTriggerParameters<Request>((CarePlanTrigger)i);
        }

        var reason = Tuple.Create<Func<Request, bool>, string>(r => !string.IsNullOrWhiteSpace(r.Reason), CarePlanGuards.ReasonGiven);
        var done = Tuple.Create<Func<Request, bool>, string>(r => VisitCount >= PlannedVisits || !string.IsNullOrWhiteSpace(r.Reason), CarePlanGuards.AllVisitsDoneOrEarlyReason);
        sm.OnUnhandledTrigger((s, trig, unmet) => throw new CarePlanCommandRejectedException(Id, s, trig, unmet?.ToArray() ?? []));

        sm.Configure(CarePlanState.Planned)
            .Permit(CarePlanTrigger.Accept, CarePlanState.Active)
            .PermitIf(t[(int)CarePlanTrigger.Cancel], CarePlanState.Cancelled, reason);
        sm.Configure(CarePlanState.Active)
            .PermitReentryIf(t[(int)CarePlanTrigger.RecordVisit], Tuple.Create<Func<Request, bool>, string>(_ => VisitCount < PlannedVisits, CarePlanGuards.VisitsRemain))
            .PermitIf(t[(int)CarePlanTrigger.Hold], CarePlanState.OnHold, reason)
            .PermitIf(t[(int)CarePlanTrigger.Complete], CarePlanState.Finished, done)
            .PermitIf(t[(int)CarePlanTrigger.Cancel], CarePlanState.Cancelled, reason);
        sm.Configure(CarePlanState.OnHold)
            .Permit(CarePlanTrigger.Resume, CarePlanState.Active)
            .PermitIf(t[(int)CarePlanTrigger.Complete], CarePlanState.Finished, done)
            .PermitIf(t[(int)CarePlanTrigger.Cancel], CarePlanState.Cancelled, reason);

        _triggers = t;
        _machine = sm;
        return sm;
    }

    private sealed record Request(Actor Actor, string? Reason, VisitId? Visit);
}
