using System.Text;
using Microsoft.Data.Sqlite;
using Sot.Workbench.CarePlans;
using Sot.Workbench.Domain;
using Sot.Workbench.Records;
using Sot.Workbench.Storage.PostgreSql.Testing;
using Sot.Workbench.Storage.Sqlite;

namespace Sot.Workbench.Storage.PostgreSql.Tests;

/// <summary>A clinic moving its record from the embedded SQLite store to a PostgreSQL server.</summary>
[RequiresPostgreSql]
[Collection(PostgreSqlServerGroup.Name)]
#pragma warning disable CA1001 // the stores are disposed in DisposeAsync (xUnit's IAsyncLifetime)
public sealed class RecordStoreCopyTests(PostgreSqlServerFixture server) : IAsyncLifetime
#pragma warning restore CA1001
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 6, 8, 30, 0, TimeSpan.Zero);
    private static readonly string Practitioner = PractitionerId.New().ToString();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sotwb-copy-tests", Guid.NewGuid().ToString("N"));
    private SqliteRecordStore _sqlite = null!;
    private PostgreSqlRecordStore _postgres = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _sqlite = new SqliteRecordStore(new SqliteRecordStoreOptions { DataDirectory = _directory, Durability = SqliteDurability.Normal });
        await _sqlite.InitializeAsync();
        _postgres = new PostgreSqlRecordStore(new PostgreSqlRecordStoreOptions { ConnectionString = server.SharedDatabase, Clinic = "copy" + Guid.NewGuid().ToString("N")[..12] });
    }

    public async Task DisposeAsync()
    {
        await _sqlite.DisposeAsync();
        await _postgres.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task A_whole_SQLite_record_copied_to_PostgreSQL_is_identical_and_every_chain_verifies_against_the_source_checkpoint()
    {
        var patients = await SeedAsync(_sqlite, patients: 12);

        var report = await RecordStoreCopy.CopyAsync(_sqlite, _postgres, batchSize: 25);

        var sourceEvents = await _sqlite.ReadAllAsync(0, 10_000);
        Assert.Equal(sourceEvents.Count, report.Events);
        Assert.True(report.TargetReport.IsIntact);
        Assert.True(report.TargetReport.KeptCheckpointMatches);
        Assert.Equal(report.SourceCheckpoint, (await _sqlite.VerifyAsync()).Checkpoint);
        Assert.Equal(report.SourceCheckpoint, report.TargetReport.Checkpoint);
        Assert.Equal(sourceEvents.Count, report.TargetReport.EventsChecked);

        // Every event as it was: positions, versions, envelope, payload bytes and hashes.
        var copied = await _postgres.ReadAllAsync(0, 10_000);
        Assert.Equal(sourceEvents.Count, copied.Count);
        foreach (var (expected, actual) in sourceEvents.Zip(copied))
        {
            Assert.Equal(expected with { Payload = default }, actual with { Payload = default });
            Assert.True(expected.Payload.Span.SequenceEqual(actual.Payload.Span), $"payload of {expected}");
        }

        // The lists, the index and the trail.
        Assert.Equal(report.Patients, patients.Count);
        Assert.Equal((await _sqlite.ListPatientsAsync(PageRequest.First(500))).Items, (await _postgres.ListPatientsAsync(PageRequest.First(500))).Items);
        foreach (var kind in Enum.GetValues<StreamKind>())
        {
            Assert.Equal((await _sqlite.ListStreamsAsync(kind, null, PageRequest.First(500))).Items, (await _postgres.ListStreamsAsync(kind, null, PageRequest.First(500))).Items);
        }

        var sourceAudit = (await _sqlite.QueryAuditAsync(new AuditQuery(), PageRequest.First(500))).Items;
        Assert.NotEmpty(sourceAudit);
        Assert.Equal(sourceAudit, (await _postgres.QueryAuditAsync(new AuditQuery(), PageRequest.First(500))).Items);
        Assert.Equal(sourceAudit.Count, report.AuditEntries);
        var someone = patients[3];
        Assert.Equal(
            (await _sqlite.FindPatientsAsync(new PatientQuery(someone.FamilyName[..3]), PageRequest.First())).Items,
            (await _postgres.FindPatientsAsync(new PatientQuery(someone.FamilyName[..3]), PageRequest.First())).Items);
        Assert.Equal(await _sqlite.ReadPatientHistoryAsync(someone.Patient), await _postgres.ReadPatientHistoryAsync(someone.Patient), new StoredEventComparer());
    }

    [Fact]
    public async Task After_the_copy_the_clinic_goes_on_appending_on_PostgreSQL_where_the_SQLite_record_ended()
    {
        var patients = await SeedAsync(_sqlite, patients: 3);
        var report = await RecordStoreCopy.CopyAsync(_sqlite, _postgres);

        var patientStream = StreamId.For(patients[0].Patient);
        var head = (await _postgres.GetStreamAsync(patientStream))!;
        var appended = await _postgres.AppendAsync(new AppendRequest(patientStream, StreamKind.Patient, patients[0].Patient, head.Version,
            [Event("patient.details-corrected", "{\"field\":\"phone\"}", 500)]));

        Assert.Equal(report.SourceCheckpoint.Position + 1, appended[0].Position);
        Assert.Equal(head.Version + 1, appended[0].Version);
        Assert.Equal(head.HeadHash, appended[0].PreviousHash);
        var afterwards = await _postgres.VerifyAsync(report.SourceCheckpoint);
        Assert.True(afterwards.IsIntact);
        Assert.True(afterwards.KeptCheckpointMatches);
        var audit = await _postgres.AppendAuditAsync(new AuditRecord(T0.AddHours(9), Practitioner, AuditActions.Update, AuditOutcome.Succeeded, patients[0].Patient, patientStream, null));
        Assert.Equal(report.AuditEntries + 1, audit.Sequence);
    }

    [Fact]
    public async Task A_source_that_does_not_verify_is_not_copied_and_the_target_stays_empty()
    {
        await SeedAsync(_sqlite, patients: 2);
        var victim = (await _sqlite.ReadAllAsync(0, 100))[4];
        await using (var raw = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _sqlite.DatabasePath, Pooling = false }.ToString()))
        {
            raw.Open();
            using var command = raw.CreateCommand();
            command.CommandText = "DROP TRIGGER events_append_only_update; UPDATE events SET actor_id = 'prac_someone_else' WHERE position = $p";
            command.Parameters.AddWithValue("$p", victim.Position);
            command.ExecuteNonQuery();
        }

        var error = await Assert.ThrowsAsync<RecordIntegrityException>(() => RecordStoreCopy.CopyAsync(_sqlite, _postgres));
        Assert.Equal(IntegrityFailureKind.HashMismatch, error.Failure.Kind);
        Assert.Equal(victim.Position, error.Failure.Position);
        Assert.Contains("nothing was copied", error.Message, StringComparison.Ordinal);
        Assert.Empty(await _postgres.ReadAllAsync(0, 10));
        Assert.Empty((await _postgres.ListPatientsAsync(PageRequest.First())).Items);
        Assert.Empty((await _postgres.QueryAuditAsync(new AuditQuery(), PageRequest.First())).Items);
    }

    [Fact]
    public async Task A_copy_into_a_clinic_that_already_has_records_is_refused_and_writes_nothing()
    {
        await SeedAsync(_sqlite, patients: 2);
        var existing = PatientId.New();
        await _postgres.AppendAsync(new AppendRequest(StreamId.For(existing), StreamKind.Patient, existing, 0, [Event("patient.registered", "{}", 0)]));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RecordStoreCopy.CopyAsync(_sqlite, _postgres));
        Assert.Contains("empty store", error.Message, StringComparison.Ordinal);
        Assert.Single(await _postgres.ReadAllAsync(0, 100));
    }

    /// <summary>Patients with index entries, two visits each with statuses, a care plan for some, and audit entries; interleaved so positions mix streams.</summary>
    private static async Task<List<PatientIndexEntry>> SeedAsync(SqliteRecordStore store, int patients)
    {
        var families = new[] { "Lovelace", "Müller", "O'Brien", "Núñez", "de la Cruz", "Smith", "Øster", "Nakamura" };
        var entries = new List<PatientIndexEntry>();
        var visits = new List<(PatientId Patient, StreamId Stream, long Version)>();
        for (var p = 0; p < patients; p++)
        {
            var patient = PatientId.New();
            var entry = new PatientIndexEntry(patient, $"Given{p}", families[p % families.Length], new DateOnly(1950 + p, 1 + p % 12, 1 + p % 28));
            entries.Add(entry);
            await store.AppendAsync(new AppendRequest(StreamId.For(patient), StreamKind.Patient, patient, 0, [Event("patient.registered", $$"""{"p":{{p}}}""", p)]) { PatientIndex = entry });
            for (var v = 0; v < 2; v++)
            {
                var visit = StreamId.For(VisitId.New());
                await store.AppendAsync(new AppendRequest(visit, StreamKind.Visit, patient, 0, [Event("visit.scheduled", "{}", p + v), Event("visit.checked-in", "{\"desk\":1}", p + v + 1)]) { Status = "CheckedIn" });
                visits.Add((patient, visit, 2));
            }

            if (p % 3 == 0)
            {
                await store.AppendAsync(new AppendRequest(StreamId.For(CarePlanId.New()), StreamKind.CarePlan, patient, 0, [Event("care-plan.proposed", "{\"visits\":12}", p)]) { Status = "Proposed" });
            }

            await store.AppendAuditAsync(new AuditRecord(T0.AddMinutes(p), Practitioner, AuditActions.Create, AuditOutcome.Succeeded, patient, StreamId.For(patient), null));
        }

        // Later events on earlier streams, so the global order interleaves streams.
        foreach (var (patient, visit, version) in visits.Where((_, i) => i % 2 == 0))
        {
            await store.AppendAsync(new AppendRequest(visit, StreamKind.Visit, patient, version, [Event("visit.started", "{\"room\":2}", 100), Event("visit.note-signed", "{}", 160)]) { Status = "Signed" });
            await store.AppendAuditAsync(new AuditRecord(T0.AddMinutes(200), Practitioner, AuditActions.Sign, AuditOutcome.Succeeded, patient, visit, "SignNote"));
        }

        await store.AppendAuditAsync(new AuditRecord(T0.AddMinutes(300), Practitioner, AuditActions.Search, AuditOutcome.Succeeded, null, null, null));
        return entries;
    }

    private static NewEvent Event(string type, string json, int minute) =>
        new(type, 1, Encoding.UTF8.GetBytes(json), T0.AddMinutes(minute), Practitioner);

    private sealed class StoredEventComparer : IEqualityComparer<StoredEvent>
    {
        public bool Equals(StoredEvent? x, StoredEvent? y) =>
            x is not null && y is not null && x with { Payload = default } == y with { Payload = default } && x.Payload.Span.SequenceEqual(y.Payload.Span);

        public int GetHashCode(StoredEvent obj) => obj.Position.GetHashCode();
    }
}
