using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Microsoft.Extensions.DependencyInjection;
using Sot.Workbench.Cli.Records;
using Sot.Workbench.Records;
using Sot.Workbench.Reports;

namespace Sot.Workbench.Cli.Commands;

/// <summary>
/// The commands over the clinical record: <c>patients</c>, <c>history</c>, <c>report</c>, <c>export</c>, <c>verify</c>.
/// Every read goes through the application services (audited as the console's practitioner).
/// </summary>
internal static class RecordCommands
{
    public static IEnumerable<Command> Create() => [Patients(), History(), Report(), Export(), Verify()];

    private static Command Patients()
    {
        var page = new Option<int>("--page") { Description = "The page to show, from 1.", DefaultValueFactory = _ => 1 };
        var size = new Option<int>("--page-size") { Description = $"Patients per page (1–{PageRequest.MaxSize}).", DefaultValueFactory = _ => 20 };
        var name = new Option<string?>("--name") { Description = "Only patients whose name contains this text (case- and accent-insensitive)." };
        var born = new Option<string?>("--born") { Description = "Only patients born on this date (YYYY-MM-DD).", HelpName = "YYYY-MM-DD" };
        page.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) { r.AddError("--page starts at 1."); } });
        size.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > PageRequest.MaxSize) { r.AddError($"--page-size is 1–{PageRequest.MaxSize}."); } });
        var command = new Command("patients", "List the patients in the record, by name, a page at a time; --name and --born search.") { page, size, name, born };
        command.SetAction((parse, ct) => WorkbenchCli.Run(async () =>
        {
            DateOnly? dateOfBirth = null;
            if (parse.GetValue(born) is { } bornText)
            {
                if (!DateOnly.TryParseExact(bornText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                {
                    throw new CliException($"--born expects a date as YYYY-MM-DD, got '{bornText}'.", ExitCodes.Usage);
                }

                dateOfBirth = parsed;
            }

            await using var session = await Start(parse, ct).ConfigureAwait(false);
            var record = new ClinicRecord(session);
            var pageSize = parse.GetValue(size);
            var request = new PageRequest((parse.GetValue(page) - 1) * pageSize, pageSize);
            var nameText = parse.GetValue(name);
            var found = string.IsNullOrWhiteSpace(nameText) && dateOfBirth is null
                ? await record.Patients.ListAsync(request, ct).ConfigureAwait(false)
                : await record.Patients.FindAsync(new PatientQuery(string.IsNullOrWhiteSpace(nameText) ? null : nameText, dateOfBirth), request, record.Actor, ct).ConfigureAwait(false);
            if (found.Items.Count == 0)
            {
                Console.Out.WriteLine(request.Offset == 0 ? "No patients found." : "No patients on this page.");
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns(new TableColumn("Patient").NoWrap(), new TableColumn("Family name"), new TableColumn("Given name"), new TableColumn("Born").NoWrap());
            foreach (var p in found.Items)
            {
                table.AddRow(p.Patient.ToString(), Markup.Escape(p.FamilyName), Markup.Escape(p.GivenName), p.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            Console.Out.WriteLine(found.Next is null
                ? $"Page {parse.GetValue(page)}: {found.Items.Count} patient(s), last page."
                : $"Page {parse.GetValue(page)}: {found.Items.Count} patient(s); next: --page {parse.GetValue(page) + 1}.");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command History()
    {
        var patient = new Argument<string>("PATIENT") { Description = "The patient id (pat_…)." };
        var command = new Command("history", "A patient's visits: dates, states, categories and procedures.") { patient };
        command.SetAction((parse, ct) => WorkbenchCli.Run(async () =>
        {
            var id = ClinicRecord.ParsePatient(parse.GetValue(patient)!);
            await using var session = await Start(parse, ct).ConfigureAwait(false);
            var whole = await new ClinicRecord(session).LoadWholeRecordAsync(id, ct).ConfigureAwait(false);
            Console.Out.WriteLine($"Patient {id}: {whole.Visits.Count} visit(s).");
            if (whole.CarePlan is { } plan)
            {
                Console.Out.WriteLine($"Care plan {plan.Id}: {plan.State}, {plan.VisitCount} of {plan.PlannedVisits} planned visits recorded.");
            }

            if (whole.Visits.Count == 0)
            {
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns(new TableColumn("Date").NoWrap(), new TableColumn("Visit").NoWrap(), new TableColumn("State"), new TableColumn("Category"), new TableColumn("Procedures"));
            foreach (var v in whole.Visits.Select(r => r.Visit))
            {
                table.AddRow(
                    v.Events[0].At.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    v.Id.ToString(),
                    v.State.ToString(),
                    v.Category is { } c ? "Category " + c.Primary : "-",
                    v.Procedures.Count == 0 ? "-" : string.Join(", ", v.Procedures.Select(p => p.Kind)));
            }

            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Report()
    {
        var visit = new Argument<string>("VISIT") { Description = "The visit id (visit_…)." };
        var format = new Option<string>("--format", "-f") { Description = "html, md, pdf or fhir (a FHIR R4 document of a signed visit).", DefaultValueFactory = _ => "html" };
        format.AcceptOnlyFromAmong("html", "md", "markdown", "pdf", "fhir");
        var output = new Option<string?>("--output", "-o") { Description = "The file to write (default: the document's own file name, ids only, in the current folder).", HelpName = "FILE" };
        var command = new Command("report", "Write a visit's SOAP note (html, md, pdf) or its FHIR R4 document (fhir).") { visit, format, output };
        command.SetAction((parse, ct) => WorkbenchCli.Run(async () =>
        {
            var id = ClinicRecord.ParseVisit(parse.GetValue(visit)!);
            await using var session = await Start(parse, ct).ConfigureAwait(false);
            var record = new ClinicRecord(session);
            var documents = record.Documents;
            var visitRecord = await record.LoadVisitAsync(id, ct).ConfigureAwait(false);
            RenderedDocument document;
            try
            {
                document = parse.GetValue(format) switch
                {
                    "fhir" => await documents.FhirVisitDocumentAsync(visitRecord, record.Actor, ct).ConfigureAwait(false),
                    "pdf" => await documents.VisitNoteAsync(visitRecord, DocumentFormats.Pdf, record.Actor, ct).ConfigureAwait(false),
                    "md" or "markdown" => await documents.VisitNoteAsync(visitRecord, DocumentFormats.Markdown, record.Actor, ct).ConfigureAwait(false),
                    _ => await documents.VisitNoteAsync(visitRecord, DocumentFormats.Html, record.Actor, ct).ConfigureAwait(false),
                };
            }
            catch (DocumentNotAvailableException ex)
            {
                throw new CliException(ex.Message, ExitCodes.InvalidInput);
            }

            var path = await WriteAsync(document, parse.GetValue(output), ct).ConfigureAwait(false);
            Console.Out.WriteLine($"Wrote {document.Kind} ({document.MediaType}, {document.Content.Length} bytes) to {path}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Export()
    {
        var patient = new Argument<string>("PATIENT") { Description = "The patient id (pat_…)." };
        var output = new Option<string?>("--output", "-o") { Description = "The file to write (default: the bundle's own file name, ids only, in the current folder).", HelpName = "FILE" };
        var command = new Command("export", "Export a patient's whole record as a FHIR R4 collection Bundle (JSON).") { patient, output };
        command.SetAction((parse, ct) => WorkbenchCli.Run(async () =>
        {
            var id = ClinicRecord.ParsePatient(parse.GetValue(patient)!);
            await using var session = await Start(parse, ct).ConfigureAwait(false);
            var record = new ClinicRecord(session);
            var documents = record.Documents;
            var whole = await record.LoadWholeRecordAsync(id, ct).ConfigureAwait(false);
            var document = await documents.FhirPatientRecordAsync(whole, record.Actor, ct).ConfigureAwait(false);
            var path = await WriteAsync(document, parse.GetValue(output), ct).ConfigureAwait(false);
            Console.Out.WriteLine($"Wrote the FHIR collection of patient {id} ({whole.Visits.Count} visit(s), {document.Content.Length} bytes) to {path}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Verify()
    {
        var expected = new Option<string?>("--checkpoint") { Description = "A checkpoint kept from an earlier run, to compare with.", HelpName = "CHECKPOINT" };
        var command = new Command("verify", "Verify the integrity of the whole record (every hash chain) and print its checkpoint; exit code 4 when broken.") { expected };
        command.SetAction((parse, ct) => WorkbenchCli.Run(async () =>
        {
            RecordCheckpoint? kept = null;
            if (parse.GetValue(expected) is { } text)
            {
                try
                {
                    kept = RecordCheckpoint.Parse(text.Trim());
                }
                catch (FormatException ex)
                {
                    throw new CliException($"--checkpoint: {ex.Message}", ExitCodes.Usage);
                }
            }

            await using var session = await Start(parse, ct).ConfigureAwait(false);
            var store = session.Services.GetRequiredService<IRecordStore>();
            var report = await store.VerifyAsync(kept, ct).ConfigureAwait(false);
            Console.Out.WriteLine($"Checked {report.EventsChecked} event(s) in {report.StreamsChecked} stream(s).");
            if (!report.IsIntact)
            {
                await Console.Error.WriteLineAsync($"error: the record is broken: {report.FirstFailure}").ConfigureAwait(false);
                return ExitCodes.RecordBroken;
            }

            Console.Out.WriteLine("The record is intact.");
            if (report.Checkpoint is { } checkpoint)
            {
                Console.Out.WriteLine($"Checkpoint: {checkpoint}");
            }

            if (report.KeptCheckpointMatches is false)
            {
                await Console.Error.WriteLineAsync("error: the record does not continue the kept checkpoint.").ConfigureAwait(false);
                return ExitCodes.RecordBroken;
            }

            if (report.KeptCheckpointMatches is true)
            {
                Console.Out.WriteLine("The kept checkpoint matches.");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Task<WorkbenchSession> Start(ParseResult parse, CancellationToken ct) =>
        WorkbenchSession.StartAsync(parse.GetValue(WorkbenchCli.Settings) ?? [], ct, StoreUse.Existing);

    private static async Task<string> WriteAsync(RenderedDocument document, string? output, CancellationToken ct)
    {
        var path = Path.GetFullPath(string.IsNullOrWhiteSpace(output) ? document.FileName : output);
        try
        {
            if (Path.GetDirectoryName(path) is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
            }

            await File.WriteAllBytesAsync(path, document.Content.ToArray(), ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write {path}: {ex.Message}", ExitCodes.InvalidInput);
        }

        return path;
    }
}
