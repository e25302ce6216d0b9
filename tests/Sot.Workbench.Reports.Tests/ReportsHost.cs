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

/// <summary>A plugins folder (copies of the built plugins) and a fresh host started over it, as a clinic runs it.</summary>
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

    /// <summary>Starts a host with the reports plugin and, when <paramref name="withSectionPlugin"/>, the test section plugin (installed, and enabled when <paramref name="sectionEnabled"/>).</summary>
    public static async Task<ReportsHost> StartAsync(bool withSectionPlugin = false, bool sectionEnabled = true, bool withAudit = true, Sot.Workbench.Records.IRecordStore? store = null)
    {
        var root = NewRoot(withSectionPlugin);
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

    // Each host gets its own copy of the plugins: SkiaSharp's native library keeps process-wide callbacks into the
    // managed assembly that loaded it, so two load contexts must not share one copy of libSkiaSharp. Only this
    // platform's native folder is copied. After the host stops, everything but the native folder is deleted; the
    // native library may still bind functions (e.g. from a finalizer), so it stays until the process ends.
    private static readonly Lazy<bool> StaleSwept = new(SweepStale);

    private static string NewRoot(bool withSectionPlugin)
    {
        _ = StaleSwept.Value;
        var root = Path.Combine(Path.GetTempPath(), "sot-reports-" + Guid.NewGuid().ToString("N"));
        Copy(Paths.ReportsPlugin, Path.Combine(root, ReportsId));
        if (withSectionPlugin)
        {
            Copy(Path.Combine(Paths.TestPlugins, SectionId), Path.Combine(root, SectionId));
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Delete(root);
        return root;
    }

    /// <summary>Removes copies left by earlier test processes that ended without running their exit handlers (older than an hour).</summary>
    private static bool SweepStale()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), "sot-reports-*"))
        {
            if (Directory.GetLastWriteTimeUtc(folder) < DateTime.UtcNow.AddHours(-1))
            {
                Delete(folder);
            }
        }

        return true;
    }

    private static void Delete(string path, string? except = null)
    {
        try
        {
            if (except is null)
            {
                Directory.Delete(path, recursive: true);
                return;
            }

            foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
            {
                if (!file.Contains(except, StringComparison.Ordinal))
                {
                    File.Delete(file);
                }
            }
        }
        catch (IOException)
        {
            // The temp folder is cleaned by the OS.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void Copy(string source, string target)
    {
        Assert.True(Directory.Exists(source), $"Plugin was not built into {source}.");
        var ownNatives = Path.Combine("runtimes", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier) + Path.DirectorySeparatorChar;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith("runtimes" + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !relative.StartsWith(ownNatives, StringComparison.Ordinal))
            {
                continue;
            }

            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
        Delete(_root, except: Path.DirectorySeparatorChar + "runtimes" + Path.DirectorySeparatorChar);
    }
}
