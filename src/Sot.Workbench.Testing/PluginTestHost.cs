using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Hosting;
using Sot.Workbench.Plugins;
using Sot.Workbench.Procedures;

namespace Sot.Workbench.Testing;

/// <summary>Settings for <see cref="PluginTestHost.LoadAsync(string, PluginTestHostOptions?, CancellationToken)"/>.</summary>
public sealed class PluginTestHostOptions
{
    /// <summary>Built folders of plugins the plugin under test depends on; they are copied and enabled too.</summary>
    public IList<string> DependencyFolders { get; } = [];

    /// <summary>
    /// Extra configuration for the host, e.g. <c>Workbench:Plugins:acme.posture:Options:Threshold</c> = <c>"3"</c>.
    /// Applied after the settings the test host makes itself.
    /// </summary>
    public IDictionary<string, string?> Configuration { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// Loads one built plugin folder (a folder holding <c>plugin.json</c> and the plugin's assemblies, e.g. its
/// <c>bin/Debug/net10.0/</c>) into a real workbench host, through the same discovery, checks and loader a clinic's
/// host uses, and runs the conformance checks (<see cref="CheckConformance"/>). The folder is copied first, so the
/// build output is never locked or changed.
/// </summary>
/// <example>
/// <code>
/// await using var host = await PluginTestHost.LoadAsync(pluginOutputFolder);
/// host.CheckConformance().ThrowIfFailed();
/// </code>
/// </example>
public sealed class PluginTestHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _root;

    private PluginTestHost(IHost host, string root, string folder)
    {
        _host = host;
        _root = root;
        Catalog = host.Services.GetRequiredService<IPluginCatalog>();
        Plugin = Catalog.Plugins.Single(p => string.Equals(p.Folder, folder, StringComparison.Ordinal));
    }

    /// <summary>The status of the plugin under test, as the host reports it (Active when it loaded).</summary>
    public PluginInfo Plugin { get; }

    /// <summary>The host's plugin catalog (the plugin under test and its dependencies).</summary>
    public IPluginCatalog Catalog { get; }

    /// <summary>The host's services: Core's and the active plugins' contributions.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>The indicator catalogue: Core's indicators and the active plugins'.</summary>
    public IndicatorCatalogue Indicators => Services.GetRequiredService<IndicatorCatalogue>();

    /// <summary>The analyzer: Core's rules and the active plugins'.</summary>
    public CategoryAnalyzer Analyzer => Services.GetRequiredService<CategoryAnalyzer>();

    /// <summary>
    /// Copies <paramref name="pluginFolder"/> (and any dependency folders) into a fresh plugins folder, enables them,
    /// and starts a host over it. A plugin that does not load does not throw here: see <see cref="Plugin"/>.
    /// </summary>
    /// <param name="pluginFolder">The built plugin folder (holding <c>plugin.json</c>).</param>
    /// <param name="options">Dependencies and extra configuration.</param>
    /// <param name="cancellationToken">Cancels the host start.</param>
    /// <exception cref="DirectoryNotFoundException">A folder does not exist.</exception>
    public static async Task<PluginTestHost> LoadAsync(string pluginFolder, PluginTestHostOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pluginFolder);
        options ??= new PluginTestHostOptions();
        var root = Path.Combine(Path.GetTempPath(), "sot-plugin-test-" + Guid.NewGuid().ToString("N"));
        var plugins = Path.Combine(root, "plugins");
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [$"{WorkbenchOptions.SectionName}:PluginDirectories:0"] = plugins,
        };

        string? underTest = null;
        var index = 0;
        foreach (var source in options.DependencyFolders.Prepend(pluginFolder))
        {
            var full = Path.GetFullPath(source);
            if (!Directory.Exists(full))
            {
                throw new DirectoryNotFoundException($"The plugin folder '{full}' does not exist; build the plugin first.");
            }

            var id = ReadId(full);
            var target = Path.Combine(plugins, $"{index++:D2}-{id ?? "unreadable-manifest"}");
            Copy(full, target);
            underTest ??= target;
            if (id is not null)
            {
                settings[$"{WorkbenchOptions.SectionName}:Plugins:{id}:Enabled"] = "true";
            }
        }

        foreach (var (key, value) in options.Configuration)
        {
            settings[key] = value;
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.AddSotWorkbench();
        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return new PluginTestHost(host, root, underTest!);
    }

    /// <summary>
    /// Runs the conformance checks on the plugin under test: it loaded (manifest valid, compatible, trusted,
    /// dependencies met); its contributions are valid and their ids unique; its rules never throw on generated
    /// visits; its report sections build and render through every report format.
    /// </summary>
    /// <param name="options">How many visits to generate, and the seed.</param>
    public ConformanceReport CheckConformance(ConformanceOptions? options = null) =>
        PluginConformance.Check(this, options ?? new ConformanceOptions());

    /// <summary>Stops the host and deletes the copied folders (as far as the loaded assemblies allow).</summary>
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().ConfigureAwait(false);
        _host.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Loaded assemblies may still be mapped; the temp folder is cleaned by the OS.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    internal IEnumerable<T> ContributionsOf<T>() where T : class =>
        Services.GetServices<T>().Where(c => c is IPluginContribution p && string.Equals(p.PluginId, Plugin.Id, StringComparison.Ordinal));

    /// <summary>Contributions that the host does not wrap (formats, procedure sources): told apart by the folder their assembly was loaded from.</summary>
    internal IEnumerable<T> FromPluginFolder<T>() where T : class =>
        Services.GetServices<T>().Where(c => IsInside(c.GetType().Assembly.Location, Plugin.Folder));

    internal ProcedureRegistry? Procedures(out string? problem)
    {
        try
        {
            problem = null;
            return Services.GetRequiredService<ProcedureRegistry>();
        }
        catch (Exception ex) when (ex is DuplicateProcedureKindException or ArgumentException or ProcedureValidationException)
        {
            problem = ex.Message;
            return null;
        }
    }

    internal IEnumerable<IReportFormat> Formats => Services.GetServices<IReportFormat>();

    internal IEnumerable<IAnalysisRule> Rules => Services.GetServices<IAnalysisRule>();

    internal IEnumerable<IReportSectionContributor> Sections => Services.GetServices<IReportSectionContributor>();

    internal IEnumerable<IIndicatorSource> IndicatorSources => Services.GetServices<IIndicatorSource>();

    private static bool IsInside(string path, string folder) =>
        path.Length > 0 && Path.GetFullPath(path).StartsWith(Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string? ReadId(string folder)
    {
        try
        {
            using var stream = File.OpenRead(Path.Combine(folder, "plugin.json"));
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("id", out var id)
                && id.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(id.GetString())
                && id.GetString()!.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')
                    ? id.GetString()
                    : null;
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null; // the host reports the manifest problem as the plugin's status
        }
    }

    private static void Copy(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        Directory.CreateDirectory(target);
    }
}
