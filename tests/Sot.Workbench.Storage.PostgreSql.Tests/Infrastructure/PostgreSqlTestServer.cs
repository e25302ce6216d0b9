using Npgsql;

namespace Sot.Workbench.Storage.PostgreSql.Testing;

/// <summary>
/// Where the PostgreSQL tests get their server: the connection string in
/// <see cref="ConnectionStringVariable"/> when set (<c>off</c> turns the tests off), else a <see cref="TemporaryPostgreSqlCluster"/> when the
/// server binaries are installed. When neither is available, <see cref="SkipReason"/> says why and the tests
/// that need a server are reported as skipped.
/// </summary>
public static class PostgreSqlTestServer
{
    /// <summary>The environment variable naming an existing server to test against (an Npgsql connection string).</summary>
    public const string ConnectionStringVariable = "SOT_WORKBENCH_TEST_POSTGRES";

    /// <summary>The value of <see cref="ConnectionStringVariable"/> that turns the PostgreSQL tests off.</summary>
    public const string Off = "off";

    private static readonly Lazy<(string? BinDirectory, string? SkipReason)> Availability = new(() =>
    {
        var variable = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (string.Equals(variable?.Trim(), Off, StringComparison.OrdinalIgnoreCase))
        {
            return (null, $"No PostgreSQL server for the tests: {ConnectionStringVariable} is '{Off}'.");
        }

        if (!string.IsNullOrWhiteSpace(variable))
        {
            return (null, null);
        }

        var bin = TemporaryPostgreSqlCluster.FindServerBinaries(out var reason);
        return bin is null
            ? (null, $"No PostgreSQL server for the tests: {ConnectionStringVariable} is not set and {reason}.")
            : (bin, null);
    });

    /// <summary>Why the PostgreSQL tests cannot run here, or <see langword="null"/> when they can.</summary>
    public static string? SkipReason => Availability.Value.SkipReason;

    /// <summary>The connection string from <see cref="ConnectionStringVariable"/>, if set.</summary>
    public static string? ExternalConnectionString =>
        Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>The folder of the server binaries for a throwaway cluster (null when an external server is used).</summary>
    public static string? BinDirectory => Availability.Value.BinDirectory;
}

/// <summary>
/// One server for every PostgreSQL test in the run (an xUnit collection fixture): the external server, or a
/// throwaway cluster started on first use and stopped when the collection ends.
/// </summary>
public sealed class PostgreSqlServerFixture : IDisposable
{
    private readonly TemporaryPostgreSqlCluster? _cluster;
    private readonly List<string> _databases = [];
    private readonly Lock _gate = new();
    private string? _shared;

    public PostgreSqlServerFixture()
    {
        if (PostgreSqlTestServer.SkipReason is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        if (PostgreSqlTestServer.ExternalConnectionString is { } external)
        {
            ConnectionString = external;
        }
        else
        {
            // Throwaway data: the server need not flush to disk (the store's own transactions are still atomic).
            _cluster = TemporaryPostgreSqlCluster.Start(PostgreSqlTestServer.BinDirectory!, [new("fsync", "off"), new("synchronous_commit", "off"), new("full_page_writes", "off")]);
            ConnectionString = _cluster.ConnectionString;
        }
    }

    /// <summary>The administrative connection string (the server's maintenance database).</summary>
    public string ConnectionString { get; }

    /// <summary>A database shared by tests that isolate themselves by clinic (one schema per clinic), created on first use.</summary>
    public string SharedDatabase
    {
        get
        {
            lock (_gate)
            {
                return _shared ??= CreateDatabase();
            }
        }
    }

    /// <summary>Creates an empty database for one test class and returns its connection string; dropped at the end.</summary>
    public string CreateDatabase()
    {
        var name = "sotwb_test_" + Guid.NewGuid().ToString("N")[..16];
        using (var connection = new NpgsqlConnection(ConnectionString))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            command.ExecuteNonQuery();
        }

        lock (_gate)
        {
            _databases.Add(name);
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    public void Dispose()
    {
        try
        {
            if (_cluster is null)
            {
                NpgsqlConnection.ClearAllPools();
                using var connection = new NpgsqlConnection(ConnectionString);
                connection.Open();
                foreach (var name in _databases)
                {
                    using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
                    command.ExecuteNonQuery();
                }
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            _cluster?.Dispose();
        }
    }
}

/// <summary>Every test class that needs the server joins this collection (and carries <see cref="RequiresPostgreSqlAttribute"/>).</summary>
[CollectionDefinition(Name)]
public sealed class PostgreSqlServerGroup : ICollectionFixture<PostgreSqlServerFixture>
{
    public const string Name = "PostgreSQL server";
}
