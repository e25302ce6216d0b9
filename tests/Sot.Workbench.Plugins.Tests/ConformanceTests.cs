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
}
