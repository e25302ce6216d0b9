using Microsoft.Extensions.DependencyInjection;
using Sot.Workbench.Plugins;

namespace Sot.Workbench.TestPlugins;

/// <summary>Throws in its constructor.</summary>
public sealed class ThrowingCtorPlugin : IWorkbenchPlugin
{
    public ThrowingCtorPlugin() => throw new InvalidOperationException("licence file missing");

    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
    }
}
