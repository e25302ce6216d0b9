using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Hosting;
using Sot.Workbench.Plugins;
using Sot.Workbench.Procedures;
using Sot.Workbench.Safety;
using Sot.Workbench.Testing;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Plugins.Tests;

/// <summary>The plugin ids and the folder the clinical plugins were built into.</summary>
internal static class Clinical
{
    public const string Cmrt = "sot.cmrt";
    public const string Craniopathy = "sot.craniopathy";
    public const string Tmj = "sot.tmj";

    public static readonly string[] All = [Cmrt, Craniopathy, Tmj];

    public static readonly string BuiltPlugins = typeof(Clinical).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ClinicalPluginsDir").Value!;
}

/// <summary>A fresh plugins folder (and clinic data folder) for one test, filled by copying the built plugins.</summary>
internal sealed class ClinicFolder : IDisposable
{
    public ClinicFolder(params string[] plugins)
    {
        Root = Path.Combine(Path.GetTempPath(), "sot-clinic-" + Guid.NewGuid().ToString("N"));
        Plugins = Path.Combine(Root, "plugins");
        Directory.CreateDirectory(Plugins);
        foreach (var id in plugins.Length == 0 ? Clinical.All : plugins)
        {
            Copy(id);
        }
    }

    public string Root { get; }

    public string Plugins { get; }

    public void Copy(string id)
    {
        var source = Path.Combine(Clinical.BuiltPlugins, id);
        Assert.True(Directory.Exists(source), $"Plugin '{id}' was not built into {Clinical.BuiltPlugins}.");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(Plugins, id, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    /// <summary>Writes a clinic data file and returns its absolute path.</summary>
    public string WriteData(string name, string content)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, content);
        return path;
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

/// <summary>A started host over one clinic folder, with the plugins named enabled.</summary>
internal sealed class ClinicHost : IAsyncDisposable
{
    private ClinicHost(IHost host) => Host = host;

    public IHost Host { get; }

    public IPluginCatalog Catalog => Host.Services.GetRequiredService<IPluginCatalog>();

    public IndicatorCatalogue Indicators => Host.Services.GetRequiredService<IndicatorCatalogue>();

    public CategoryAnalyzer Analyzer => Host.Services.GetRequiredService<CategoryAnalyzer>();

    public ProcedureRegistry Procedures => Host.Services.GetRequiredService<ProcedureRegistry>();

    public IReadOnlyList<IReportSectionContributor> Sections => [.. Host.Services.GetServices<IReportSectionContributor>()];

    public PluginInfo Plugin(string id) => Catalog.Plugins.Single(p => p.Id == id);

    public SotFakers Fakers(int seed) => new(seed, Indicators);

    public static Task<ClinicHost> StartAsync(ClinicFolder folder, params string[] enabled) => StartAsync(folder, enabled, []);

    public static async Task<ClinicHost> StartAsync(ClinicFolder folder, string[] enabled, Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var config = new Dictionary<string, string?>(settings) { ["Workbench:PluginDirectories:0"] = folder.Plugins };
        foreach (var id in enabled)
        {
            config[$"Workbench:Plugins:{id}:Enabled"] = "true";
        }

        builder.Configuration.AddInMemoryCollection(config);
        builder.AddSotWorkbench();
        var host = builder.Build();
        await host.StartAsync();
        return new ClinicHost(host);
    }

    /// <summary>Analyses findings with the host's analyzer.</summary>
    public AnalysisResult Analyze(IEnumerable<Finding> findings) => Analyzer.Analyze(new AnalysisInput([.. findings]));

    /// <summary>Builds every contributed report section for <paramref name="context"/> (null sections left out).</summary>
    public IReadOnlyList<ReportSection> BuildSections(ReportContext context) =>
        [.. Sections.Select(s => s.Build(context)).OfType<ReportSection>()];

    /// <summary>A visit in the Treatment step with the given consent on file, using the host's catalogue and registry.</summary>
    public VisitWorkflow VisitInTreatment(IReadOnlyList<ConsentScope> consent, bool paediatric = false)
    {
        var wf = VisitWorkflow.Schedule(new VisitId(Guid.Parse("11111111-1111-1111-1111-111111111111")),
            new ScheduleVisit(Desk, new PatientId(Guid.Parse("22222222-2222-2222-2222-222222222222")), paediatric),
            new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero)), Indicators, Procedures);
        wf.Execute(new CheckIn(Desk));
        wf.Execute(new RecordConsent(Desk, consent));
        wf.Execute(new StartVisit(Doc));
        wf.Execute(new RecordIntake(Doc, "Jaw and neck pain", 5));
        wf.Execute(new RecordRedFlagScreen(Doc, RedFlagScreen.Clear));
        wf.Execute(new BeginExamination(Doc));
        wf.Execute(new RecordFinding(Doc, Indicators.CreateFinding(IndicatorCodes.HeelTension, AnalysisPosition.Prone, Side.Left, FindingPhase.InitialAnalysis, new GradeValue("grade", Grade.Moderate))));
        wf.Execute(new DetermineCategory(Doc, CategoryDetermination.PractitionersChoice(SotCategory.II, [], "TMJ and pelvic findings")));
        wf.Execute(new BeginTreatment(Doc));
        Assert.Equal(VisitState.Treatment, wf.Visit.State);
        return wf;
    }

    public static readonly Actor Desk = new(new PractitionerId(Guid.Parse("00000000-0000-0000-0000-0000000000d1")), ActorRole.FrontDesk);
    public static readonly Actor Doc = new(new PractitionerId(Guid.Parse("00000000-0000-0000-0000-0000000000a1")), ActorRole.Practitioner);

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}
