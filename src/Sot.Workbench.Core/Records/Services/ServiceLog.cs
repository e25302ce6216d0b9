using Microsoft.Extensions.Logging;

namespace Sot.Workbench.Records;

/// <summary>Log messages of the application services: ids, command names and exception type names only.</summary>
internal static partial class ServiceLog
{
    [LoggerMessage(EventId = 6200, Level = LogLevel.Debug, Message = "{Stream}: {Command} stored as version {Version}")]
    public static partial void Stored(ILogger logger, string stream, string command, long version);

    [LoggerMessage(EventId = 6201, Level = LogLevel.Information, Message = "{Stream}: {Command} met a concurrent change (attempt {Attempt}); retrying on the newer state")]
    public static partial void Retrying(ILogger logger, string stream, string command, int attempt);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Information, Message = "{Stream}: {Command} rejected ({Reason})")]
    public static partial void Rejected(ILogger logger, string stream, string command, string reason);

    [LoggerMessage(EventId = 6203, Level = LogLevel.Error, Message = "Visit lifecycle notifier {Notifier} threw {ExceptionType} after {Stream} version {Version}; the stored transition stands")]
    public static partial void NotifierFailed(ILogger logger, string notifier, string exceptionType, string stream, long version);

    [LoggerMessage(EventId = 6204, Level = LogLevel.Error, Message = "Audit entry {Action} for {Stream} could not be written ({ExceptionType}); the record change itself is stored")]
    public static partial void AuditFailed(ILogger logger, string action, string stream, string exceptionType);
}
