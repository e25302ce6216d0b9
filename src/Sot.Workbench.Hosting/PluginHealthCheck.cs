using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sot.Workbench.Hosting;

/// <summary>Degraded when a plugin the configuration enables is not Active.</summary>
internal sealed class PluginHealthCheck(IPluginCatalog catalog) : IHealthCheck
{
    public const string Name = "sot-workbench-plugins";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var notActive = catalog.Plugins.Where(p => p.Enabled && p.Status != PluginStatus.Active).ToArray();
        var data = catalog.Plugins.ToDictionary(p => p.Id + " (" + p.Folder + ")", p => (object)p.Status.ToString());
        var result = notActive.Length == 0
            ? HealthCheckResult.Healthy($"{catalog.Active.Count} plugin(s) active.", data)
            : HealthCheckResult.Degraded(
                $"{notActive.Length} enabled plugin(s) not active: {string.Join("; ", notActive.Select(p => $"{p.Id} {p.Status}: {p.Reason}"))}",
                data: data);
        return Task.FromResult(result);
    }
}
