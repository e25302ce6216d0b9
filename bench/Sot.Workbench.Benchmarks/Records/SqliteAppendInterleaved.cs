using System.Diagnostics;
using System.Globalization;
using Sot.Workbench.Benchmarks.Timing;
using Sot.Workbench.Storage.Sqlite;

namespace Sot.Workbench.Benchmarks.Records;

/// <summary>
/// The SQLite append comparison of <see cref="RecordStoreAppendBenchmarks"/> measured interleaved in one process: each
/// round appends the same 100,020 events (3,334 visits of 30, one transaction each) through the store and through raw
/// Microsoft.Data.Sqlite with the hashes computed in the loop (<see cref="RecordStoreAppendBenchmarks.RawInsert"/>),
/// each into a fresh database file, alternating which goes first, so both see the same machine phases. BenchmarkDotNet
/// runs all of one method's iterations before the other's, which on a machine whose speed drifts over tens of seconds
/// can put the two in different phases. Prints every round and the median of the per-round store / raw throughput
/// ratios. Run: <c>Sot.Workbench.Benchmarks sqlite-append-interleaved [rounds] [full|normal]</c>.
/// </summary>
internal static class SqliteAppendInterleaved
{
    public static void Run(string[] args)
    {
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8;
        var durability = args.Length > 2 && args[2].Equals("normal", StringComparison.OrdinalIgnoreCase) ? SqliteDurability.Normal : SqliteDurability.Full;
        var bench = new RecordStoreAppendBenchmarks { Durability = durability };
        bench.Setup();
        Console.WriteLine($"synchronous = {durability}, WAL; {rounds} rounds of 3,334 appends (100,020 events) each way; one warm-up round not counted.");
        AlternatingRounds.RunAsync(rounds, 100_020,
            (_, _) => Task.FromResult(Time(bench, bench.SetupStore, bench.Store)),
            (_, _) => Task.FromResult(Time(bench, bench.SetupRaw, bench.RawInsert))).GetAwaiter().GetResult();
    }

    private static double Time(RecordStoreAppendBenchmarks bench, Action setup, Func<long> work)
    {
        setup();
        try
        {
            var watch = Stopwatch.StartNew();
            if (work() != 100_020)
            {
                throw new InvalidOperationException("the run did not append every event");
            }

            return watch.Elapsed.TotalSeconds;
        }
        finally
        {
            bench.Cleanup();
        }
    }
}
