using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sot.Workbench.Domain;
using Sot.Workbench.Patients;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Records;

/// <summary>A patient's whole history as stored: every event of every stream of the patient, decoded where possible.</summary>
/// <param name="Patient">The patient.</param>
/// <param name="Events">The events in append order; an event that cannot be decoded carries its error, and the rest still read.</param>
public sealed record PatientHistory(PatientId Patient, IReadOnlyList<DecodedEvent> Events)
{
    /// <summary>Events that could not be decoded.</summary>
    public IEnumerable<EventDecodingError> Errors => Events.Where(e => e.Error is not null).Select(e => e.Error!);
}

/// <summary>
/// The patient application service: registers patients, corrects details, marks a registration entered-in-error,
/// finds and lists patients and reads a patient's whole history. Every command, read and search is audited.
/// Patient commands are safe to run again on a newer state, so a concurrent change is retried.
/// </summary>
public sealed class PatientRecordService
{
    private readonly IRecordStore _store;
    private readonly TimeProvider _time;
    private readonly AuditTrail _audit;
    private readonly RecordServiceOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the service.</summary>
    public PatientRecordService(IRecordStore store, TimeProvider time, AuditTrail audit, RecordServiceOptions? options = null, ILogger<PatientRecordService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(audit);
        _store = store;
        _time = time;
        _audit = audit;
        _options = options ?? new RecordServiceOptions();
        _logger = logger ?? NullLogger<PatientRecordService>.Instance;
    }

    /// <summary>Registers a patient.</summary>
    /// <exception cref="PatientCommandRejectedException">A detail breaks a rule; nothing was written.</exception>
    /// <exception cref="StreamVersionConflictException">A patient with this id exists; nothing was written.</exception>
    public async Task<PatientRecord> RegisterAsync(PatientId id, string givenName, string familyName, DateOnly dateOfBirth, AdministrativeSex sex, Actor actor, CancellationToken cancellationToken = default)
    {
        var stream = StreamId.For(id);
        try
        {
            var record = PatientRecord.Register(id, givenName, familyName, dateOfBirth, sex, actor, _time);
            await _store.AppendAsync(Request(record, 0, record.Events), cancellationToken);
            ServiceLog.Stored(_logger, stream.Value, "Register", 1);
            await _audit.TryRecordAsync(actor, AuditActions.Create, id, stream, "Register", AuditOutcome.Succeeded, cancellationToken);
            return record;
        }
        catch (Exception e) when (e is PatientCommandRejectedException or StreamVersionConflictException)
        {
            await _audit.TryRecordAsync(actor, AuditActions.Create, id, stream, "Register", AuditOutcome.Rejected, cancellationToken);
            throw;
        }
    }

    /// <summary>Corrects a patient's details; the earlier details stay in the record.</summary>
    /// <exception cref="RecordNotFoundException">No such patient.</exception>
    /// <exception cref="PatientCommandRejectedException">The record is closed, no reason is given, or a detail breaks a rule; nothing was written.</exception>
    public Task<PatientRecord> CorrectDetailsAsync(PatientId id, string givenName, string familyName, DateOnly dateOfBirth, AdministrativeSex sex, string reason, Actor actor, CancellationToken cancellationToken = default) =>
        ExecuteAsync(id, actor, "CorrectDetails", AuditActions.Update, r => r.CorrectDetails(givenName, familyName, dateOfBirth, sex, reason, actor), cancellationToken);

    /// <summary>Marks a registration entered-in-error (e.g. a duplicate). Nothing is deleted.</summary>
    /// <exception cref="RecordNotFoundException">No such patient.</exception>
    /// <exception cref="PatientCommandRejectedException">Already marked, or no reason given; nothing was written.</exception>
    public Task<PatientRecord> MarkEnteredInErrorAsync(PatientId id, string reason, Actor actor, CancellationToken cancellationToken = default) =>
        ExecuteAsync(id, actor, "MarkEnteredInError", AuditActions.EnteredInError, r => r.MarkEnteredInError(reason, actor), cancellationToken);

    /// <summary>Loads a patient's administrative record for <paramref name="reader"/> (audited as a read).</summary>
    /// <exception cref="RecordNotFoundException">No such patient.</exception>
    public async Task<PatientRecord> LoadAsync(PatientId id, Actor reader, CancellationToken cancellationToken = default)
    {
        var record = await LoadAsync(id, cancellationToken);
        await _audit.TryRecordAsync(reader, AuditActions.Read, id, StreamId.For(id), null, AuditOutcome.Succeeded, cancellationToken);
        return record;
    }

    /// <summary>
    /// A patient's whole history (administrative record, visits, care plans) read in one query, for
    /// <paramref name="reader"/> (audited as a read). Undecodable events are reported, not thrown.
    /// </summary>
    public async Task<PatientHistory> ReadHistoryAsync(PatientId id, Actor reader, CancellationToken cancellationToken = default)
    {
        var events = await _store.ReadPatientHistoryAsync(id, cancellationToken);
        await _audit.TryRecordAsync(reader, AuditActions.Read, id, StreamId.For(id), "history", AuditOutcome.Succeeded, cancellationToken);
        return new PatientHistory(id, events.Select(RecordEventSerializer.Decode).ToArray());
    }

    /// <summary>Finds patients by name fragment and/or date of birth (the search is audited, without its terms).</summary>
    public async Task<RecordPage<PatientIndexEntry>> FindAsync(PatientQuery query, PageRequest page, Actor actor, CancellationToken cancellationToken = default)
    {
        var found = await _store.FindPatientsAsync(query, page, cancellationToken);
        await _audit.TryRecordAsync(actor, AuditActions.Search, null, null, "results=" + found.Items.Count, AuditOutcome.Succeeded, cancellationToken);
        return found;
    }

    /// <summary>Lists patients by name, in pages.</summary>
    public Task<RecordPage<PatientIndexEntry>> ListAsync(PageRequest page, CancellationToken cancellationToken = default) =>
        _store.ListPatientsAsync(page, cancellationToken);

    private async Task<PatientRecord> ExecuteAsync(PatientId id, Actor actor, string command, string action, Func<PatientRecord, PatientEvent> run, CancellationToken cancellationToken)
    {
        var stream = StreamId.For(id);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var record = await LoadAsync(id, cancellationToken);
                var expected = record.Version;
                var e = run(record);
                var stored = await _store.AppendAsync(Request(record, expected, [e]), cancellationToken);
                ServiceLog.Stored(_logger, stream.Value, command, stored[^1].Version);
                await _audit.TryRecordAsync(actor, action, id, stream, command, AuditOutcome.Succeeded, cancellationToken);
                return record;
            }
            catch (StreamVersionConflictException) when (attempt < _options.MaxAttempts)
            {
                ServiceLog.Retrying(_logger, stream.Value, command, attempt);
            }
            catch (Exception e) when (e is PatientCommandRejectedException or StreamVersionConflictException)
            {
                await _audit.TryRecordAsync(actor, action, id, stream, command, AuditOutcome.Rejected, cancellationToken);
                throw;
            }
        }
    }

    private async Task<PatientRecord> LoadAsync(PatientId id, CancellationToken cancellationToken)
    {
        var stream = StreamId.For(id);
        var stored = await _store.ReadStreamAsync(stream, 1, cancellationToken);
        if (stored.Count == 0 || stored[0].Kind != StreamKind.Patient)
        {
            throw new RecordNotFoundException(stream, StreamKind.Patient);
        }

        return PatientRecord.FromEvents(RecordEventSerializer.DecodePatient(stored), _time);
    }

    private static AppendRequest Request(PatientRecord record, int expected, IEnumerable<PatientEvent> events) =>
        new(StreamId.For(record.Id), StreamKind.Patient, record.Id, expected, events.Select(RecordEventSerializer.Encode).ToArray())
        {
            Status = record.EnteredInError ? "EnteredInError" : "Active",
            PatientIndex = new PatientIndexEntry(record.Id, record.Details.GivenName, record.Details.FamilyName, record.Details.DateOfBirth),
        };
}
