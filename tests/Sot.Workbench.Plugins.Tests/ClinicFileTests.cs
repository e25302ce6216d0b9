using Sot.Workbench.Catalogue;
using Sot.Workbench.Hosting;

namespace Sot.Workbench.Plugins.Tests;

/// <summary>A clinic's replacement data file that is malformed stops only that plugin, with an error naming the file and line.</summary>
public sealed class ClinicFileTests
{
    private const string Header = """
        {
          "kind": "cmrt-fibre-chart",
          "schemaVersion": 1,
          "version": "clinic-1",
          "source": "Clinic chart",
          "reliability": "SingleSource",
        """;

    public static TheoryData<string, string, string, int?, string> BadFiles => new()
    {
        // plugin, option, content, line, what the error says
        { Clinical.Cmrt, "FibreChart", Header + "\n  \"entries\": [ { \"line\": 2, \"area\": 9, \"level\": \"T5\" } ]\n}", 7, "'area' is 9; allowed 1–7" },
        { Clinical.Cmrt, "FibreChart", Header + "\n  \"entries\": [\n    { \"line\": 2, \"area\": 1, \"level\": \"T5\" },\n    { \"line\": 2, \"area\": 1, \"level\": \"T6\" }\n  ]\n}", 9, "line 2 area 1 is mapped twice" },
        { Clinical.Cmrt, "FibreChart", Header + "\n  \"entries\": [ { \"line\": 2, \"area\": 1, \"level\": \"T13\" } ]\n}", 7, "'level' is 'T13'" },
        { Clinical.Cmrt, "FibreChart", Header + "\n  \"entries\": [ { \"line\": 2, \"area\": 1, \"levle\": \"T5\" } ]\n}", 7, "unknown property 'levle'" },
        { Clinical.Cmrt, "FibreChart", "{\n  \"kind\": \"cmrt-fibre-chart\",\n  \"schemaVersion\": 1\n  \"version\": \"x\"\n}", 4, "not valid JSON" },
        { Clinical.Cmrt, "ReflexChart", Header.Replace("cmrt-fibre-chart", "cmrt-reflex-chart", StringComparison.Ordinal) + "\n  \"entries\": [ { \"level\": \"T5\", \"system\": \"Soul\", \"tradition\": \"Clinic\", \"reliability\": \"Gap\", \"source\": \"x\" } ]\n}", 7, "'system' is 'Soul'" },
        { Clinical.Cmrt, "ReflexChart", Header + "\n  \"entries\": []\n}", 2, "this option expects a 'cmrt-reflex-chart' file" },
        { Clinical.Tmj, "ReferenceRanges", "{\n  \"kind\": \"tmj-reference-ranges\", \"schemaVersion\": 1, \"version\": \"c\", \"source\": \"s\", \"reliability\": \"Gap\",\n  \"asymmetry\": { \"thresholdMm\": 2, \"reliability\": \"Gap\", \"source\": \"s\" },\n  \"ranges\": [\n    { \"measure\": \"maxOpening\", \"minMm\": 50, \"maxMm\": 35, \"reliability\": \"Gap\", \"source\": \"s\" }\n  ]\n}", 5, "the range for 'maxOpening' is empty" },
        { Clinical.Tmj, "ReferenceRanges", "{\n  \"kind\": \"tmj-reference-ranges\", \"schemaVersion\": 2, \"version\": \"c\", \"source\": \"s\", \"reliability\": \"Gap\"\n}", 2, "schemaVersion 2 is not supported" },
        { Clinical.Craniopathy, "Procedures", "{\n  \"kind\": \"cranial-procedures\", \"schemaVersion\": 1, \"version\": \"c\", \"source\": \"s\", \"reliability\": \"Gap\",\n  \"procedures\": [\n    { \"kind\": \"HOLD\", \"label\": \"Hold\", \"bones\": [\"Occipital\"], \"directions\": [\"Hold\"], \"reliability\": \"Gap\", \"source\": \"s\" }\n  ]\n}", 4, "kind 'HOLD' must start with 'CRAN-'" },
        { Clinical.Craniopathy, "Procedures", "{\n  \"kind\": \"cranial-procedures\", \"schemaVersion\": 1, \"version\": \"c\", \"source\": \"s\", \"reliability\": \"Gap\",\n  \"procedures\": [\n    { \"kind\": \"CRAN-HOLD\", \"label\": \"Hold\",\n      \"bones\": [\"Occipital\", \"Cheekbone\"], \"directions\": [\"Hold\"], \"reliability\": \"Gap\", \"source\": \"s\" }\n  ]\n}", 5, "'Cheekbone' in 'bones' is not allowed" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Malformed_clinic_file_fails_its_plugin_naming_file_and_line_and_the_rest_loads(string plugin, string option, string content, int? line, string detail)
    {
        using var folder = new ClinicFolder();
        var path = folder.WriteData("clinic-data.json", content);
        await using var host = await ClinicHost.StartAsync(folder, Clinical.All, new() { [$"Workbench:Plugins:{plugin}:Options:{option}"] = path });

        var info = host.Plugin(plugin);
        Assert.Equal(PluginStatus.Failed, info.Status);
        Assert.Contains($"ReferenceDataException: reference data file '{path}', line {line}: ", info.Reason, StringComparison.Ordinal);
        Assert.Contains(detail, info.Reason, StringComparison.Ordinal);

        // The failed plugin contributes nothing; the other plugins and Core are whole.
        var prefix = plugin switch { Clinical.Cmrt => "CMRT-", Clinical.Tmj => "TMJ-", _ => "CRAN-" };
        Assert.DoesNotContain(host.Indicators.All, d => d.Code.StartsWith(prefix, StringComparison.Ordinal));
        Assert.DoesNotContain(host.Procedures.All, p => p.Kind.StartsWith(prefix, StringComparison.Ordinal));
        Assert.All(Clinical.All.Where(id => id != plugin), id => Assert.Equal(PluginStatus.Active, host.Plugin(id).Status));
        Assert.All(CoreIndicators.Definitions, d => Assert.True(host.Indicators.Contains(d.Code)));
    }

    [Fact]
    public async Task Missing_clinic_file_fails_the_plugin_naming_the_file()
    {
        using var folder = new ClinicFolder(Clinical.Tmj);
        var path = Path.Combine(folder.Root, "no-such-ranges.json");
        await using var host = await ClinicHost.StartAsync(folder, [Clinical.Tmj], new() { ["Workbench:Plugins:sot.tmj:Options:ReferenceRanges"] = path });

        var info = host.Plugin(Clinical.Tmj);
        Assert.Equal(PluginStatus.Failed, info.Status);
        Assert.Contains($"reference data file '{path}': the file cannot be read (FileNotFoundException).", info.Reason, StringComparison.Ordinal);
    }
}
