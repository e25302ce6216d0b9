using Microsoft.Data.Sqlite;
using Sot.Workbench.Records;
using Sot.Workbench.Storage.Sqlite;

namespace Sot.Workbench.Storage.Tests;

/// <summary>Temporary SQLite record stores and raw access to their files, for tests.</summary>
internal static class SqliteTestStores
{
    public static string NewDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "sotwb-store-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    public static SqliteRecordStoreOptions Options(string directory, SqliteDurability durability = SqliteDurability.Normal) =>
        new() { DataDirectory = directory, Durability = durability };

    public static SqliteConnection OpenRaw(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 }.ToString());
        connection.Open();
        return connection;
    }

    public static void Execute(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }

    public static object? Scalar(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command.ExecuteScalar();
    }

    public static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // a temp folder left behind is harmless
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public static string Column(EventField field) => field switch
    {
        EventField.Position => "position",
        EventField.Stream => "stream_id",
        EventField.Kind => "kind",
        EventField.Patient => "patient_id",
        EventField.Version => "version",
        EventField.Type => "type",
        EventField.SchemaVersion => "schema_version",
        EventField.Payload => "payload",
        EventField.RecordedAt => "recorded_at",
        EventField.Actor => "actor_id",
        EventField.PreviousHash => "previous_hash",
        EventField.Hash => "hash",
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };
}

public sealed class SqliteRecordStoreContractTests : RecordStoreContractTests
{
    private readonly List<string> _directories = [];

    protected override async Task<IRecordStore> CreateStoreAsync()
    {
        var directory = SqliteTestStores.NewDirectory();
        _directories.Add(directory);
        var store = new SqliteRecordStore(SqliteTestStores.Options(directory));
        await store.InitializeAsync();
        return store;
    }

    protected override async Task<IRecordStore> OpenSecondWriterAsync(IRecordStore store)
    {
        var first = (SqliteRecordStore)store;
        var second = new SqliteRecordStore(new SqliteRecordStoreOptions { DatabasePath = first.DatabasePath, Durability = SqliteDurability.Normal });
        await second.InitializeAsync();
        return second;
    }

    protected override Task TamperAsync(IRecordStore store, long position, EventField field)
    {
        using var raw = SqliteTestStores.OpenRaw(((SqliteRecordStore)store).DatabasePath);
        SqliteTestStores.Execute(raw, "DROP TRIGGER events_append_only_update");
        var column = SqliteTestStores.Column(field);
        var value = SqliteTestStores.Scalar(raw, $"SELECT {column} FROM events WHERE position = $p", ("$p", position));
        object changed = value switch
        {
            long number => number ^ 0x100, // one byte of the integer
            string text => FlipLastByte(text),
            byte[] bytes => FlipLastBlobByte(bytes),
            _ => throw new InvalidOperationException($"Unexpected stored type for {column}."),
        };
        SqliteTestStores.Execute(raw, $"UPDATE events SET {column} = $v WHERE position = $p", ("$v", changed), ("$p", position));
        return Task.CompletedTask;

        static string FlipLastByte(string text) => text[..^1] + (char)(text[^1] ^ 1);

        static byte[] FlipLastBlobByte(byte[] bytes)
        {
            var copy = (byte[])bytes.Clone();
            copy[^1] ^= 1;
            return copy;
        }
    }

    protected override Task OverwriteEventsAsync(IRecordStore store, IReadOnlyList<StoredEvent> events)
    {
        using var raw = SqliteTestStores.OpenRaw(((SqliteRecordStore)store).DatabasePath);
        SqliteTestStores.Execute(raw, "DROP TRIGGER events_append_only_update");
        foreach (var e in events)
        {
            SqliteTestStores.Execute(raw, "UPDATE events SET payload = $payload, previous_hash = $previous, hash = $hash, type = $type, actor_id = $actor, recorded_at = $at WHERE position = $p",
                ("$payload", e.Payload.ToArray()), ("$previous", e.PreviousHash.ToArray()), ("$hash", e.Hash.ToArray()), ("$type", e.Type),
                ("$actor", e.ActorId), ("$at", EventHashing.ToMicroseconds(e.RecordedAt)), ("$p", e.Position));
        }

        foreach (var head in events.GroupBy(e => e.Stream).Select(g => g.MaxBy(e => e.Version)!))
        {
            SqliteTestStores.Execute(raw, "UPDATE streams SET version = $v, head_hash = $h WHERE stream_id = $s",
                ("$v", head.Version), ("$h", head.Hash.ToArray()), ("$s", head.Stream.Value));
        }

        return Task.CompletedTask;
    }

    protected override Task TruncateStreamAsync(IRecordStore store, StreamId stream, long fromVersion)
    {
        using var raw = SqliteTestStores.OpenRaw(((SqliteRecordStore)store).DatabasePath);
        SqliteTestStores.Execute(raw, "DROP TRIGGER events_append_only_delete");
        SqliteTestStores.Execute(raw, "DELETE FROM events WHERE stream_id = $s AND version >= $v", ("$s", stream.Value), ("$v", fromVersion));
        SqliteTestStores.Execute(raw, "UPDATE streams SET version = $v, head_hash = (SELECT hash FROM events WHERE stream_id = $s AND version = $v) WHERE stream_id = $s",
            ("$s", stream.Value), ("$v", fromVersion - 1));
        return Task.CompletedTask;
    }

    protected override Task BreakAuditWritesAsync(IRecordStore store)
    {
        using var raw = SqliteTestStores.OpenRaw(((SqliteRecordStore)store).DatabasePath);
        SqliteTestStores.Execute(raw, "CREATE TRIGGER test_audit_write_fails BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'audit write refused by the test'); END");
        return Task.CompletedTask;
    }

    protected override async ValueTask DisposeStoreAsync(IRecordStore store)
    {
        await base.DisposeStoreAsync(store);
        var directory = Path.GetDirectoryName(((SqliteRecordStore)store).DatabasePath)!;
        if (_directories.Remove(directory))
        {
            SqliteTestStores.DeleteQuietly(directory);
        }
    }
}
