using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Safety;
using Sot.Workbench.Testing;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Plugins.Tests;

public sealed class TmjTests
{
    private const string ClinicRanges = """
        {
          "kind": "tmj-reference-ranges", "schemaVersion": 1, "version": "clinic-5", "source": "Clinic's dental co-management ranges", "reliability": "SingleSource",
          "asymmetry": { "thresholdMm": 3, "reliability": "SingleSource", "source": "Clinic" },
          "ranges": [
            { "measure": "maxOpening", "minMm": 35, "maxMm": 50, "reliability": "SingleSource", "source": "Clinic: 35-50 mm" },
            { "measure": "lateralLeft", "minMm": 5, "maxMm": 12, "reliability": "SingleSource", "source": "Clinic: 5-12 mm" },
            { "measure": "lateralRight", "minMm": 5, "maxMm": 12, "reliability": "SingleSource", "source": "Clinic: 5-12 mm" },
            { "measure": "protrusion", "minMm": 3, "reliability": "SingleSource", "source": "Clinic: at least 3 mm" }
          ]
        }
        """;

    private static readonly Dictionary<string, (decimal? Min, decimal? Max)> Ranges = new()
    {
        ["maxOpening"] = (35, 50), ["lateralLeft"] = (5, 12), ["lateralRight"] = (5, 12), ["protrusion"] = (3, null),
    };

    [Fact]
    public async Task Measurements_outside_the_clinic_ranges_and_asymmetry_over_the_threshold_are_flagged()
    {
        using var folder = new ClinicFolder(Clinical.Tmj);
        var path = folder.WriteData("ranges.json", ClinicRanges);
        await using var host = await ClinicHost.StartAsync(folder, [Clinical.Tmj], new() { ["Workbench:Plugins:sot.tmj:Options:ReferenceRanges"] = path });
        var fakers = host.Fakers(21);
        var flagged = 0;

        for (var i = 0; i < 60; i++)
        {
            var finding = fakers.Finding("TMJ-MEASURE");
            var expected = new List<string>();
            foreach (var (key, (min, max)) in Ranges)
            {
                if (finding.Get<LengthValue>(key) is { } v && (v.Value.ExactMillimetres < min || v.Value.ExactMillimetres > max))
                {
                    expected.Add(key);
                }
            }

            if (finding.Get<LengthValue>("lateralLeft") is { } l && finding.Get<LengthValue>("lateralRight") is { } r && Math.Abs(l.Value.ExactMillimetres - r.Value.ExactMillimetres) > 3)
            {
                expected.Add("lateralAsymmetry");
            }

            var flags = host.Analyze([finding]).Suggestions.Where(s => s.RuleId == "TMJ-R1").ToList();
            if (expected.Count == 0)
            {
                Assert.Empty(flags);
                continue;
            }

            var flag = Assert.Single(flags);
            Assert.Equal(expected.Order(StringComparer.Ordinal), flag.Detail!.Split(',').Order(StringComparer.Ordinal));
            Assert.Equal([finding], flag.Evidence);
            Assert.Equal(ReliabilityTag.SingleSource, flag.Provenance.Reliability);
            flagged += expected.Count;
        }

        Assert.True(flagged > 0);
    }

    [Fact]
    public async Task Default_ranges_flag_a_restricted_opening_with_the_source_and_leave_a_normal_one()
    {
        using var folder = new ClinicFolder(Clinical.Tmj);
        await using var host = await ClinicHost.StartAsync(folder, Clinical.Tmj);
        var restricted = host.Indicators.CreateFinding("TMJ-MEASURE", AnalysisPosition.Seated, Side.None, FindingPhase.InitialAnalysis,
            new LengthValue("maxOpening", Length.Millimetres(31)), new LengthValue("lateralLeft", Length.Millimetres(9)), new LengthValue("lateralRight", Length.Millimetres(9)));
        var normal = host.Indicators.CreateFinding("TMJ-MEASURE", AnalysisPosition.Seated, Side.None, FindingPhase.InitialAnalysis,
            new LengthValue("maxOpening", Length.Millimetres(46)), new LengthValue("lateralLeft", Length.Millimetres(9)), new LengthValue("lateralRight", Length.Millimetres(8)));

        var flag = Assert.Single(host.Analyze([restricted]).Suggestions, s => s.RuleId == "TMJ-R1");
        Assert.Equal("maxOpening", flag.Detail);
        Assert.Equal(ReliabilityTag.Conflict, flag.Provenance.Reliability);
        Assert.Contains("[S41]", flag.Rationale, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Analyze([normal]).Suggestions, s => s.RuleId == "TMJ-R1");
    }

    [Fact]
    public async Task Tmj_findings_with_category_two_give_the_sot_linked_suggestion_and_not_otherwise()
    {
        using var folder = new ClinicFolder(Clinical.Tmj);
        await using var host = await ClinicHost.StartAsync(folder, Clinical.Tmj);
        var fakers = host.Fakers(22);
        var deflection = fakers.Finding("TMJ-PATH", FindingPhase.InitialAnalysis, new EnumValue("path", "DeflectionLeft"));
        var straight = fakers.Finding("TMJ-PATH", FindingPhase.InitialAnalysis, new EnumValue("path", "Straight"));

        for (var i = 0; i < 10; i++)
        {
            var categoryTwo = fakers.Visit(SotCategory.II);
            var withTmj = host.Analyze([.. categoryTwo.Findings, deflection]);
            Assert.Contains(withTmj.Suggestions, s => s.Kind == SuggestionKind.Category && s.Category == SotCategory.II);
            var linked = Assert.Single(withTmj.Suggestions, s => s.RuleId == "TMJ-R2");
            Assert.Equal((SuggestionKind.Technique, SotCategory.II, ReliabilityTag.SingleSource), (linked.Kind, linked.Category, linked.Provenance.Reliability));
            Assert.Contains(deflection, linked.Evidence);

            Assert.DoesNotContain(host.Analyze([.. categoryTwo.Findings, straight]).Suggestions, s => s.RuleId == "TMJ-R2");

            var categoryOne = fakers.Visit(SotCategory.I);
            var noTwo = host.Analyze([.. categoryOne.Findings, deflection]);
            if (!noTwo.Suggestions.Any(s => s.Kind == SuggestionKind.Category && s.Category == SotCategory.II))
            {
                Assert.DoesNotContain(noTwo.Suggestions, s => s.RuleId == "TMJ-R2");
            }
        }
    }

    [Fact]
    public async Task Sot_linked_suggestion_lists_every_positive_tmj_finding_in_visit_order_then_the_category_two_evidence()
    {
        using var folder = new ClinicFolder(Clinical.Tmj);
        await using var host = await ClinicHost.StartAsync(folder, Clinical.Tmj);
        var fakers = host.Fakers(23);
        var findings = new List<Finding>(fakers.Visit(SotCategory.II).Findings);
        var positives = new List<Finding>();
        // More positive TMJ findings than a visit usually has, each followed by a negative one, so every one must be found.
        for (var i = 0; i < 12; i++)
        {
            var positive = (i % 3) switch
            {
                0 => fakers.Finding("TMJ-PATH", FindingPhase.InitialAnalysis, new EnumValue("path", i % 2 == 0 ? "DeflectionLeft" : "DeviationSCurve")),
                1 => fakers.Finding("TMJ-MEASURE", FindingPhase.InitialAnalysis, new LengthValue("maxOpening", Length.Millimetres(30 + (i / 2)))),
                _ => fakers.Finding("TMJ-MUSCLE", FindingPhase.InitialAnalysis, new GradeValue("tenderness", Grade.Moderate)),
            };
            findings.Add(positive);
            positives.Add(positive);
            findings.Add(fakers.Finding("TMJ-PATH", FindingPhase.InitialAnalysis, new EnumValue("path", "Straight")));
        }

        var result = host.Analyze(findings);
        var categoryTwo = Assert.Single(result.Suggestions, s => s.Kind == SuggestionKind.Category && s.Category == SotCategory.II);
        var linked = Assert.Single(result.Suggestions, s => s.RuleId == "TMJ-R2");
        Assert.Equal([.. positives, .. categoryTwo.Evidence], linked.Evidence);
    }

    [Fact]
    public async Task Opening_measurements_must_be_ordered()
    {
        using var folder = new ClinicFolder(Clinical.Tmj);
        await using var host = await ClinicHost.StartAsync(folder, Clinical.Tmj);

        var ex = Assert.Throws<FindingValidationException>(() => host.Indicators.CreateFinding("TMJ-MEASURE", AnalysisPosition.Seated, Side.None, FindingPhase.InitialAnalysis,
            new LengthValue("painFreeOpening", Length.Millimetres(42)), new LengthValue("maxOpening", Length.Millimetres(38))));
        Assert.Equal(("TMJ-MEASURE", FindingRule.IndicatorRule), (ex.Code, ex.Rule));
        Assert.Contains("pain-free opening must not exceed maximum opening", ex.Message, StringComparison.Ordinal);

        var assisted = Assert.Throws<FindingValidationException>(() => host.Indicators.CreateFinding("TMJ-MEASURE", AnalysisPosition.Seated, Side.None, FindingPhase.InitialAnalysis,
            new LengthValue("maxOpening", Length.Millimetres(45)), new LengthValue("assistedOpening", Length.Millimetres(40))));
        Assert.Equal(FindingRule.IndicatorRule, assisted.Rule);

        var range = Assert.Throws<FindingValidationException>(() => host.Indicators.CreateFinding("TMJ-MEASURE", AnalysisPosition.Seated, Side.None, FindingPhase.InitialAnalysis,
            new LengthValue("maxOpening", Length.Millimetres(120))));
        Assert.Equal((FindingRule.OutOfRange, "maxOpening"), (range.Rule, range.ValueKey));

        var sound = Assert.Throws<FindingValidationException>(() => host.Indicators.CreateFinding("TMJ-SOUND", AnalysisPosition.Seated, Side.None, FindingPhase.InitialAnalysis,
            new EnumValue("sound", "Crepitus")));
        Assert.Equal(FindingRule.MissingSide, sound.Rule);
    }

    [Fact]
    public async Task Intra_oral_tmj_contact_needs_the_intra_oral_scope_soft_tissue_and_remeasurement_do_not()
    {
        using var folder = new ClinicFolder(Clinical.Tmj);
        await using var host = await ClinicHost.StartAsync(folder, Clinical.Tmj);
        var soft = host.Procedures.Create("TMJ-SOFT-TISSUE", new EnumValue("muscle", "Masseter"), new SideValue("side", Side.Left),
            new EnumValue("technique", "IschaemicCompression"), new ScoreValue("painBefore", 6), new ScoreValue("painAfter", 3));
        var intraOral = host.Procedures.Create("TMJ-INTRA-ORAL", new EnumValue("contact", "LateralPterygoid"), new SideValue("side", Side.Right),
            new EnumValue("breathPhase", "HoldOut"), new ScoreValue("painBefore", 5), new ScoreValue("painAfter", 2));
        var remeasure = host.Procedures.Create("TMJ-REMEASURE", new LengthValue("maxOpening", Length.Millimetres(41)), new EnumValue("path", "DeviationSCurve"));
        var wf = host.VisitInTreatment([ConsentScope.General]);

        wf.Execute(new RecordProcedure(ClinicHost.Doc, soft));
        var refused = Assert.Throws<VisitCommandRejectedException>(() => wf.Execute(new RecordProcedure(ClinicHost.Doc, intraOral)));
        Assert.Contains(VisitGuards.ConsentCoversProcedure, refused.UnmetGuards);
        Assert.Equal([soft], wf.Visit.Procedures);

        wf.Execute(new RecordConsent(ClinicHost.Doc, [ConsentScope.IntraOral]));
        wf.Execute(new RecordProcedure(ClinicHost.Doc, intraOral));
        wf.Execute(new RecordProcedure(ClinicHost.Doc, remeasure));
        Assert.Equal([soft, intraOral, remeasure], wf.Visit.Procedures);
    }
}
