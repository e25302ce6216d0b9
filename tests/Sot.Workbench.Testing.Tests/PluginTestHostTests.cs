using System.Reflection;
using System.Text.Json.Nodes;
using Sot.Workbench.Hosting;

namespace Sot.Workbench.Testing.Tests;

/// <summary>The plugin test host over the repository's built test plugins, loaded through the real loader.</summary>
public sealed class PluginTestHostTests : IDisposable
{
    private static readonly string BuiltPlugins = typeof(PluginTestHostTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "TestPluginsDir").Value!;

    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "sot-testing-tests-" + Guid.NewGuid().ToString("N"));

    private static string Built(string id)
    {
        var folder = Path.Combine(BuiltPlugins, id);
        Assert.True(Directory.Exists(folder), $"Test plugin '{id}' was not built into {BuiltPlugins}.");
        return folder;
    }

    /// <summary>A copy of a built test plugin with its manifest id changed (the good plugin names its contributions after its id).</summary>
    private string Renamed(string id, string newId)
    {
        var target = Path.Combine(_scratch, newId);
        foreach (var file in Directory.EnumerateFiles(Built(id)))
        {
            Directory.CreateDirectory(target);
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        var manifest = Path.Combine(target, "plugin.json");
        var node = JsonNode.Parse(File.ReadAllText(manifest))!.AsObject();
        node["id"] = newId;
        File.WriteAllText(manifest, node.ToJsonString());
        return target;
    }

    public void Dispose()
    {
        if (Directory.Exists(_scratch))
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    [Fact]
    public async Task Good_plugin_loads_through_the_real_loader_and_passes_every_check()
    {
        await using var host = await PluginTestHost.LoadAsync(Built("test.good"));

        Assert.Equal(PluginStatus.Active, host.Plugin.Status);
        Assert.Equal("test.good", host.Plugin.Id);
        Assert.Equal("test.good", host.Indicators.SourceOf("TEST-GOOD-SIGN"));
        var report = host.CheckConformance();
        Assert.True(report.Passed, report.ToString());
        Assert.Equal(
            [ConformanceReport.Loads, ConformanceReport.Contributions, ConformanceReport.RulesNeverThrow, ConformanceReport.SectionsRender],
            report.Checks.Select(c => c.Name));
        report.ThrowIfFailed();
    }

    [Fact]
    public async Task Rule_and_section_that_throw_fail_their_checks_naming_the_contribution()
    {
        await using var host = await PluginTestHost.LoadAsync(Built("test.faulty"));

        var report = host.CheckConformance(new ConformanceOptions { Seed = 7, GeneratedVisits = 8 });

        Assert.False(report.Passed);
        Assert.True(report[ConformanceReport.Loads].Passed);
        Assert.True(report[ConformanceReport.Contributions].Passed, report.ToString());
        Assert.Equal(
            Enumerable.Range(1, 8).Select(i => $"rule 'TEST-FAULTY-R1' threw InvalidOperationException on generated visit #{i} (seed 7, category {new[] { "I", "II", "III", "none" }[(i - 1) % 4]})."),
            report[ConformanceReport.RulesNeverThrow].Problems);
        Assert.Equal(["report section 'test.faulty.section' threw InvalidOperationException."], report[ConformanceReport.SectionsRender].Problems);
        var thrown = Assert.Throws<PluginConformanceException>(report.ThrowIfFailed);
        Assert.Contains("[FAIL] rules never throw on generated visits", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("rule 'TEST-FAULTY-R1' threw InvalidOperationException on generated visit #1 (seed 7, category I).", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rule_id_that_duplicates_a_core_rule_fails_the_contribution_check()
    {
        // Under the id "sot" the good plugin contributes rule SOT-R1, which is Core's rule R1.
        await using var host = await PluginTestHost.LoadAsync(Renamed("test.good", "sot"));

        var report = host.CheckConformance();

        Assert.Equal(PluginStatus.Active, host.Plugin.Status);
        Assert.Equal(["rule id 'SOT-R1' is not unique: Sot.Workbench.Core also registers it."], report[ConformanceReport.Contributions].Problems);
    }

    [Fact]
    public async Task Indicator_code_already_taken_by_another_plugin_fails_the_contribution_check()
    {
        // Two copies of the good plugin under ids that give the same indicator code (TEST-GOOD-SIGN).
        var options = new PluginTestHostOptions();
        options.DependencyFolders.Add(Built("test.good"));

        await using var host = await PluginTestHost.LoadAsync(Renamed("test.good", "test_good"), options);

        var report = host.CheckConformance();

        Assert.Equal(PluginStatus.Active, host.Plugin.Status);
        Assert.Contains("indicator code 'TEST-GOOD-SIGN' is not unique: 'test.good' already defines it.", report[ConformanceReport.Contributions].Problems);
    }

    [Fact]
    public async Task Plugin_whose_constructor_throws_fails_the_load_check_with_the_host_reason()
    {
        await using var host = await PluginTestHost.LoadAsync(Built("test.throwing-ctor"));

        var report = host.CheckConformance();

        Assert.Equal(PluginStatus.Failed, host.Plugin.Status);
        Assert.Equal([$"'test.throwing-ctor' is Failed: {host.Plugin.Reason}"], report[ConformanceReport.Loads].Problems);
        Assert.All(report.Checks.Skip(1), c => Assert.Equal(["not run: the plugin did not load (Failed)."], c.Problems));
    }

    [Fact]
    public async Task Dependent_plugin_needs_its_dependency_folder()
    {
        await using (var alone = await PluginTestHost.LoadAsync(Built("test.dependent")))
        {
            Assert.Equal(PluginStatus.MissingDependency, alone.Plugin.Status);
            Assert.False(alone.CheckConformance()[ConformanceReport.Loads].Passed);
        }

        var options = new PluginTestHostOptions();
        options.DependencyFolders.Add(Built("test.good"));
        await using var host = await PluginTestHost.LoadAsync(Built("test.dependent"), options);

        Assert.Equal(PluginStatus.Active, host.Plugin.Status);
        Assert.Equal("test.dependent", host.Plugin.Id);
        var report = host.CheckConformance();
        Assert.True(report.Passed, report.ToString());
    }

    [Fact]
    public async Task Plugin_options_reach_the_plugin()
    {
        var options = new PluginTestHostOptions();
        options.Configuration["Workbench:Plugins:test.good:Options:Label"] = "from the test";
        await using var host = await PluginTestHost.LoadAsync(Built("test.good"), options);

        var section = Assert.Single(Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetServices<Sot.Workbench.Plugins.IReportSectionContributor>(host.Services))
            .Build(new Sot.Workbench.Plugins.ReportContext([]));

        Assert.Equal("from the test", section!.Rows[0].Value);
    }

    [Fact]
    public async Task Folder_that_does_not_exist_is_refused()
    {
        var missing = Path.Combine(_scratch, "not-built");

        var ex = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => PluginTestHost.LoadAsync(missing));

        Assert.Equal($"The plugin folder '{missing}' does not exist; build the plugin first.", ex.Message);
    }
}
