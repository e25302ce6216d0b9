using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sot.Workbench.Hosting;

/// <summary>Logs the plugin report (ids, versions, order, statuses, reasons) when the host starts.</summary>
internal sealed class PluginStartupReport(IPluginCatalog catalog, DeferredLoggerFactory deferred, ILoggerFactory loggerFactory) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        deferred.Attach(loggerFactory);
        Write(catalog, loggerFactory.CreateLogger<PluginStartupReport>());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal static void Write(IPluginCatalog catalog, ILogger logger)
    {
        Log.PluginReport(logger, catalog.Plugins.Count, catalog.Active.Count);
        foreach (var plugin in catalog.Plugins)
        {
            var version = plugin.Version?.ToString() ?? "-";
            if (plugin.Status == PluginStatus.Active)
            {
                Log.PluginActive(logger, plugin.Id, version, plugin.LoadOrder ?? 0, plugin.Status, plugin.Reason);
            }
            else if (plugin.Status == PluginStatus.Disabled)
            {
                Log.PluginDisabled(logger, plugin.Id, version, plugin.Status, plugin.Reason);
            }
            else
            {
                Log.PluginNotLoaded(logger, plugin.Id, version, plugin.Folder, plugin.Status, plugin.Reason);
            }
        }

    }
}
