using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Sot.Workbench.Benchmarks.Timing;
using Sot.Workbench.Records;
using Sot.Workbench.Storage.PostgreSql;

namespace Sot.Workbench.Benchmarks.Storage;

/// <summary>
/// The PostgreSQL append comparison measured interleaved in one process against one server: each round appends the
/// same visits through the store and through raw Npgsql (<see cref="RawNpgsqlAppends"/>), each into fresh clinic
/// schemas, alternating which goes first, so both see the same machine load. Prints every round and the median of
/// the per-round store / raw throughput ratios. Run: <c>Sot.Workbench.Benchmarks pg-append-interleaved [rounds] [visits]</c>.
/// </summary>
internal static class PostgreSqlAppendInterleaved
{
    public static async Task RunAsync(string[] args)
    {
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8;
        var visits = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000;
        var appends = RecordStoreWorkload.Appends().Take(visits).ToList();
        var events = appends.Sum(a => a.Events.Count);
        // Raw appends on this data source's connection; the store on a data source of its own, built as the store
        // builds one for itself (No Reset On Close unless the connection string says otherwise). Both live for the
        // whole run, so each side keeps one warm server process, as a clinic's long-lived pool does; the warm-up round
        // is not counted.
        await using var dataSource = NpgsqlDataSource.Create(PostgreSqlBenchServer.ConnectionString);
        await using var storeDataSource = NpgsqlDataSource.Create(PostgreSqlRecordStore.StoreConnectionString(PostgreSqlBenchServer.ConnectionString));
        Console.WriteLine($"{rounds} rounds of {appends.Count} appends ({events} events) each way; one warm-up round not counted.");
        await AlternatingRounds.RunAsync(rounds, events,
            (round, leg) => TimeStoreAsync(storeDataSource, dataSource, $"bench_il_{Environment.ProcessId}_{round}_{leg}", appends),
            (round, leg) => TimeRawAsync(dataSource, $"sotwb_bench_il_{Environment.ProcessId}_{round}_{leg}", appends));
    }

    private static async Task<double> TimeStoreAsync(NpgsqlDataSource storeDataSource, NpgsqlDataSource dataSource, string clinic, List<AppendRequest> appends)
    {
        await using var store = new PostgreSqlRecordStore(storeDataSource, clinic);
        await store.InitializeAsync();
        await CheckpointAsync(dataSource);
        var rollbacks = await RollbacksAsync(dataSource);
        var watch = Stopwatch.StartNew();
        foreach (var request in appends)
        {
            await store.AppendAsync(request);
        }

        var seconds = watch.Elapsed.TotalSeconds;
        var refused = await RollbacksAsync(dataSource) - rollbacks;
        if (refused > 1)
        {
            Console.WriteLine($"  the store's one-batch append was refused {refused} times (two-round-trip path taken)");
        }

        await DropAsync(dataSource, store.Schema);
        return seconds;
    }

    private static async Task<double> TimeRawAsync(NpgsqlDataSource dataSource, string schema, List<AppendRequest> appends)
    {
        await PostgreSqlSchema.MigrateAsync(dataSource, schema, PostgreSqlSchema.CurrentVersion, CancellationToken.None);
        await CheckpointAsync(dataSource);
        var watch = Stopwatch.StartNew();
        await RawNpgsqlAppends.AppendAsync(dataSource, schema, appends);
        var seconds = watch.Elapsed.TotalSeconds;
        await DropAsync(dataSource, schema);
        return seconds;
    }

    /// <summary>Transactions rolled back in the database so far (a refused one-batch append is one; statistics lag slightly).</summary>
    private static async Task<long> RollbacksAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT pg_stat_clear_snapshot(); SELECT xact_rollback FROM pg_stat_database WHERE datname = current_database()");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.NextResultAsync();
        await reader.ReadAsync();
        return reader.GetInt64(0);
    }

    private static async Task CheckpointAsync(NpgsqlDataSource dataSource)
    {
        await using var checkpoint = dataSource.CreateCommand("CHECKPOINT");
        await checkpoint.ExecuteNonQueryAsync();
    }

    private static async Task DropAsync(NpgsqlDataSource dataSource, string schema)
    {
        await using var drop = dataSource.CreateCommand($"DROP SCHEMA {schema} CASCADE");
        await drop.ExecuteNonQueryAsync();
    }
}
