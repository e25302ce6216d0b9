using Microsoft.Extensions.DependencyInjection;

namespace Sot.Workbench.Plugins;

/// <summary>
/// The entry type of a plugin. The host creates it with its public parameterless constructor, once, and calls
/// <see cref="ConfigureServices"/> before the service provider is built, in dependency order. The plugin
/// registers its contributions (indicator sources, analysis rules, report sections and formats, …) into
/// the service collection through the Core contracts; it never references another plugin.
/// </summary>
public interface IWorkbenchPlugin
{
    /// <summary>Registers the plugin's services and contributions.</summary>
    /// <param name="services">The host's service collection. If this method throws, every registration it made is removed.</param>
    /// <param name="context">The plugin's id, version, folder, configuration section and a logger factory.</param>
    void ConfigureServices(IServiceCollection services, PluginContext context);
}
