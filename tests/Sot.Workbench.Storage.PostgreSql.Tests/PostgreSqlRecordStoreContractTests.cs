using Npgsql;
using Sot.Workbench.Records;
using Sot.Workbench.Storage.PostgreSql.Testing;
using Sot.Workbench.Storage.Tests;

namespace Sot.Workbench.Storage.PostgreSql.Tests;

/// <summary>The record store contract on PostgreSQL: each store is a new clinic (its own schema) in a shared test database.</summary>
[RequiresPostgreSql]
[Collection(PostgreSqlServerGroup.Name)]
public sealed class PostgreSqlRecordStoreContractTests(PostgreSqlServerFixture server) : RecordStoreContractTests
{
    private string ConnectionString => server.SharedDatabase;

    protected override async Task<IRecordStore> CreateStoreAsync()
    {
        var store = new PostgreSqlRecordStore(new PostgreSqlRecordStoreOptions { ConnectionString = ConnectionString, Clinic = "c" + Guid.NewGuid().ToString("N")[..20] });
        await store.InitializeAsync();
        return store;
    }

    protected override async Task<IRecordStore> OpenSecondWriterAsync(IRecordStore store)
    {
        var first = (PostgreSqlRecordStore)store;
        var second = new PostgreSqlRecordStore(new PostgreSqlRecordStoreOptions { ConnectionString = ConnectionString + ";Application Name=second-writer", Clinic = first.Clinic });
        await second.InitializeAsync();
        return second;
    }

    protected override async Task TamperAsync(IRecordStore store, long position, EventField field)
    {
        var column = Column(field);
        await using var raw = await OpenRawAsync();
        object value;
        await using (var read = new NpgsqlCommand($"SELECT {column} FROM {Schema(store)}.events WHERE position = $1", raw))
        {
            read.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position });
            value = (await read.ExecuteScalarAsync())!;
        }

        object changed = value switch
        {
            long number => number ^ 0x100, // one byte of the integer
            string text => text[..^1] + (char)(text[^1] ^ 1),
            byte[] bytes => FlipLastByte(bytes),
            _ => throw new InvalidOperationException($"Unexpected stored type for {column}."),
        };
        await using var update = new NpgsqlCommand($"UPDATE {Schema(store)}.events SET {column} = $1 WHERE position = $2", raw);
        update.Parameters.Add(new NpgsqlParameter { Value = changed });
        update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position });
        Assert.Equal(1, await update.ExecuteNonQueryAsync());

        static byte[] FlipLastByte(byte[] bytes)
        {
            var copy = (byte[])bytes.Clone();
            copy[^1] ^= 1;
            return copy;
        }
    }

    protected override async Task OverwriteEventsAsync(IRecordStore store, IReadOnlyList<StoredEvent> events)
    {
        await using var raw = await OpenRawAsync();
        foreach (var e in events)
        {
            await using var update = new NpgsqlCommand(
                $"UPDATE {Schema(store)}.events SET payload = $1, previous_hash = $2, hash = $3, type = $4, actor_id = $5, recorded_at = $6 WHERE position = $7", raw);
            update.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = e.Payload.ToArray() });
            update.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = e.PreviousHash.ToArray() });
            update.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = e.Hash.ToArray() });
            update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = e.Type });
            update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = e.ActorId });
            update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = EventHashing.ToMicroseconds(e.RecordedAt) });
            update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = e.Position });
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        foreach (var head in events.GroupBy(e => e.Stream).Select(g => g.MaxBy(e => e.Version)!))
        {
            await using var update = new NpgsqlCommand($"UPDATE {Schema(store)}.streams SET version = $1, hash = $2 WHERE stream = $3", raw);
            update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = head.Version });
            update.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = head.Hash.ToArray() });
            update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = head.Stream.Value });
            await update.ExecuteNonQueryAsync();
        }
    }

    protected override async Task TruncateStreamAsync(IRecordStore store, StreamId stream, long fromVersion)
    {
        await using var raw = await OpenRawAsync();
        await using var batch = new NpgsqlBatch(raw)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand($"DELETE FROM {Schema(store)}.events WHERE stream = $1 AND version >= $2")
                {
                    Parameters = { new NpgsqlParameter<string> { TypedValue = stream.Value }, new NpgsqlParameter<long> { TypedValue = fromVersion } },
                },
                new NpgsqlBatchCommand($"UPDATE {Schema(store)}.streams SET version = $2, hash = (SELECT hash FROM {Schema(store)}.events WHERE stream = $1 AND version = $2) WHERE stream = $1")
                {
                    Parameters = { new NpgsqlParameter<string> { TypedValue = stream.Value }, new NpgsqlParameter<long> { TypedValue = fromVersion - 1 } },
                },
            },
        };
        await batch.ExecuteNonQueryAsync();
    }

    protected override async Task BreakAuditWritesAsync(IRecordStore store)
    {
        await using var raw = await OpenRawAsync();
        await using var command = new NpgsqlCommand(
            $"CREATE FUNCTION {Schema(store)}.test_audit_write_fails() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit write refused by the test'; END $$; " +
            $"CREATE TRIGGER test_audit_write_fails BEFORE INSERT ON {Schema(store)}.audit FOR EACH ROW EXECUTE FUNCTION {Schema(store)}.test_audit_write_fails()",
            raw);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A superuser connection with triggers off (<c>session_replication_role = replica</c>): the store's append-only guards do not fire.</summary>
    private async Task<NpgsqlConnection> OpenRawAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SET session_replication_role = replica", connection);
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    private static string Schema(IRecordStore store) => PostgreSqlSchema.Quote(((PostgreSqlRecordStore)store).Schema);

    private static string Column(EventField field) => field switch
    {
        EventField.Position => "position",
        EventField.Stream => "stream",
        EventField.Kind => "kind",
        EventField.Patient => "patient",
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
