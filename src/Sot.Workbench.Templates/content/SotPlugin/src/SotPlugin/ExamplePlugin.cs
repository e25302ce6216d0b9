using Microsoft.Extensions.DependencyInjection;
using Sot.Workbench.Plugins;

namespace SotPlugin;

/// <summary>
/// The plugin's entry type: the host creates it once (public parameterless constructor) and calls
/// <see cref="ConfigureServices"/>, in which the plugin registers its contributions through the Core contracts.
/// </summary>
public sealed class ExamplePlugin : IWorkbenchPlugin
{
    /// <summary>The plugin id; it must match "id" in plugin.json.</summary>
    public const string Id = "plugin-id-token";

    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
        services.ContributeIndicators<ExampleIndicators>();
        services.ContributeRule<ExampleRule>();
        services.ContributeProcedures<ExampleProcedures>();
    }
}
