using Microsoft.Extensions.Logging;

namespace Sot.Workbench.Hosting;

internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Plugin report: {Discovered} plugin folder(s) discovered, {Active} active")]
    public static partial void PluginReport(ILogger logger, int discovered, int active);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Plugin {PluginId} {Version} (order {LoadOrder}): {Status}. {Reason}")]
    public static partial void PluginActive(ILogger logger, string pluginId, string version, int loadOrder, PluginStatus status, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Plugin {PluginId} {Version}: {Status}. {Reason}")]
    public static partial void PluginDisabled(ILogger logger, string pluginId, string version, PluginStatus status, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Plugin {PluginId} {Version} in {Folder}: {Status}. {Reason}")]
    public static partial void PluginNotLoaded(ILogger logger, string pluginId, string version, string folder, PluginStatus status, string reason);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Error, Message = "Plugin {PluginId}: {Kind} {ContributionId} threw {ExceptionType}; it was isolated and the rest carries on")]
    public static partial void ContributionFailed(ILogger logger, string pluginId, string kind, string contributionId, string exceptionType, Exception exception);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Error, Message = "Visit lifecycle observer {Observer} (registered by the host) threw {ExceptionType} after {Stream} version {Version}; the transition stays stored and the other observers were called")]
    public static partial void HostObserverFailed(ILogger logger, string observer, string exceptionType, string stream, int version, Exception exception);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Error, Message = "Plugin {PluginId}: {Kind} {ContributionId} was left out: {Problem}")]
    public static partial void ContributionRejected(ILogger logger, string pluginId, string kind, string contributionId, string problem);
}
