using Microsoft.Extensions.Logging;

namespace Sot.Workbench.Storage.Sqlite;

/// <summary>Log messages of the SQLite store: ids, versions and counts only, never record content.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6100, Level = LogLevel.Information, Message = "Record store schema migrated from version {From} to {To}")]
    public static partial void Migrated(ILogger logger, int from, int to);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Debug, Message = "Record store opened (schema version {Version}, durability {Durability})")]
    public static partial void Opened(ILogger logger, int version, SqliteDurability durability);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Debug, Message = "Append to stream {Stream} refused: expected version {Expected}, stream at {Actual}")]
    public static partial void Conflict(ILogger logger, string stream, long expected, long actual);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Information, Message = "Record store backed up ({Pages} pages)")]
    public static partial void BackedUp(ILogger logger, long pages);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Warning, Message = "Record store restored from a backup holding {Events} events (checkpoint {Checkpoint})")]
    public static partial void Restored(ILogger logger, long events, Records.RecordCheckpoint checkpoint);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Error, Message = "Record store integrity check failed: {Failure}")]
    public static partial void IntegrityFailed(ILogger logger, string failure);
}
