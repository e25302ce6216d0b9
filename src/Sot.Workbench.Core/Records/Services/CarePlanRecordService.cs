using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sot.Workbench.CarePlans;
using Sot.Workbench.Domain;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Records;

/// <summary>
/// The care-plan application service: creates a plan, runs one plan command (accept, count a visit, hold, resume,
/// complete, cancel) on the stored plan, appends its event in one write and returns the new state. Every command
/// is audited. Plan commands are safe to run again on a newer state, so a concurrent change is retried.
/// </summary>
public sealed class CarePlanRecordService
{
    private readonly IRecordStore _store;
    private readonly TimeProvider _time;
    private readonly AuditTrail _audit;
    private readonly RecordServiceOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the service.</summary>
    public CarePlanRecordService(IRecordStore store, TimeProvider time, AuditTrail audit, RecordServiceOptions? options = null, ILogger<CarePlanRecordService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(audit);
        _store = store;
        _time = time;
        _audit = audit;
        _options = options ?? new RecordServiceOptions();
        _logger = logger ?? NullLogger<CarePlanRecordService>.Instance;
    }

    /// <summary>Creates a plan for the patient its definition names.</summary>
    /// <exception cref="ArgumentException">The definition has no phases; nothing was written.</exception>
    /// <exception cref="StreamVersionConflictException">A plan with this id exists; nothing was written.</exception>
    public async Task<CarePlan> CreateAsync(CarePlanId id, CarePlanDefinition definition, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var stream = StreamId.For(id);
        try
        {
            var plan = CarePlan.Create(id, definition, actor, _time);
            await _store.AppendAsync(Request(plan, 0, plan.Events), cancellationToken);
            await _audit.TryRecordAsync(actor, AuditActions.Create, definition.Patient, stream, nameof(CarePlanTrigger.Create), AuditOutcome.Succeeded, cancellationToken);
            return plan;
        }
        catch (Exception e) when (e is ArgumentException or StreamVersionConflictException)
        {
            await _audit.TryRecordAsync(actor, AuditActions.Create, definition.Patient, stream, nameof(CarePlanTrigger.Create), AuditOutcome.Rejected, cancellationToken);
            throw;
        }
    }

    /// <summary>The patient accepts the plan.</summary>
    public Task<CarePlan> AcceptAsync(CarePlanId id, Actor actor, CancellationToken cancellationToken = default) =>
        ExecuteAsync(id, actor, CarePlanTrigger.Accept, p => p.Accept(actor), cancellationToken);

    /// <summary>Counts a signed visit against the plan.</summary>
    public Task<CarePlan> RecordVisitAsync(CarePlanId id, VisitId visit, Actor actor, CancellationToken cancellationToken = default) =>
        ExecuteAsync(id, actor, CarePlanTrigger.RecordVisit, p => p.RecordVisit(actor, visit), cancellationToken);

    /// <summary>Pauses the plan.</summary>
    public Task<CarePlan> HoldAsync(CarePlanId id, string reason, Actor actor, CancellationToken cancellationToken = default) =>
        ExecuteAsync(id, actor, CarePlanTrigger.Hold, p => p.Hold(actor, reason), cancellationToken);

    /// <summary>Resumes the plan.</summary>
    public Task<CarePlan> ResumeAsync(CarePlanId id, Actor actor, CancellationToken cancellationToken = default) =>
        ExecuteAsync(id, actor, CarePlanTrigger.Resume, p => p.Resume(actor), cancellationToken);

    /// <summary>Finishes the plan (before all planned visits an early-discharge reason is required).</summary>
    public Task<CarePlan> CompleteAsync(CarePlanId id, string? earlyDischargeReason, Actor actor, CancellationToken cancellationToken = default) =>
        ExecuteAsync(id, actor, CarePlanTrigger.Complete, p => p.Complete(actor, earlyDischargeReason), cancellationToken);

    /// <summary>Cancels the plan.</summary>
    public Task<CarePlan> CancelAsync(CarePlanId id, string reason, Actor actor, CancellationToken cancellationToken = default) =>
        ExecuteAsync(id, actor, CarePlanTrigger.Cancel, p => p.Cancel(actor, reason), cancellationToken);

    /// <summary>Loads a plan for <paramref name="reader"/> (audited as a read).</summary>
    /// <exception cref="RecordNotFoundException">No such plan.</exception>
    public async Task<CarePlan> LoadAsync(CarePlanId id, Actor reader, CancellationToken cancellationToken = default)
    {
        var plan = await LoadAsync(id, cancellationToken);
        await _audit.TryRecordAsync(reader, AuditActions.Read, plan.Definition.Patient, StreamId.For(id), null, AuditOutcome.Succeeded, cancellationToken);
        return plan;
    }

    /// <summary>A patient's plans (or everyone's), newest first, with their state as status.</summary>
    public Task<RecordPage<StreamInfo>> ListAsync(PatientId? patient, PageRequest page, CancellationToken cancellationToken = default) =>
        _store.ListStreamsAsync(StreamKind.CarePlan, patient, page, cancellationToken);

    private async Task<CarePlan> ExecuteAsync(CarePlanId id, Actor actor, CarePlanTrigger trigger, Func<CarePlan, CarePlanEvent> run, CancellationToken cancellationToken)
    {
        var stream = StreamId.For(id);
        var command = trigger.ToString();
        PatientId? patient = null;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var plan = await LoadAsync(id, cancellationToken);
                patient = plan.Definition.Patient;
                var expected = plan.Version();
                var e = run(plan);
                var stored = await _store.AppendAsync(Request(plan, expected, [e]), cancellationToken);
                ServiceLog.Stored(_logger, stream.Value, command, stored[^1].Version);
                await _audit.TryRecordAsync(actor, AuditActions.Update, patient, stream, command, AuditOutcome.Succeeded, cancellationToken);
                return plan;
            }
            catch (StreamVersionConflictException) when (attempt < _options.MaxAttempts)
            {
                ServiceLog.Retrying(_logger, stream.Value, command, attempt);
            }
            catch (Exception e) when (e is CarePlanCommandRejectedException or StreamVersionConflictException)
            {
                await _audit.TryRecordAsync(actor, AuditActions.Update, patient, stream, command, AuditOutcome.Rejected, cancellationToken);
                throw;
            }
        }
    }

    private async Task<CarePlan> LoadAsync(CarePlanId id, CancellationToken cancellationToken)
    {
        var stream = StreamId.For(id);
        var stored = await _store.ReadStreamAsync(stream, 1, cancellationToken);
        if (stored.Count == 0 || stored[0].Kind != StreamKind.CarePlan)
        {
            throw new RecordNotFoundException(stream, StreamKind.CarePlan);
        }

        return CarePlan.FromEvents(RecordEventSerializer.DecodeCarePlan(stored), _time);
    }

    private static AppendRequest Request(CarePlan plan, int expected, IEnumerable<CarePlanEvent> events) =>
        new(StreamId.For(plan.Id), StreamKind.CarePlan, plan.Definition.Patient, expected, events.Select(RecordEventSerializer.Encode).ToArray())
        {
            Status = plan.State.ToString(),
        };
}

internal static class CarePlanVersion
{
    public static int Version(this CarePlan plan) => plan.Events.Count;
}
