using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Procedures;
using Sot.Workbench.Questionnaires;
using Sot.Workbench.Safety;
using Stateless;
using Stateless.Graph;
using Stateless.Reflection;

namespace Sot.Workbench.Workflow;

/// <summary>
/// The visit workflow for one loaded visit: a Stateless machine (sync API only) over the visit's state, used by
/// one thread at a time within one unit of work. Create one per loaded visit and reuse it for that visit's
/// commands; never share it across visits or requests. Each accepted command yields one <see cref="VisitEvent"/>
/// that is applied to the visit and returned for storage to append; a rejected command throws
/// <see cref="VisitCommandRejectedException"/> and leaves the visit unchanged.
/// </summary>
/// <remarks>
/// The machine keeps its state in a cell outside itself (external state storage) that is reset from the visit
/// before every command; the visit's own state changes only by applying the event. There are no entry or exit
/// actions and nothing fires from inside the machine. After any exception the machine is discarded and rebuilt
/// from the visit on next use. Commands that record data and stay in their step are re-entry transitions
/// (they can carry several guards, each reported by its description).
/// </remarks>
public sealed partial class VisitWorkflow
{
    // Only read by Stateless (for the diagrams), so one list serves every machine.
    private static readonly DynamicStateInfos ResumeDestinations = new()
    {
        { nameof(VisitState.Intake), "paused from Intake" },
        { nameof(VisitState.Examination), "paused from Examination" },
        { nameof(VisitState.Treatment), "paused from Treatment" },
        { nameof(VisitState.Reassessment), "paused from Reassessment" },
    };

    private static readonly VisitTrigger[] MachineTriggers = Enum.GetValues<VisitTrigger>().Where(t => t != VisitTrigger.Schedule).ToArray();

    private readonly Visit _visit;
    private readonly TimeProvider _time;
    private readonly IndicatorCatalogue _catalogue;
    private readonly ProcedureRegistry _procedures;
    private StateMachine<VisitState, VisitTrigger>? _machine;
    private VisitState _state;

    // The command being judged, set only for the duration of one Fire or CanFire. The guards read it (and the
    // visit) directly, so the machine's transitions are plain triggers with Func<bool> guards: Stateless then
    // needs no parameter packing, and configuring the machine costs a fraction of typed guards.
    private VisitCommand? _command;

    // False for the per-visit machine (one Stateless guard per transition, standing for its checks); true for
    // the diagrams' machine (one Stateless guard per check, each with its own description).
    private readonly bool _describedGuards;

    // What the per-visit machine has configured so far (bit per state, bit per rule of the table), and the
    // delegates its transitions share: one guard for every guarded transition and Resume's destination.
    private uint _configuredStates;
    private ulong _configuredRules;
    private Func<bool>? _guardsMet;
    private Func<VisitState>? _resumeTo;

    /// <summary>Creates the workflow for a loaded visit.</summary>
    /// <param name="visit">The visit, rebuilt from its events.</param>
    /// <param name="time">The clock events are stamped with.</param>
    /// <param name="catalogue">The indicator catalogue findings are validated against (Core's when null).</param>
    /// <param name="procedures">The procedure registry procedures are validated against (Core's when null).</param>
    public VisitWorkflow(Visit visit, TimeProvider time, IndicatorCatalogue? catalogue = null, ProcedureRegistry? procedures = null)
    {
        ArgumentNullException.ThrowIfNull(visit);
        ArgumentNullException.ThrowIfNull(time);
        _visit = visit;
        _time = time;
        _catalogue = catalogue ?? IndicatorCatalogue.Core;
        _procedures = procedures ?? ProcedureRegistry.Core;
        _state = visit.State;
    }

    /// <summary>
    /// A workflow whose machine registers every check as its own described Stateless guard (as the diagrams show
    /// it) rather than one guard per transition; it accepts and rejects exactly as the per-visit machine does.
    /// </summary>
    internal static VisitWorkflow WithDescribedGuards(Visit visit, TimeProvider time, IndicatorCatalogue? catalogue = null, ProcedureRegistry? procedures = null) =>
        new(visit, time, catalogue, procedures, describedGuards: true);

    private VisitWorkflow(Visit visit, TimeProvider time, IndicatorCatalogue? catalogue, ProcedureRegistry? procedures, bool describedGuards)
        : this(visit, time, catalogue, procedures) => _describedGuards = describedGuards;

    /// <summary>The visit (its state and record so far, including events accepted by this workflow).</summary>
    public Visit Visit => _visit;

    /// <summary>Creates a visit in <see cref="VisitState.Scheduled"/>; its first event is in <see cref="Visit.Events"/>.</summary>
    public static VisitWorkflow Schedule(VisitId id, ScheduleVisit command, TimeProvider time, IndicatorCatalogue? catalogue = null, ProcedureRegistry? procedures = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(time);
        var visit = Visit.Empty(id);
        visit.Apply(new VisitEvent(id, 1, time.GetUtcNow(), VisitState.Scheduled, VisitState.Scheduled, command));
        return new VisitWorkflow(visit, time, catalogue, procedures);
    }

    /// <summary>Executes a command: validates its data, fires its trigger and applies the resulting event.</summary>
    /// <returns>The event to append to the visit's stream.</returns>
    /// <exception cref="VisitCommandRejectedException">The command is not allowed now; names the state, command and every unmet guard.</exception>
    /// <exception cref="FindingValidationException">A finding breaks a catalogue rule.</exception>
    /// <exception cref="ProcedureValidationException">A procedure breaks a registry rule.</exception>
    /// <exception cref="ArgumentException">The command's data is malformed (e.g. a pain score outside 0–10).</exception>
    public VisitEvent Execute(VisitCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        ValidateData(command);
        var machine = Machine(command.Trigger);
        var from = _visit.State;
        _state = from;
        _command = command;
        try
        {
            machine.Fire(command.Trigger);
        }
        catch
        {
            _machine = null; // rebuilt from the visit on next use
            _state = _visit.State;
            throw;
        }
        finally
        {
            _command = null;
        }

        var e = new VisitEvent(_visit.Id, _visit.Version + 1, _time.GetUtcNow(), from, _state, command);
        _visit.Apply(e);
        return e;
    }

    /// <summary>Whether <paramref name="command"/> (with its data) is allowed now and, if not, the unmet guards.</summary>
    public CommandAvailability Evaluate(VisitCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Trigger == VisitTrigger.Schedule)
        {
            return new CommandAvailability(command.Trigger, false, false, []);
        }

        var machine = Machine(command.Trigger);
        _state = _visit.State;
        _command = command;
        bool allowed;
        string[] unmet;
        try
        {
            allowed = machine.CanFire(command.Trigger, out var fromMachine);
            unmet = allowed ? [] : Unmet(_state, command.Trigger, fromMachine);
        }
        finally
        {
            _command = null;
        }

        return new CommandAvailability(command.Trigger, allowed, allowed || unmet.Length > 0, unmet);
    }

    /// <summary>
    /// "What can I do now?": every command of the workflow with whether <paramref name="actor"/> may issue it now
    /// and, if not, the unmet guards. Commands given in <paramref name="withData"/> are judged with their data;
    /// the others with empty data, so guards on data (a reason, an addendum text…) are listed as unmet.
    /// </summary>
    public IReadOnlyList<CommandAvailability> WhatCanIDo(Actor actor, params IEnumerable<VisitCommand> withData)
    {
        ArgumentNullException.ThrowIfNull(withData);
        var given = withData.ToDictionary(c => c.Trigger);
        var result = new CommandAvailability[MachineTriggers.Length];
        for (var i = 0; i < MachineTriggers.Length; i++)
        {
            var trigger = MachineTriggers[i];
            result[i] = Evaluate(given.TryGetValue(trigger, out var c) ? c : Draft(trigger, actor));
        }

        return result;
    }

    /// <summary>The workflow as a Mermaid state diagram, from a fresh machine in <see cref="VisitState.Scheduled"/>.</summary>
    public static string MermaidDiagram() => MermaidGraph.Format(FreshInfo());

    /// <summary>The workflow as a DOT (Graphviz) graph, from a fresh machine in <see cref="VisitState.Scheduled"/>.</summary>
    public static string DotDiagram() => UmlDotGraph.Format(FreshInfo());

    private static StateMachineInfo FreshInfo()
    {
        var fresh = WithDescribedGuards(Visit.Empty(new VisitId(Guid.Empty)), TimeProvider.System);
        return fresh.Build().GetInfo();
    }

    private VisitCommand Draft(VisitTrigger trigger, Actor a) => trigger switch
    {
        VisitTrigger.CheckIn => new CheckIn(a),
        VisitTrigger.Cancel => new CancelVisit(a, string.Empty),
        VisitTrigger.MarkNoShow => new MarkNoShow(a),
        VisitTrigger.StartVisit => new StartVisit(a),
        VisitTrigger.RecordIntake => new RecordIntake(a, string.Empty),
        VisitTrigger.RecordConsent => new RecordConsent(a, []),
        VisitTrigger.RecordRedFlagScreen => new RecordRedFlagScreen(a, RedFlagScreen.Clear),
        VisitTrigger.BeginExamination => new BeginExamination(a),
        VisitTrigger.RecordFinding => new RecordFinding(a, new Finding("DRAFT", string.Empty, AnalysisPosition.Standing, Side.None, PhaseOf(_visit.State) ?? FindingPhase.InitialAnalysis, [])),
        VisitTrigger.DetermineCategory => new DetermineCategory(a, CategoryDetermination.PractitionersChoice(SotCategory.I, [], string.Empty)),
        VisitTrigger.BeginTreatment => new BeginTreatment(a),
        VisitTrigger.RecordProcedure => new RecordProcedure(a, new RecordedProcedure("DRAFT", string.Empty, [], [])),
        VisitTrigger.Reassess => new Reassess(a, []),
        VisitTrigger.Pause => new PauseVisit(a),
        VisitTrigger.Resume => new ResumeVisit(a),
        VisitTrigger.Discontinue => new DiscontinueVisit(a, string.Empty),
        VisitTrigger.EndVisit => new EndVisit(a),
        VisitTrigger.Sign => new SignNote(a),
        VisitTrigger.AddAddendum => new AddAddendum(a, string.Empty),
        VisitTrigger.MarkEnteredInError => new MarkEnteredInError(a, string.Empty),
        _ => throw new ArgumentOutOfRangeException(nameof(trigger), trigger, "Not a workflow command."),
    };

    private void ValidateData(VisitCommand command)
    {
        switch (command)
        {
            case ScheduleVisit:
                throw new ArgumentException("A visit is scheduled once, through VisitWorkflow.Schedule.", nameof(command));
            case RecordFinding f:
                ArgumentNullException.ThrowIfNull(f.Finding, nameof(command));
                _catalogue.Validate(f.Finding);
                break;
            case Reassess r:
                ArgumentNullException.ThrowIfNull(r.Retests, nameof(command));
                foreach (var finding in r.Retests)
                {
                    ArgumentNullException.ThrowIfNull(finding, nameof(command));
                    _catalogue.Validate(finding);
                }

                break;
            case RecordProcedure p:
                ArgumentNullException.ThrowIfNull(p.Procedure, nameof(command));
                _procedures.Validate(p.Procedure);
                break;
            case RecordIntake { PainScore: < 0 or > 10 }:
                throw new ArgumentOutOfRangeException(nameof(command), "The pain score is outside 0–10.");
            case RecordIntake i:
                ArgumentNullException.ThrowIfNull(i.Questionnaires, nameof(command));
                foreach (var q in i.Questionnaires)
                {
                    ArgumentNullException.ThrowIfNull(q, nameof(command));
                    if (q.Problem() is { } problem)
                    {
                        throw new ArgumentException($"The intake's questionnaire cannot be recorded: {problem}.", nameof(command));
                    }
                }

                break;
            case RecordConsent c:
                ArgumentNullException.ThrowIfNull(c.Scopes, nameof(command));
                break;
            case RecordRedFlagScreen r:
                ArgumentNullException.ThrowIfNull(r.Screen, nameof(command));
                break;
            case DetermineCategory d:
                ArgumentNullException.ThrowIfNull(d.Determination, nameof(command));
                if (!Enum.IsDefined(d.Determination.Primary) || d.Determination.Secondary is null || d.Determination.Secondary.Any(s => !Enum.IsDefined(s) || s == d.Determination.Primary))
                {
                    throw new ArgumentException("The category determination names an undefined or repeated category.", nameof(command));
                }

                break;
        }
    }

    private static FindingPhase? PhaseOf(VisitState state) => state switch
    {
        VisitState.Examination => FindingPhase.InitialAnalysis,
        VisitState.Treatment => FindingPhase.DuringBlocking,
        VisitState.Reassessment => FindingPhase.Reassessment,
        _ => null,
    };

    // The machine, with the transition that handles trigger in the visit's current state configured.
    private StateMachine<VisitState, VisitTrigger> Machine(VisitTrigger trigger)
    {
        var machine = _machine ?? Build();
        if (!_describedGuards)
        {
            Configure(machine, _visit.State, trigger);
        }

        return machine;
    }

    // Builds the machine. The diagrams' machine (described guards) is configured completely, state by state in the
    // table's order. The per-visit machine is configured as it is used: before a command is fired or judged, the
    // current state (with its superstate) and the one transition that can handle the command there are added
    // (see Configure). Stateless looks a trigger up only among the behaviours configured for that trigger on the
    // state and its superstates, so a machine configured this way accepts, rejects and explains each command
    // exactly as the complete machine does; a visit loaded for one command configures one transition.
    private StateMachine<VisitState, VisitTrigger> Build()
    {
        var sm = new StateMachine<VisitState, VisitTrigger>(() => _state, s => _state = s);
        sm.OnUnhandledTrigger((state, trigger, unmet) => throw new VisitCommandRejectedException(_visit.Id, state, trigger, Unmet(state, trigger, unmet)));
        _configuredStates = 0;
        _configuredRules = 0;
        _machine = sm;
        if (_describedGuards)
        {
            Func<VisitState> resumeTo = () => _visit.PausedFrom ?? VisitState.Intake;
            foreach (var configured in Workflow)
            {
                var state = sm.Configure(configured.State);
                if (configured.Superstate is { } super)
                {
                    state.SubstateOf(super);
                }

                foreach (var rule in configured.Rules)
                {
                    ConfigureDescribed(state, rule, resumeTo);
                }
            }
        }

        return sm;
    }

    // Adds to the per-visit machine what judging trigger in state needs: the state and its superstate link, and the
    // transition (of the state or its superstate) that handles the trigger, with one guard standing for its checks.
    private void Configure(StateMachine<VisitState, VisitTrigger> sm, VisitState state, VisitTrigger trigger)
    {
        if ((_configuredStates & (1u << (int)state)) == 0)
        {
            var configuration = sm.Configure(state);
            if (SuperstateOf(state) is { } super)
            {
                configuration.SubstateOf(super);
            }

            _configuredStates |= 1u << (int)state;
        }

        if (RuleAt(state, trigger) is not { } rule || (_configuredRules & (1ul << rule.Index)) != 0)
        {
            return;
        }

        var source = sm.Configure(rule.Source);
        if (rule.Checks.Length == 0)
        {
            source.Permit(rule.Trigger, rule.Destination!.Value);
        }
        else if (rule.Dynamic)
        {
            source.PermitDynamicIf(rule.Trigger, _resumeTo ??= () => _visit.PausedFrom ?? VisitState.Intake, _guardsMet ??= GuardsMet, rule.Description, ResumeDestinations);
        }
        else if (rule.Destination is { } to)
        {
            source.PermitIf(rule.Trigger, to, _guardsMet ??= GuardsMet, rule.Description);
        }
        else
        {
            source.PermitReentryIf(rule.Trigger, _guardsMet ??= GuardsMet, rule.Description);
        }

        _configuredRules |= 1ul << rule.Index;
    }

    // One Stateless guard per check, each with its own description: the form the diagrams show.
    private void ConfigureDescribed(StateMachine<VisitState, VisitTrigger>.StateConfiguration state, Rule rule, Func<VisitState> resumeTo)
    {
        var guards = new Tuple<Func<bool>, string>[rule.Checks.Length];
        for (var i = 0; i < guards.Length; i++)
        {
            var check = rule.Checks[i];
            guards[i] = Tuple.Create<Func<bool>, string>(() => check.IsMet(this), check.Description);
        }

        if (rule.Dynamic)
        {
            state.PermitDynamicIf(rule.Trigger, resumeTo, ResumeDestinations, guards);
        }
        else if (rule.Destination is { } to)
        {
            state.PermitIf(rule.Trigger, to, guards);
        }
        else
        {
            state.PermitReentryIf(rule.Trigger, guards);
        }
    }

    // The unmet guards of a rejected command or of CanFire: none when the state has no such command, else every
    // unmet check's description (the per-visit machine's single guard stands for all of its transition's checks).
    private string[] Unmet(VisitState state, VisitTrigger trigger, ICollection<string>? fromMachine)
    {
        if (fromMachine is null || fromMachine.Count == 0)
        {
            return [];
        }

        return _describedGuards ? [.. fromMachine] : UnmetGuards(state, trigger);
    }

    private VisitCommand Current => _command ?? throw new InvalidOperationException("Guards are evaluated only while a command is judged.");
}

/// <summary>Whether a command is allowed now and, if not, why.</summary>
/// <param name="Command">The command.</param>
/// <param name="Allowed">True when it would be accepted now.</param>
/// <param name="PermittedInState">False when the current state has no transition for the command at all.</param>
/// <param name="UnmetGuards">The unmet guard descriptions (empty when allowed or not permitted in the state).</param>
public sealed record CommandAvailability(VisitTrigger Command, bool Allowed, bool PermittedInState, IReadOnlyList<string> UnmetGuards);
