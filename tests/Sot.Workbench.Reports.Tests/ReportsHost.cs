using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Hosting;
using Sot.Workbench.Procedures;
using Sot.Workbench.Reports;

namespace Sot.Workbench.Reports.Tests;

/// <summary>Where the built plugins and the golden files are.</summary>
internal static class Paths
{
    public static string TestPlugins { get; } = Metadata("TestPluginsDir");

    public static string ReportsPlugin { get; } = Metadata("ReportsPluginDir");

    public static string Golden { get; } = Metadata("GoldenDir");

    private static string Metadata(string key) =>
        typeof(Paths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}

/// <summary>Records every export, as the clinical-record store's audit trail would.</summary>
internal sealed class RecordingAudit : IClinicalDocumentAudit
{
    private readonly List<DocumentAuditEntry> _entries = [];

    public IReadOnlyList<DocumentAuditEntry> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public Task RecordAsync(DocumentAuditEntry entry, CancellationToken cancellationToken = default)
    {
        lock (_entries)
        {
            _entries.Add(entry);
        }

        return Task.CompletedTask;
    }
}

/// <summary>A fresh plugins folder (copies of the built plugins) and a started host over it, as a clinic runs it.</summary>
internal sealed class ReportsHost : IAsyncDisposable
{
    public const string ReportsId = "sot.reports";
    public const string SectionId = "test.report-section";

    private readonly string _root;

    private ReportsHost(string root, IHost host, RecordingAudit? audit, FakeTimeProvider time)
    {
        _root = root;
        Host = host;
        Audit = audit;
        Time = time;
    }

    public IHost Host { get; }

    public RecordingAudit? Audit { get; }

    public FakeTimeProvider Time { get; }

    public string PluginRoot => _root;

    public IClinicalDocuments Documents => Host.Services.GetRequiredService<IClinicalDocuments>();

    public IndicatorCatalogue Indicators => Host.Services.GetRequiredService<IndicatorCatalogue>();

    public ProcedureRegistry Procedures => Host.Services.GetRequiredService<ProcedureRegistry>();

    public CategoryAnalyzer Analyzer => Host.Services.GetRequiredService<CategoryAnalyzer>();

    public IPluginCatalog Catalog => Host.Services.GetRequiredService<IPluginCatalog>();

    /// <summary>Starts a host with the reports plugin and, when <paramref name="withSectionPlugin"/>, the test section plugin (copied, and enabled when <paramref name="sectionEnabled"/>).</summary>
    public static async Task<ReportsHost> StartAsync(bool withSectionPlugin = false, bool sectionEnabled = true, bool withAudit = true, Sot.Workbench.Records.IRecordStore? store = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "sot-reports-" + Guid.NewGuid().ToString("N"));
        Copy(Paths.ReportsPlugin, Path.Combine(root, ReportsId));
        if (withSectionPlugin)
        {
            Copy(Path.Combine(Paths.TestPlugins, SectionId), Path.Combine(root, SectionId));
        }

        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var config = new Dictionary<string, string?>
        {
            ["Workbench:PluginDirectories:0"] = root,
            [$"Workbench:Plugins:{ReportsId}:Enabled"] = "true",
            [$"Workbench:Plugins:{SectionId}:Enabled"] = sectionEnabled ? "true" : "false",
        };
        builder.Configuration.AddInMemoryCollection(config);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 4, 1, 12, 0, 0, TimeSpan.Zero));
        builder.Services.AddSingleton<TimeProvider>(time);
        RecordingAudit? audit = null;
        if (withAudit)
        {
            audit = new RecordingAudit();
            builder.Services.AddSingleton<IClinicalDocumentAudit>(audit);
        }

        if (store is not null)
        {
            builder.Services.AddSingleton(store);
        }

        builder.AddSotWorkbench();
        var host = builder.Build();
        await host.StartAsync();
        var status = host.Services.GetRequiredService<IPluginCatalog>().Plugins.Single(p => p.Id == ReportsId);
        Assert.True(status.Status == PluginStatus.Active, $"The reports plugin is {status.Status}: {status.Reason}");
        return new ReportsHost(root, host, audit, time);
    }

    private static void Copy(string source, string target)
    {
        Assert.True(Directory.Exists(source), $"Plugin was not built into {source}.");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
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
}
