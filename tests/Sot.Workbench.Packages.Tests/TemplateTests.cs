namespace Sot.Workbench.Packages.Tests;

/// <summary><c>dotnet new sot-plugin</c> from the packed template package, built and tested against the packed packages.</summary>
[Collection(PackedPackagesGroup.Name)]
[Trait("Category", "Packages")]
public sealed class TemplateTests(PackedPackages packages)
{
    [Fact]
    public async Task Sot_plugin_template_creates_a_plugin_whose_tests_pass_out_of_the_box()
    {
        var folder = packages.IsolatedFolder("template");
        var hive = Path.Combine(packages.Root, "template-hive");

        (await PackedPackages.RunAsync("dotnet", ["new", "install", packages.Package("Sot.Workbench.Templates"), "--debug:custom-hive", hive], folder)).AssertSucceeded();
        (await PackedPackages.RunAsync("dotnet", ["new", "sot-plugin", "-n", "Acme.Gait", "--debug:custom-hive", hive], folder)).AssertSucceeded();

        var project = Path.Combine(folder, "Acme.Gait");
        Assert.Contains("\"id\": \"acme.gait\"", await File.ReadAllTextAsync(Path.Combine(project, "src", "Acme.Gait", "plugin.json")), StringComparison.Ordinal);
        var test = await PackedPackages.RunAsync("dotnet", ["test", Path.Combine(project, "tests", "Acme.Gait.Tests"), "-nodeReuse:false"], project);

        test.AssertSucceeded();
        Assert.Matches(@"Passed!\s+-\s+Failed:\s+0,\s+Passed:\s+4,", test.Out);

        // Built from the packed packages, with Core compile-only: the plugin folder holds no host-owned assembly.
        var output = Path.Combine(project, "src", "Acme.Gait", "bin", "Debug", "net10.0");
        Assert.True(File.Exists(Path.Combine(output, "Acme.Gait.dll")));
        Assert.True(File.Exists(Path.Combine(output, "plugin.json")));
        Assert.Empty(Directory.GetFiles(output, "Sot.Workbench.*.dll"));
        Assert.Empty(Directory.GetFiles(output, "Microsoft.Extensions.*.dll"));
        var assets = await File.ReadAllTextAsync(Path.Combine(project, "tests", "Acme.Gait.Tests", "obj", "project.assets.json"));
        Assert.Contains($"\"Sot.Workbench.Testing/{packages.Version}\"", assets, StringComparison.Ordinal);
    }
}
