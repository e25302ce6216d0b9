using Microsoft.Extensions.Configuration;
using Sot.Workbench.Hosting;
using Sot.Workbench.Storage.Sqlite;

namespace Sot.Workbench.Cli;

/// <summary>How a command uses the clinical-record store.</summary>
internal enum StoreUse
{
    /// <summary>The command needs no store (plugins, workflow, analyze).</summary>
    None = 0,

    /// <summary>The command reads an existing record: a missing SQLite database is an error, not a new empty record.</summary>
    Existing = 1,

    /// <summary>The command writes a record (demo): the database is created when missing.</summary>
    Create = 2,
}

/// <summary>
/// The store chosen by <c>Workbench:Records:Provider</c>: <c>sqlite</c> (the default: one file under the console's
/// <c>data</c> folder, or <c>Workbench:Records:Sqlite:DataDirectory</c> / <c>DatabasePath</c>) or <c>postgresql</c>
/// (connection from <c>ConnectionStrings:Workbench</c> or <c>Workbench:Records:PostgreSql:ConnectionString</c>).
/// </summary>
internal static class RecordStoreChoice
{
    public const string ProviderKey = "Workbench:Records:Provider";

    public const string Sqlite = "sqlite";

    public const string PostgreSql = "postgresql";

    /// <summary>Where the record lives, for messages (a file path, or "PostgreSQL"); never a password.</summary>
    public static string Describe(IConfiguration configuration) =>
        Provider(configuration) == Sqlite ? SqliteOptions(configuration).ResolveDatabasePath() : "PostgreSQL";

    public static string Provider(IConfiguration configuration)
    {
        var provider = configuration[ProviderKey];
        if (string.IsNullOrWhiteSpace(provider))
        {
            return Sqlite;
        }

        return provider.Trim().ToLowerInvariant() switch
        {
            Sqlite => Sqlite,
            PostgreSql or "postgres" => PostgreSql,
            _ => throw new CliException($"{ProviderKey} must be '{Sqlite}' or '{PostgreSql}', got '{provider}'.", ExitCodes.Configuration),
        };
    }

    /// <summary>Registers the chosen store on the workbench; checks, for <see cref="StoreUse.Existing"/>, that the record exists.</summary>
    public static void Apply(WorkbenchBuilder workbench, IConfiguration configuration, StoreUse use)
    {
        if (use == StoreUse.None)
        {
            return;
        }

        switch (Provider(configuration))
        {
            case Sqlite:
                var path = SqliteOptions(configuration).ResolveDatabasePath();
                if (use == StoreUse.Existing && !File.Exists(path))
                {
                    throw new CliException(
                        $"no clinical record at {path}: run 'demo' first, or point the console at a record with --set Workbench:Records:Sqlite:DataDirectory=FOLDER (or Workbench:Records:Provider=postgresql).",
                        ExitCodes.Configuration);
                }

                workbench.UseSqliteStore(o => o.DataDirectory = string.IsNullOrWhiteSpace(o.DataDirectory) ? DefaultDataDirectory : o.DataDirectory);
                break;
            default:
                PostgreSqlStore.Apply(workbench, configuration);
                break;
        }
    }

    /// <summary>The console's data folder: <c>data</c> next to the executable.</summary>
    public static string DefaultDataDirectory => Path.Combine(AppContext.BaseDirectory, "data");

    private static SqliteRecordStoreOptions SqliteOptions(IConfiguration configuration)
    {
        SqliteRecordStoreOptions options;
        try
        {
            options = configuration.GetSection(SqliteRecordStoreOptions.SectionName).Get<SqliteRecordStoreOptions>() ?? new SqliteRecordStoreOptions();
        }
        catch (InvalidOperationException ex)
        {
            throw new CliException($"the configuration is invalid: {ex.Message}", ExitCodes.Configuration);
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            options.DataDirectory = DefaultDataDirectory;
        }

        return options;
    }
}
