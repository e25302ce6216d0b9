using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Plugins;

namespace Sot.Workbench.Hosting.Tests;

/// <summary>Real built plugins, copied into a fresh folder per test and loaded through the real loader.</summary>
public sealed class PluginLoadingTests
{
    [Fact]
    public async Task Good_plugin_contributes_indicator_rule_and_section_and_dependent_runs_after_it()
    {
        using var folder = new PluginFolder();
        var good = folder.Copy("test.good");
        folder.Copy("test.dependent");
        await using var host = await TestHost.StartAsync(folder, ["test.good", "test.dependent"],
            new() { ["Workbench:Plugins:test.good:Options:Label"] = "from options" });

        host.AssertGoodPluginWorks();
        Assert.Equal(new PluginInfo("test.good", good, PluginStatus.Active, $"loaded from '{good}'.")
        {
            Name = "Good plugin (indicator, rule and report section named after its id)",
            Version = new Version(1, 0, 0),
            Enabled = true,
            LoadOrder = 1,
        }, host.Plugin("test.good") with { Dependencies = [] });
        Assert.Equal(2, host.Plugin("test.dependent").LoadOrder);
        Assert.Equal(["test.good"], host.Plugin("test.dependent").Dependencies);

        // Core's contributions go through the same contracts and are still there.
        Assert.Equal(CoreIndicators.Name, host.Indicators.SourceOf(CoreIndicators.Definitions[0].Code));
        Assert.Equal(CoreIndicators.Definitions.Count + 1, host.Indicators.Count);
        Assert.Equal(CoreRules.All.Count + 2, host.Analyzer.RulesOf(RuleSets.SorsiSot).Count);

        var finding = host.Indicators.CreateFinding("TEST-GOOD-SIGN", AnalysisPosition.Standing, Side.None, FindingPhase.InitialAnalysis);
        var result = host.Analyzer.Analyze(new AnalysisInput([finding]));
        Assert.Contains(result.Suggestions, s => s.RuleId == "TEST-DEPENDENT-R1");

        var section = Assert.Single(host.Host.Services.GetServices<IReportSectionContributor>()).Build(new ReportContext([finding]));
        Assert.Equal("test.good", section!.Source);
        Assert.Equal([new ReportRow("Label", "from options"), new ReportRow("Findings", "1")], section.Rows);
    }

    [Fact]
    public async Task Plugin_not_enabled_is_disabled()
    {
        using var folder = new PluginFolder();
        folder.Copy("test.good");
        folder.Copy("test.faulty");
        await using var host = await TestHost.StartAsync(folder, "test.good");

        var faulty = host.Plugin("test.faulty");
        Assert.Equal(PluginStatus.Disabled, faulty.Status);
        Assert.Equal("not enabled in configuration; set Workbench:Plugins:test.faulty:Enabled to true to load it.", faulty.Reason);
        Assert.False(faulty.Enabled);
        Assert.Null(faulty.LoadOrder);
        Assert.DoesNotContain(host.Analyzer.RulesOf(RuleSets.SorsiSot), r => r.Id == "TEST-FAULTY-R1");
        host.AssertGoodPluginWorks();
    }

    [Fact]
    public async Task Plugin_whose_constructor_throws_fails()
    {
        using var folder = new PluginFolder();
        folder.Copy("test.good");
        folder.Copy("test.throwing-ctor");
        await using var host = await TestHost.StartAsync(folder, "test.good", "test.throwing-ctor");

        var plugin = host.Plugin("test.throwing-ctor");
        Assert.Equal(PluginStatus.Failed, plugin.Status);
        Assert.Equal("the plugin's constructor threw InvalidOperationException: licence file missing. Check its configuration or contact the vendor.", plugin.Reason);
        host.AssertGoodPluginWorks();
    }

    [Fact]
    public async Task Plugin_that_throws_half_way_through_ConfigureServices_fails_and_leaves_no_registration()
    {
        using var folder = new PluginFolder();
        folder.Copy("test.good");
        folder.Copy("test.halfway");
        await using var host = await TestHost.StartAsync(folder, "test.good", "test.halfway");

        var plugin = host.Plugin("test.halfway");
        Assert.Equal(PluginStatus.Failed, plugin.Status);
        Assert.Equal("ConfigureServices threw InvalidOperationException: option 'Server' is required. None of its registrations were kept; check its options section Workbench:Plugins:test.halfway:Options or contact the vendor.", plugin.Reason);
        Assert.False(host.Indicators.Contains("TEST-HALFWAY-SIGN"));
        Assert.DoesNotContain(host.Analyzer.RulesOf(RuleSets.SorsiSot), r => r.Id == "TEST-HALFWAY-R1");
        Assert.DoesNotContain(host.Builder.Services, d =>
            (d.ImplementationType ?? d.ImplementationInstance?.GetType() ?? d.ServiceType).Assembly.GetName().Name == "HalfwayPlugin"
            || d.ServiceType.Assembly.GetName().Name == "HalfwayPlugin");
        host.AssertGoodPluginWorks();
    }

    [Fact]
    public async Task Folder_without_manifest_fails_under_its_folder_name()
    {
        using var folder = new PluginFolder();
        folder.Copy("test.good");
        var bare = folder.Copy("test.faulty", "vendor-drop");
        File.Delete(Path.Combine(bare, "plugin.json"));
        await using var host = await TestHost.StartAsync(folder, "test.good", "test.faulty");

        var plugin = host.Plugin("vendor-drop");
        Assert.Equal(PluginStatus.Failed, plugin.Status);
        Assert.Equal("no manifest: the folder has no plugin.json. Remove the folder or reinstall the plugin.", plugin.Reason);
        Assert.Equal(bare, plugin.Folder);
        host.AssertGoodPluginWorks();
    }

    [Fact]
    public async Task Malformed_manifest_fails_naming_the_line()
    {
        using var folder = new PluginFolder();
        folder.Copy("test.good");
        var bad = folder.Copy("test.faulty", "broken");
        File.WriteAllText(Path.Combine(bad, "plugin.json"), "{\n  \"id\": \"test.faulty\",\n  \"name\": \"x\"\n  \"version\": \"1.0\"\n}\n");
        await using var host = await TestHost.StartAsync(folder, "test.good", "test.faulty");

        var plugin = host.Plugin("broken");
        Assert.Equal(PluginStatus.Failed, plugin.Status);
        Assert.Equal("invalid manifest: plugin.json is not valid JSON at line 4, position 3. Fix the file or ask the vendor for a new copy.", plugin.Reason);
        host.AssertGoodPluginWorks();
    }

    [Fact]
    public async Task Entry_assembly_outside_the_folder_fails()
    {
        using var folder = new PluginFolder();
        folder.Copy("test.good");
        folder.Copy("test.faulty");
        folder.EditManifest("test.faulty", "entryAssembly", "\"../test.good/GoodPlugin.dll\"");
        await using var host = await TestHost.StartAsync(folder, "test.good", "test.faulty");

        var plugin = host.Plugin("test.faulty");
        Assert.Equal(PluginStatus.Failed, plugin.Status);
        Assert.Equal("invalid manifest: 'entryAssembly' \"../test.good/GoodPlugin.dll\" points outside the plugin folder; it must be a path relative to and inside the folder.", plugin.Reason);
        host.AssertGoodPluginWorks();
    }

    [Fact]
    public async Task Incompatible_api_version_is_incompatible()
    {
        using var folder = new PluginFolder();
        folder.Copy("test.good");
        folder.Copy("test.faulty");
        folder.EditManifest("test.faulty", "apiVersion", "\"2.0\"");
        await using var host = await TestHost.StartAsync(folder, "test.good", "test.faulty");

        var plugin = host.Plugin("test.faulty");
        Assert.Equal(PluginStatus.Incompatible, plugin.Status);
        Assert.Equal($"built for plugin API 2.0, but this host provides API {WorkbenchApi.Version}. Install a plugin version for API 1.x (at most {WorkbenchApi.Version}).", plugin.Reason);
        host.AssertGoodPluginWorks();
    }

    [Fact]
    public async Task Missing_dependency_is_reported_and_cascades_to_dependents()
    {
        using var folder = new PluginFolder();
        folder.Copy("test.good", "other");
        folder.EditManifest("other", "id", "\"test.other\"");
        folder.Copy("test.dependent");
        folder.Copy("test.good", "chained");
        folder.EditManifest("chained", "id", "\"test.chained\"");
        folder.EditManifest("chained", "dependencies", "[{ \"id\": \"test.dependent\", \"version\": \"1.0\" }]");
        await using var host = await TestHost.StartAsync(folder, "test.other", "test.dependent", "test.chained");

        var dependent = host.Plugin("test.dependent");
        Assert.Equal(PluginStatus.MissingDependency, dependent.Status);
        Assert.Equal("requires plugin 'test.good' (version 1.0 or later), which is not installed. Install it, or disable this plugin.", dependent.Reason);
        var chained = host.Plugin("test.chained");
        Assert.Equal(PluginStatus.MissingDependency, chained.Status);
        Assert.Equal($"requires plugin 'test.dependent', which is MissingDependency: {dependent.Reason}", chained.Reason);
        host.AssertGoodPluginWorks("test.other");
    }

    [Fact]
    public async Task Dependency_that_is_disabled_or_too_old_is_a_missing_dependency()
    {
        using var folder = new PluginFolder();
        folder.Copy("test.good");
        folder.Copy("test.dependent");
        folder.Copy("test.good", "newer-needed");
        folder.EditManifest("newer-needed", "id", "\"test.needs-newer\"");
        folder.EditManifest("newer-needed", "dependencies", "[{ \"id\": \"test.good\", \"version\": \"2.1\" }]");
        await using (var host = await TestHost.StartAsync(folder, "test.dependent"))
        {
            Assert.Equal("requires plugin 'test.good', which is not enabled; set Workbench:Plugins:test.good:Enabled to true.", host.Plugin("test.dependent").Reason);
            Assert.Equal(PluginStatus.MissingDependency, host.Plugin("test.dependent").Status);
        }

        await using (var host = await TestHost.StartAsync(folder, "test.good", "test.dependent", "test.needs-newer"))
        {
            var plugin = host.Plugin("test.needs-newer");
            Assert.Equal(PluginStatus.MissingDependency, plugin.Status);
            Assert.Equal("requires plugin 'test.good' version 2.1 or later, but version 1.0.0 is installed. Update 'test.good'.", plugin.Reason);
            Assert.Equal(PluginStatus.Active, host.Plugin("test.dependent").Status);
            host.AssertGoodPluginWorks();
        }
    }

    [Fact]
    public async Task Dependency_cycle_makes_every_member_a_missing_dependency()
    {
        using var folder = new PluginFolder();
        folder.Copy("test.good");
        foreach (var (id, next) in new[] { ("test.cycle-a", "test.cycle-b"), ("test.cycle-b", "test.cycle-c"), ("test.cycle-c", "test.cycle-a") })
        {
            folder.Copy("test.good", id);
            folder.EditManifest(id, "id", $"\"{id}\"");
            folder.EditManifest(id, "dependencies", $"[{{ \"id\": \"{next}\", \"version\": \"1.0\" }}]");
        }

        await using var host = await TestHost.StartAsync(folder, "test.good", "test.cycle-a", "test.cycle-b", "test.cycle-c");

        foreach (var id in new[] { "test.cycle-a", "test.cycle-b", "test.cycle-c" })
        {
            var plugin = host.Plugin(id);
            Assert.Equal(PluginStatus.MissingDependency, plugin.Status);
            Assert.Equal("dependency cycle: 'test.cycle-a' -> 'test.cycle-b' -> 'test.cycle-c' -> 'test.cycle-a'. Plugins cannot depend on each other in a circle; ask the vendors for versions without the cycle.", plugin.Reason);
        }

        host.AssertGoodPluginWorks();
    }

    [Fact]
    public async Task Duplicate_ids_fail_both_naming_each_other()
    {
        using var folder = new PluginFolder();
        folder.Copy("test.good");
        var first = folder.Copy("test.faulty", "faulty-1");
        var second = folder.Copy("test.faulty", "faulty-2");
        await using var host = await TestHost.StartAsync(folder, "test.good", "test.faulty");

        var both = host.Catalog.Plugins.Where(p => p.Id == "test.faulty").ToArray();
        Assert.Equal(2, both.Length);
        Assert.All(both, p => Assert.Equal(PluginStatus.Failed, p.Status));
        Assert.Equal($"duplicate plugin id 'test.faulty': also declared by '{second}'. Keep only one of the folders.", both.Single(p => p.Folder == first).Reason);
        Assert.Equal($"duplicate plugin id 'test.faulty': also declared by '{first}'. Keep only one of the folders.", both.Single(p => p.Folder == second).Reason);
        Assert.DoesNotContain(host.Analyzer.RulesOf(RuleSets.SorsiSot), r => r.Id == "TEST-FAULTY-R1");
        host.AssertGoodPluginWorks();
    }

    [Fact]
    public async Task Entry_file_that_is_not_an_assembly_is_incompatible()
    {
        using var folder = new PluginFolder();
        folder.Copy("test.good");
        var faulty = folder.Copy("test.faulty");
        File.WriteAllText(Path.Combine(faulty, "FaultyPlugin.dll"), "this is not a .NET assembly");
        await using var host = await TestHost.StartAsync(folder, "test.good", "test.faulty");

        var plugin = host.Plugin("test.faulty");
        Assert.Equal(PluginStatus.Incompatible, plugin.Status);
        Assert.Equal("the entry assembly 'FaultyPlugin.dll' is not a .NET assembly. Reinstall the plugin.", plugin.Reason);
        host.AssertGoodPluginWorks();
    }

    [Fact]
    public async Task Plugin_shipping_its_own_Core_is_incompatible()
    {
        using var folder = new PluginFolder();
        folder.Copy("test.good");
        var faulty = folder.Copy("test.faulty");
        File.Copy(typeof(IWorkbenchPlugin).Assembly.Location, Path.Combine(faulty, "Sot.Workbench.Core.dll"));
        await using var host = await TestHost.StartAsync(folder, "test.good", "test.faulty");

        var plugin = host.Plugin("test.faulty");
        Assert.Equal(PluginStatus.Incompatible, plugin.Status);
        Assert.Equal("ships its own copy of Sot.Workbench.Core (Sot.Workbench.Core.dll); the host provides it. Rebuild the plugin referencing Core with Private=false and ExcludeAssets=runtime, or delete that file.", plugin.Reason);
        host.AssertGoodPluginWorks();
    }

    [Fact]
    public async Task Plugin_built_against_a_newer_Core_is_incompatible_before_loading()
    {
        using var folder = new PluginFolder();
        folder.Copy("test.good");
        folder.Copy("test.newer-core");
        await using var host = await TestHost.StartAsync(folder, "test.good", "test.newer-core");

        var plugin = host.Plugin("test.newer-core");
        Assert.Equal(PluginStatus.Incompatible, plugin.Status);
        var hostCore = typeof(IWorkbenchPlugin).Assembly.GetName().Version;
        Assert.Equal($"NewerCorePlugin.dll was built against Sot.Workbench.Core 99.0.0.0, but this host has {hostCore}. Install a plugin version built for this host, or update the host.", plugin.Reason);
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "NewerCorePlugin");
        host.AssertGoodPluginWorks();
    }

    [Fact]
    public async Task Allow_list_loads_pinned_plugins_only_and_rejects_changed_files()
    {
        using var folder = new PluginFolder();
        var good = folder.Copy("test.good");
        var dependent = folder.Copy("test.dependent");
        folder.Copy("test.faulty");
        var goodHash = PluginFolderHash.Compute(good);
        var dependentHash = PluginFolderHash.Compute(dependent);
        File.AppendAllText(Path.Combine(dependent, "plugin.json"), "\n");
        var changedHash = PluginFolderHash.Compute(dependent);

        await using var host = await TestHost.StartAsync(folder, ["test.good", "test.dependent", "test.faulty"], new()
        {
            ["Workbench:Trust:Mode"] = "AllowList",
            ["Workbench:Trust:AllowList:test.good"] = goodHash.ToUpperInvariant(),
            ["Workbench:Trust:AllowList:test.dependent"] = dependentHash,
        });

        host.AssertGoodPluginWorks();
        var changed = host.Plugin("test.dependent");
        Assert.Equal(PluginStatus.Untrusted, changed.Status);
        Assert.Equal($"the folder's files changed: its SHA-256 hash is {changedHash} but the allow-list pins {dependentHash}. Reinstall the vetted copy, or vet this one and update the allow-list.", changed.Reason);
        var unlisted = host.Plugin("test.faulty");
        Assert.Equal(PluginStatus.Untrusted, unlisted.Status);
        Assert.Equal("not on the allow-list; add Workbench:Trust:AllowList:test.faulty with the folder's SHA-256 hash once the plugin has been vetted.", unlisted.Reason);
    }

    [Fact]
    public async Task Contributions_that_throw_at_run_time_are_isolated_and_name_the_plugin()
    {
        using var folder = new PluginFolder();
        folder.Copy("test.good");
        folder.Copy("test.faulty");
        await using var host = await TestHost.StartAsync(folder, "test.good", "test.faulty");

        Assert.Equal(PluginStatus.Active, host.Plugin("test.faulty").Status);
        var finding = host.Indicators.CreateFinding("TEST-GOOD-SIGN", AnalysisPosition.Standing, Side.None, FindingPhase.InitialAnalysis);
        var result = host.Analyzer.Analyze(new AnalysisInput([finding]));
        Assert.Equal([new RuleFailure("TEST-FAULTY-R1", nameof(InvalidOperationException)) { PluginId = "test.faulty" }], result.Failures);
        Assert.Contains(result.Suggestions, s => s.RuleId == "TEST-GOOD-R1");

        var sections = host.Host.Services.GetServices<IReportSectionContributor>().Select(s => s.Build(new ReportContext([finding]))).ToArray();
        var notice = Assert.Single(sections, s => s!.Source == "test.faulty")!;
        Assert.Equal("Section unavailable: test.faulty.section", notice.Title);
        Assert.Equal(["The plugin 'test.faulty' could not produce this section (InvalidOperationException). The rest of the report is complete."], notice.Paragraphs);
        Assert.Single(sections, s => s!.Source == "test.good");

        Assert.Equal(
            [
                new PluginFault("test.faulty", "analysis rule", "TEST-FAULTY-R1", nameof(InvalidOperationException)),
                new PluginFault("test.faulty", "report section", "test.faulty.section", nameof(InvalidOperationException)),
            ],
            host.Catalog.Faults);
    }

    [Fact]
    public async Task Health_check_is_degraded_when_an_enabled_plugin_is_not_active()
    {
        using var folder = new PluginFolder();
        folder.Copy("test.good");
        folder.Copy("test.throwing-ctor");
        folder.Copy("test.faulty");
        await using (var host = await TestHost.StartAsync(folder, "test.good"))
        {
            var healthy = await host.Host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
            Assert.Equal(HealthStatus.Healthy, healthy.Status);
        }

        await using (var host = await TestHost.StartAsync(folder, "test.good", "test.throwing-ctor"))
        {
            var report = await host.Host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
            Assert.Equal(HealthStatus.Degraded, report.Status);
            Assert.StartsWith("1 enabled plugin(s) not active: test.throwing-ctor Failed: the plugin's constructor threw", report.Entries["sot-workbench-plugins"].Description, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Invalid_options_stop_the_host_at_start_and_load_nothing()
    {
        using var folder = new PluginFolder();
        folder.Copy("test.good");
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => TestHost.StartAsync(folder, ["test.good"], new()
        {
            ["Workbench:Trust:Mode"] = "AllowList",
            ["Workbench:Trust:AllowList:test.good"] = "not-a-hash",
        }));
        Assert.Contains("Workbench:Trust:AllowList:test.good must be a SHA-256 hash of 64 hexadecimal characters.", ex.Failures);
    }

    [Fact]
    public void Empty_plugins_folder_gives_core_only()
    {
        using var folder = new PluginFolder();
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Workbench:PluginDirectories:0"] = folder.Root }).Build();
        var builder = services.AddSotWorkbench(configuration);
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.Empty(builder.Plugins.Plugins);
        Assert.Equal(CoreIndicators.Definitions.Count, provider.GetRequiredService<IndicatorCatalogue>().Count);
        Assert.Equal(CoreRules.All.Count, provider.GetRequiredService<CategoryAnalyzer>().RulesOf(RuleSets.SorsiSot).Count);
        var procedures = provider.GetRequiredService<Sot.Workbench.Procedures.ProcedureRegistry>();
        Assert.True(procedures.TryGet(Sot.Workbench.Procedures.ProcedureKinds.Blocking, out _));
    }
}
