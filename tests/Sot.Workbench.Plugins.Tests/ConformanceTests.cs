using Sot.Workbench.Testing;

namespace Sot.Workbench.Plugins.Tests;

/// <summary>The vendor test kit's conformance checks, run on each clinical plugin's build folder.</summary>
public sealed class ConformanceTests
{
    [Theory]
    [InlineData(Clinical.Cmrt)]
    [InlineData(Clinical.Craniopathy)]
    [InlineData(Clinical.Tmj)]
    public async Task Plugin_passes_the_test_kit_conformance_checks(string id)
    {
        using var folder = new ClinicFolder(id);
        await using var host = await PluginTestHost.LoadAsync(Path.Combine(folder.Plugins, id));

        var report = host.CheckConformance(new ConformanceOptions { Seed = 5, GeneratedVisits = 50 });

        Assert.True(report.Passed, report.ToString());
        Assert.Equal(id, report.PluginId);
    }

    [Theory]
    [InlineData(Clinical.Cmrt)]
    [InlineData(Clinical.Craniopathy)]
    [InlineData(Clinical.Tmj)]
    public async Task Same_seed_draws_the_same_valid_findings_for_every_plugin_indicator(string id)
    {
        using var folder = new ClinicFolder(id);
        await using var host = await PluginTestHost.LoadAsync(Path.Combine(folder.Plugins, id));
        var codes = host.Indicators.All.Select(d => d.Code).Where(c => host.Indicators.SourceOf(c) == id).ToList();
        var a = new SotFakers(4242, host.Indicators);
        var b = new SotFakers(4242, host.Indicators);

        Assert.NotEmpty(codes);
        foreach (var code in codes)
        {
            for (var i = 0; i < 5; i++)
            {
                var finding = a.Finding(code);
                Assert.Equal(finding, b.Finding(code));
                host.Indicators.Validate(finding);
            }
        }
    }
}
