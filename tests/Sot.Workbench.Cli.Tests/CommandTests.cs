using System.Text.Json;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Cli.Tests;

/// <summary><c>plugins</c>, <c>workflow</c>, configuration and bad arguments, run as a process.</summary>
public sealed class CommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Workflow_prints_the_mermaid_diagram_by_default()
    {
        var run = await ConsoleProcess.RunAsync("workflow");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(VisitWorkflow.MermaidDiagram().TrimEnd(), run.Out.TrimEnd());
    }

    [Fact]
    public async Task Workflow_prints_dot_when_asked()
    {
        var run = await ConsoleProcess.RunAsync("workflow", "--format", "dot");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(VisitWorkflow.DotDiagram().TrimEnd(), run.Out.TrimEnd());
    }

    [Fact]
    public async Task Workflow_rejects_an_unknown_format()
    {
        var run = await ConsoleProcess.RunAsync("workflow", "--format", "png");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("'png'", run.Error, StringComparison.Ordinal);
        run.AssertNoStackTrace();
    }

    [Fact]
    public async Task Unknown_command_is_a_usage_error()
    {
        var run = await ConsoleProcess.RunAsync("prescribe");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("'prescribe'", run.Error, StringComparison.Ordinal);
        run.AssertNoStackTrace();
    }

    [Fact]
    public async Task Help_lists_the_commands()
    {
        var run = await ConsoleProcess.RunAsync("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.All(["plugins", "workflow", "analyze <FILE>", "--set <key=value>"], c => Assert.Contains(c, run.Out, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plugins_shows_each_status_with_its_reason()
    {
        var plugins = _folder.CopyPlugin("test.good");
        _folder.CopyPlugin("test.faulty");
        _folder.CopyPlugin("test.throwing-ctor");

        var run = await ConsoleProcess.RunAsync("plugins",
            "--set", $"Workbench:PluginDirectories:0={plugins}",
            "--set", "Workbench:Plugins:test.good:Enabled=true",
            "--set", "Workbench:Plugins:test.throwing-ctor:Enabled=true");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"Plugin folder: {plugins}", run.Out, StringComparison.Ordinal);
        Assert.Contains($"  test.good (Active): loaded from '{Path.Combine(plugins, "test.good")}'.", run.Out, StringComparison.Ordinal);
        Assert.Contains("  test.faulty (Disabled): not enabled in configuration; set Workbench:Plugins:test.faulty:Enabled to true to load it.", run.Out, StringComparison.Ordinal);
        Assert.Contains("  test.throwing-ctor (Failed): the plugin's constructor threw InvalidOperationException: licence file missing.", run.Out, StringComparison.Ordinal);
        Assert.Contains("1 of 3 plugins active.", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plugins_json_is_configured_from_the_environment()
    {
        var plugins = _folder.CopyPlugin("test.good");
        _folder.CopyPlugin("test.faulty");

        var run = await ConsoleProcess.RunAsync(["plugins", "--json"], new Dictionary<string, string>
        {
            ["Workbench__PluginDirectories__0"] = plugins,
            ["Workbench__Plugins__test.faulty__Enabled"] = "true",
        });

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal([plugins], json.RootElement.GetProperty("pluginDirectories").EnumerateArray().Select(e => e.GetString()));
        var statuses = json.RootElement.GetProperty("plugins").EnumerateArray()
            .ToDictionary(p => p.GetProperty("id").GetString()!, p => (p.GetProperty("status").GetString(), p.GetProperty("enabled").GetBoolean()));
        Assert.Equal(("Active", true), statuses["test.faulty"]);
        Assert.Equal(("Disabled", false), statuses["test.good"]);
    }

    [Theory]
    [InlineData("sot.cmrt")]
    [InlineData("sot.craniopathy")]
    [InlineData("sot.tmj")]
    [InlineData("sot.reports")]
    public async Task Appsettings_enables_each_first_party_module(string id)
    {
        // A built test plugin under the module's id stands in for the module: appsettings.json alone must enable it.
        var plugins = _folder.CopyPlugin("test.good");
        var renamed = Path.Combine(plugins, id);
        Directory.Move(Path.Combine(plugins, "test.good"), renamed);
        var manifest = Path.Combine(renamed, "plugin.json");
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifest))!.AsObject();
        node["id"] = id;
        File.WriteAllText(manifest, node.ToJsonString());

        var run = await ConsoleProcess.RunAsync("plugins", "--json", "--set", $"Workbench:PluginDirectories:0={plugins}");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        var plugin = Assert.Single(json.RootElement.GetProperty("plugins").EnumerateArray());
        Assert.Equal(id, plugin.GetProperty("id").GetString());
        Assert.True(plugin.GetProperty("enabled").GetBoolean());
        Assert.Equal("Active", plugin.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Default_plugin_folder_is_the_consoles_own_plugins_folder()
    {
        var run = await ConsoleProcess.RunAsync("plugins", "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal([Path.Combine(ConsoleProcess.ConsoleDir, "plugins")], json.RootElement.GetProperty("pluginDirectories").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Plugins_with_a_missing_folder_says_so()
    {
        var missing = Path.Combine(_folder.Root, "absent");

        var run = await ConsoleProcess.RunAsync("plugins", "--set", $"Workbench:PluginDirectories:0={missing}");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"Plugin folder: {missing} (does not exist)", run.Out, StringComparison.Ordinal);
        Assert.Contains("No plugins found", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_configuration_value_is_a_configuration_error()
    {
        var run = await ConsoleProcess.RunAsync("plugins", "--set", "Workbench:Trust:Mode=Whatever");

        Assert.Equal(3, run.ExitCode);
        Assert.StartsWith("error: the configuration is invalid: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("Workbench:Trust:Mode", run.Error, StringComparison.Ordinal);
        run.AssertNoStackTrace();
    }

    [Fact]
    public async Task Configuration_failing_validation_is_a_configuration_error()
    {
        var run = await ConsoleProcess.RunAsync("plugins", "--set", "Workbench:Plugins:Not A Valid Id:Enabled=true");

        Assert.Equal(3, run.ExitCode);
        Assert.StartsWith("error: the configuration is invalid: ", run.Error, StringComparison.Ordinal);
        run.AssertNoStackTrace();
    }

    [Fact]
    public async Task Set_without_a_key_value_pair_is_a_usage_error()
    {
        var run = await ConsoleProcess.RunAsync("plugins", "--set", "Workbench");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--set expects key=value", run.Error, StringComparison.Ordinal);
        run.AssertNoStackTrace();
    }
}
