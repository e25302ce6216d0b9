using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Plugins;

namespace Sot.Workbench.Hosting;

/// <summary>Adds the workbench (Core's contributions, the plugins, the catalogue and the analyzer) to a host.</summary>
public static class WorkbenchServiceCollectionExtensions
{
    /// <summary>
    /// Adds the workbench to a Generic Host builder: binds the <c>Workbench</c> section of the builder's
    /// configuration, registers Core's contributions, then discovers, checks and loads the enabled plugins.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="configure">Changes to the bound options, applied before plugins are discovered.</param>
    public static WorkbenchBuilder AddSotWorkbench(this IHostApplicationBuilder builder, Action<WorkbenchOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Services.AddSotWorkbench(builder.Configuration, configure);
    }

    /// <summary>
    /// Adds the workbench to <paramref name="services"/>: binds the <c>Workbench</c> section of
    /// <paramref name="configuration"/> (validated again at host start), registers Core's contributions, then
    /// discovers, checks and loads the enabled plugins. A bad plugin never throws from here: it gets a status
    /// in <see cref="IPluginCatalog"/>.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The host's configuration (root).</param>
    /// <param name="configure">Changes to the bound options, applied before plugins are discovered.</param>
    public static WorkbenchBuilder AddSotWorkbench(this IServiceCollection services, IConfiguration configuration, Action<WorkbenchOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return AddSotWorkbench(services, configuration, configure, new McMasterPluginAssemblyLoader(), AppContext.BaseDirectory);
    }

    internal static WorkbenchBuilder AddSotWorkbench(IServiceCollection services, IConfiguration configuration, Action<WorkbenchOptions>? configure, IPluginAssemblyLoader loader, string baseDirectory)
    {
        var section = configuration.GetSection(WorkbenchOptions.SectionName);
        services.AddOptions<WorkbenchOptions>().Bind(section).ValidateOnStart();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkbenchOptions>, WorkbenchOptionsValidator>());

        var options = new WorkbenchOptions();
        section.Bind(options);
        configure?.Invoke(options);
        var deferred = new DeferredLoggerFactory();
        var registry = new LoadedPluginRegistry();

        services.ContributeCore();
        services.AddSingleton(deferred);
        services.AddSingleton(registry);
        services.AddLogging();

        // Invalid options load no plugin; ValidateOnStart then stops the host with the reasons.
        var catalog = new WorkbenchOptionsValidator().Validate(null, options).Succeeded
            ? new PluginComposer(loader, new AssemblyInspector(), deferred).Compose(services, configuration, options, baseDirectory, registry)
            : new PluginCatalog([]);

        services.AddSingleton(catalog);
        services.AddSingleton<IPluginCatalog>(catalog);
        services.AddSingleton<FaultSink>();
        services.AddSingleton(sp =>
        {
            AttachLogging(sp);
            return WorkbenchComposition.BuildCatalogue(sp.GetServices<IIndicatorSource>(), sp.GetRequiredService<FaultSink>());
        });
        services.AddSingleton(sp =>
        {
            AttachLogging(sp);
            return WorkbenchComposition.BuildAnalyzer(sp.GetRequiredService<IndicatorCatalogue>(), sp.GetServices<IAnalysisRule>(), sp.GetRequiredService<FaultSink>());
        });
        services.AddSingleton(sp => new Sot.Workbench.Procedures.ProcedureRegistry(sp.GetServices<Sot.Workbench.Procedures.IProcedureSource>()));
        WorkbenchRecordStoreExtensions.AddRecords(services, configuration);
        services.AddHostedService<PluginStartupReport>();
        services.AddHealthChecks().AddCheck<PluginHealthCheck>(PluginHealthCheck.Name, tags: ["sot-workbench"]);
        return new WorkbenchBuilder(services, configuration, catalog);
    }

    private static void AttachLogging(IServiceProvider services)
    {
        if (services.GetService<ILoggerFactory>() is { } factory)
        {
            services.GetRequiredService<DeferredLoggerFactory>().Attach(factory);
        }
    }
}
