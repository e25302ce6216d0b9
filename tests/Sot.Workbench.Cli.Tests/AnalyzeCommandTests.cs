using System.Text.Json;
using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Cli.Commands;
using Sot.Workbench.Cli.Findings;

namespace Sot.Workbench.Cli.Tests;

/// <summary><c>analyze</c> and the default command, run as a process and compared with the library run in-process.</summary>
public sealed class AnalyzeCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    /// <summary>No plugins: the console's analysis must then equal Core's analysis of the same file.</summary>
    private string[] NoPlugins => ["--set", $"Workbench:PluginDirectories:0={Path.Combine(_folder.Root, "no-plugins")}"];

    private static AnalysisResult CoreAnalysis(string path)
    {
        var visit = FindingsFile.Read(path, IndicatorCatalogue.Core);
        return CategoryAnalyzer.Core.Analyze(visit.Input, visit.RuleSet);
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Example_file_is_analysed_readably_with_every_suggestion_its_rationale_and_reliability()
    {
        var expected = CoreAnalysis(ConsoleProcess.ExampleFile);
        Assert.NotEmpty(expected.Suggestions);

        var run = await ConsoleProcess.RunAsync(["analyze", ConsoleProcess.ExampleFile, .. NoPlugins]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        Assert.Contains("Protocol suggestions (the practitioner decides; these are not diagnoses):", run.Out, StringComparison.Ordinal);
        foreach (var suggestion in expected.Suggestions)
        {
            Assert.Contains($"[{suggestion.RuleId}] {AnalyzeCommand.Describe(suggestion)}", run.Out, StringComparison.Ordinal);
            Assert.Contains(suggestion.Rationale, run.Out, StringComparison.Ordinal);
            Assert.Contains($"Reliability: {suggestion.Provenance}", run.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task No_arguments_analyses_the_bundled_example_and_points_at_help()
    {
        var expected = CoreAnalysis(ConsoleProcess.ExampleFile);

        var run = await ConsoleProcess.RunAsync(NoPlugins);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("No command given: analysing the example visit", run.Out, StringComparison.Ordinal);
        Assert.Contains("sot-workbench --help", run.Out, StringComparison.Ordinal);
        Assert.All(expected.Suggestions, s => Assert.Contains($"[{s.RuleId}]", run.Out, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Json_output_carries_the_same_suggestions_as_the_library()
    {
        var expected = CoreAnalysis(ConsoleProcess.ExampleFile);

        var run = await ConsoleProcess.RunAsync(["analyze", ConsoleProcess.ExampleFile, "--json", .. NoPlugins]);

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        Assert.Equal(expected.RuleSet, root.GetProperty("ruleSet").GetString());
        Assert.Equal(expected.StopAndRefer, root.GetProperty("stopAndRefer").GetBoolean());
        var suggestions = root.GetProperty("suggestions").EnumerateArray().ToArray();
        Assert.Equal(
            expected.Suggestions.Select(s => (s.RuleId, s.Kind.ToString(), s.Category?.ToString(), s.Side.ToString(), s.Rationale, s.Provenance.Reliability.ToString())),
            suggestions.Select(s => (
                s.GetProperty("ruleId").GetString()!,
                s.GetProperty("kind").GetString()!,
                s.TryGetProperty("category", out var c) ? c.GetString() : null,
                s.GetProperty("side").GetString()!,
                s.GetProperty("rationale").GetString()!,
                s.GetProperty("reliability").GetString()!)));
        Assert.Equal(
            expected.Suggestions.Select(s => s.Evidence.Select(e => e.Code).ToArray()),
            suggestions.Select(s => s.GetProperty("evidence").EnumerateArray().Select(e => e.GetProperty("code").GetString()!).ToArray()));
    }

    [Fact]
    public async Task Red_flag_in_the_file_stops_and_refers()
    {
        var example = File.ReadAllText(ConsoleProcess.ExampleFile);
        var path = _folder.Write("red-flag.json", example.Replace("\"visit\": \"example-category-ii\",", "\"visit\": \"red-flag\", \"redFlags\": [\"CaudaEquina\"],", StringComparison.Ordinal));
        var expected = CoreAnalysis(path);
        Assert.True(expected.StopAndRefer);

        var run = await ConsoleProcess.RunAsync(["analyze", path, "--json", .. NoPlugins]);

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        Assert.True(json.RootElement.GetProperty("stopAndRefer").GetBoolean());
        Assert.Equal(expected.Suggestions[0].RuleId, json.RootElement.GetProperty("suggestions")[0].GetProperty("ruleId").GetString());
        Assert.False(json.RootElement.TryGetProperty("blockingPlan", out _));
    }

    [Fact]
    public async Task Findings_file_example_in_the_readme_is_accepted()
    {
        var readme = File.ReadAllText(Path.Combine(ConsoleProcess.RepoRoot, "README.md"));
        var section = readme[readme.IndexOf("### The findings file", StringComparison.Ordinal)..];
        var start = section.IndexOf("```json", StringComparison.Ordinal) + "```json".Length;
        var json = section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
        var path = _folder.Write("readme-example.json", json);
        var expected = CoreAnalysis(path);

        var run = await ConsoleProcess.RunAsync(["analyze", path, "--json", .. NoPlugins]);

        Assert.Equal(0, run.ExitCode);
        using var output = JsonDocument.Parse(run.Out);
        Assert.Equal(expected.Suggestions.Select(s => s.RuleId), output.RootElement.GetProperty("suggestions").EnumerateArray().Select(s => s.GetProperty("ruleId").GetString()));
        Assert.Equal(4, output.RootElement.GetProperty("findingCount").GetInt32());
    }

    [Fact]
    public async Task Missing_file_is_a_clear_error_with_exit_code_2()
    {
        var missing = Path.Combine(_folder.Root, "nowhere.json");

        var run = await ConsoleProcess.RunAsync(["analyze", missing, .. NoPlugins]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: findings file '{missing}' does not exist.", run.Error.Trim());
        Assert.Equal(string.Empty, run.Out);
        run.AssertNoStackTrace();
    }

    [Theory]
    [InlineData("{ \"findings\": [ { \"code\": \"C2-AFT\", ", "not valid JSON (line 1, position")]
    [InlineData("[1, 2]", "$: the top level must be a JSON object")]
    [InlineData("{ \"visit\": \"x\" }", "$.findings: required: an array of findings.")]
    [InlineData("{ \"findings\": [ { \"code\": \"NO-SUCH-SIGN\" } ] }", "$.findings[0].code: unknown indicator code 'NO-SUCH-SIGN'")]
    [InlineData("{ \"findings\": [ { \"code\": \"C2-SCALENE\", \"side\": \"Left\", \"values\": { \"grade\": \"Severe\" } } ] }", "$.findings[0].values.grade: 'Severe' is not one of None, Mild, Moderate, Marked.")]
    [InlineData("{ \"findings\": [ { \"code\": \"C2-SCALENE\", \"side\": \"Left\", \"values\": { \"grade\": 3 } } ] }", "$.findings[0].values.grade: expected a grade")]
    [InlineData("{ \"findings\": [ { \"code\": \"C2-SWAY\", \"values\": { \"eyesOpen\": \"16 furlongs\" } } ] }", "$.findings[0].values.eyesOpen: '16 furlongs' is not a length")]
    [InlineData("{ \"findings\": [ { \"code\": \"C2-SCALENE\", \"side\": \"Left\", \"values\": { \"colour\": \"red\" } } ] }", "$.findings[0].values.colour: indicator C2-SCALENE has no value 'colour'")]
    [InlineData("{ \"findings\": [ { \"code\": \"C2-SCALENE\", \"sde\": \"Left\" } ] }", "$.findings[0].sde: unknown property")]
    [InlineData("{ \"findings\": [ { \"code\": \"C2-SCALENE\", \"side\": \"Up\" } ] }", "$.findings[0].side: 'Up' is not one of None, Left, Right, Bilateral.")]
    [InlineData("{ \"findings\": [ { \"code\": \"C2-RIB1-TUB\", \"side\": \"Left\", \"values\": { \"pain\": 14 } } ] }", "$.findings[0]: ")]
    [InlineData("{ \"findings\": [ { \"code\": \"C2-SCALENE\", \"values\": { \"grade\": \"Mild\" } } ] }", "$.findings[0]: ")]
    [InlineData("{ \"findings\": [], \"redFlags\": [\"Headache\"] }", "$.redFlags[0]: 'Headache' is not one of")]
    public async Task Unusable_file_is_a_clear_error_naming_the_place_with_exit_code_2(string content, string expected)
    {
        var path = _folder.Write("visit.json", content);

        var run = await ConsoleProcess.RunAsync(["analyze", path, .. NoPlugins]);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"error: {path}: ", run.Error, StringComparison.Ordinal);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.Equal(string.Empty, run.Out);
        run.AssertNoStackTrace();
    }

    [Fact]
    public async Task Value_out_of_range_names_the_code_and_the_rule_broken()
    {
        var path = _folder.Write("visit.json", "{ \"findings\": [ { \"code\": \"C2-RIB1-TUB\", \"side\": \"Left\", \"values\": { \"pain\": 14 } } ] }");
        var expected = Assert.Throws<FindingValidationException>(() => IndicatorCatalogue.Core.CreateFinding(
            IndicatorCodes.FirstRibTubercle, Sot.Workbench.Domain.AnalysisPosition.Supine, Sot.Workbench.Domain.Side.Left, Sot.Workbench.Findings.FindingPhase.InitialAnalysis,
            new Sot.Workbench.Findings.ScoreValue("pain", 14)));

        var run = await ConsoleProcess.RunAsync(["analyze", path, .. NoPlugins]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: {path}: $.findings[0]: {expected.Message}", run.Error.Trim());
    }

    [Fact]
    public async Task Unknown_rule_set_option_is_a_usage_error()
    {
        var run = await ConsoleProcess.RunAsync(["analyze", ConsoleProcess.ExampleFile, "--rule-set", "NO-SUCH-SET", .. NoPlugins]);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("NO-SUCH-SET", run.Error, StringComparison.Ordinal);
        run.AssertNoStackTrace();
    }

    [Fact]
    public async Task Analyze_without_a_file_is_a_usage_error()
    {
        var run = await ConsoleProcess.RunAsync(["analyze"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Required argument missing for command: 'analyze'", run.Error, StringComparison.Ordinal);
        run.AssertNoStackTrace();
    }
}
