using Sot.Workbench.Storage.PostgreSql.Testing;

namespace Sot.Workbench.Benchmarks.Storage;

/// <summary>
/// The server the PostgreSQL benchmarks run against: <c>SOT_WORKBENCH_BENCH_POSTGRES</c> (a connection string) when
/// set, else a throwaway cluster with PostgreSQL's default durability (fsync on, synchronous_commit on,
/// full_page_writes on, WAL flushed at every commit), stopped at the end of the benchmark process.
/// </summary>
internal static class PostgreSqlBenchServer
{
    private static readonly Lazy<string> Server = new(() =>
    {
        if (Environment.GetEnvironmentVariable("SOT_WORKBENCH_BENCH_POSTGRES") is { Length: > 0 } external)
        {
            return external;
        }

        var bin = TemporaryPostgreSqlCluster.FindServerBinaries(out var reason)
            ?? throw new InvalidOperationException($"No PostgreSQL server for the benchmark: set SOT_WORKBENCH_BENCH_POSTGRES, or install the server ({reason}).");
        var cluster = TemporaryPostgreSqlCluster.Start(bin, [new("shared_buffers", "'256MB'")]);
        return cluster.ConnectionString;
    });

    public static string ConnectionString => Server.Value;
}
