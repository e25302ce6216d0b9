namespace Sot.Workbench.Hosting.Tests;

public sealed class RuntimeConfigProbingTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sot-runtimeconfig-" + Guid.NewGuid().ToString("N"));

    public RuntimeConfigProbingTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string json)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void A_plain_runtimeconfig_adds_no_probing_path_so_it_is_not_parsed()
    {
        // What EnableDynamicLoading writes for a plugin; the test host runs from its apphost, not the dotnet muxer.
        var path = Write("Plugin.runtimeconfig.json", """
            { "runtimeOptions": { "tfm": "net10.0", "rollForward": "LatestMinor",
              "framework": { "name": "Microsoft.NETCore.App", "version": "10.0.0" } } }
            """);
        var underMuxer = string.Equals(Path.GetFileNameWithoutExtension(Environment.ProcessPath), "dotnet", StringComparison.OrdinalIgnoreCase);

        Assert.Equal(underMuxer, RuntimeConfigProbing.CanAddPaths(path));
    }

    [Fact]
    public void A_runtimeconfig_declaring_additional_probing_paths_is_handed_to_the_loader()
    {
        var path = Write("Plugin.runtimeconfig.json", """
            { "runtimeOptions": { "additionalProbingPaths": [ "/opt/clinic/probe" ] } }
            """);

        Assert.True(RuntimeConfigProbing.CanAddPaths(path));
    }

    [Fact]
    public void A_runtimeconfig_with_a_dev_file_beside_it_is_handed_to_the_loader()
    {
        var path = Write("Plugin.runtimeconfig.json", """{ "runtimeOptions": { } }""");
        Write("Plugin.runtimeconfig.dev.json", """{ "runtimeOptions": { "additionalProbingPaths": [ "/home/dev/.nuget/packages" ] } }""");

        Assert.True(RuntimeConfigProbing.CanAddPaths(path));
    }

    [Fact]
    public void A_missing_runtimeconfig_adds_nothing()
    {
        Assert.False(RuntimeConfigProbing.CanAddPaths(Path.Combine(_folder, "Missing.runtimeconfig.json")));
    }
}
