using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Procedures;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Records;

/// <summary>The outcome of a visit command: the visit after it, the stored events and how many attempts it took.</summary>
/// <param name="Visit">The visit's new state.</param>
/// <param name="Stored">The events appended (one per command).</param>
/// <param name="Attempts">1, or more when a concurrent change made the service run the command again on the newer state.</param>
public sealed record VisitCommandResult(Visit Visit, IReadOnlyList<StoredEvent> Stored, int Attempts);

/// <summary>
/// The visit application service the console and host apps call: loads a visit from the record store, runs one
/// workflow command on a fresh machine, appends the resulting event in one write and returns the new state.
/// Every command is audited (also when rejected); once the events are stored, the
/// <see cref="IVisitLifecycleNotifier"/> tells the visit lifecycle observers, one call per stored event, in order.
/// </summary>
/// <remarks>
/// When another writer appended to the visit first, a command is run again on the newer state — unless it
/// attests to content the actor saw (signing, determining the category, marking entered-in-error): then the
/// <see cref="StreamVersionConflictException"/> reaches the caller, who reloads and decides again.
/// </remarks>
public sealed class VisitRecordService
{
    private readonly IRecordStore _store;
    private readonly TimeProvider _time;
    private readonly IndicatorCatalogue _catalogue;
    private readonly ProcedureRegistry _procedures;
    private readonly AuditTrail _audit;
    private readonly IVisitLifecycleNotifier? _notifier;
    private readonly RecordServiceOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the service.</summary>
    /// <param name="store">The record store.</param>
    /// <param name="time">The clock events are stamped with.</param>
    /// <param name="audit">The audit trail.</param>
    /// <param name="notifier">
    /// Tells the visit lifecycle observers about each stored transition, after the append (the host registers one
    /// that isolates every observer); none are told when null. A notifier that throws does not fail or undo the
    /// stored command.
    /// </param>
    /// <param name="catalogue">The indicator catalogue findings are checked against (Core's when null).</param>
    /// <param name="procedures">The procedure registry procedures are checked against (Core's when null).</param>
    /// <param name="options">Retry settings (defaults when null).</param>
    /// <param name="logger">Logs ids and command names only.</param>
    public VisitRecordService(
        IRecordStore store,
        TimeProvider time,
        AuditTrail audit,
        IVisitLifecycleNotifier? notifier = null,
        IndicatorCatalogue? catalogue = null,
        ProcedureRegistry? procedures = null,
        RecordServiceOptions? options = null,
        ILogger<VisitRecordService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(audit);
        _store = store;
        _time = time;
        _audit = audit;
        _notifier = notifier;
        _catalogue = catalogue ?? IndicatorCatalogue.Core;
        _procedures = procedures ?? ProcedureRegistry.Core;
        _options = options ?? new RecordServiceOptions();
        _logger = logger ?? NullLogger<VisitRecordService>.Instance;
        if (_options.MaxAttempts is < 1 or > 10)
        {
            throw new ArgumentException("MaxAttempts is 1–10.", nameof(options));
        }
    }

    /// <summary>Books a visit: starts its stream with the schedule event.</summary>
    /// <exception cref="StreamVersionConflictException">A visit with this id exists.</exception>
    public async Task<VisitCommandResult> ScheduleAsync(VisitId id, ScheduleVisit command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var stream = StreamId.For(id);
        var workflow = VisitWorkflow.Schedule(id, command, _time, _catalogue, _procedures);
        var visit = workflow.Visit;
        IReadOnlyList<StoredEvent> stored;
        try
        {
            stored = await _store.AppendAsync(Request(visit, 0, visit.Events), cancellationToken);
            await _audit.TryRecordAsync(command.Actor, AuditActions.Create, command.Patient, stream, nameof(VisitTrigger.Schedule), AuditOutcome.Succeeded, cancellationToken);
        }
        catch (StreamVersionConflictException)
        {
            await _audit.TryRecordAsync(command.Actor, AuditActions.Create, command.Patient, stream, nameof(VisitTrigger.Schedule), AuditOutcome.Rejected, cancellationToken);
            throw;
        }

        await NotifyAsync(visit.Events, cancellationToken);
        return new VisitCommandResult(visit, stored, 1);
    }

    /// <summary>Loads a visit for <paramref name="reader"/> (audited as a read).</summary>
    /// <exception cref="RecordNotFoundException">No such visit.</exception>
    /// <exception cref="RecordDecodingException">A stored event cannot be decoded.</exception>
    public async Task<Visit> LoadAsync(VisitId id, Actor reader, CancellationToken cancellationToken = default)
    {
        var visit = await LoadAsync(id, cancellationToken);
        await _audit.TryRecordAsync(reader, AuditActions.Read, visit.Patient, StreamId.For(id), null, AuditOutcome.Succeeded, cancellationToken);
        return visit;
    }

    /// <summary>Runs one command on a visit and appends its event.</summary>
    /// <exception cref="RecordNotFoundException">No such visit.</exception>
    /// <exception cref="VisitCommandRejectedException">The command is not allowed now (names every unmet guard); nothing was written.</exception>
    /// <exception cref="FindingValidationException">A finding breaks a catalogue rule; nothing was written.</exception>
    /// <exception cref="ProcedureValidationException">A procedure breaks a registry rule; nothing was written.</exception>
    /// <exception cref="StreamVersionConflictException">Another writer changed the visit and the command is not safe to run again; nothing was written.</exception>
    public async Task<VisitCommandResult> ExecuteAsync(VisitId id, VisitCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command is ScheduleVisit)
        {
            throw new ArgumentException("Schedule a visit with ScheduleAsync.", nameof(command));
        }

        var stream = StreamId.For(id);
        var commandName = command.Trigger.ToString();
        PatientId? patient = null;
        for (var attempt = 1; ; attempt++)
        {
            VisitCommandResult result;
            VisitEvent accepted;
            try
            {
                var visit = await LoadAsync(id, cancellationToken);
                patient = visit.Patient;
                var expected = visit.Version;
                accepted = new VisitWorkflow(visit, _time, _catalogue, _procedures).Execute(command);
                var stored = await _store.AppendAsync(Request(visit, expected, [accepted]), cancellationToken);
                ServiceLog.Stored(_logger, stream.Value, commandName, stored[^1].Version);
                await _audit.TryRecordAsync(command.Actor, ActionOf(command), patient, stream, commandName, AuditOutcome.Succeeded, cancellationToken);
                result = new VisitCommandResult(visit, stored, attempt);
            }
            catch (StreamVersionConflictException) when (attempt < _options.MaxAttempts && IsSafeToRetry(command))
            {
                ServiceLog.Retrying(_logger, stream.Value, commandName, attempt);
                continue;
            }
            catch (Exception e) when (e is VisitCommandRejectedException or FindingValidationException or ProcedureValidationException or StreamVersionConflictException or ArgumentException)
            {
                if (_logger.IsEnabled(LogLevel.Information))
                {
                    var reason = e.GetType().Name;
                    ServiceLog.Rejected(_logger, stream.Value, commandName, reason);
                }

                await _audit.TryRecordAsync(command.Actor, ActionOf(command), patient, stream, commandName, AuditOutcome.Rejected, cancellationToken);
                throw;
            }

            // Outside the try: the command is stored and audited, nothing after this point may report it as rejected.
            await NotifyAsync([accepted], cancellationToken);
            return result;
        }
    }

    /// <summary>
    /// Starts a unit of work on an existing visit: the visit is loaded once, commands run on it in memory
    /// (<see cref="VisitUnitOfWork.Execute"/>), and <see cref="VisitUnitOfWork.CommitAsync"/> appends all their events
    /// with one audit entry per command in one write.
    /// </summary>
    /// <exception cref="RecordNotFoundException">No such visit.</exception>
    public async Task<VisitUnitOfWork> BeginAsync(VisitId id, CancellationToken cancellationToken = default)
    {
        var visit = await LoadAsync(id, cancellationToken);
        return new VisitUnitOfWork(this, new VisitWorkflow(visit, _time, _catalogue, _procedures), visit.Version, null);
    }

    /// <summary>
    /// Starts a unit of work on a new visit: <paramref name="command"/> books it, further commands run in memory, and
    /// <see cref="VisitUnitOfWork.CommitAsync"/> starts the visit's stream with all their events in one write.
    /// </summary>
    public VisitUnitOfWork Begin(VisitId id, ScheduleVisit command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var workflow = VisitWorkflow.Schedule(id, command, _time, _catalogue, _procedures);
        var work = new VisitUnitOfWork(this, workflow, 0, workflow.Visit.Events[0]);
        work.Audit(command.Actor, AuditActions.Create, nameof(VisitTrigger.Schedule), AuditOutcome.Succeeded);
        return work;
    }

    internal AuditRecord AuditRecordOf(Actor actor, string action, PatientId? patient, StreamId stream, string detail, AuditOutcome outcome) =>
        new(_time.GetUtcNow(), actor.Id.ToString(), action, outcome, patient, stream, detail);

    internal static string AuditActionOf(VisitCommand command) => ActionOf(command);

    internal async Task<IReadOnlyList<StoredEvent>> CommitAsync(Visit visit, int expected, IReadOnlyList<VisitEvent> events, IReadOnlyList<AuditRecord> audit, CancellationToken cancellationToken)
    {
        var stream = StreamId.For(visit.Id);
        if (events.Count == 0)
        {
            foreach (var entry in audit)
            {
                await _store.AppendAuditAsync(entry, cancellationToken);
            }

            return [];
        }

        var stored = await _store.AppendAuditedAsync(Request(visit, expected, events), audit, cancellationToken);
        ServiceLog.Stored(_logger, stream.Value, "UnitOfWork", stored[^1].Version);
        await NotifyAsync(events, cancellationToken);
        return stored;
    }

    /// <summary>The visits of a patient (or of everyone), newest first, with their current state as status.</summary>
    public Task<RecordPage<StreamInfo>> ListAsync(PatientId? patient, PageRequest page, CancellationToken cancellationToken = default) =>
        _store.ListStreamsAsync(StreamKind.Visit, patient, page, cancellationToken);

    /// <summary>
    /// Whether a command attests to what the actor saw (and so must not be run again on a state they did not see):
    /// signing, determining the category and marking entered-in-error are not retried.
    /// </summary>
    public static bool IsSafeToRetry(VisitCommand command) => command is not (SignNote or DetermineCategory or MarkEnteredInError);

    private async Task<Visit> LoadAsync(VisitId id, CancellationToken cancellationToken)
    {
        var stream = StreamId.For(id);
        var stored = await _store.ReadStreamAsync(stream, 1, cancellationToken);
        if (stored.Count == 0 || stored[0].Kind != StreamKind.Visit)
        {
            throw new RecordNotFoundException(stream, StreamKind.Visit);
        }

        return Visit.FromEvents(RecordEventSerializer.DecodeVisit(stored));
    }

    private static AppendRequest Request(Visit visit, int expected, IEnumerable<VisitEvent> events) =>
        new(StreamId.For(visit.Id), StreamKind.Visit, visit.Patient, expected, events.Select(RecordEventSerializer.Encode).ToArray())
        {
            Status = visit.State.ToString(),
        };

    private static string ActionOf(VisitCommand command) => command switch
    {
        SignNote => AuditActions.Sign,
        AddAddendum => AuditActions.Amend,
        MarkEnteredInError => AuditActions.EnteredInError,
        _ => AuditActions.Update,
    };

    /// <summary>
    /// Hands each stored event's transition to the notifier, in order. The notifier isolates the observers; should
    /// the notifier itself fail, the failure is logged by id and the stored command stands.
    /// </summary>
    private async Task NotifyAsync(IReadOnlyList<VisitEvent> events, CancellationToken cancellationToken)
    {
        if (_notifier is null)
        {
            return;
        }

        foreach (var e in events)
        {
            try
            {
                await _notifier.NotifyAsync(VisitTransition.Of(e), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                ServiceLog.NotifierFailed(_logger, _notifier.GetType().Name, ex.GetType().Name, StreamId.For(e.VisitId).Value, e.Version);
            }
        }
    }
}

/// <summary>
/// One visit loaded once and changed by several commands, written together: the events in one append and one audit
/// entry per command (also for a rejected command), in one transaction where the store supports it. Commands run on
/// the real workflow as they are given, so a rejected command throws at once and changes nothing; the commands that
/// ran before it are still written by <see cref="CommitAsync"/>. Not thread-safe: one caller per unit of work.
/// </summary>
public sealed class VisitUnitOfWork
{
    private readonly VisitRecordService _service;
    private readonly VisitWorkflow _workflow;
    private readonly List<VisitEvent> _pending = [];
    private readonly List<AuditRecord> _audit = [];
    private int _expected;

    internal VisitUnitOfWork(VisitRecordService service, VisitWorkflow workflow, int expected, VisitEvent? first)
    {
        _service = service;
        _workflow = workflow;
        _expected = expected;
        if (first is not null)
        {
            _pending.Add(first);
        }
    }

    /// <summary>The visit as the commands so far left it (not yet stored until <see cref="CommitAsync"/>).</summary>
    public Visit Visit => _workflow.Visit;

    /// <summary>Commands run and not yet written.</summary>
    public int PendingEvents => _pending.Count;

    /// <summary>Runs one command on the visit in memory.</summary>
    /// <returns>The visit after the command.</returns>
    /// <exception cref="VisitCommandRejectedException">The command is not allowed now; the rejection is audited at commit.</exception>
    /// <exception cref="FindingValidationException">A finding breaks a catalogue rule; the rejection is audited at commit.</exception>
    /// <exception cref="ProcedureValidationException">A procedure breaks a registry rule; the rejection is audited at commit.</exception>
    public Visit Execute(VisitCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command is ScheduleVisit)
        {
            throw new ArgumentException("A visit is scheduled by VisitRecordService.Begin.", nameof(command));
        }

        var name = command.Trigger.ToString();
        try
        {
            _pending.Add(_workflow.Execute(command));
        }
        catch (Exception e) when (e is VisitCommandRejectedException or FindingValidationException or ProcedureValidationException or ArgumentException)
        {
            Audit(command.Actor, VisitRecordService.AuditActionOf(command), name, AuditOutcome.Rejected);
            throw;
        }

        Audit(command.Actor, VisitRecordService.AuditActionOf(command), name, AuditOutcome.Succeeded);
        return Visit;
    }

    /// <summary>Writes the pending events and audit entries in one append.</summary>
    /// <exception cref="StreamVersionConflictException">Another writer changed the visit since it was loaded; nothing was written.</exception>
    public async Task<VisitCommandResult> CommitAsync(CancellationToken cancellationToken = default)
    {
        var stored = await _service.CommitAsync(Visit, _expected, [.. _pending], [.. _audit], cancellationToken);
        _pending.Clear();
        _audit.Clear();
        _expected = Visit.Version;
        return new VisitCommandResult(Visit, stored, 1);
    }

    internal void Audit(Actor actor, string action, string command, AuditOutcome outcome) =>
        _audit.Add(_service.AuditRecordOf(actor, action, Visit.Patient, StreamId.For(Visit.Id), command, outcome));
}
