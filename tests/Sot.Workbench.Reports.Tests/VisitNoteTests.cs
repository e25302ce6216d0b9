using System.Text;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Plugins;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Reports.Tests;

/// <summary>SOAP notes rendered through the reports plugin loaded from its build output by the real host.</summary>
public sealed class VisitNoteTests
{
    private static readonly Actor Clerk = new(new PractitionerId(Guid.Parse("00000000-0000-0000-0000-00000000c1e4")), ActorRole.FrontDesk);

    public static TheoryData<int, string> GoldenVisits => new()
    {
        { 101, "Signed" },
        { 202, "Signed" },
        { 303, "Amended" },
        { 404, "Draft" },
    };

    [Theory]
    [MemberData(nameof(GoldenVisits))]
    public async Task Markdown_and_html_of_seeded_visits_match_the_golden_files(int seed, string shape)
    {
        await using var host = await ReportsHost.StartAsync();
        var record = new ClinicVisits(host).Build(seed, Enum.Parse<VisitShape>(shape));

        foreach (var format in (string[])[DocumentFormats.Markdown, DocumentFormats.Html])
        {
            var document = await host.Documents.VisitNoteAsync(record, format, Clerk);
            Golden.Check($"visit-{seed}{(format == DocumentFormats.Markdown ? ".md" : ".html")}", document.Content);
        }
    }

    [Fact]
    public async Task Output_is_identical_across_hosts_and_runs()
    {
        async Task<string> Render(ReportsHost host) => Encoding.UTF8.GetString((await host.Documents.VisitNoteAsync(new ClinicVisits(host).Build(303, VisitShape.Amended), DocumentFormats.Html, Clerk)).Content.Span);

        await using var first = await ReportsHost.StartAsync();
        await using var second = await ReportsHost.StartAsync();
        var a = await Render(first);
        Assert.Equal(a, await Render(first));
        Assert.Equal(a, await Render(second));
    }

    [Theory]
    [InlineData("markdown")]
    [InlineData("html")]
    [InlineData("pdf")]
    public async Task Unsigned_visit_is_marked_draft_and_signed_visit_shows_signer_and_time(string format)
    {
        await using var host = await ReportsHost.StartAsync();
        var visits = new ClinicVisits(host);
        var draft = visits.Build(404, VisitShape.Draft);
        var signed = visits.Build(101, VisitShape.Signed);

        var draftText = DocumentText.Of(await host.Documents.VisitNoteAsync(draft, format, Clerk));
        var signedText = DocumentText.Of(await host.Documents.VisitNoteAsync(signed, format, Clerk));

        Assert.Contains("DRAFT — not signed", draftText);
        Assert.Contains("Not signed. This note is a DRAFT and may change.", draftText);
        Assert.DoesNotContain("Electronically signed", draftText);
        Assert.DoesNotContain("DRAFT", signedText);
        var signer = signed.Practitioners[0];
        Assert.Contains($"Electronically signed by {signer.DisplayName}, {signer.Credentials} on {signed.Visit.SignedAt!.Value.UtcDateTime:yyyy-MM-dd HH:mm} UTC.", signedText);
    }

    [Theory]
    [InlineData("markdown")]
    [InlineData("html")]
    [InlineData("pdf")]
    public async Task Addenda_follow_the_original_in_order_dated_and_attributed(string format)
    {
        await using var host = await ReportsHost.StartAsync();
        var record = new ClinicVisits(host).Build(303, VisitShape.Amended);
        var text = DocumentText.Of(await host.Documents.VisitNoteAsync(record, format, Clerk));

        var plan = text.IndexOf("P — Plan", StringComparison.Ordinal);
        var first = text.IndexOf("Patient phoned: soreness settled the next morning.", StringComparison.Ordinal);
        var second = text.IndexOf("Late entry: heel lift discussed and declined.", StringComparison.Ordinal);
        Assert.True(plan >= 0 && first > plan && second > first, $"plan {plan}, first addendum {first}, second {second}");
        var a1 = record.Visit.Addenda[0];
        var a2 = record.Visit.Addenda[1];
        Assert.Contains($"Addendum 1 — {a1.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC — {record.Practitioners[0].DisplayName}", text);
        Assert.Contains($"Addendum 2 — {a2.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC — {record.Practitioners[1].DisplayName}", text);
        Assert.True(text.IndexOf("Addendum 1", StringComparison.Ordinal) < text.IndexOf("Addendum 2", StringComparison.Ordinal));
        Assert.Equal(VisitState.Amended, record.Visit.State);
    }

    [Theory]
    [InlineData("markdown")]
    [InlineData("html")]
    [InlineData("pdf")]
    public async Task Visit_without_findings_says_so_and_still_renders_every_section(string format)
    {
        await using var host = await ReportsHost.StartAsync();
        var record = new ClinicVisits(host).Build(505, VisitShape.NoFindings);
        Assert.Empty(record.Visit.Findings);

        var text = DocumentText.Of(await host.Documents.VisitNoteAsync(record, format, Clerk));

        foreach (var heading in (string[])["S — Subjective", "O — Objective", "A — Assessment", "P — Plan"])
        {
            Assert.Contains(heading, text);
        }

        Assert.Contains("No examination findings were recorded.", text);
        Assert.Contains("No procedure was recorded. Reason: Patient preferred to discuss the plan first; no examination today.", text);
        Assert.Contains("(not determined)", text);
    }

    [Theory]
    [InlineData("markdown")]
    [InlineData("html")]
    [InlineData("pdf")]
    public async Task Plugin_section_appears_in_its_place_in_every_format(string format)
    {
        await using var host = await ReportsHost.StartAsync(withSectionPlugin: true);
        var record = new ClinicVisits(host).Build(101, VisitShape.Signed, duringTreatment: TapingAndSign(host));

        var text = DocumentText.Of(await host.Documents.VisitNoteAsync(record, format, Clerk));

        var objective = text.IndexOf("O — Objective", StringComparison.Ordinal);
        var section = text.IndexOf("Test taping summary", StringComparison.Ordinal);
        var assessment = text.IndexOf("A — Assessment", StringComparison.Ordinal);
        Assert.True(objective >= 0 && section > objective && assessment > section, $"objective {objective}, plugin section {section}, assessment {assessment}");
        Assert.Contains("Section contributed by test.report-section.", text);
        Assert.Contains("Taped at left trapezius.", text);
        Assert.Contains("Taping minutes", text);
        Assert.DoesNotContain(DocumentComposerText.Inactive, text);
    }

    [Theory]
    [InlineData("markdown")]
    [InlineData("html")]
    [InlineData("pdf")]
    public async Task Data_of_a_plugin_since_disabled_still_shows_labelled(string format)
    {
        VisitRecord record;
        await using (var enabled = await ReportsHost.StartAsync(withSectionPlugin: true))
        {
            record = new ClinicVisits(enabled).Build(202, VisitShape.Signed, duringTreatment: TapingAndSign(enabled));
        }

        await using var host = await ReportsHost.StartAsync(withSectionPlugin: true, sectionEnabled: false);
        Assert.Equal(Sot.Workbench.Hosting.PluginStatus.Disabled, host.Catalog.Plugins.Single(p => p.Id == ReportsHost.SectionId).Status);

        var text = DocumentText.Of(await host.Documents.VisitNoteAsync(record, format, Clerk));

        Assert.Contains("Test taping (" + DocumentComposerText.Inactive + ", kind TEST-TAPING)", text);
        Assert.Contains("site", text);
        Assert.Contains("left trapezius", text);
        Assert.Contains("Test taping sign [" + DocumentComposerText.Inactive + ", code TEST-RS-SIGN]", text);
        Assert.DoesNotContain("Test taping summary", text);
    }

    [Fact]
    public async Task Unknown_format_is_rejected_by_name_and_nothing_is_audited()
    {
        await using var host = await ReportsHost.StartAsync();
        var record = new ClinicVisits(host).Build(101, VisitShape.Signed);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => host.Documents.VisitNoteAsync(record, "docx", Clerk));

        Assert.Equal("Unknown document format 'docx'. Known formats: markdown, html, pdf. (Parameter 'format')", ex.Message);
        Assert.Empty(host.Audit!.Entries);
        Assert.Equal(["markdown", "html", "pdf"], host.Documents.Formats);
    }

    [Fact]
    public async Task Visit_of_another_patient_is_rejected_with_ids_only()
    {
        await using var host = await ReportsHost.StartAsync();
        var visits = new ClinicVisits(host);
        var record = visits.Build(101, VisitShape.Signed);
        var other = visits.Build(202, VisitShape.Signed).Patient;

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => host.Documents.VisitNoteAsync(record with { Patient = other }, DocumentFormats.Html, Clerk));

        Assert.Contains(record.Visit.Id.ToString(), ex.Message);
        Assert.DoesNotContain(other.FamilyName, ex.Message);
        Assert.DoesNotContain(other.GivenName, ex.Message);
        Assert.Empty(host.Audit!.Entries);
    }

    /// <summary>Records a TEST-RS-SIGN finding is not allowed in treatment, so the taping procedure and a during-blocking sign are recorded.</summary>
    internal static Action<VisitWorkflow, Actor> TapingAndSign(ReportsHost host) => (wf, doc) =>
    {
        wf.Execute(new RecordProcedure(doc, host.Procedures.Create("TEST-TAPING", new TextValue("site", "left trapezius"), new WholeNumberValue("minutes", 12))));
        wf.Execute(new RecordFinding(doc, host.Indicators.CreateFinding("TEST-RS-SIGN", AnalysisPosition.Standing, Side.None, FindingPhase.DuringBlocking, new GradeValue("grade", Grade.Mild))));
    };
}

/// <summary>The wording the composer uses for data of inactive modules (kept in one place for the tests).</summary>
internal static class DocumentComposerText
{
    public const string Inactive = "recorded by a module that is not active now";
}
