using Microsoft.Extensions.DependencyInjection;
using Sot.Workbench.Plugins;

namespace Sot.Workbench.TestPlugins;

/// <summary>Built against a newer Core than the host has; the host must refuse it before loading.</summary>
public sealed class NewerCorePlugin : IWorkbenchPlugin
{
    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
    }
}
