using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sot.Workbench.Records;
using Sot.Workbench.Storage.Sqlite;

namespace Sot.Workbench.Cli.Tests;

/// <summary><c>demo</c>, then <c>patients</c>, <c>history</c>, <c>report</c>, <c>export</c> and <c>verify</c> against its record, run as processes.</summary>
public sealed class RecordCommandTests(DemoClinic clinic) : IClassFixture<DemoClinic>, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Demo_fills_the_record_and_prints_its_summary()
    {
        Assert.True(clinic.Demo.ExitCode == 0, clinic.Demo.Error);
        clinic.Demo.AssertNoStackTrace();
        Assert.All(["Patients (with care plans)", "Visits", "Procedures", "BLOCKING", "Commands (audited)", "Reports written", "Time taken"],
            text => Assert.Contains(text, clinic.Demo.Out, StringComparison.Ordinal));
        Assert.True(File.Exists(clinic.DatabasePath));
    }

    [Fact]
    public void Demo_writes_the_last_days_reports_in_every_format()
    {
        Assert.Equal(0, clinic.Demo.ExitCode);
        var files = Directory.GetFiles(clinic.ReportsFolder).Select(Path.GetFileName).ToArray();
        Assert.Contains(files, f => f!.StartsWith("visit-note_visit_", StringComparison.Ordinal) && f.EndsWith(".html", StringComparison.Ordinal));
        Assert.Contains(files, f => f!.StartsWith("visit-note_visit_", StringComparison.Ordinal) && f.EndsWith(".md", StringComparison.Ordinal));
        Assert.Contains(files, f => f!.StartsWith("visit-note_visit_", StringComparison.Ordinal) && f.EndsWith(".pdf", StringComparison.Ordinal));
        Assert.Contains(files, f => f!.EndsWith(".json", StringComparison.Ordinal));
        foreach (var pdf in Directory.GetFiles(clinic.ReportsFolder, "*.pdf"))
        {
            Assert.StartsWith("%PDF", File.ReadAllText(pdf)[..4], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Demo_records_one_audit_entry_per_command()
    {
        Assert.Equal(0, clinic.Demo.ExitCode);
        var commands = int.Parse(
            System.Text.RegularExpressions.Regex.Match(clinic.Demo.Out, @"Commands \(audited\)\s*│\s*([\d,]+)").Groups[1].Value.Replace(",", "", StringComparison.Ordinal),
            System.Globalization.CultureInfo.InvariantCulture);
        var copy = Path.Combine(_folder.Root, "records.db");
        File.Copy(clinic.DatabasePath, copy);
        await using var store = new SqliteRecordStore(new SqliteRecordStoreOptions { DataDirectory = _folder.Root });
        var changes = 0;
        for (var page = (PageRequest?)PageRequest.First(PageRequest.MaxSize); page is { } p;)
        {
            var entries = await store.QueryAuditAsync(new AuditQuery(), p);
            changes += entries.Items.Count(e => e.Record.Action is AuditActions.Create or AuditActions.Update or AuditActions.Sign or AuditActions.Amend);
            page = entries.Next;
        }

        Assert.True(commands > 0);
        Assert.Equal(commands, changes);
    }

    [Fact]
    public async Task Demo_with_the_same_seed_gives_the_same_patients()
    {
        var data = Path.Combine(_folder.Root, "again");
        var again = await ConsoleProcess.RunAsync([.. DemoClinic.DemoArgs(Path.Combine(_folder.Root, "reports")), "--set", "Workbench:Records:Sqlite:DataDirectory=" + data]);
        Assert.Equal(0, again.ExitCode);
        var list = await ConsoleProcess.RunAsync("patients", "--page-size", "100", "--set", "Workbench:Records:Sqlite:DataDirectory=" + data);

        var original = await clinic.RunAsync("patients", "--page-size", "100");
        Assert.Equal(original.Out, list.Out);
        Assert.Equal(6, (await clinic.PatientIdsAsync()).Count);
    }

    [Fact]
    public async Task Demo_refuses_a_record_that_already_holds_patients()
    {
        var run = await clinic.RunAsync([.. DemoClinic.DemoArgs(Path.Combine(_folder.Root, "reports"))]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("already holds patients", run.Error, StringComparison.Ordinal);
        run.AssertNoStackTrace();
    }

    [Fact]
    public async Task Patients_are_listed_a_page_at_a_time()
    {
        var all = await clinic.PatientIdsAsync();
        var first = await clinic.RunAsync("patients", "--page-size", "4");
        var second = await clinic.RunAsync("patients", "--page-size", "4", "--page", "2");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("next: --page 2", first.Out, StringComparison.Ordinal);
        Assert.Contains("last page", second.Out, StringComparison.Ordinal);
        Assert.Equal(all, [.. all.Where(id => first.Out.Contains(id, StringComparison.Ordinal) || second.Out.Contains(id, StringComparison.Ordinal))]);
        Assert.Equal(4, all.Count(id => first.Out.Contains(id, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Patients_are_found_by_date_of_birth()
    {
        var list = await clinic.RunAsync("patients", "--page-size", "1");
        var born = System.Text.RegularExpressions.Regex.Match(list.Out, @"\d{4}-\d{2}-\d{2}").Value;
        var id = (await clinic.PatientIdsAsync())[0];

        var found = await clinic.RunAsync("patients", "--born", born);

        Assert.Equal(0, found.ExitCode);
        Assert.Contains(id, found.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_lists_every_visit_with_its_state()
    {
        var visits = await clinic.VisitsAsync();

        Assert.NotEmpty(visits);
        Assert.Contains(visits, v => v.State == "Signed");
        Assert.All(visits, v => Assert.True(Enum.TryParse<Workflow.VisitState>(v.State, out _), v.State));
    }

    [Theory]
    [InlineData("html", "<html")]
    [InlineData("md", "# ")]
    [InlineData("pdf", "%PDF")]
    [InlineData("fhir", "\"resourceType\"")]
    public async Task Report_writes_a_signed_visits_note_in_each_format(string format, string marker)
    {
        var visit = (await clinic.VisitsAsync()).First(v => v.State == "Signed").Visit;
        var file = Path.Combine(_folder.Root, "note." + format);

        var run = await clinic.RunAsync("report", visit, "--format", format, "--output", file);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains(marker, File.ReadAllText(file), StringComparison.Ordinal);
        if (format == "fhir")
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(file));
            Assert.Equal("Bundle", json.RootElement.GetProperty("resourceType").GetString());
            Assert.Equal("document", json.RootElement.GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task Export_writes_the_patients_record_as_a_fhir_collection()
    {
        var patient = (await clinic.VisitsAsync())[0].Patient;
        var file = Path.Combine(_folder.Root, "export.json");

        var run = await clinic.RunAsync("export", patient, "--output", file);

        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(File.ReadAllBytes(file));
        Assert.Equal("Bundle", json.RootElement.GetProperty("resourceType").GetString());
        Assert.Equal("collection", json.RootElement.GetProperty("type").GetString());
        Assert.Contains(json.RootElement.GetProperty("entry").EnumerateArray(), e => e.GetProperty("resource").GetProperty("resourceType").GetString() == "Encounter");
    }

    [Fact]
    public async Task Verify_prints_the_checkpoint_of_an_intact_record()
    {
        var run = await clinic.RunAsync("verify");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("The record is intact.", run.Out, StringComparison.Ordinal);
        var checkpoint = System.Text.RegularExpressions.Regex.Match(run.Out, @"Checkpoint: (\S+)").Groups[1].Value;
        Assert.Equal(checkpoint, RecordCheckpoint.Parse(checkpoint).ToString());

        var again = await clinic.RunAsync("verify", "--checkpoint", checkpoint);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("The kept checkpoint matches.", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_fails_with_exit_code_4_on_a_tampered_record()
    {
        var data = Path.Combine(_folder.Root, "tampered");
        Directory.CreateDirectory(data);
        await using (var source = new SqliteConnection($"Data Source={clinic.DatabasePath};Mode=ReadOnly;Pooling=False"))
        {
            source.Open();
            using var target = new SqliteConnection($"Data Source={Path.Combine(data, "records.db")};Pooling=False");
            target.Open();
            source.BackupDatabase(target);
            using var command = target.CreateCommand();
            command.CommandText = "DROP TRIGGER events_append_only_update; UPDATE events SET actor_id = 'prac_00000000000000000000000000000000' WHERE position = 3;";
            command.ExecuteNonQuery();
        }

        var run = await ConsoleProcess.RunAsync("verify", "--set", "Workbench:Records:Sqlite:DataDirectory=" + data);

        Assert.Equal(4, run.ExitCode);
        Assert.Contains("the record is broken", run.Error, StringComparison.Ordinal);
        run.AssertNoStackTrace();
    }

    [Theory]
    [InlineData("history", "pat_00000000000000000000000000000000", "no patient pat_00000000000000000000000000000000")]
    [InlineData("export", "pat_00000000000000000000000000000000", "no patient pat_00000000000000000000000000000000")]
    [InlineData("report", "visit_00000000000000000000000000000000", "no visit visit_00000000000000000000000000000000")]
    public async Task Unknown_ids_are_reported_with_exit_code_2(string command, string id, string message)
    {
        var run = await clinic.RunAsync(command, id);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        run.AssertNoStackTrace();
    }

    [Theory]
    [InlineData("history", "12345")]
    [InlineData("export", "visit_00000000000000000000000000000000")]
    [InlineData("report", "pat_00000000000000000000000000000000")]
    public async Task Malformed_ids_are_usage_errors(string command, string id)
    {
        var run = await clinic.RunAsync(command, id);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"'{id}' is not a valid", run.Error, StringComparison.Ordinal);
        run.AssertNoStackTrace();
    }

    [Fact]
    public async Task Report_rejects_an_unknown_format()
    {
        var run = await clinic.RunAsync("report", "visit_00000000000000000000000000000000", "--format", "docx");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("'docx'", run.Error, StringComparison.Ordinal);
        run.AssertNoStackTrace();
    }

    [Fact]
    public async Task Patients_rejects_a_malformed_date_of_birth()
    {
        var run = await clinic.RunAsync("patients", "--born", "1970-13-01");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("YYYY-MM-DD", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("patients")]
    [InlineData("verify")]
    [InlineData("history", "pat_00000000000000000000000000000000")]
    public async Task A_missing_record_is_a_configuration_error_and_is_not_created(params string[] args)
    {
        var missing = Path.Combine(_folder.Root, "no-record");

        var run = await ConsoleProcess.RunAsync([.. args, "--set", "Workbench:Records:Sqlite:DataDirectory=" + missing]);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("no clinical record at", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing));
        run.AssertNoStackTrace();
    }

    [Fact]
    public async Task An_unknown_store_provider_is_a_configuration_error()
    {
        var run = await clinic.RunAsync("patients", "--set", "Workbench:Records:Provider=oracle");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("Workbench:Records:Provider must be 'sqlite' or 'postgresql'", run.Error, StringComparison.Ordinal);
        run.AssertNoStackTrace();
    }

    [Fact]
    public async Task Demo_rejects_out_of_range_sizes()
    {
        var run = await ConsoleProcess.RunAsync("demo", "--patients", "0", "--set", "Workbench:Records:Sqlite:DataDirectory=" + Path.Combine(_folder.Root, "d"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--patients is 1–100000", run.Error, StringComparison.Ordinal);
    }
}
