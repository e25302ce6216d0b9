using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Hosting;

namespace Sot.Workbench.Cli;

/// <summary>
/// The console's host: configuration from appsettings.json (next to the executable), the environment and
/// <c>--set key=value</c> (highest precedence), the workbench with its plugins, logging to standard error.
/// </summary>
internal sealed class WorkbenchSession : IAsyncDisposable
{
    private readonly IHost _host;

    private WorkbenchSession(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IPluginCatalog Plugins => Services.GetRequiredService<IPluginCatalog>();

    public IndicatorCatalogue Catalogue => Services.GetRequiredService<IndicatorCatalogue>();

    public CategoryAnalyzer Analyzer => Services.GetRequiredService<CategoryAnalyzer>();

    public WorkbenchOptions Options => Services.GetRequiredService<IOptions<WorkbenchOptions>>().Value;

    /// <summary>The plugin folders searched, as absolute paths.</summary>
    public IReadOnlyList<string> PluginDirectories =>
        [.. (Options.PluginDirectories.Count == 0 ? ["plugins"] : Options.PluginDirectories).Select(d => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, d)))];

    /// <summary>The configuration the host was built with.</summary>
    public IConfiguration Configuration => Services.GetRequiredService<IConfiguration>();

    /// <summary>Starts the host; <paramref name="store"/> says whether the clinical-record store is opened (and must exist).</summary>
    /// <param name="settings">The <c>--set</c> values.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <param name="store">How the command uses the record store.</param>
    /// <param name="clock">The clock records are stamped with (the demo's simulated days); the system clock when null.</param>
    public static async Task<WorkbenchSession> StartAsync(IReadOnlyList<string> settings, CancellationToken cancellationToken, StoreUse store = StoreUse.None, TimeProvider? clock = null)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["hostBuilder:reloadConfigOnChange"] = "false" });
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [.. settings],
            ContentRootPath = AppContext.BaseDirectory,
            Configuration = configuration,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        // A host that fails to start is reported once, by the console, as "error: ..." (see StartAsync below).
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        IHost host;
        try
        {
            if (clock is not null)
            {
                builder.Services.AddSingleton(clock);
            }

            var workbench = builder.AddSotWorkbench();
            RecordStoreChoice.Apply(workbench, builder.Configuration, store);
            host = builder.Build();
        }
        catch (InvalidOperationException ex)
        {
            // A value that cannot be bound (e.g. an unknown trust mode) is reported by the binder with the key.
            throw new CliException($"the configuration is invalid: {ex.Message}", ExitCodes.Configuration);
        }

        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OptionsValidationException ex)
        {
            host.Dispose();
            throw new CliException($"the configuration is invalid: {string.Join(" ", ex.Failures)}", ExitCodes.Configuration);
        }
        catch (Exception ex) when (store != StoreUse.None && ex is not OperationCanceledException)
        {
            // The store could not be opened (unreachable server, unreadable file, newer schema): one line, no stack trace.
            host.Dispose();
            throw new CliException($"the clinical record could not be opened ({ex.GetType().Name}): {ex.Message}", ExitCodes.Configuration);
        }

        return new WorkbenchSession(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().ConfigureAwait(false);
        _host.Dispose();
    }
}
