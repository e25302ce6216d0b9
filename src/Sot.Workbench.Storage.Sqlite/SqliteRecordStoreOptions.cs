namespace Sot.Workbench.Storage.Sqlite;

/// <summary>How a commit is made durable (SQLite's <c>synchronous</c> setting in WAL mode).</summary>
public enum SqliteDurability
{
    /// <summary>
    /// <c>synchronous=FULL</c> (the default): every append is on disk when it returns, even after a power loss or
    /// an operating-system crash. A clinical record must not lose an entry the practitioner saw saved.
    /// </summary>
    Full = 0,

    /// <summary>
    /// <c>synchronous=NORMAL</c>: the database stays consistent, and a crash of the process loses nothing, but a
    /// power loss can lose the most recent appends. Faster; for imports and tests, not for a clinic's record.
    /// </summary>
    Normal = 1,
}

/// <summary>Settings of the SQLite record store (configuration section <c>Workbench:Records:Sqlite</c>).</summary>
public sealed class SqliteRecordStoreOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Workbench:Records:Sqlite";

    /// <summary>The default file name inside the data folder.</summary>
    public const string DefaultFileName = "records.db";

    /// <summary>
    /// The database file. Relative paths are relative to <see cref="DataDirectory"/>. Default:
    /// <c>records.db</c> in the data folder.
    /// </summary>
    public string? DatabasePath { get; set; }

    /// <summary>
    /// The folder the database lives in when <see cref="DatabasePath"/> is relative or unset. Default: the host's
    /// data folder (<c>data</c> under the host's content root), or the working directory's <c>data</c> folder
    /// outside a host.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>How a commit is made durable. Default: <see cref="SqliteDurability.Full"/>.</summary>
    public SqliteDurability Durability { get; set; }

    /// <summary>How long an operation waits for another writer's lock before failing. Default: 30 seconds.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The database file's full path after applying the defaults.</summary>
    public string ResolveDatabasePath()
    {
        var folder = string.IsNullOrWhiteSpace(DataDirectory) ? Path.Combine(Directory.GetCurrentDirectory(), "data") : DataDirectory;
        var path = string.IsNullOrWhiteSpace(DatabasePath) ? DefaultFileName : DatabasePath;
        return Path.GetFullPath(Path.Combine(folder, path));
    }
}
