using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Sot.Workbench.Hosting;

/// <summary>Returned by <c>AddSotWorkbench</c>: the services and the outcome of plugin loading, for further configuration.</summary>
public sealed class WorkbenchBuilder
{
    internal WorkbenchBuilder(IServiceCollection services, IConfiguration configuration, IPluginCatalog plugins)
    {
        Services = services;
        Configuration = configuration;
        Plugins = plugins;
    }

    /// <summary>The host's services (Core's and the active plugins' contributions are already registered).</summary>
    public IServiceCollection Services { get; }

    /// <summary>The configuration the workbench was set up from.</summary>
    public IConfiguration Configuration { get; }

    /// <summary>Every discovered plugin with its status (the same instance is registered as <see cref="IPluginCatalog"/>).</summary>
    public IPluginCatalog Plugins { get; }

    /// <summary>Registers a contribution or service after the plugins (e.g. a host-specific report section).</summary>
    public WorkbenchBuilder ConfigureServices(Action<IServiceCollection> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(Services);
        return this;
    }
}
