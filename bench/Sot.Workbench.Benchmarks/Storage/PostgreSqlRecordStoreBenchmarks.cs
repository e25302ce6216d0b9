using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Npgsql;
using NpgsqlTypes;
using Sot.Workbench.Domain;
using Sot.Workbench.Records;
using Sot.Workbench.Storage.PostgreSql;

namespace Sot.Workbench.Benchmarks.Storage;

/// <summary>
/// Appending 100,000 events in appends of one visit (30 events) to a new clinic: the store (version check, chain,
/// position counter, stream head; one batch per append once it knows the clinic's position) against raw Npgsql
/// inserting the same rows in the same batches into the same table with one multi-row statement, hashes computed in
/// the loop, one transaction per visit. Each iteration starts from empty schemas. For a quicker, interleaved
/// comparison see <see cref="PostgreSqlAppendInterleaved"/>.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class PostgreSqlAppendBenchmarks
{
    private List<AppendRequest> _appends = [];
    private NpgsqlDataSource _dataSource = null!;
    private NpgsqlDataSource _storeDataSource = null!;
    private PostgreSqlRecordStore _store = null!;
    private string _rawSchema = string.Empty;
    private int _iteration;

    [GlobalSetup]
    public void Setup()
    {
        _appends = RecordStoreWorkload.Appends();
        _dataSource = NpgsqlDataSource.Create(PostgreSqlBenchServer.ConnectionString);

        // The store's connections as the store builds them for itself (No Reset On Close), in a pool that outlives
        // the iterations like raw's: each side keeps one warm server process.
        _storeDataSource = NpgsqlDataSource.Create(PostgreSqlRecordStore.StoreConnectionString(PostgreSqlBenchServer.ConnectionString));
    }

    [IterationSetup]
    public void NewClinics()
    {
        _iteration++;
        _store = new PostgreSqlRecordStore(_storeDataSource, $"bench_store_{_iteration}");
        _store.InitializeAsync().GetAwaiter().GetResult();
        _rawSchema = $"sotwb_bench_raw_{_iteration}";
        PostgreSqlSchema.MigrateAsync(_dataSource, _rawSchema, PostgreSqlSchema.CurrentVersion, CancellationToken.None).GetAwaiter().GetResult();
        using var checkpoint = _dataSource.CreateCommand("CHECKPOINT");
        checkpoint.ExecuteNonQuery();
    }

    [IterationCleanup]
    public void DropClinics()
    {
        _store.Dispose();
        using var drop = _dataSource.CreateCommand($"DROP SCHEMA sotwb_bench_store_{_iteration} CASCADE; DROP SCHEMA {_rawSchema} CASCADE");
        drop.ExecuteNonQuery();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _storeDataSource.Dispose();
        _dataSource.Dispose();
    }

    /// <summary>The store: <c>AppendAsync</c> once per visit.</summary>
    [Benchmark]
    public async Task Store()
    {
        foreach (var request in _appends)
        {
            await _store.AppendAsync(request);
        }
    }

    /// <summary>Raw Npgsql: per visit, hash the chain and insert the rows in one transaction (no version check, no head).</summary>
    [Benchmark(Baseline = true)]
    public Task RawNpgsql() => RawNpgsqlAppends.AppendAsync(_dataSource, _rawSchema, _appends);
}

/// <summary>
/// The raw baseline of the append benchmarks: per visit, the chain hashed with the shared encoding (positions counted
/// in memory, versions from 1) and the rows inserted into the store's <c>events</c> table by one multi-row
/// <c>INSERT … SELECT FROM unnest(…)</c> statement, prepared on the connection — one statement is one transaction,
/// so one round trip and one commit per visit, with no version check, no stream head and no position counter.
/// </summary>
internal static class RawNpgsqlAppends
{
    public static async Task AppendAsync(NpgsqlDataSource dataSource, string schema, IReadOnlyList<AppendRequest> appends)
    {
        var sql =
            $"INSERT INTO {schema}.events (position, stream, kind, patient, version, type, schema_version, payload, recorded_at, actor_id, previous_hash, hash) " +
            "SELECT e.position, $1, $2, $3, e.version, e.type, e.schema_version, e.payload, e.recorded_at, e.actor_id, e.previous_hash, e.hash " +
            "FROM unnest($4::bigint[], $5::bigint[], $6::text[], $7::bigint[], $8::bytea[], $9::bigint[], $10::text[], $11::bytea[], $12::bytea[]) " +
            "AS e(position, version, type, schema_version, payload, recorded_at, actor_id, previous_hash, hash)";
        long position = 0;
        await using var connection = await dataSource.OpenConnectionAsync();
        foreach (var request in appends)
        {
            var rows = RawRows.Seal(request, ref position);
            await using var command = new NpgsqlCommand(sql, connection);
            rows.AddParameters(command.Parameters, request);
            await command.PrepareAsync(); // a round trip the first time only: the server then skips parsing and planning
            await command.ExecuteNonQueryAsync();
        }
    }
}

/// <summary>
/// Reading one patient's history (a patient stream and 50 visits of 30 events: 1,501 events) from a clinic of
/// 200 patients: the store's <c>ReadPatientHistoryAsync</c> (typed events) against raw Npgsql reading the same rows.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class PostgreSqlReadBenchmarks
{
    private NpgsqlDataSource _dataSource = null!;
    private PostgreSqlRecordStore _store = null!;
    private PatientId _patient;
    private string _sql = string.Empty;

    [GlobalSetup]
    public async Task Setup()
    {
        // Connections as the store builds them for itself (No Reset On Close); raw reads through the same pool.
        _dataSource = NpgsqlDataSource.Create(PostgreSqlRecordStore.StoreConnectionString(PostgreSqlBenchServer.ConnectionString));
        var clinic = "bench_read_" + Environment.ProcessId;
        _store = new PostgreSqlRecordStore(_dataSource, clinic);
        _sql = $"SELECT position, stream, kind, patient, version, type, schema_version, payload, recorded_at, actor_id, previous_hash, hash FROM sotwb_{clinic}.events WHERE patient = $1 ORDER BY position";
        var visit = 0;
        for (var p = 0; p < 200; p++)
        {
            var patient = PatientId.New();
            await _store.AppendAsync(new AppendRequest(StreamId.For(patient), StreamKind.Patient, patient, 0,
                [new NewEvent("patient.registered", 1, "{\"registered\":true}"u8.ToArray(), RecordStoreWorkload.Start, "prac_bench")]));
            var visits = p == 100 ? RecordStoreWorkload.VisitsPerHistory : 5;
            for (var v = 0; v < visits; v++, visit++)
            {
                await _store.AppendAsync(new AppendRequest(StreamId.For(VisitId.New()), StreamKind.Visit, patient, 0, RecordStoreWorkload.Visit(visit)));
            }

            if (p == 100)
            {
                _patient = patient;
            }
        }

        using var analyze = _dataSource.CreateCommand($"ANALYZE sotwb_{clinic}.events");
        analyze.ExecuteNonQuery();
        var history = await _store.ReadPatientHistoryAsync(_patient);
        if (history.Count != 1 + RecordStoreWorkload.VisitsPerHistory * RecordStoreWorkload.EventsPerVisit)
        {
            throw new InvalidOperationException($"The history has {history.Count} events.");
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await using (var drop = _dataSource.CreateCommand($"DROP SCHEMA {_store.Schema} CASCADE"))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await _store.DisposeAsync();
        await _dataSource.DisposeAsync();
    }

    /// <summary>The store: one query, every row checked and turned into a typed event.</summary>
    [Benchmark]
    public Task<IReadOnlyList<StoredEvent>> Store() => _store.ReadPatientHistoryAsync(_patient);

    /// <summary>Raw Npgsql: the same query, rows read into the stored form only.</summary>
    [Benchmark(Baseline = true)]
    public async Task<List<EventRow>> RawNpgsql()
    {
        await using var command = _dataSource.CreateCommand(_sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _patient.ToString() });
        var rows = new List<EventRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new EventRow(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetString(5),
                reader.GetInt64(6), reader.GetFieldValue<byte[]>(7), reader.GetInt64(8), reader.GetString(9),
                reader.GetFieldValue<byte[]>(10), reader.GetFieldValue<byte[]>(11)));
        }

        return rows;
    }
}

/// <summary>The raw baseline's rows: positions counted in memory, versions from 1, the chain hashed with the shared encoding.</summary>
internal sealed class RawRows
{
    private readonly long[] _positions;
    private readonly long[] _versions;
    private readonly string[] _types;
    private readonly long[] _schemaVersions;
    private readonly byte[][] _payloads;
    private readonly long[] _recorded;
    private readonly string[] _actors;
    private readonly byte[][] _previous;
    private readonly byte[][] _hashes;

    private RawRows(int n)
    {
        _positions = new long[n];
        _versions = new long[n];
        _types = new string[n];
        _schemaVersions = new long[n];
        _payloads = new byte[n][];
        _recorded = new long[n];
        _actors = new string[n];
        _previous = new byte[n][];
        _hashes = new byte[n][];
    }

    public static RawRows Seal(AppendRequest request, ref long position)
    {
        var rows = new RawRows(request.Events.Count);
        var previous = EventHash.Zero;
        var kind = EventHashing.KindText(request.Kind);
        var patient = request.Patient.ToString();
        for (var i = 0; i < request.Events.Count; i++)
        {
            var e = request.Events[i];
            var row = new EventRow(++position, request.Stream.Value, kind, patient, i + 1, e.Type, e.SchemaVersion, e.Payload,
                EventHashing.ToMicroseconds(e.RecordedAt), e.ActorId, previous.Memory, default);
            var hash = EventHashing.Compute(row);
            rows._positions[i] = row.Position;
            rows._versions[i] = row.Version;
            rows._types[i] = e.Type;
            rows._schemaVersions[i] = e.SchemaVersion;
            rows._payloads[i] = e.Payload.ToArray();
            rows._recorded[i] = row.RecordedAtMicroseconds;
            rows._actors[i] = e.ActorId;
            rows._previous[i] = previous.ToArray();
            rows._hashes[i] = hash.ToArray();
            previous = hash;
        }

        return rows;
    }

    public void AddParameters(NpgsqlParameterCollection parameters, AppendRequest request)
    {
        parameters.Add(new NpgsqlParameter<string> { TypedValue = request.Stream.Value });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = EventHashing.KindText(request.Kind) });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = request.Patient.ToString() });
        parameters.Add(new NpgsqlParameter<long[]> { TypedValue = _positions });
        parameters.Add(new NpgsqlParameter<long[]> { TypedValue = _versions });
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = _types });
        parameters.Add(new NpgsqlParameter<long[]> { TypedValue = _schemaVersions });
        parameters.Add(new NpgsqlParameter { Value = _payloads, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        parameters.Add(new NpgsqlParameter<long[]> { TypedValue = _recorded });
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = _actors });
        parameters.Add(new NpgsqlParameter { Value = _previous, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        parameters.Add(new NpgsqlParameter { Value = _hashes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
    }
}
