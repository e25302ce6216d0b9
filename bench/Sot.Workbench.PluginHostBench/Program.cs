using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Hosting;
using Sot.Workbench.Plugins;

// Modes: "host <dir>" and "raw <dir>" are the measured child processes; no argument runs the driver.
return args switch
{
    ["host", var dir] => await RunHost(dir),
    ["raw", var dir] => RunRaw(dir),
    _ => Drive(args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15),
};

// A small host: configuration, AddSotWorkbench with every plugin in the folder enabled, start, compose the
// catalogue and analyzer (where plugin contributions are used), stop.
static async Task<int> RunHost(string dir)
{
    var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
    var config = new Dictionary<string, string?> { ["Workbench:PluginDirectories:0"] = dir };
    foreach (var folder in Directory.GetDirectories(dir))
    {
        config[$"Workbench:Plugins:{Path.GetFileName(folder)}:Enabled"] = "true";
    }

    builder.Configuration.AddInMemoryCollection(config);
    builder.Logging.ClearProviders();
    builder.AddSotWorkbench();
    using var host = builder.Build();
    await host.StartAsync();
    var analyzer = host.Services.GetRequiredService<CategoryAnalyzer>();
    var catalog = host.Services.GetRequiredService<IPluginCatalog>();
    await host.StopAsync();
    ReportCpu();
    return catalog.Active.Count == Directory.GetDirectories(dir).Length && analyzer.Catalogue.Count > 0 ? 0 : 1;
}

// The same plugins through McMaster alone: one loader per folder, load, create the plugin, ConfigureServices,
// then the same catalogue and analyzer from the resulting container. No manifest, checks, trust or status.
static int RunRaw(string dir)
{
    var services = new ServiceCollection();
    services.ContributeCore();
    var loaders = new List<PluginLoader>();
    foreach (var folder in Directory.GetDirectories(dir).Order(StringComparer.Ordinal))
    {
        var entry = Path.Combine(folder, JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "plugin.json")))!["entryAssembly"]!.GetValue<string>());
        var loader = PluginLoader.CreateFromAssemblyFile(Path.GetFullPath(entry), [typeof(IWorkbenchPlugin), typeof(IServiceCollection), typeof(IConfiguration), typeof(ILogger)],
            c => c.PreferSharedTypes = true);
        loaders.Add(loader);
        var type = loader.LoadDefaultAssembly().GetTypes().Single(t => typeof(IWorkbenchPlugin).IsAssignableFrom(t));
        var plugin = (IWorkbenchPlugin)Activator.CreateInstance(type)!;
        var id = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "plugin.json")))!["id"]!.GetValue<string>();
        plugin.ConfigureServices(services, new PluginContext(id, new Version(1, 0), new ConfigurationBuilder().Build(), folder, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));
    }

    using var provider = services.BuildServiceProvider();
    var catalogue = new IndicatorCatalogue(provider.GetServices<IIndicatorSource>());
    var analyzer = new CategoryAnalyzer(catalogue, provider.GetServices<IAnalysisRule>());
    ReportCpu();
    return analyzer.Catalogue.Count > 0 && loaders.Count == Directory.GetDirectories(dir).Length ? 0 : 1;
}

// The child reports its own processor time (all threads) so the driver can show it next to wall time: on a
// machine shared with other work, processor time is far less disturbed than wall time.
static void ReportCpu() =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cpu-ms={Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds:0.0}"));

static int Drive(int runs)
{
    var built = Metadata("TestPluginsDir");
    var firstParty = Metadata("FirstPartyPluginsDir");
    var reports = Metadata("ReportsPluginDir");
    var root = Path.Combine(Path.GetTempPath(), "sot-plugin-bench-" + Guid.NewGuid().ToString("N"));
    try
    {
        var sets = new (string Name, string Dir)[]
        {
            ("none", Make(root, "none", built, [])),
            ("4 plugins", Make(root, "four", built, [("test.good", "test.good"), ("test.dependent", "test.dependent"), ("test.faulty", "test.faulty"), ("test.good", "bench.extra")])),
            ("4 first-party", Make(root, "first-party", firstParty, [("sot.cmrt", "sot.cmrt"), ("sot.craniopathy", "sot.craniopathy"), ("sot.tmj", "sot.tmj"), (reports, "sot.reports")])),
            ("10 generated", Make(root, "g10", built, Generated(10))),
            ("25 generated", Make(root, "g25", built, Generated(25))),
            ("50 generated", Make(root, "g50", built, Generated(50))),
        };

        var exe = Path.ChangeExtension(typeof(Program).Assembly.Location, OperatingSystem.IsWindows() ? ".exe" : null);
        foreach (var (_, dir) in sets)
        {
            _ = Time(exe, "host", dir); // warm the file cache and disk; not counted
            _ = Time(exe, "raw", dir);
        }

        var results = sets.ToDictionary(s => s.Name, _ => (Host: new List<double>(), Raw: new List<double>(), HostCpu: new List<double>(), RawCpu: new List<double>()));
        for (var i = 0; i < runs; i++)
        {
            foreach (var (name, dir) in sets)
            {
                var (hostWall, hostCpu) = Time(exe, "host", dir);
                var (rawWall, rawCpu) = Time(exe, "raw", dir);
                results[name].Host.Add(hostWall);
                results[name].HostCpu.Add(hostCpu);
                results[name].Raw.Add(rawWall);
                results[name].RawCpu.Add(rawCpu);
            }
        }

        var baseHost = Median(results["none"].Host);
        var baseRaw = Median(results["none"].Raw);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Whole-process cold start, median of {runs} runs (ms); added = over the same process with no plugin."));
        Console.WriteLine();
        Console.WriteLine("| plugins | host (ms) | host added (ms) | raw McMaster (ms) | raw added (ms) | our overhead (added host / added raw) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (name, _) in sets)
        {
            var host = Median(results[name].Host);
            var raw = Median(results[name].Raw);
            var addedHost = host - baseHost;
            var addedRaw = raw - baseRaw;
            var ratio = name == "none" || addedRaw <= 0 ? "-" : (addedHost / addedRaw).ToString("0.00", CultureInfo.InvariantCulture) + "×";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {host:0} | {addedHost:0} | {raw:0} | {addedRaw:0} | {ratio} |"));
        }

        var baseHostCpu = Median(results["none"].HostCpu);
        var baseRawCpu = Median(results["none"].RawCpu);
        Console.WriteLine();
        Console.WriteLine("Processor time of the same processes (all threads, measured by the process itself before it exits), median (ms):");
        Console.WriteLine();
        Console.WriteLine("| plugins | host CPU (ms) | host added | raw CPU (ms) | raw added | our overhead (added host / added raw) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (name, _) in sets)
        {
            var host = Median(results[name].HostCpu);
            var raw = Median(results[name].RawCpu);
            var addedHost = host - baseHostCpu;
            var addedRaw = raw - baseRawCpu;
            var ratio = name == "none" || addedRaw <= 0 ? "-" : (addedHost / addedRaw).ToString("0.00", CultureInfo.InvariantCulture) + "×";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {host:0} | {addedHost:0} | {raw:0} | {addedRaw:0} | {ratio} |"));
        }

        return 0;
    }
    finally
    {
        Directory.Delete(root, recursive: true);
    }
}

static string Metadata(string key) =>
    typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

static (string Source, string Id)[] Generated(int count) =>
    Enumerable.Range(1, count).Select(i => ("test.good", string.Create(CultureInfo.InvariantCulture, $"gen.p{i:00}"))).ToArray();

static string Make(string root, string name, string built, (string Source, string Id)[] plugins)
{
    var dir = Path.Combine(root, name);
    Directory.CreateDirectory(dir);
    foreach (var (source, id) in plugins)
    {
        var target = Path.Combine(dir, id);
        Directory.CreateDirectory(target);
        var from = Path.Combine(built, source);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(target, "plugin.json")))!.AsObject();
        manifest["id"] = id;
        File.WriteAllText(Path.Combine(target, "plugin.json"), manifest.ToJsonString());
    }

    return dir;
}

static (double Wall, double Cpu) Time(string exe, string mode, string dir)
{
    var start = Stopwatch.GetTimestamp();
    using var process = Process.Start(new ProcessStartInfo(exe, [mode, dir]) { UseShellExecute = false, RedirectStandardOutput = true })!;
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{mode} {dir} exited with {process.ExitCode}.");
    }

    var line = output.Split('\n').Single(l => l.StartsWith("cpu-ms=", StringComparison.Ordinal));
    return (elapsed, double.Parse(line["cpu-ms=".Length..], CultureInfo.InvariantCulture));
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
