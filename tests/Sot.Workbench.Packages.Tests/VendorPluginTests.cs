using System.Text.Json;

namespace Sot.Workbench.Packages.Tests;

/// <summary>samples/VendorPlugin built only from the packed packages, then loaded by the clinic console.</summary>
[Collection(PackedPackagesGroup.Name)]
[Trait("Category", "Packages")]
public sealed class VendorPluginTests(PackedPackages packages)
{
    private static readonly string ConsoleDll = Path.Combine(PackedPackages.RepoRoot, "samples", "Sot.Workbench.Cli", "bin", PackedPackages.Configuration, "net10.0", "sot-workbench.dll");

    [Fact]
    public async Task Vendor_plugin_built_from_the_packages_is_active_in_the_console_and_its_rule_runs()
    {
        // The sample is copied as a vendor would have it (its own build files), next to a nuget.config naming the feed.
        var folder = packages.IsolatedFolder("vendor");
        var source = Path.Combine(PackedPackages.RepoRoot, "samples", "VendorPlugin");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories)
                     .Where(f => !Path.GetRelativePath(source, f).Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj")))
        {
            var target = Path.Combine(folder, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }

        var build = await PackedPackages.RunAsync("dotnet",
            ["build", Path.Combine(folder, "Acme.Posture", "Acme.Posture.csproj"), $"-p:SotWorkbenchVersion={packages.Version}", "-nodeReuse:false"], folder);
        build.AssertSucceeded();

        var plugins = Path.Combine(packages.Root, "console-plugins");
        var deployed = Path.Combine(plugins, "acme.posture");
        var output = Path.Combine(folder, "Acme.Posture", "bin", "Debug", "net10.0");
        Directory.CreateDirectory(deployed);
        foreach (var file in Directory.EnumerateFiles(output))
        {
            File.Copy(file, Path.Combine(deployed, Path.GetFileName(file)));
        }

        var environment = new Dictionary<string, string>
        {
            ["Workbench__PluginDirectories__0"] = plugins,
            ["Workbench__Plugins__acme.posture__Enabled"] = "true",
            ["Workbench__Plugins__acme.posture__Options__ThresholdMillimetres"] = "20",
        };
        Assert.True(File.Exists(ConsoleDll), $"The console was not built: {ConsoleDll}");
        var status = await PackedPackages.RunAsync("dotnet", [ConsoleDll, "plugins", "--json"], packages.Root, environment);

        status.AssertSucceeded();
        using var json = JsonDocument.Parse(status.Out);
        var plugin = Assert.Single(json.RootElement.GetProperty("plugins").EnumerateArray());
        Assert.Equal("acme.posture", plugin.GetProperty("id").GetString());
        Assert.Equal("Active", plugin.GetProperty("status").GetString());
        Assert.Equal(deployed, plugin.GetProperty("folder").GetString());

        var findings = Path.Combine(packages.Root, "posture-visit.json");
        await File.WriteAllTextAsync(findings, """
            { "visit": "vendor", "findings": [ { "code": "ACME-FORWARD-HEAD", "values": { "offset": "22 mm" } } ] }
            """);
        var analysis = await PackedPackages.RunAsync("dotnet", [ConsoleDll, "analyze", findings, "--json"], packages.Root, environment);

        analysis.AssertSucceeded();
        using var result = JsonDocument.Parse(analysis.Out);
        var suggestion = Assert.Single(result.RootElement.GetProperty("suggestions").EnumerateArray());
        Assert.Equal("ACME-R1", suggestion.GetProperty("ruleId").GetString());
        Assert.Equal("Forward-head offset of at least 20 mm: consider the ACME cervical protocol.", suggestion.GetProperty("rationale").GetString());
    }
}
