using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Sot.Workbench.Cli.Demo;
using Sot.Workbench.Records;

namespace Sot.Workbench.Cli.Commands;

/// <summary>
/// <c>demo</c>: simulates a clinic (seeded, reproducible) into the configured record store, every command through the
/// application services a host uses, and writes the last day's reports to an output folder.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var seed = new Option<int>("--seed") { Description = "The seed: the same seed gives the same clinic.", DefaultValueFactory = _ => 1 };
        var patients = new Option<int>("--patients") { Description = "Patients registered (1–100000).", DefaultValueFactory = _ => 25 };
        var days = new Option<int>("--days") { Description = "Clinic days simulated (1–3650).", DefaultValueFactory = _ => 5 };
        var practitioners = new Option<int>("--practitioners") { Description = "Practitioners (1–100).", DefaultValueFactory = _ => 3 };
        var output = new Option<string>("--output", "-o") { Description = "The folder the last day's reports are written to.", DefaultValueFactory = _ => "demo-reports", HelpName = "FOLDER" };
        Range(patients, "--patients", 1, 100_000);
        Range(days, "--days", 1, 3650);
        Range(practitioners, "--practitioners", 1, 100);
        var command = new Command(
            "demo",
            "Simulate a clinic with seeded data: patients with consents and care plans, visits over the days through the real workflow "
            + "(analysis, blocking, plugin procedures, reassessment, signing, addenda, cancellations, no-shows, red-flag referrals), "
            + "recorded in the configured store; the last day's reports (HTML, Markdown, PDF, FHIR) go to --output.")
        {
            seed, patients, days, practitioners, output,
        };
        command.SetAction((parse, ct) => WorkbenchCli.Run(() => RunAsync(
            parse.GetValue(WorkbenchCli.Settings) ?? [],
            new DemoSettings(parse.GetValue(seed), parse.GetValue(patients), parse.GetValue(days), parse.GetValue(practitioners), Path.GetFullPath(parse.GetValue(output)!)),
            ct)));
        return command;
    }

    private static void Range(Option<int> option, string name, int min, int max) =>
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < min || r.GetValueOrDefault<int>() > max)
            {
                r.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} is {min}–{max}."));
            }
        });

    private static async Task<int> RunAsync(IReadOnlyList<string> settings, DemoSettings demo, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var clock = new DemoClock(ClinicSimulation.FirstDay);
        await using var session = await WorkbenchSession.StartAsync(settings, cancellationToken, StoreUse.Create, clock).ConfigureAwait(false);
        var store = session.Services.GetRequiredService<IRecordStore>();
        var where = RecordStoreChoice.Describe(session.Configuration);
        if ((await store.ListPatientsAsync(PageRequest.First(1), cancellationToken).ConfigureAwait(false)).Items.Count > 0)
        {
            throw new CliException(
                $"the record at {where} already holds patients; the demo fills an empty record: choose another data folder with --set Workbench:Records:Sqlite:DataDirectory=FOLDER (or delete that file to start again).",
                ExitCodes.InvalidInput);
        }

        var simulation = new ClinicSimulation(session, clock, demo);
        Console.Out.WriteLine($"Simulating {demo.Patients} patients over {demo.Days} day(s) with {demo.Practitioners} practitioner(s), seed {demo.Seed}, into {where}.");
        if (!simulation.WritesReports)
        {
            await Console.Error.WriteLineAsync("warning: the reports plugin (sot.reports) is not active: no reports are written; see 'plugins'.").ConfigureAwait(false);
        }

        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask("Simulating the clinic", maxValue: demo.Patients + demo.Days);
                    await simulation.RunAsync((done, _) => task.Value = done, cancellationToken).ConfigureAwait(false);
                }).ConfigureAwait(false);
        }
        else
        {
            await simulation.RunAsync((_, _) => { }, cancellationToken).ConfigureAwait(false);
        }

        Print(simulation.Summary, demo, stopwatch.Elapsed);
        return ExitCodes.Ok;
    }

    private static void Print(DemoSummary summary, DemoSettings demo, TimeSpan elapsed)
    {
        static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
        var table = new Table().AddColumns("What", "Count");
        table.AddRow("Patients (with care plans)", N(summary.Patients));
        table.AddRow("[bold]Visits[/]", N(summary.Visits));
        foreach (var (state, count) in summary.VisitsByState.OrderBy(p => p.Key))
        {
            table.AddRow("  " + state, N(count));
        }

        foreach (var (category, count) in summary.Categories.OrderBy(p => p.Key))
        {
            table.AddRow("  Category " + category, N(count));
        }

        table.AddRow("  Red-flag referrals", N(summary.Referrals));
        table.AddRow("  Addenda", N(summary.Addenda));
        table.AddRow("[bold]Procedures[/]", N(summary.ProceduresByKind.Values.Sum()));
        foreach (var (kind, count) in summary.ProceduresByKind.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            table.AddRow("  " + Markup.Escape(kind), N(count));
        }

        table.AddRow("Commands (audited)", N(summary.Commands));
        table.AddRow("[bold]Reports written[/] (last day)", N(summary.Reports));
        foreach (var (format, count) in summary.ReportsByFormat.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            table.AddRow("  " + Markup.Escape(format), N(count));
        }

        table.AddRow("Time taken", elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s");
        AnsiConsole.Write(table);
        Console.Out.WriteLine($"Reports: {demo.OutputFolder}");
    }
}
