using System.Text.Json;
using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Hosting;
using Sot.Workbench.Procedures;
using Sot.Workbench.Safety;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Plugins.Tests;

public sealed class CmrtTests
{
    [Fact]
    public async Task Tender_line_two_fibres_are_unmapped_with_the_default_chart_and_nothing_else_fires()
    {
        using var folder = new ClinicFolder(Clinical.Cmrt);
        await using var host = await ClinicHost.StartAsync(folder, Clinical.Cmrt);
        var fakers = host.Fakers(11);
        var fibres = Enumerable.Range(0, 40).Select(_ => fakers.Finding("CMRT-OCC-FIB")).ToList();
        var tenderLineTwo = fibres.Where(IsTenderLineTwo).ToList();
        Assert.NotEmpty(tenderLineTwo);
        Assert.NotEqual(fibres.Count, tenderLineTwo.Count);

        var suggestions = host.Analyze(fibres).Suggestions.Where(s => s.RuleId == "CMRT-R1").ToList();

        Assert.Equal(tenderLineTwo, suggestions.Select(s => Assert.Single(s.Evidence)));
        Assert.All(suggestions, s =>
        {
            Assert.Equal(SuggestionKind.Technique, s.Kind);
            Assert.Equal("unmapped", s.Detail);
            Assert.Equal(ReliabilityTag.Gap, s.Provenance.Reliability);
            Assert.Contains("the level is unmapped", s.Rationale, StringComparison.Ordinal);
            Assert.Contains("embedded:sot.cmrt.fibre-chart.json", s.Provenance.Source, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Clinic_fibre_chart_maps_tender_line_two_fibres_to_levels_with_reflex_associations()
    {
        using var folder = new ClinicFolder(Clinical.Cmrt);
        // Both sides: area n → T(n+2); the left side of area 3 is overridden to T8.
        var map = Enumerable.Range(1, 7).ToDictionary(a => a, a => (SpinalLevel)((int)SpinalLevel.T1 + a + 1));
        var entries = map.Select(p => new { line = 2, area = p.Key, level = p.Value.ToString() })
            .Cast<object>().Append(new { line = 2, area = 3, side = "Left", level = "T8" });
        var chart = folder.WriteData("fibres.json", JsonSerializer.Serialize(new
        {
            kind = "cmrt-fibre-chart", schemaVersion = 1, version = "clinic-7", source = "Clinic chart from the practitioner's seminar notes", reliability = "SingleSource", entries,
        }));
        await using var host = await ClinicHost.StartAsync(folder, [Clinical.Cmrt], new() { ["Workbench:Plugins:sot.cmrt:Options:FibreChart"] = chart });
        var fakers = host.Fakers(12);
        var fibres = Enumerable.Range(0, 40).Select(_ => fakers.Finding("CMRT-OCC-FIB", FindingPhase.InitialAnalysis,
            new WholeNumberValue("line", 2), new GradeValue("tenderness", fakers.Faker.PickRandom(Grade.Mild, Grade.Moderate, Grade.Marked)))).ToList();

        var suggestions = host.Analyze(fibres).Suggestions.Where(s => s.RuleId == "CMRT-R1").ToList();

        Assert.Equal(fibres.Count, suggestions.Count);
        foreach (var (fibre, suggestion) in fibres.Zip(suggestions))
        {
            var area = fibre.Get<WholeNumberValue>("area")!.Value;
            var expected = area == 3 && fibre.Side == Side.Left ? SpinalLevel.T8 : map[area];
            Assert.Equal(expected.ToString(), suggestion.Detail);
            Assert.Equal(fibre.Side, suggestion.Side);
            Assert.Equal(ReliabilityTag.SingleSource, suggestion.Provenance.Reliability);
            Assert.Contains("version clinic-7", suggestion.Provenance.Source, StringComparison.Ordinal);
            Assert.Contains($"CMRT at {expected}", suggestion.Rationale, StringComparison.Ordinal);
        }

        // T8 in the default reflex chart lists the conflicting liver/spleen associations.
        var t8 = suggestions.First(s => s.Detail == "T8");
        Assert.Contains("Liver (SotCmrt, Conflict)", t8.Rationale, StringComparison.Ordinal);
        Assert.Contains("Spleen (Generic, Conflict)", t8.Rationale, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Core_occipital_fibre_on_line_two_also_suggests_cmrt()
    {
        using var folder = new ClinicFolder(Clinical.Cmrt);
        await using var host = await ClinicHost.StartAsync(folder, Clinical.Cmrt);
        var fibre = host.Fakers(13).Finding(IndicatorCodes.OccipitalFibre, FindingPhase.InitialAnalysis, new WholeNumberValue("line", 2), new GradeValue("tenderness", Grade.Marked));

        var suggestion = Assert.Single(host.Analyze([fibre]).Suggestions, s => s.RuleId == "CMRT-R1");

        Assert.Equal([fibre], suggestion.Evidence);
    }

    [Fact]
    public async Task Clinic_reflex_chart_replaces_the_default_associations()
    {
        using var folder = new ClinicFolder(Clinical.Cmrt);
        var reflex = folder.WriteData("reflex.json", """
            {
              "kind": "cmrt-reflex-chart", "schemaVersion": 1, "version": "clinic-2", "source": "Clinic's own chart", "reliability": "Gap",
              "entries": [ { "level": "T5", "system": "Heart", "tradition": "Clinic", "reliability": "Gap", "source": "Clinic" } ]
            }
            """);
        await using var host = await ClinicHost.StartAsync(folder, [Clinical.Cmrt], new() { ["Workbench:Plugins:sot.cmrt:Options:ReflexChart"] = reflex });
        var point = host.Fakers(14).Finding("CMRT-TS-POINT", FindingPhase.InitialAnalysis, new SpinalLevelValue("level", SpinalLevel.T5), new GradeValue("tenderness", Grade.Moderate));

        var suggestion = Assert.Single(host.Analyze([point]).Suggestions, s => s.RuleId == "CMRT-R2");

        Assert.Equal("T5", suggestion.Detail);
        Assert.Contains("Heart (Clinic, Gap)", suggestion.Rationale, StringComparison.Ordinal);
        Assert.DoesNotContain("Stomach", suggestion.Rationale, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tender_ts_points_suggest_cmrt_at_their_level_and_clear_ones_do_not()
    {
        using var folder = new ClinicFolder(Clinical.Cmrt);
        await using var host = await ClinicHost.StartAsync(folder, Clinical.Cmrt);
        var fakers = host.Fakers(15);
        var points = Enumerable.Range(0, 30).Select(_ => fakers.Finding("CMRT-TS-POINT")).ToList();

        var suggestions = host.Analyze(points).Suggestions.Where(s => s.RuleId == "CMRT-R2").ToList();

        var tender = points.Where(p => p.Get<GradeValue>("tenderness")!.Value > Grade.None).ToList();
        Assert.Equal(tender, suggestions.Select(s => Assert.Single(s.Evidence)));
        Assert.Equal(tender.Select(p => p.Get<SpinalLevelValue>("level")!.Value.ToString()), suggestions.Select(s => s.Detail));
    }

    [Fact]
    public async Task Cmrt_findings_are_validated_with_code_and_rule()
    {
        using var folder = new ClinicFolder(Clinical.Cmrt);
        await using var host = await ClinicHost.StartAsync(folder, Clinical.Cmrt);
        var catalogue = host.Indicators;

        var line = Assert.Throws<FindingValidationException>(() => catalogue.CreateFinding("CMRT-OCC-FIB", AnalysisPosition.Prone, Side.Left, FindingPhase.InitialAnalysis,
            new WholeNumberValue("line", 4), new WholeNumberValue("area", 2), new GradeValue("tenderness", Grade.Mild)));
        Assert.Equal(("CMRT-OCC-FIB", FindingRule.OutOfRange, "line"), (line.Code, line.Rule, line.ValueKey));

        var side = Assert.Throws<FindingValidationException>(() => catalogue.CreateFinding("CMRT-OCC-FIB", AnalysisPosition.Prone, Side.Bilateral, FindingPhase.InitialAnalysis,
            new WholeNumberValue("line", 2), new WholeNumberValue("area", 2), new GradeValue("tenderness", Grade.Mild)));
        Assert.Equal(FindingRule.SideNotAllowed, side.Rule);

        var ts = Assert.Throws<FindingValidationException>(() => catalogue.CreateFinding("CMRT-TS-POINT", AnalysisPosition.Supine, Side.None, FindingPhase.InitialAnalysis,
            new SpinalLevelValue("level", SpinalLevel.C3), new GradeValue("tenderness", Grade.Mild)));
        Assert.Equal(("CMRT-TS-POINT", FindingRule.IndicatorRule), (ts.Code, ts.Rule));
        Assert.Contains("thoracic and lumbar", ts.Message, StringComparison.Ordinal);

        var organ = Assert.Throws<FindingValidationException>(() => catalogue.CreateFinding("CMRT-ORGAN-SYMPTOM", AnalysisPosition.Seated, Side.None, FindingPhase.InitialAnalysis,
            new EnumValue("system", "Soul"), new ScoreValue("severity", 4)));
        Assert.Equal(("CMRT-ORGAN-SYMPTOM", FindingRule.NotAllowedValue, "system"), (organ.Code, organ.Rule, organ.ValueKey));
    }

    [Fact]
    public async Task Cmrt_contact_is_refused_without_the_cmrt_consent_scope_and_recorded_with_it()
    {
        using var folder = new ClinicFolder(Clinical.Cmrt);
        await using var host = await ClinicHost.StartAsync(folder, Clinical.Cmrt);
        var contact = host.Procedures.Create("CMRT-CONTACT",
            new EnumValue("indicator", "OccipitalLine2"), new SpinalLevelValue("level", SpinalLevel.T8), new EnumValue("system", "Liver"),
            new EnumValue("contact", "VertebralReflexContact"), new GradeValue("preTenderness", Grade.Moderate), new GradeValue("postTenderness", Grade.Mild));
        Assert.Equal([ConsentScope.General, ConsentScope.Cmrt], contact.Scopes);
        var wf = host.VisitInTreatment([ConsentScope.General, ConsentScope.Blocking]);
        var version = wf.Visit.Version;

        var refused = Assert.Throws<VisitCommandRejectedException>(() => wf.Execute(new RecordProcedure(ClinicHost.Doc, contact)));
        Assert.Contains(VisitGuards.ConsentCoversProcedure, refused.UnmetGuards);
        Assert.Empty(wf.Visit.Procedures);
        Assert.Equal(version, wf.Visit.Version);

        wf.Execute(new RecordConsent(ClinicHost.Doc, [ConsentScope.Cmrt]));
        wf.Execute(new RecordProcedure(ClinicHost.Doc, contact));
        Assert.Equal([contact], wf.Visit.Procedures);
    }

    [Fact]
    public async Task Cmrt_contact_with_a_missing_or_undefined_value_is_rejected_by_the_registry()
    {
        using var folder = new ClinicFolder(Clinical.Cmrt);
        await using var host = await ClinicHost.StartAsync(folder, Clinical.Cmrt);

        var missing = Assert.Throws<ProcedureValidationException>(() => host.Procedures.Create("CMRT-CONTACT",
            new EnumValue("indicator", "Symptom"), new SpinalLevelValue("level", SpinalLevel.T9), new EnumValue("contact", "SoftTissue"), new GradeValue("preTenderness", Grade.Mild)));
        Assert.Equal(("CMRT-CONTACT", ProcedureRule.MissingValue, "postTenderness"), (missing.Kind, missing.Rule, missing.ValueKey));

        var level = Assert.Throws<ProcedureValidationException>(() => host.Procedures.Create("CMRT-CONTACT",
            new EnumValue("indicator", "Symptom"), new SpinalLevelValue("level", (SpinalLevel)99), new EnumValue("contact", "SoftTissue"),
            new GradeValue("preTenderness", Grade.Mild), new GradeValue("postTenderness", Grade.None)));
        Assert.Equal((ProcedureRule.NotAllowedValue, "level"), (level.Rule, level.ValueKey));
    }

    private static bool IsTenderLineTwo(Finding f) => f.Get<WholeNumberValue>("line")!.Value == 2 && f.Get<GradeValue>("tenderness")!.Value > Grade.None;
}
