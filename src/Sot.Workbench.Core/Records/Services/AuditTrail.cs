using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sot.Workbench.Domain;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Records;

/// <summary>
/// The audit trail: who did what to which record and when. The record services write their entries
/// themselves; services that export, print or show a report record theirs here. Queryable by patient and by actor.
/// </summary>
public sealed class AuditTrail
{
    private readonly IRecordStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the audit trail over a store.</summary>
    public AuditTrail(IRecordStore store, TimeProvider time, ILogger<AuditTrail>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _time = time;
        _logger = logger ?? NullLogger<AuditTrail>.Instance;
    }

    /// <summary>Records that <paramref name="actor"/> exported a patient's record (or part of it).</summary>
    /// <param name="actor">Who.</param>
    /// <param name="patient">Whose record.</param>
    /// <param name="stream">The visit, plan or patient stream exported, if one.</param>
    /// <param name="format">A format code such as <c>fhir-json</c> or <c>pdf</c> (no record content).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task<AuditEntry> RecordExportAsync(Actor actor, PatientId patient, StreamId? stream, string format, CancellationToken cancellationToken = default) =>
        RecordAsync(actor, AuditActions.Export, patient, stream, "format=" + format, AuditOutcome.Succeeded, cancellationToken);

    /// <summary>Records that <paramref name="actor"/> viewed a report over a patient's record.</summary>
    /// <param name="actor">Who.</param>
    /// <param name="patient">Whose record.</param>
    /// <param name="stream">The visit, plan or patient stream, if one.</param>
    /// <param name="report">The report's id (e.g. <c>visit-summary</c>).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task<AuditEntry> RecordReportViewAsync(Actor actor, PatientId patient, StreamId? stream, string report, CancellationToken cancellationToken = default) =>
        RecordAsync(actor, AuditActions.ReportView, patient, stream, "report=" + report, AuditOutcome.Succeeded, cancellationToken);

    /// <summary>Records any audited action.</summary>
    /// <exception cref="ArgumentException">The action or detail breaks the audit rules (see <see cref="RecordRules.Validate(AuditRecord)"/>).</exception>
    public Task<AuditEntry> RecordAsync(Actor actor, string action, PatientId? patient, StreamId? stream, string? detail, AuditOutcome outcome, CancellationToken cancellationToken = default) =>
        _store.AppendAuditAsync(new AuditRecord(_time.GetUtcNow(), actor.Id.ToString(), action, outcome, patient, stream, detail), cancellationToken);

    /// <summary>Entries about one patient, newest first.</summary>
    public Task<RecordPage<AuditEntry>> ForPatientAsync(PatientId patient, PageRequest page, CancellationToken cancellationToken = default) =>
        _store.QueryAuditAsync(new AuditQuery(Patient: patient), page, cancellationToken);

    /// <summary>Entries by one actor, newest first.</summary>
    public Task<RecordPage<AuditEntry>> ByActorAsync(PractitionerId actor, PageRequest page, CancellationToken cancellationToken = default) =>
        _store.QueryAuditAsync(new AuditQuery(ActorId: actor.ToString()), page, cancellationToken);

    /// <summary>Entries matching a query, newest first.</summary>
    public Task<RecordPage<AuditEntry>> QueryAsync(AuditQuery query, PageRequest page, CancellationToken cancellationToken = default) =>
        _store.QueryAuditAsync(query, page, cancellationToken);

    /// <summary>Writes an entry for a record service; a failure is logged (ids only) and does not undo the stored change.</summary>
    internal async Task TryRecordAsync(Actor actor, string action, PatientId? patient, StreamId? stream, string? detail, AuditOutcome outcome, CancellationToken cancellationToken)
    {
        try
        {
            await RecordAsync(actor, action, patient, stream, detail, outcome, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (_logger.IsEnabled(LogLevel.Error))
            {
                var error = e.GetType().Name;
                ServiceLog.AuditFailed(_logger, action, stream?.Value ?? "-", error);
            }
        }
    }
}
