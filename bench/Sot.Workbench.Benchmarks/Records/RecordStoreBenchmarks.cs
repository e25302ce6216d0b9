using System.Runtime.InteropServices;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Data.Sqlite;
using Sot.Workbench.Domain;
using Sot.Workbench.Records;
using Sot.Workbench.Storage.Sqlite;

namespace Sot.Workbench.Benchmarks.Records;

/// <summary>Shared data: visits of ~30 events with realistic payloads, sealed once so the raw baseline inserts exactly the rows the store writes.</summary>
internal static class RecordBenchData
{
    public const int EventsPerVisit = 30;

    public static AppendRequest[] Visits(int visits, PatientId? onePatient = null, int seed = 7)
    {
        var random = new Random(seed);
        var at = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        var requests = new AppendRequest[visits];
        for (var v = 0; v < visits; v++)
        {
            var patient = onePatient ?? new PatientId(new Guid(random.Next(), 0, 0, [0, 0, 0, 0, 0, 0, 0, (byte)(v % 7)]));
            var events = new NewEvent[EventsPerVisit];
            for (var i = 0; i < events.Length; i++)
            {
                var payload = $$$"""{"at":"{{{at.AddSeconds(i):O}}}","from":"Examination","to":"Examination","command":{"finding":{"code":"HEEL-TENSION","label":"Heel tension","position":"Prone","side":"Left","phase":"InitialAnalysis","values":[{"type":"grade","value":"Moderate","key":"grade"}],"namedSide":"None"},"actor":{"id":"prac_000000000000000000000000000000a1","role":"Practitioner"}},"note":"{{{new string('n', random.Next(20, 200))}}}"}""";
                events[i] = new NewEvent("visit.record-finding", 1, Encoding.UTF8.GetBytes(payload), at.AddSeconds(i), "prac_000000000000000000000000000000a1");
            }

            requests[v] = new AppendRequest(new StreamId($"visit_{v:x8}{seed:x8}0000000000000000"), StreamKind.Visit, patient, 0, events) { Status = "Signed" };
            at = at.AddMinutes(45);
        }

        return requests;
    }

    public static string NewDatabase(string name)
    {
        var folder = Path.Combine(Path.GetTempPath(), "sotwb-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    public static void Delete(string path)
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// Appending 100,000 events in batches of one visit (30 events, one transaction each) through the store — with
/// validation, optimistic concurrency check, hashing and stream head upkeep — against raw Microsoft.Data.Sqlite
/// inserting the same event rows in the same batches, same schema, same durability settings. The baseline computes
/// each visit's hashes in the loop (the rows it inserts include them, as the PostgreSQL baseline's do);
/// <see cref="RawInsertPrehashed"/> inserts rows hashed in the set-up, the insert alone.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
[MemoryDiagnoser]
public class RecordStoreAppendBenchmarks
{
    private const int Visits = 3_334; // 100,020 events
    private AppendRequest[] _requests = [];
    private StoredEvent[][] _sealed = [];
    private string _path = string.Empty;
    private SqliteRecordStore? _store;
    private SqliteConnection? _raw;

    [Params(SqliteDurability.Full, SqliteDurability.Normal)]
    public SqliteDurability Durability { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _requests = RecordBenchData.Visits(Visits);
        var position = 1L;
        _sealed = _requests.Select(r =>
        {
            var s = RecordRules.Seal(r, 0, EventHash.Zero, position);
            position += s.Length;
            return s;
        }).ToArray();
    }

    [IterationSetup(Target = nameof(Store))]
    public void SetupStore()
    {
        _path = RecordBenchData.NewDatabase("store.db");
        _store = new SqliteRecordStore(new SqliteRecordStoreOptions { DatabasePath = _path, Durability = Durability });
        _store.InitializeAsync().GetAwaiter().GetResult();
    }

    [IterationSetup(Targets = [nameof(RawInsert), nameof(RawInsertPrehashed)])]
    public void SetupRaw()
    {
        _path = RecordBenchData.NewDatabase("raw.db");
        _raw = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = true }.ToString());
        _raw.Open();
        Execute(_raw, "PRAGMA journal_mode = WAL;");
        Execute(_raw, Durability == SqliteDurability.Full ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;");
        SqliteSchema.MigrateTo(_raw, SqliteSchema.Latest);
    }

    [IterationCleanup]
    public void Cleanup()
    {
        _store?.Dispose();
        _store = null;
        _raw?.Dispose();
        _raw = null;
        RecordBenchData.Delete(_path);
    }

    [Benchmark]
    public long Store()
    {
        var store = _store!;
        long last = 0;
        foreach (var request in _requests)
        {
            last = store.AppendAsync(request).GetAwaiter().GetResult()[^1].Position;
        }

        return last;
    }

    /// <summary>Raw inserts of the same rows, each visit's chain hashed in the loop with the shared encoding.</summary>
    [Benchmark(Baseline = true)]
    public long RawInsert() => Insert(hashInLoop: true);

    /// <summary>Raw inserts of the same rows, hashed in the set-up: the insert alone.</summary>
    [Benchmark]
    public long RawInsertPrehashed() => Insert(hashInLoop: false);

    private long Insert(bool hashInLoop)
    {
        var connection = _raw!;
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO events (position, stream_id, kind, patient_id, version, type, schema_version, payload, recorded_at, actor_id, previous_hash, hash) VALUES ($position, $stream, $kind, $patient, $version, $type, $schema, $payload, $at, $actor, $previous, $hash)";
        var p = new SqliteParameter[12];
        string[] names = ["$position", "$stream", "$kind", "$patient", "$version", "$type", "$schema", "$payload", "$at", "$actor", "$previous", "$hash"];
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = insert.Parameters.Add(new SqliteParameter { ParameterName = names[i] });
        }

        long last = 0;
        var position = 1L;
        for (var v = 0; v < _requests.Length; v++)
        {
            var batch = hashInLoop ? RecordRules.Seal(_requests[v], 0, EventHash.Zero, position) : _sealed[v];
            position += batch.Length;
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            foreach (var e in batch)
            {
                p[0].Value = e.Position;
                p[1].Value = e.Stream.Value;
                p[2].Value = "visit";
                p[3].Value = e.Patient.ToString();
                p[4].Value = e.Version;
                p[5].Value = e.Type;
                p[6].Value = e.SchemaVersion;
                p[7].Value = PayloadArray(e.Payload);
                p[8].Value = EventHashing.ToMicroseconds(e.RecordedAt);
                p[9].Value = e.ActorId;
                p[10].Value = e.PreviousHash.ToArray();
                p[11].Value = e.Hash.ToArray();
                insert.ExecuteNonQuery();
                last = e.Position;
            }

            transaction.Commit();
        }

        return last;
    }

    // The payload's own array when it spans one whole array (as the store binds it), so the baseline copies nothing
    // the store does not.
    private static byte[] PayloadArray(ReadOnlyMemory<byte> payload) =>
        MemoryMarshal.TryGetArray(payload, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : payload.ToArray();

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>
/// Reading one patient's whole history — 50 visits of 30 events (1,500 events) — in one query from a store of
/// 100,000+ events of many patients, against raw Microsoft.Data.Sqlite reading the same rows into arrays.
/// </summary>
[MemoryDiagnoser]
public class RecordStoreReadBenchmarks
{
    private readonly PatientId _patient = new(Guid.Parse("99999999-9999-9999-9999-999999999999"));
    private string _path = string.Empty;
    private SqliteRecordStore? _store;
    private SqliteConnection? _raw;

    [GlobalSetup]
    public void Setup()
    {
        _path = RecordBenchData.NewDatabase("read.db");
        _store = new SqliteRecordStore(new SqliteRecordStoreOptions { DatabasePath = _path, Durability = SqliteDurability.Normal });
        var others = RecordBenchData.Visits(3_300, seed: 11);
        var mine = RecordBenchData.Visits(50, _patient, seed: 12);
        var all = others.Concat(mine).OrderBy(r => r.Stream.Value.GetHashCode(StringComparison.Ordinal)).ToArray(); // the patient's visits spread over the file
        foreach (var request in all)
        {
            _store.AppendAsync(request).GetAwaiter().GetResult();
        }

        _raw = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Mode = SqliteOpenMode.ReadOnly }.ToString());
        _raw.Open();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.Dispose();
        _raw?.Dispose();
        RecordBenchData.Delete(_path);
    }

    [Benchmark]
    public int StoreHistory() => _store!.ReadPatientHistoryAsync(_patient).GetAwaiter().GetResult().Count;

    [Benchmark(Baseline = true)]
    public int RawHistory()
    {
        using var command = _raw!.CreateCommand();
        command.CommandText = "SELECT position, stream_id, kind, patient_id, version, type, schema_version, payload, recorded_at, actor_id, previous_hash, hash FROM events WHERE patient_id = $patient ORDER BY position";
        command.Parameters.AddWithValue("$patient", _patient.ToString());
        using var reader = command.ExecuteReader();
        var rows = new List<(long, string, string, string, long, string, long, byte[], long, string, byte[], byte[])>();
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetString(5), reader.GetInt64(6),
                reader.GetFieldValue<byte[]>(7), reader.GetInt64(8), reader.GetString(9), reader.GetFieldValue<byte[]>(10), reader.GetFieldValue<byte[]>(11)));
        }

        return rows.Count;
    }
}
