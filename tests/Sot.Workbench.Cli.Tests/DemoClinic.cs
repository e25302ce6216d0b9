using System.Text.RegularExpressions;

namespace Sot.Workbench.Cli.Tests;

/// <summary>A small demo clinic (a few patients, a few days) simulated once by the console into a temporary data folder.</summary>
public sealed partial class DemoClinic : IAsyncLifetime, IDisposable
{
    public const int Seed = 7;

    private readonly TempFolder _folder = new();

    public string DataDirectory => Path.Combine(_folder.Root, "data");

    public string ReportsFolder => Path.Combine(_folder.Root, "reports");

    public string DatabasePath => Path.Combine(DataDirectory, "records.db");

    public string Root => _folder.Root;

    internal ConsoleRun Demo { get; private set; } = null!;

    /// <summary>The <c>--set</c> pointing the console at this clinic's record.</summary>
    public string[] Store => ["--set", "Workbench:Records:Sqlite:DataDirectory=" + DataDirectory];

    public static string[] DemoArgs(string output) =>
        ["demo", "--seed", Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--patients", "6", "--days", "4", "--practitioners", "2", "--output", output];

    public async Task InitializeAsync() => Demo = await ConsoleProcess.RunAsync([.. DemoArgs(ReportsFolder), .. Store]);

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _folder.Dispose();

    internal Task<ConsoleRun> RunAsync(params string[] args) => ConsoleProcess.RunAsync([.. args, .. Store], workingDirectory: Root);

    /// <summary>The patient ids the <c>patients</c> command lists.</summary>
    internal async Task<IReadOnlyList<string>> PatientIdsAsync()
    {
        var run = await RunAsync("patients", "--page-size", "100");
        Assert.Equal(0, run.ExitCode);
        return [.. PatientId().Matches(run.Out).Select(m => m.Value).Distinct()];
    }

    /// <summary>(patient, visit, state) of every visit, read through the <c>history</c> command.</summary>
    internal async Task<IReadOnlyList<(string Patient, string Visit, string State)>> VisitsAsync()
    {
        var visits = new List<(string, string, string)>();
        foreach (var patient in await PatientIdsAsync())
        {
            var run = await RunAsync("history", patient);
            Assert.Equal(0, run.ExitCode);
            foreach (Match row in VisitRow().Matches(run.Out))
            {
                visits.Add((patient, row.Groups["visit"].Value, row.Groups["state"].Value));
            }
        }

        return visits;
    }

    [GeneratedRegex("pat_[0-9a-f]{32}")]
    private static partial Regex PatientId();

    [GeneratedRegex(@"(?<visit>visit_[0-9a-f]{32})\s*│\s*(?<state>\w+)")]
    private static partial Regex VisitRow();
}
