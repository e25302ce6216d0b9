using System.Text.RegularExpressions;
using Sot.Workbench.Analysis;
using Sot.Workbench.CarePlans;
using Sot.Workbench.Domain;
using Sot.Workbench.Testing;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Reports.Tests;

/// <summary>Progress report, referral letter, PDF output, the audit trail and the claims scan.</summary>
public sealed class OtherDocumentTests
{
    private static readonly Actor Clerk = new(new PractitionerId(Guid.Parse("00000000-0000-0000-0000-00000000c1e4")), ActorRole.FrontDesk);

    [Theory]
    [InlineData("markdown")]
    [InlineData("html")]
    [InlineData("pdf")]
    public async Task Referral_letter_for_a_red_flag_names_the_flag_the_findings_and_is_dated_and_signed(string format)
    {
        await using var host = await ReportsHost.StartAsync();
        var record = new ClinicVisits(host).Build(606, VisitShape.RedFlag);
        Assert.Equal(VisitState.Discontinued, record.Visit.State);

        var letter = await host.Documents.ReferralLetterAsync(record, format, Clerk);
        var text = DocumentText.Of(letter);

        Assert.Equal(ClinicalDocumentKind.ReferralLetter, letter.Kind);
        Assert.Contains("Referral letter", text);
        Assert.Contains("Red flag", text);
        Assert.Contains("Cauda equina signs: Saddle anaesthesia, or new bladder or bowel change.", text);
        Assert.DoesNotContain("Osteoporosis", text);
        Assert.Contains("Visit discontinued; patient referred", text);
        var practitioner = record.Practitioners[0];
        Assert.Contains($"Signed: {practitioner.DisplayName}, {practitioner.Credentials}, 2026-03-02", text);
        Assert.Contains(record.Patient.FamilyName, text);
    }

    [Fact]
    public async Task Referral_letter_for_a_category_III_referral_trigger_lists_the_trigger_and_the_findings()
    {
        await using var host = await ReportsHost.StartAsync();
        var record = new ClinicVisits(host).Build(707, VisitShape.ReferralTrigger);

        var text = DocumentText.Of(await host.Documents.ReferralLetterAsync(record, DocumentFormats.Markdown, Clerk));

        Assert.Contains("Referral trigger:** Neurological decline: Reflexes, dermatomal sensation or muscle strength decreasing.", text);
        foreach (var finding in record.Visit.Findings.Where(f => f.Phase == Findings.FindingPhase.InitialAnalysis))
        {
            Assert.Contains(finding.Label, text);
        }
    }

    [Fact]
    public async Task Referral_letter_for_a_visit_without_flag_or_trigger_is_refused_and_not_audited()
    {
        await using var host = await ReportsHost.StartAsync();
        var record = new ClinicVisits(host).Build(101, VisitShape.Signed);

        var ex = await Assert.ThrowsAsync<DocumentNotAvailableException>(() => host.Documents.ReferralLetterAsync(record, DocumentFormats.Html, Clerk));

        Assert.Equal(ClinicalDocumentKind.ReferralLetter, ex.Kind);
        Assert.Contains(record.Visit.Id.ToString(), ex.Message);
        Assert.Empty(host.Audit!.Entries);
    }

    [Theory]
    [InlineData("markdown")]
    [InlineData("html")]
    [InlineData("pdf")]
    public async Task Progress_report_charts_scores_and_shows_category_history_cleared_indicators_and_the_care_plan(string format)
    {
        await using var host = await ReportsHost.StartAsync();
        var record = ProgressRecord(host, out var visits);

        var text = DocumentText.Of(await host.Documents.ProgressReportAsync(record, format, Clerk));

        Assert.Contains("Progress report", text);
        Assert.Contains("Pain over time (NRS 0–10)", text);
        Assert.Contains("Questionnaire scores over time", text);
        foreach (var v in visits)
        {
            Assert.Contains(v.Visit.Events[3].At.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), text);
            Assert.Contains("Category " + v.Visit.Category!.Primary, text);
        }

        Assert.Contains("Indicators that cleared", text);
        Assert.Contains("Planned visits", text);
        Assert.Contains("Visits done against the plan", text);
    }

    [Fact]
    public async Task Progress_report_html_draws_the_charts_as_inline_svg_and_pdf_holds_vector_drawings()
    {
        await using var host = await ReportsHost.StartAsync();
        var record = ProgressRecord(host, out var visits);

        var html = System.Text.Encoding.UTF8.GetString((await host.Documents.ProgressReportAsync(record, DocumentFormats.Html, Clerk)).Content.Span);
        var note = System.Text.Encoding.UTF8.GetString((await host.Documents.VisitNoteAsync(visits[0], DocumentFormats.Html, Clerk)).Content.Span);

        Assert.Equal(2, Regex.Count(html, "<svg "));
        Assert.Equal(visits.Length * 3, Regex.Count(html, "<circle "));
        Assert.DoesNotContain("src=\"http", html);
        Assert.DoesNotContain("<link", html);
        Assert.Contains("<title>Block placements (schematic; the patient&#39;s left and right are labelled)</title>", note);
        Assert.Contains("Patient&#39;s left", note);
    }

    [Fact]
    public async Task Pdf_text_outside_latin_1_reads_back_from_the_extended_fonts()
    {
        await using var host = await ReportsHost.StartAsync();
        var patient = new Patient(new PatientId(Guid.Parse("00000000-0000-0000-0000-0000000000e5")), "Ζωή Łucja", "Đặng-Иванова", new DateOnly(1980, 4, 2), AdministrativeSex.Female);
        var record = new ClinicVisits(host).Build(101, VisitShape.Signed, patient: patient);

        var text = DocumentText.Of(await host.Documents.VisitNoteAsync(record, DocumentFormats.Pdf, Clerk));

        Assert.Contains("Ζωή Łucja", text);
        Assert.Contains("Иванова", text);
        Assert.Contains("SOAP note", text);
        Assert.Contains("S — Subjective", text);
    }

    [Fact]
    public async Task Pdf_text_reads_back_with_pdfpig_and_skia_native_library_loads_from_the_plugin_folder()
    {
        await using var host = await ReportsHost.StartAsync();
        var record = new ClinicVisits(host).Build(101, VisitShape.Signed);

        var pdf = await host.Documents.VisitNoteAsync(record, DocumentFormats.Pdf, Clerk);
        var text = DocumentText.Of(pdf);

        Assert.Equal("application/pdf", pdf.MediaType);
        Assert.Equal($"visit-note_{record.Visit.Id}.pdf", pdf.FileName);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(pdf.Content.Span[..5]));
        Assert.Contains("SOAP note", text);
        Assert.Contains(record.Visit.ChiefComplaint!, text);
        Assert.Contains("S — Subjective", text);
        Assert.Contains("Block placements (schematic; the patient's left and right are labelled)", text);
        foreach (var finding in record.Visit.Findings.Take(5))
        {
            Assert.Contains(finding.Label, text);
        }

        // The native Skia library was mapped from this host's copy of the plugin folder, and SkiaSharp's managed
        // assembly lives in the plugin's own load context.
        var maps = File.ReadAllLines("/proc/self/maps").Where(l => l.Contains("libSkiaSharp", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(maps);
        Assert.Contains(maps, l => l.Contains(host.PluginRoot, StringComparison.Ordinal));
        var skia = AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "SkiaSharp").ToArray();
        Assert.Contains(skia, a => a.Location.StartsWith(host.PluginRoot, StringComparison.Ordinal));
        Assert.DoesNotContain(skia, a => System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(a) == System.Runtime.Loader.AssemblyLoadContext.Default);
    }

    [Fact]
    public async Task Every_export_is_recorded_in_the_audit_trail_with_ids_and_hash_only()
    {
        await using var host = await ReportsHost.StartAsync();
        var visits = new ClinicVisits(host);
        var record = visits.Build(101, VisitShape.Signed);
        var red = visits.Build(606, VisitShape.RedFlag);
        var patientRecord = new PatientRecord(record.Patient, [record]);

        var produced = new List<RenderedDocument>();
        foreach (var format in host.Documents.Formats)
        {
            produced.Add(await host.Documents.VisitNoteAsync(record, format, Clerk));
            produced.Add(await host.Documents.ProgressReportAsync(patientRecord, format, Clerk));
            produced.Add(await host.Documents.ReferralLetterAsync(red, format, Clerk));
        }

        produced.Add(await host.Documents.FhirVisitDocumentAsync(record, Clerk));
        produced.Add(await host.Documents.FhirPatientRecordAsync(patientRecord, Clerk));

        var entries = host.Audit!.Entries;
        Assert.Equal(produced.Count, entries.Count);
        for (var i = 0; i < produced.Count; i++)
        {
            var entry = entries[i];
            Assert.Equal(produced[i].Kind, entry.Kind);
            Assert.Equal(produced[i].Format, entry.Format);
            Assert.Equal(Clerk, entry.Actor);
            Assert.Equal(host.Time.GetUtcNow(), entry.At);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(produced[i].Content.Span)), entry.Sha256);
            Assert.DoesNotContain(record.Patient.FamilyName, entry.ToString());
        }

        Assert.Equal(record.Visit.Id, entries[0].Visit);
        Assert.Null(entries[1].Visit);
        Assert.Equal(red.Patient.Id, entries[2].Patient);
    }

    [Fact]
    public async Task Exports_go_to_the_record_store_audit_trail_when_the_host_registers_no_audit_of_its_own()
    {
        var store = new AuditOnlyStore();
        await using var host = await ReportsHost.StartAsync(withAudit: false, store: store);
        var record = new ClinicVisits(host).Build(101, VisitShape.Signed);

        var note = await host.Documents.VisitNoteAsync(record, DocumentFormats.Pdf, Clerk);
        await host.Documents.ProgressReportAsync(new PatientRecord(record.Patient, [record]), DocumentFormats.Markdown, Clerk);

        Assert.Equal(2, store.Audit.Count);
        var first = store.Audit[0].Record;
        Assert.Equal(new Sot.Workbench.Records.AuditRecord(host.Time.GetUtcNow(), Clerk.Id.ToString(), Sot.Workbench.Records.AuditActions.Export,
            Sot.Workbench.Records.AuditOutcome.Succeeded, record.Patient.Id, Sot.Workbench.Records.StreamId.For(record.Visit.Id),
            "document=VisitNote;format=pdf;sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(note.Content.Span))), first);
        Assert.Equal(Sot.Workbench.Records.StreamId.For(record.Patient.Id), store.Audit[1].Record.Stream);
        Assert.StartsWith("document=ProgressReport;format=markdown;sha256=", store.Audit[1].Record.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_audit_trail_nothing_is_exported()
    {
        await using var host = await ReportsHost.StartAsync(withAudit: false);
        var record = new ClinicVisits(host).Build(101, VisitShape.Signed);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Documents.VisitNoteAsync(record, DocumentFormats.Html, Clerk));

        Assert.Equal($"VisitNote for patient {record.Patient.Id} was not produced: no audit trail is registered. Register an IClinicalDocumentAudit or an IRecordStore (the clinical-record store) so every export is recorded.", ex.Message);
    }

    [Fact]
    public async Task No_document_in_any_format_contains_an_efficacy_or_diagnostic_certainty_claim()
    {
        var terms = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "claims-terms.txt"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        Assert.True(terms.Length >= 30, "the term list is loaded");
        var patterns = terms.Select(t => new Regex(@"(?<![\p{L}\p{N}])" + Regex.Escape(t) + @"(?![\p{L}\p{N}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)).ToArray();

        await using var host = await ReportsHost.StartAsync(withSectionPlugin: true);
        var visits = new ClinicVisits(host);
        var documents = new List<RenderedDocument>();
        var records = new List<VisitRecord>();
        foreach (var (seed, shape) in (ValueTuple<int, VisitShape>[])[(101, VisitShape.Signed), (202, VisitShape.Signed), (303, VisitShape.Amended), (404, VisitShape.Draft), (505, VisitShape.NoFindings), (808, VisitShape.Signed), (909, VisitShape.Signed)])
        {
            records.Add(visits.Build(seed, shape, duringTreatment: seed == 808 ? VisitNoteTests.TapingAndSign(host) : null));
        }

        var red = visits.Build(606, VisitShape.RedFlag);
        var trigger = visits.Build(707, VisitShape.ReferralTrigger);
        var progress = ProgressRecord(host, out _);
        foreach (var format in host.Documents.Formats)
        {
            foreach (var r in records)
            {
                documents.Add(await host.Documents.VisitNoteAsync(r, format, Clerk));
            }

            documents.Add(await host.Documents.ReferralLetterAsync(red, format, Clerk));
            documents.Add(await host.Documents.ReferralLetterAsync(trigger, format, Clerk));
            documents.Add(await host.Documents.ProgressReportAsync(progress, format, Clerk));
        }

        foreach (var r in records.Where(r => r.Visit.Signer is not null))
        {
            documents.Add(await host.Documents.FhirVisitDocumentAsync(r, Clerk));
        }

        documents.Add(await host.Documents.FhirPatientRecordAsync(progress, Clerk));
        Assert.Equal(host.Documents.Formats.Count * 10 + records.Count(r => r.Visit.Signer is not null) + 1, documents.Count);

        foreach (var document in documents)
        {
            var text = DocumentText.Of(document);
            Assert.Contains("protocol suggestion", text, StringComparison.OrdinalIgnoreCase);
            foreach (var pattern in patterns)
            {
                Assert.False(pattern.IsMatch(text), $"{document.FileName} contains the claim '{pattern}'.");
            }
        }
    }

    /// <summary>Three visits of one patient against a care plan of six visits, a week apart.</summary>
    private static PatientRecord ProgressRecord(ReportsHost host, out VisitRecord[] visits)
    {
        var builder = new ClinicVisits(host);
        var fakers = new SotFakers(77);
        var patient = fakers.Patient();
        var practitioner = fakers.Practitioner();
        visits = [.. new[] { 101, 202, 303 }.Select((seed, i) => builder.Build(seed, VisitShape.Signed, patient, practitioner, ClinicVisits.FirstDay.AddDays(7 * i)))];
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(ClinicVisits.FirstDay.AddDays(-1));
        var doc = new Actor(practitioner.Id, ActorRole.Practitioner);
        var plan = CarePlan.Create(new CarePlanId(fakers.NextGuid()), new CarePlanDefinition(patient.Id, [new CarePlanPhase(2, 3)], new ReExamSchedule(3, "ODI")), doc, clock);
        plan.Accept(doc);
        foreach (var v in visits)
        {
            plan.RecordVisit(doc, v.Visit.Id);
        }

        return new PatientRecord(patient, visits) { CarePlan = plan };
    }
}
