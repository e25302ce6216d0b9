using Sot.Workbench.Domain;
using Sot.Workbench.Records;

namespace Sot.Workbench.Reports.Tests;

/// <summary>A record store that only keeps its audit trail (every other call is not part of these tests).</summary>
internal sealed class AuditOnlyStore : IRecordStore
{
    private readonly List<AuditEntry> _audit = [];

    public IReadOnlyList<AuditEntry> Audit => _audit;

    public Task<AuditEntry> AppendAuditAsync(AuditRecord entry, CancellationToken cancellationToken = default)
    {
        RecordRules.Validate(entry);
        var stored = new AuditEntry(_audit.Count + 1, entry);
        _audit.Add(stored);
        return Task.FromResult(stored);
    }

    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<IReadOnlyList<StoredEvent>> AppendAsync(AppendRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(StreamId stream, long fromVersion = 1, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<StreamInfo?> GetStreamAsync(StreamId stream, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<StoredEvent>> ReadPatientHistoryAsync(PatientId patient, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<StoredEvent>> ReadAllAsync(long afterPosition, int maxCount, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<RecordPage<PatientIndexEntry>> FindPatientsAsync(PatientQuery query, PageRequest page, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<RecordPage<PatientIndexEntry>> ListPatientsAsync(PageRequest page, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<RecordPage<StreamInfo>> ListStreamsAsync(StreamKind kind, PatientId? patient, PageRequest page, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IntegrityReport> VerifyAsync(RecordCheckpoint? kept = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<RecordPage<AuditEntry>> QueryAuditAsync(AuditQuery query, PageRequest page, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
