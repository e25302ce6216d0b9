using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;

namespace Sot.Workbench.Hosting.Tests;

/// <summary>A fresh plugins folder for one test, filled by copying the built test plugins.</summary>
internal sealed class PluginFolder : IDisposable
{
    public static readonly string BuiltPlugins = typeof(PluginFolder).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "TestPluginsDir").Value!;

    public PluginFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "sot-plugins-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Copies the built plugin <paramref name="id"/> into a folder named <paramref name="folder"/> (default: the id).</summary>
    public string Copy(string id, string? folder = null)
    {
        var source = Path.Combine(BuiltPlugins, id);
        Assert.True(Directory.Exists(source), $"Test plugin '{id}' was not built into {BuiltPlugins}.");
        var target = Path.Combine(Root, folder ?? id);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }

    /// <summary>Rewrites one property of a copied plugin's manifest (raw JSON value).</summary>
    public void EditManifest(string folder, string property, string rawJsonValue)
    {
        var path = Path.Combine(Root, folder, "plugin.json");
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        node[property] = System.Text.Json.Nodes.JsonNode.Parse(rawJsonValue);
        File.WriteAllText(path, node.ToJsonString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Loaded assemblies may still be mapped; the temp folder is cleaned by the OS.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>A started host over one plugins folder.</summary>
internal sealed class TestHost : IAsyncDisposable
{
    private TestHost(IHost host, WorkbenchBuilder builder)
    {
        Host = host;
        Builder = builder;
    }

    public IHost Host { get; }

    public WorkbenchBuilder Builder { get; }

    public IPluginCatalog Catalog => Host.Services.GetRequiredService<IPluginCatalog>();

    public IndicatorCatalogue Indicators => Host.Services.GetRequiredService<IndicatorCatalogue>();

    public CategoryAnalyzer Analyzer => Host.Services.GetRequiredService<CategoryAnalyzer>();

    public PluginInfo Plugin(string id) => Catalog.Plugins.Single(p => p.Id == id);

    public static async Task<TestHost> StartAsync(PluginFolder folder, params string[] enabled) =>
        await StartAsync(folder, enabled, []);

    public static async Task<TestHost> StartAsync(PluginFolder folder, string[] enabled, Dictionary<string, string?> settings, Action<WorkbenchBuilder>? configure = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var config = new Dictionary<string, string?>(settings) { ["Workbench:PluginDirectories:0"] = folder.Root };
        foreach (var id in enabled)
        {
            config[$"Workbench:Plugins:{id}:Enabled"] = "true";
        }

        builder.Configuration.AddInMemoryCollection(config);
        var workbench = builder.AddSotWorkbench();
        configure?.Invoke(workbench);
        var host = builder.Build();
        await host.StartAsync();
        return new TestHost(host, workbench);
    }

    /// <summary>The good plugin (under <paramref name="id"/>) contributes its indicator and its rule fires.</summary>
    public void AssertGoodPluginWorks(string id = "test.good")
    {
        Assert.Equal(PluginStatus.Active, Plugin(id).Status);
        var prefix = id.ToUpperInvariant().Replace('.', '-');
        Assert.Equal(id, Indicators.SourceOf(prefix + "-SIGN"));
        var finding = Indicators.CreateFinding(prefix + "-SIGN", AnalysisPosition.Standing, Side.None, FindingPhase.InitialAnalysis);
        var result = Analyzer.Analyze(new AnalysisInput([finding]));
        Assert.Contains(result.Suggestions, s => s.RuleId == prefix + "-R1" && s.Kind == SuggestionKind.Technique);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}
