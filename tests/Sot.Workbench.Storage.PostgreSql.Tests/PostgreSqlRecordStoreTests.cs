using System.Text;
using Npgsql;
using Sot.Workbench.Domain;
using Sot.Workbench.Records;
using Sot.Workbench.Storage.PostgreSql.Testing;

namespace Sot.Workbench.Storage.PostgreSql.Tests;

/// <summary>What only the PostgreSQL store has: clinics sharing a server, its schema and its append-only guards.</summary>
[RequiresPostgreSql]
[Collection(PostgreSqlServerGroup.Name)]
public sealed class PostgreSqlRecordStoreTests(PostgreSqlServerFixture server) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private readonly List<PostgreSqlRecordStore> _stores = [];
    private string _connectionString = string.Empty;

    public Task InitializeAsync()
    {
        _connectionString = server.CreateDatabase();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task One_clinic_cannot_read_another_clinics_records_on_the_same_server()
    {
        var north = Store("north");
        var south = Store("south");
        var patient = PatientId.New();
        var visit = StreamId.For(VisitId.New());
        await north.AppendAsync(Register(patient) with { PatientIndex = new PatientIndexEntry(patient, "Ada", "Lovelace", new DateOnly(1980, 12, 10)) });
        await north.AppendAsync(new AppendRequest(visit, StreamKind.Visit, patient, 0, [Event("visit.scheduled")]));

        Assert.Empty(await south.ReadStreamAsync(StreamId.For(patient)));
        Assert.Empty(await south.ReadStreamAsync(visit));
        Assert.Null(await south.GetStreamAsync(visit));
        Assert.Empty(await south.ReadPatientHistoryAsync(patient));
        Assert.Empty(await south.ReadAllAsync(0, 100));
        Assert.Empty((await south.ListPatientsAsync(PageRequest.First())).Items);
        Assert.Empty((await south.FindPatientsAsync(new PatientQuery("lovelace"), PageRequest.First())).Items);
        Assert.Empty((await south.ListStreamsAsync(StreamKind.Visit, null, PageRequest.First())).Items);
        var southReport = await south.VerifyAsync();
        Assert.True(southReport.IsIntact);
        Assert.Equal(0, southReport.EventsChecked);

        // The south clinic's first append starts its own sequence and chain; north's record is unchanged.
        var southPatient = PatientId.New();
        var stored = await south.AppendAsync(Register(southPatient));
        Assert.Equal(1, stored[0].Position);
        Assert.Equal(2, (await north.ReadAllAsync(0, 100)).Count);
        Assert.Single((await north.FindPatientsAsync(new PatientQuery("lovelace"), PageRequest.First())).Items);
        Assert.Equal(2, (await north.VerifyAsync()).EventsChecked);
    }

    [Fact]
    public async Task Each_clinic_has_its_own_schema_and_statements_name_only_that_schema()
    {
        var north = Store("north");
        await north.InitializeAsync();
        Assert.Equal("sotwb_north", north.Schema);
        var tables = await Scalars<string>("SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'sotwb_north' ORDER BY 1");
        Assert.Equal(["audit", "counters", "events", "patients", "schema_migrations", "streams"], tables);
        Assert.Empty(await Scalars<string>("SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'"));
    }

    [Fact]
    public async Task Migrations_are_applied_once_when_several_stores_start_at_the_same_time()
    {
        var stores = Enumerable.Range(0, 6).Select(_ => Store("busy")).ToList();
        await Task.WhenAll(stores.Select(s => s.InitializeAsync()));
        var versions = await Scalars<int>("SELECT version FROM sotwb_busy.schema_migrations ORDER BY version");
        Assert.Equal(Enumerable.Range(1, PostgreSqlSchema.CurrentVersion), versions);
    }

    [Fact]
    public async Task A_schema_newer_than_the_store_is_refused_without_writing()
    {
        var store = Store("future");
        await store.InitializeAsync();
        await Execute($"INSERT INTO sotwb_future.schema_migrations (version) VALUES ({PostgreSqlSchema.CurrentVersion + 1})");

        var later = Store("future");
        var error = await Assert.ThrowsAsync<PostgreSqlSchemaVersionException>(() => later.AppendAsync(Register(PatientId.New())));
        Assert.Contains("sotwb_future", error.Message, StringComparison.Ordinal);
        Assert.Empty(await Scalars<long>("SELECT position FROM sotwb_future.events"));
    }

    [Fact]
    public async Task A_version_one_schema_is_migrated_at_start_and_keeps_its_events_chains_and_patients()
    {
        // A clinic written by version 1 of the schema: patients listed by raw names, no sort key.
        await using (var dataSource = NpgsqlDataSource.Create(_connectionString))
        {
            await PostgreSqlSchema.MigrateAsync(dataSource, "sotwb_old", 1, CancellationToken.None);
        }

        var patients = new[] { ("Zoë", "Zeta"), ("Ärne", "Ärger"), ("mia", "muller"), ("Ann", "Muller") }
            .Select(n => new PatientIndexEntry(PatientId.New(), n.Item1, n.Item2, new DateOnly(1970, 1, 1))).ToList();
        var visit = StreamId.For(VisitId.New());
        var request = new AppendRequest(visit, StreamKind.Visit, patients[0].Patient, 0, [Event("visit.scheduled"), Event("visit.checked-in"), Event("visit.started")]);
        var sealedEvents = RecordRules.Seal(request, 0, EventHash.Zero, 1);
        foreach (var p in patients)
        {
            await Execute("INSERT INTO sotwb_old.patients (patient, given_name, family_name, date_of_birth, search_text) VALUES ($1, $2, $3, $4, $5)",
                p.Patient.ToString(), p.GivenName, p.FamilyName, p.DateOfBirth, p.SearchText);
        }

        foreach (var e in sealedEvents)
        {
            var row = e.ToRow();
            await Execute("INSERT INTO sotwb_old.events VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                row.Position, row.Stream, row.Kind, row.Patient, row.Version, row.Type, row.SchemaVersion, row.Payload.ToArray(),
                row.RecordedAtMicroseconds, row.ActorId, row.PreviousHash.ToArray(), row.Hash.ToArray());
        }

        var head = sealedEvents[^1];
        await Execute("INSERT INTO sotwb_old.streams VALUES ($1, 'visit', $2, 3, $3, 1, 3, $4, $5, NULL)",
            visit.Value, patients[0].Patient.ToString(), head.Hash.ToArray(), EventHashing.ToMicroseconds(sealedEvents[0].RecordedAt), EventHashing.ToMicroseconds(head.RecordedAt));
        await Execute("UPDATE sotwb_old.counters SET value = 3 WHERE name = 'position'");
        var ordinalOrder = patients.OrderBy(p => p.FamilyName, StringComparer.Ordinal).ThenBy(p => p.GivenName, StringComparer.Ordinal).Select(p => p.Patient).ToList();

        var store = Store("old");
        var listed = (await store.ListPatientsAsync(PageRequest.First())).Items.Select(p => p.Patient).ToList();

        Assert.Equal(Enumerable.Range(1, PostgreSqlSchema.CurrentVersion), await Scalars<int>("SELECT version FROM sotwb_old.schema_migrations ORDER BY version"));
        var expected = patients
            .OrderBy(p => PatientIndexEntry.Normalize(p.FamilyName), StringComparer.Ordinal)
            .ThenBy(p => PatientIndexEntry.Normalize(p.GivenName), StringComparer.Ordinal)
            .Select(p => p.Patient).ToList();
        Assert.Equal(expected, listed);
        Assert.NotEqual(ordinalOrder, listed);
        Assert.Equal(sealedEvents, await store.ReadStreamAsync(visit), new EnvelopeComparer());
        var report = await store.VerifyAsync();
        Assert.True(report.IsIntact, report.FirstFailure?.ToString());
        Assert.Equal(3, report.EventsChecked);
        var next = await store.AppendAsync(new AppendRequest(visit, StreamKind.Visit, patients[0].Patient, 3, [Event("visit.ended")]));
        Assert.Equal((4L, 4L, head.Hash), (next[0].Version, next[0].Position, next[0].PreviousHash));
        Assert.True((await store.VerifyAsync()).IsIntact);
    }

    [Theory]
    [InlineData("UPDATE sotwb_guarded.events SET actor_id = 'prac_other'")]
    [InlineData("DELETE FROM sotwb_guarded.events")]
    [InlineData("TRUNCATE sotwb_guarded.events")]
    [InlineData("UPDATE sotwb_guarded.audit SET action = 'read'")]
    [InlineData("DELETE FROM sotwb_guarded.audit")]
    public async Task Stored_events_and_audit_entries_refuse_changes_and_deletes(string sql)
    {
        var store = Store("guarded");
        var patient = PatientId.New();
        await store.AppendAsync(Register(patient));
        await store.AppendAuditAsync(new AuditRecord(T0, "prac_a", AuditActions.Create, AuditOutcome.Succeeded, patient, StreamId.For(patient), null));

        var error = await Assert.ThrowsAsync<PostgresException>(() => Execute(sql));
        Assert.Equal("SW001", error.SqlState);
        Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
        Assert.Single(await store.ReadStreamAsync(StreamId.For(patient)));
        Assert.Single((await store.QueryAuditAsync(new AuditQuery(patient), PageRequest.First())).Items);
        Assert.True((await store.VerifyAsync()).IsIntact);
    }

    [Theory]
    [InlineData("")]
    [InlineData("North")]
    [InlineData("1north")]
    [InlineData("north-east")]
    [InlineData("north\"; DROP SCHEMA public; --")]
    [InlineData("a_clinic_name_that_is_longer_than_forty_chars")]
    public void A_clinic_id_outside_the_allowed_form_is_refused(string clinic)
    {
        var error = Assert.Throws<ArgumentException>(() => new PostgreSqlRecordStore(new PostgreSqlRecordStoreOptions { ConnectionString = _connectionString, Clinic = clinic }));
        Assert.Contains("Clinic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_connection_string_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => new PostgreSqlRecordStore(new PostgreSqlRecordStoreOptions { Clinic = "north" }));
        Assert.Contains("ConnectionString is required", error.Message, StringComparison.Ordinal);
    }

    private PostgreSqlRecordStore Store(string clinic)
    {
        var store = new PostgreSqlRecordStore(new PostgreSqlRecordStoreOptions { ConnectionString = _connectionString, Clinic = clinic });
        _stores.Add(store);
        return store;
    }

    private static AppendRequest Register(PatientId patient) =>
        new(StreamId.For(patient), StreamKind.Patient, patient, 0, [Event("patient.registered")]);

    private static NewEvent Event(string type) => new(type, 1, Encoding.UTF8.GetBytes("{\"n\":1}"), T0, "prac_a");

    private async Task Execute(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await command.ExecuteNonQueryAsync();
    }

    private sealed class EnvelopeComparer : IEqualityComparer<StoredEvent>
    {
        public bool Equals(StoredEvent? x, StoredEvent? y) =>
            x is not null && y is not null && x with { Payload = default } == y with { Payload = default } && x.Payload.Span.SequenceEqual(y.Payload.Span);

        public int GetHashCode(StoredEvent obj) => obj.Position.GetHashCode();
    }

    private async Task<List<T>> Scalars<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }
}
