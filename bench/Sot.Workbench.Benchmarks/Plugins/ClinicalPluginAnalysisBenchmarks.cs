using System.Reflection;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Hosting;
using Sot.Workbench.Testing;

namespace Sot.Workbench.Benchmarks.Plugins;

/// <summary>
/// Analysis of one 40-finding visit (28 Core findings of a Category II visit + 12 CMRT, craniopathy and TMJ findings)
/// with the CMRT, craniopathy and TMJ plugins loaded through the real host, against Core's analyzer alone on the same
/// visit (issue budget: at most 2× the core-only analysis, same run). Build the plugins first, then run:
/// <c>dotnet build -c Release plugins/Sot.Workbench.Plugins.Cmrt</c> (and .Craniopathy, .Tmj), then
/// <c>dotnet run -c Release --project bench/Sot.Workbench.Benchmarks -- --filter '*ClinicalPlugin*'</c>.
/// </summary>
[MemoryDiagnoser]
public class ClinicalPluginAnalysisBenchmarks
{
    private static readonly string[] Plugins = ["sot.cmrt", "sot.craniopathy", "sot.tmj"];
    private IHost _host = null!;
    private CategoryAnalyzer _withPlugins = null!;
    private AnalysisInput _input = null!;

    /// <summary>The host's analyzer (Core's rules and the plugins' rules behind the host's isolation wrappers).</summary>
    internal CategoryAnalyzer WithPluginsAnalyzer => _withPlugins;

    /// <summary>The 40-finding visit.</summary>
    internal AnalysisInput Input => _input;

    [GlobalSetup]
    public void Setup()
    {
        var folder = typeof(ClinicalPluginAnalysisBenchmarks).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ClinicalPluginsDir").Value!;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var config = new Dictionary<string, string?> { ["Workbench:PluginDirectories:0"] = folder };
        foreach (var id in Plugins)
        {
            config[$"Workbench:Plugins:{id}:Enabled"] = "true";
        }

        builder.Configuration.AddInMemoryCollection(config);
        builder.AddSotWorkbench();
        _host = builder.Build();
        _host.Start();
        var catalog = _host.Services.GetRequiredService<IPluginCatalog>();
        foreach (var id in Plugins)
        {
            var info = catalog.Plugins.SingleOrDefault(p => p.Id == id);
            if (info?.Status != PluginStatus.Active)
            {
                throw new InvalidOperationException($"Plugin {id} is not active in {folder}: {info?.Reason ?? "not found"}. Build the plugins first (dotnet build -c Release plugins/Sot.Workbench.Plugins.*).");
            }
        }

        _withPlugins = _host.Services.GetRequiredService<CategoryAnalyzer>();
        var fakers = new SotFakers(2026, _host.Services.GetRequiredService<IndicatorCatalogue>());
        var findings = new List<Finding>(fakers.Visit(SotCategory.II, findingCount: 28).Findings);
        var tender = new GradeValue("tenderness", Grade.Moderate);
        for (var i = 0; i < 3; i++)
        {
            findings.Add(fakers.Finding("CMRT-OCC-FIB", FindingPhase.InitialAnalysis, new WholeNumberValue("line", 2), tender));
        }

        findings.Add(fakers.Finding("CMRT-TS-POINT", FindingPhase.InitialAnalysis, new SpinalLevelValue("level", SpinalLevel.T5), tender));
        findings.Add(fakers.Finding("CMRT-VERT-TENDER"));
        findings.Add(fakers.Finding("CRAN-SBS"));
        findings.Add(fakers.Finding("CRAN-TEMPORAL"));
        findings.Add(fakers.Finding("CRAN-SUTURE"));
        findings.Add(fakers.Finding("TMJ-MEASURE", FindingPhase.InitialAnalysis, new LengthValue("maxOpening", Length.Millimetres(32)), new LengthValue("lateralLeft", Length.Millimetres(4)), new LengthValue("lateralRight", Length.Millimetres(9))));
        findings.Add(fakers.Finding("TMJ-PATH", FindingPhase.InitialAnalysis, new EnumValue("path", "DeflectionLeft")));
        findings.Add(fakers.Finding("TMJ-SOUND"));
        findings.Add(fakers.Finding("TMJ-MUSCLE"));
        if (findings.Count != 40)
        {
            throw new InvalidOperationException($"Expected 40 findings, got {findings.Count}.");
        }

        _input = new AnalysisInput(findings);
        var core = CategoryAnalyzer.Core.Analyze(_input);
        var all = _withPlugins.Analyze(_input);
        if (core.Failures.Count > 0 || all.Failures.Count > 0 || all.Suggestions.Count <= core.Suggestions.Count)
        {
            throw new InvalidOperationException("The benchmark visit must analyse without failures and the plugins' rules must fire.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.StopAsync().GetAwaiter().GetResult();
        _host.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Core only")]
    public int CoreOnly() => CategoryAnalyzer.Core.Analyze(_input).Suggestions.Count;

    [Benchmark(Description = "CMRT + craniopathy + TMJ plugins")]
    public int WithPlugins() => _withPlugins.Analyze(_input).Suggestions.Count;
}
