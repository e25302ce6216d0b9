using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.Data.Sqlite;
using Sot.Workbench.Domain;
using Sot.Workbench.Records;
using Sot.Workbench.Storage.Sqlite;

namespace Sot.Workbench.Storage.Tests;

public sealed class SqliteRecordStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly string _directory = SqliteTestStores.NewDirectory();
    private readonly List<SqliteRecordStore> _stores = [];

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        SqliteTestStores.DeleteQuietly(_directory);
    }

    private SqliteRecordStore Open(string? path = null, SqliteDurability durability = SqliteDurability.Normal)
    {
        var store = new SqliteRecordStore(new SqliteRecordStoreOptions { DataDirectory = _directory, DatabasePath = path, Durability = durability });
        _stores.Add(store);
        return store;
    }

    private static NewEvent Event(int n, string? marker = null) =>
        new("test.event", 1, Encoding.UTF8.GetBytes($$"""{"n":{{n}},"m":"{{marker ?? "x"}}"}"""), T0.AddMinutes(n), "prac_a");

    private static Task<IReadOnlyList<StoredEvent>> AppendAsync(SqliteRecordStore store, StreamId stream, PatientId patient, long expected, params NewEvent[] events) =>
        store.AppendAsync(new AppendRequest(stream, StreamKind.Visit, patient, expected, events));

    [Fact]
    public async Task The_database_is_one_file_in_the_data_folder_in_wal_mode_with_full_synchronous_commits_by_default()
    {
        var options = new SqliteRecordStoreOptions { DataDirectory = _directory };
        using var store = new SqliteRecordStore(options);
        await store.InitializeAsync();
        await AppendAsync(store, StreamId.For(VisitId.New()), PatientId.New(), 0, Event(1));

        Assert.Equal(Path.Combine(_directory, "records.db"), store.DatabasePath);
        Assert.Equal(SqliteDurability.Full, options.Durability);
        using var raw = SqliteTestStores.OpenRaw(store.DatabasePath);
        Assert.Equal("wal", SqliteTestStores.Scalar(raw, "PRAGMA journal_mode"));
        Assert.Equal((long)SqliteRecordStore.SchemaVersion, SqliteTestStores.Scalar(raw, "PRAGMA user_version"));
    }

    [Fact]
    public async Task Events_and_audit_entries_cannot_be_updated_or_deleted_through_sql()
    {
        var store = Open();
        await AppendAsync(store, StreamId.For(VisitId.New()), PatientId.New(), 0, Event(1));
        await store.AppendAuditAsync(new AuditRecord(T0, "prac_a", AuditActions.Read, AuditOutcome.Succeeded, null, null, null));

        using var raw = SqliteTestStores.OpenRaw(store.DatabasePath);
        foreach (var sql in new[] { "UPDATE events SET type = 'x'", "DELETE FROM events", "UPDATE audit SET action = 'x'", "DELETE FROM audit" })
        {
            var error = Assert.Throws<SqliteException>(() => SqliteTestStores.Execute(raw, sql));
            Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        }

        Assert.True((await store.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task A_writer_process_killed_mid_append_twenty_times_loses_nothing_it_committed_and_the_chains_verify()
    {
        var writer = typeof(SqliteRecordStoreTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "KillWriter").Value!;
        Assert.True(File.Exists(writer), "The writer process is built before the tests.");
        var path = Path.Combine(_directory, "crash.db");
        var committed = new Dictionary<(string Stream, long Version), (long Position, string Hash)>();
        var random = new Random(20260302);

        for (var run = 0; run < 20; run++)
        {
            var target = random.Next(3, 80);
            var start = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { writer, "sqlite", path, (run % 3).ToString(CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var lines = 0;
            while (lines < target && await process.StandardOutput.ReadLineAsync() is { } line)
            {
                var parts = line.Split(' ');
                committed[(parts[0], long.Parse(parts[1], CultureInfo.InvariantCulture))] = (long.Parse(parts[2], CultureInfo.InvariantCulture), parts[3]);
                lines++;
            }

            process.Kill(); // SIGKILL: no cleanup, possibly in the middle of a transaction
            await process.WaitForExitAsync();
            Assert.True(lines == target, $"run {run}: the writer stopped early: {await process.StandardError.ReadToEndAsync()}");
        }

        using var store = new SqliteRecordStore(new SqliteRecordStoreOptions { DatabasePath = path });
        await store.InitializeAsync();
        var report = await store.VerifyAsync();
        Assert.True(report.IsIntact, report.FirstFailure?.ToString());
        foreach (var ((stream, version), (position, hash)) in committed)
        {
            var read = await store.ReadStreamAsync(new StreamId(stream), version);
            var stored = read.Count > 0 ? read[0] : null;
            Assert.NotNull(stored);
            Assert.Equal(version, stored.Version);
            Assert.Equal(position, stored.Position);
            Assert.Equal(hash, stored.Hash.ToString());
        }

        Assert.True(report.EventsChecked >= committed.Count);
        using var raw = SqliteTestStores.OpenRaw(path);
        Assert.Equal("ok", SqliteTestStores.Scalar(raw, "PRAGMA integrity_check"));
    }

    /// <summary>The dotnet host running these tests (so the writer runs on the same runtime), or "dotnet" from the path.</summary>
    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    [Fact]
    public async Task A_version_one_database_is_migrated_at_start_and_keeps_its_events_and_chains()
    {
        var path = Path.Combine(_directory, "old.db");
        var patient = PatientId.New();
        var stream = StreamId.For(VisitId.New());
        var request = new AppendRequest(stream, StreamKind.Visit, patient, 0, [Event(1), Event(2), Event(3)]);
        var sealedEvents = RecordRules.Seal(request, 0, EventHash.Zero, 1);
        using (var raw = SqliteTestStores.OpenRaw(path))
        {
            SqliteSchema.MigrateTo(raw, 1);
            foreach (var e in sealedEvents)
            {
                var row = e.ToRow();
                SqliteTestStores.Execute(raw, "INSERT INTO events VALUES ($p, $s, $v, $k, $pat, $t, $sv, $pl, $at, $a, $ph, $h)",
                    ("$p", row.Position), ("$s", row.Stream), ("$v", row.Version), ("$k", row.Kind), ("$pat", row.Patient), ("$t", row.Type),
                    ("$sv", row.SchemaVersion), ("$pl", row.Payload.ToArray()), ("$at", row.RecordedAtMicroseconds), ("$a", row.ActorId),
                    ("$ph", row.PreviousHash.ToArray()), ("$h", row.Hash.ToArray()));
            }

            var head = sealedEvents[^1];
            SqliteTestStores.Execute(raw, "INSERT INTO streams VALUES ($s, 'visit', $pat, 3, $h, 1, $c, $u)",
                ("$s", stream.Value), ("$pat", patient.ToString()), ("$h", head.Hash.ToArray()),
                ("$c", EventHashing.ToMicroseconds(sealedEvents[0].RecordedAt)), ("$u", EventHashing.ToMicroseconds(head.RecordedAt)));
            Assert.Equal(1L, SqliteTestStores.Scalar(raw, "PRAGMA user_version"));
        }

        var store = Open(path);
        await store.InitializeAsync();

        using (var raw = SqliteTestStores.OpenRaw(path))
        {
            Assert.Equal((long)SqliteRecordStore.SchemaVersion, SqliteTestStores.Scalar(raw, "PRAGMA user_version"));
        }

        Assert.Equal(sealedEvents.Select(e => e.Hash), (await store.ReadStreamAsync(stream)).Select(e => e.Hash));
        Assert.Equal(3, (await store.ReadPatientHistoryAsync(patient)).Count);
        await AppendAsync(store, stream, patient, 3, Event(4));
        var report = await store.VerifyAsync();
        Assert.True(report.IsIntact, report.FirstFailure?.ToString());
        Assert.Equal(4, report.EventsChecked);
        Assert.Single((await store.ListStreamsAsync(StreamKind.Visit, patient, PageRequest.First())).Items);
    }

    [Fact]
    public async Task A_database_written_by_a_newer_store_is_refused_and_left_unchanged()
    {
        var path = Path.Combine(_directory, "newer.db");
        using (var raw = SqliteTestStores.OpenRaw(path))
        {
            SqliteSchema.MigrateTo(raw, SqliteSchema.Latest);
            SqliteTestStores.Execute(raw, $"PRAGMA user_version = {SqliteSchema.Latest + 1}");
        }

        var before = await File.ReadAllBytesAsync(path);
        var store = Open(path);

        var error = await Assert.ThrowsAsync<SqliteSchemaException>(() => store.InitializeAsync());

        Assert.Equal(SqliteSchema.Latest + 1, error.DatabaseVersion);
        Assert.Equal(before, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task A_byte_flipped_in_the_database_file_is_found_by_verification()
    {
        var path = Path.Combine(_directory, "flip.db");
        var patient = PatientId.New();
        var stream = StreamId.For(VisitId.New());
        using (var store = new SqliteRecordStore(new SqliteRecordStoreOptions { DatabasePath = path }))
        {
            await AppendAsync(store, stream, patient, 0, Event(1), Event(2, "MARKER-4f2a9c"), Event(3));
        }

        using (var raw = SqliteTestStores.OpenRaw(path))
        {
            SqliteTestStores.Execute(raw, "PRAGMA wal_checkpoint(TRUNCATE)");
        }

        var bytes = await File.ReadAllBytesAsync(path);
        var at = bytes.AsSpan().IndexOf("MARKER-4f2a9c"u8);
        Assert.True(at > 0);
        bytes[at + 3] ^= 0x20; // one byte of the stored payload, behind SQLite's back
        await File.WriteAllBytesAsync(path, bytes);

        var reopened = Open(path);
        var report = await reopened.VerifyAsync();

        Assert.False(report.IsIntact);
        Assert.Equal(IntegrityFailureKind.HashMismatch, report.FirstFailure!.Kind);
        Assert.Equal(stream, report.FirstFailure.Stream);
        Assert.Equal(2, report.FirstFailure.Version);
    }

    [Fact]
    public async Task A_backup_taken_while_writers_append_is_a_consistent_verifiable_snapshot()
    {
        var store = Open();
        var patient = PatientId.New();
        var streams = Enumerable.Range(0, 3).Select(_ => StreamId.For(VisitId.New())).ToArray();
        using var stop = new CancellationTokenSource();
        var writers = streams.Select(stream => Task.Run(async () =>
        {
            var version = 0L;
            while (!stop.IsCancellationRequested)
            {
                version = (await AppendAsync(store, stream, patient, version, Event((int)version), Event((int)version + 1)))[^1].Version;
            }

            return version;
        })).ToArray();
        while ((await store.ReadAllAsync(0, 300)).Count < 300)
        {
            await Task.Yield();
        }

        var backupPath = Path.Combine(_directory, "backup", "records-backup.db");
        await store.BackupAsync(backupPath);
        await stop.CancelAsync();
        var finalVersions = await Task.WhenAll(writers);

        var backup = Open(backupPath);
        var report = await backup.VerifyAsync();
        Assert.True(report.IsIntact, report.FirstFailure?.ToString());
        Assert.True(report.EventsChecked >= 300);
        var live = await store.VerifyAsync();
        Assert.True(live.EventsChecked > report.EventsChecked || live.Checkpoint == report.Checkpoint);
        Assert.True((await store.VerifyAsync(report.Checkpoint)).KeptCheckpointMatches); // the backup is a prefix of the live record
        Assert.Equal(finalVersions.Sum(), live.EventsChecked);
    }

    [Fact]
    public async Task Restoring_a_backup_while_the_store_is_in_use_brings_back_exactly_the_backed_up_record()
    {
        var store = Open();
        var patient = PatientId.New();
        var stream = StreamId.For(VisitId.New());
        await AppendAsync(store, stream, patient, 0, Event(1), Event(2));
        await store.AppendAuditAsync(new AuditRecord(T0, "prac_a", AuditActions.Create, AuditOutcome.Succeeded, patient, stream, null));
        var backupPath = Path.Combine(_directory, "backup.db");
        await store.BackupAsync(backupPath);
        var atBackup = (await store.VerifyAsync()).Checkpoint;
        await AppendAsync(store, stream, patient, 2, Event(3));

        using var stop = new CancellationTokenSource();
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(async () =>
        {
            var reads = 0;
            while (!stop.IsCancellationRequested)
            {
                var events = await store.ReadStreamAsync(stream);
                Assert.True(events.Count is 2 or 3);
                reads++;
                reading.TrySetResult();
            }

            return reads;
        });
        await reading.Task;
        var restored = await store.RestoreAsync(backupPath);
        await stop.CancelAsync();
        Assert.True(await reader > 0);

        Assert.True(restored.IsIntact);
        Assert.Equal(atBackup, restored.Checkpoint);
        Assert.Equal(atBackup, (await store.VerifyAsync()).Checkpoint);
        Assert.Equal(2, (await store.ReadStreamAsync(stream)).Count);
        Assert.Single((await store.QueryAuditAsync(new AuditQuery(Patient: patient), PageRequest.First())).Items);
        await AppendAsync(store, stream, patient, 2, Event(3, "after-restore"));
        Assert.True((await store.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task A_backup_that_does_not_verify_is_not_restored_and_the_store_is_unchanged()
    {
        var store = Open();
        var patient = PatientId.New();
        var stream = StreamId.For(VisitId.New());
        await AppendAsync(store, stream, patient, 0, Event(1), Event(2));
        var backupPath = Path.Combine(_directory, "tampered.db");
        await store.BackupAsync(backupPath);
        using (var raw = SqliteTestStores.OpenRaw(backupPath))
        {
            SqliteTestStores.Execute(raw, "DROP TRIGGER events_append_only_update");
            SqliteTestStores.Execute(raw, "UPDATE events SET actor_id = 'prac_b' WHERE version = 2");
        }

        await AppendAsync(store, stream, patient, 2, Event(3));
        var before = (await store.VerifyAsync()).Checkpoint;

        var error = await Assert.ThrowsAsync<RecordIntegrityException>(() => store.RestoreAsync(backupPath));

        Assert.Equal(IntegrityFailureKind.HashMismatch, error.Failure.Kind);
        Assert.Equal(before, (await store.VerifyAsync()).Checkpoint);
        await Assert.ThrowsAsync<FileNotFoundException>(() => store.RestoreAsync(Path.Combine(_directory, "missing.db")));
        await Assert.ThrowsAsync<ArgumentException>(() => store.BackupAsync(store.DatabasePath));
    }
}
