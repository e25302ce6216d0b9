using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Procedures;
using Sot.Workbench.Safety;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Plugins.Tests;

public sealed class CraniopathyTests
{
    /// <summary>The named SOT cranial procedures of domain reference §5.4.</summary>
    private static readonly string[] NamedProcedures =
    [
        "Occipital slip correction", "Occipital flexion correction", "Vagus release", "Dural release of the atlas", "Dural release of the axis",
        "Sphenobasilar procedure", "Frontal-zygomatic procedure", "Maxillary-zygomatic procedure", "\"Fruit jar\" procedure",
        "Sphenoid wings with sphenomaxillary release", "Frontal bone moulding", "Internal / external frontal", "CSF technique",
        "Temporal internal rotation", "Skull rocker",
    ];

    [Fact]
    public async Task Every_named_cranial_procedure_records_bone_direction_breath_force_contact_and_pre_post_finding_under_cranial_consent()
    {
        using var folder = new ClinicFolder(Clinical.Craniopathy);
        await using var host = await ClinicHost.StartAsync(folder, Clinical.Craniopathy);
        var cranial = host.Procedures.All.Where(p => p.Kind.StartsWith("CRAN-", StringComparison.Ordinal)).ToList();

        Assert.Equal(NamedProcedures, cranial.Select(p => p.Label));
        Assert.All(cranial, p =>
        {
            Assert.Equal([ConsentScope.General, ConsentScope.Cranial], p.RequiredScopes);
            foreach (var key in new[] { "bone", "side", "direction", "breathPhase", "force", "contact", "preFinding", "postFinding" })
            {
                Assert.NotNull(p.ValueSpec(key));
            }

            Assert.Equal(["Light", "VeryLight"], p.ValueSpec("force")!.AllowedValues);
            var intraOral = p.ValueSpec("contact")!.AllowedValues!.Contains("IntraOral");
            Assert.Equal(intraOral, p.ScopesWhen.Any(c => c.Scope == ConsentScope.IntraOral));
        });
    }

    [Fact]
    public async Task Intra_oral_cranial_contact_needs_the_intra_oral_scope_and_external_does_not()
    {
        using var folder = new ClinicFolder(Clinical.Craniopathy);
        await using var host = await ClinicHost.StartAsync(folder, Clinical.Craniopathy);
        var external = MaxilloZygomatic(host.Procedures, "External");
        var intraOral = MaxilloZygomatic(host.Procedures, "IntraOral");
        Assert.Equal([ConsentScope.General, ConsentScope.Cranial], external.Scopes);
        Assert.Equal([ConsentScope.General, ConsentScope.Cranial, ConsentScope.IntraOral], intraOral.Scopes);

        var noCranial = host.VisitInTreatment([ConsentScope.General]);
        Assert.Contains(VisitGuards.ConsentCoversProcedure,
            Assert.Throws<VisitCommandRejectedException>(() => noCranial.Execute(new RecordProcedure(ClinicHost.Doc, external))).UnmetGuards);
        Assert.Empty(noCranial.Visit.Procedures);

        var wf = host.VisitInTreatment([ConsentScope.General, ConsentScope.Cranial]);
        wf.Execute(new RecordProcedure(ClinicHost.Doc, external));
        var refused = Assert.Throws<VisitCommandRejectedException>(() => wf.Execute(new RecordProcedure(ClinicHost.Doc, intraOral)));
        Assert.Contains(VisitGuards.ConsentCoversProcedure, refused.UnmetGuards);
        Assert.Equal([external], wf.Visit.Procedures);

        wf.Execute(new RecordConsent(ClinicHost.Doc, [ConsentScope.IntraOral]));
        wf.Execute(new RecordProcedure(ClinicHost.Doc, intraOral));
        Assert.Equal([external, intraOral], wf.Visit.Procedures);
    }

    [Fact]
    public async Task Cranial_procedure_for_an_infant_needs_the_paediatric_scope()
    {
        using var folder = new ClinicFolder(Clinical.Craniopathy);
        await using var host = await ClinicHost.StartAsync(folder, Clinical.Craniopathy);
        var moulding = host.Procedures.Create("CRAN-FRONTAL-MOULD",
            new EnumValue("bone", "Frontal"), new EnumValue("direction", "Lateral"), new EnumValue("breathPhase", "None"),
            new EnumValue("force", "VeryLight"), new EnumValue("contact", "External"), new GradeValue("preFinding", Grade.Moderate), new GradeValue("postFinding", Grade.Mild));

        var wf = host.VisitInTreatment([ConsentScope.General, ConsentScope.Cranial], paediatric: true);
        Assert.Contains(VisitGuards.ConsentCoversProcedure,
            Assert.Throws<VisitCommandRejectedException>(() => wf.Execute(new RecordProcedure(ClinicHost.Doc, moulding))).UnmetGuards);

        wf.Execute(new RecordConsent(ClinicHost.Doc, [ConsentScope.Paediatric]));
        wf.Execute(new RecordProcedure(ClinicHost.Doc, moulding));
        Assert.Equal([moulding], wf.Visit.Procedures);
    }

    [Fact]
    public async Task Cranial_records_outside_the_procedure_definition_are_rejected()
    {
        using var folder = new ClinicFolder(Clinical.Craniopathy);
        await using var host = await ClinicHost.StartAsync(folder, Clinical.Craniopathy);

        var intraOral = Assert.Throws<ProcedureValidationException>(() => host.Procedures.Create("CRAN-SKULL-ROCKER",
            new EnumValue("bone", "Occipital"), new EnumValue("direction", "Flexion"), new EnumValue("breathPhase", "HoldIn"),
            new EnumValue("force", "Light"), new EnumValue("contact", "IntraOral"), new GradeValue("preFinding", Grade.Mild), new GradeValue("postFinding", Grade.None)));
        Assert.Equal(("CRAN-SKULL-ROCKER", ProcedureRule.NotAllowedValue, "contact"), (intraOral.Kind, intraOral.Rule, intraOral.ValueKey));

        var force = Assert.Throws<ProcedureValidationException>(() => MaxilloZygomatic(host.Procedures, "External", force: "Firm"));
        Assert.Equal((ProcedureRule.NotAllowedValue, "force"), (force.Rule, force.ValueKey));

        var bone = Assert.Throws<ProcedureValidationException>(() => host.Procedures.Create("CRAN-VAGUS",
            new EnumValue("bone", "Mandible"), new EnumValue("direction", "Spread"), new EnumValue("breathPhase", "HoldOut"),
            new EnumValue("force", "Light"), new EnumValue("contact", "External"), new GradeValue("preFinding", Grade.Mild), new GradeValue("postFinding", Grade.None)));
        Assert.Equal((ProcedureRule.NotAllowedValue, "bone"), (bone.Rule, bone.ValueKey));
    }

    [Fact]
    public async Task Cranial_findings_are_validated_with_their_own_rules()
    {
        using var folder = new ClinicFolder(Clinical.Craniopathy);
        await using var host = await ClinicHost.StartAsync(folder, Clinical.Craniopathy);
        var catalogue = host.Indicators;

        var midline = Assert.Throws<FindingValidationException>(() => catalogue.CreateFinding("CRAN-SUTURE", AnalysisPosition.Supine, Side.Left, FindingPhase.InitialAnalysis,
            new EnumValue("suture", "Sagittal"), new EnumValue("finding", "Restriction"), new GradeValue("grade", Grade.Mild)));
        Assert.Equal(("CRAN-SUTURE", FindingRule.IndicatorRule), (midline.Code, midline.Rule));
        Assert.Contains("midline", midline.Message, StringComparison.Ordinal);
        Assert.NotNull(catalogue.CreateFinding("CRAN-SUTURE", AnalysisPosition.Supine, Side.Left, FindingPhase.InitialAnalysis,
            new EnumValue("suture", "Lambdoid"), new EnumValue("finding", "Restriction"), new GradeValue("grade", Grade.Mild)));

        var tape = Assert.Throws<FindingValidationException>(() => catalogue.CreateFinding("CRAN-HEAD-MEASURE", AnalysisPosition.Supine, Side.None, FindingPhase.InitialAnalysis,
            new EnumValue("method", "Tape"), new LengthValue("length", Length.Millimetres(140))));
        Assert.Equal(("CRAN-HEAD-MEASURE", FindingRule.IndicatorRule), (tape.Code, tape.Rule));

        var pair = Assert.Throws<FindingValidationException>(() => catalogue.CreateFinding("CRAN-HEAD-MEASURE", AnalysisPosition.Supine, Side.None, FindingPhase.InitialAnalysis,
            new EnumValue("method", "Craniometer"), new LengthValue("length", Length.Millimetres(140)), new LengthValue("diagonalLeft", Length.Millimetres(150)), new LengthValue("diagonalRight", Length.Millimetres(142))));
        Assert.Contains("in pairs", pair.Message, StringComparison.Ordinal);

        var pattern = Assert.Throws<FindingValidationException>(() => catalogue.CreateFinding("CRAN-SBS", AnalysisPosition.Supine, Side.None, FindingPhase.InitialAnalysis,
            new EnumValue("pattern", "Twist")));
        Assert.Equal((FindingRule.NotAllowedValue, "pattern"), (pattern.Rule, pattern.ValueKey));
    }

    [Fact]
    public async Task Clinic_procedure_file_replaces_the_default_set()
    {
        using var folder = new ClinicFolder(Clinical.Craniopathy);
        var file = folder.WriteData("cranial.json", """
            {
              "kind": "cranial-procedures", "schemaVersion": 1, "version": "clinic-3", "source": "Clinic's seminar procedures", "reliability": "SingleSource",
              "procedures": [
                { "kind": "CRAN-PALATE-SPREAD", "label": "Palatal spread", "bones": ["Maxilla", "Palatine"], "sutures": ["Intermaxillary"],
                  "directions": ["Spread"], "intraOral": true, "reliability": "Gap", "source": "Clinic" }
              ]
            }
            """);
        await using var host = await ClinicHost.StartAsync(folder, [Clinical.Craniopathy], new() { ["Workbench:Plugins:sot.craniopathy:Options:Procedures"] = file });

        var only = Assert.Single(host.Procedures.All, p => p.Kind.StartsWith("CRAN-", StringComparison.Ordinal));
        Assert.Equal(("CRAN-PALATE-SPREAD", "Palatal spread", ReliabilityTag.Gap), (only.Kind, only.Label, only.Provenance.Reliability));
        Assert.Contains("version clinic-3", only.Provenance.Source, StringComparison.Ordinal);
        var record = host.Procedures.Create("CRAN-PALATE-SPREAD", new EnumValue("bone", "Palatine"), new EnumValue("suture", "Intermaxillary"),
            new EnumValue("direction", "Spread"), new EnumValue("breathPhase", "HoldIn"), new EnumValue("force", "Light"), new EnumValue("contact", "IntraOral"),
            new GradeValue("preFinding", Grade.Moderate), new GradeValue("postFinding", Grade.Mild));
        Assert.Contains(ConsentScope.IntraOral, record.Scopes);
    }

    private static RecordedProcedure MaxilloZygomatic(ProcedureRegistry registry, string contact, string force = "Light") =>
        registry.Create("CRAN-MAXILLO-ZYGO",
            new EnumValue("bone", "Maxilla"), new EnumValue("suture", "Zygomaticomaxillary"), new SideValue("side", Side.Left),
            new EnumValue("direction", "Superior"), new EnumValue("breathPhase", "HoldIn"), new EnumValue("force", force),
            new EnumValue("contact", contact), new GradeValue("preFinding", Grade.Moderate), new GradeValue("postFinding", Grade.Mild));
}
