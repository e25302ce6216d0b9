using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Testing;

namespace Sot.Workbench.Plugins.Tests;

public sealed class ReportSectionTests
{
    [Fact]
    public async Task Each_plugin_builds_its_section_from_findings_and_procedures()
    {
        using var folder = new ClinicFolder();
        await using var host = await ClinicHost.StartAsync(folder, Clinical.All);
        var fakers = host.Fakers(31);
        var fibre = fakers.Finding("CMRT-OCC-FIB", FindingPhase.InitialAnalysis, new WholeNumberValue("line", 2), new WholeNumberValue("area", 4), new GradeValue("tenderness", Grade.Moderate));
        var head = host.Indicators.CreateFinding("CRAN-HEAD-MEASURE", AnalysisPosition.Supine, Side.None, FindingPhase.InitialAnalysis,
            new EnumValue("method", "Craniometer"), new LengthValue("length", Length.Millimetres(140)), new LengthValue("breadth", Length.Millimetres(126)));
        var measure = host.Indicators.CreateFinding("TMJ-MEASURE", AnalysisPosition.Seated, Side.None, FindingPhase.InitialAnalysis,
            new LengthValue("maxOpening", Length.Millimetres(33)), new LengthValue("overbite", Length.Millimetres(3)));
        var contact = host.Procedures.Create("CMRT-CONTACT", new EnumValue("indicator", "OccipitalLine2"), new SpinalLevelValue("level", SpinalLevel.T8),
            new EnumValue("contact", "VertebralReflexContact"), new GradeValue("preTenderness", Grade.Moderate), new GradeValue("postTenderness", Grade.Mild));
        var cranial = host.Procedures.Create("CRAN-TEMPORAL-INT", new EnumValue("bone", "Temporal"), new EnumValue("direction", "InternalRotation"),
            new EnumValue("breathPhase", "HoldIn"), new EnumValue("force", "Light"), new EnumValue("contact", "External"),
            new GradeValue("preFinding", Grade.Marked), new GradeValue("postFinding", Grade.Mild));
        var core = fakers.Visit(SotCategory.II).Findings;
        var context = new ReportContext([.. core, fibre, head, measure]) { Procedures = [contact, cranial] };

        var sections = host.BuildSections(context).ToDictionary(s => s.Source!);

        Assert.Equal(Clinical.All.Order(StringComparer.Ordinal), sections.Keys.Order(StringComparer.Ordinal));
        var cmrt = sections[Clinical.Cmrt];
        Assert.Equal("CMRT", cmrt.Title);
        Assert.Contains(new ReportRow("Occipital fibre line 2 area 4 " + fibre.Side, "Moderate; level unmapped"), cmrt.Rows);
        Assert.Contains(new ReportRow("CMRT contact at T8", "no organ/system label; VertebralReflexContact; via OccipitalLine2; tenderness Moderate → Mild"), cmrt.Rows);

        var cran = sections[Clinical.Craniopathy];
        Assert.Equal("Craniopathy", cran.Title);
        Assert.Contains(cran.Rows, r => r.Label == "Head measurement (Craniometer)" && r.Value.Contains("cephalic index 90.0", StringComparison.Ordinal));
        Assert.Contains(new ReportRow("Temporal internal rotation", "Temporal; InternalRotation; breath HoldIn; force Light; contact External; indicator Marked → Mild"), cran.Rows);

        var tmj = sections[Clinical.Tmj];
        Assert.Equal("TMJ", tmj.Title);
        Assert.Contains(new ReportRow("True opening (maximum + overbite)", "36 mm"), tmj.Rows);
        Assert.Contains(tmj.Paragraphs, p => p.StartsWith("Flag: Maximum opening 33 mm is below the reference range ≥ 40 mm", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plugin_sections_are_left_out_when_the_visit_has_nothing_of_theirs()
    {
        using var folder = new ClinicFolder();
        await using var host = await ClinicHost.StartAsync(folder, Clinical.All);
        var core = new SotFakers(32).Visit(SotCategory.I).Findings.Where(f => f.Code != IndicatorCodes.OccipitalFibre).ToList();

        Assert.Empty(host.BuildSections(new ReportContext(core)));
    }
}
