using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Plugins;
using Sot.Workbench.Procedures;
using Sot.Workbench.Safety;

namespace Sot.Workbench.Core.Tests.Procedures;

public sealed class ConditionalConsentScopeTests
{
    private static readonly ProcedureDefinition Contact = new("TEST-CONTACT", "Test contact",
        [
            new IndicatorValueSpec("contact", IndicatorValueType.Enumerated) { AllowedValues = ["External", "IntraOral"] },
            new IndicatorValueSpec("level", IndicatorValueType.SpinalLevel) { Required = false },
        ],
        [ConsentScope.General, ConsentScope.Cranial],
        Provenance.Clinic("test"))
    {
        ScopesWhen = [new ConditionalConsentScope("contact", "IntraOral", ConsentScope.IntraOral)],
    };

    private static readonly ProcedureRegistry Registry = new([new Source(Contact)]);

    [Fact]
    public void Record_needs_the_conditional_scope_only_when_its_value_matches()
    {
        Assert.Equal([ConsentScope.General, ConsentScope.Cranial], Registry.Create("TEST-CONTACT", new EnumValue("contact", "External")).Scopes);
        Assert.Equal([ConsentScope.General, ConsentScope.Cranial, ConsentScope.IntraOral], Registry.Create("TEST-CONTACT", new EnumValue("contact", "IntraOral")).Scopes);
    }

    [Fact]
    public void Stored_record_whose_scopes_do_not_match_its_values_is_rejected()
    {
        var intraOral = Registry.Create("TEST-CONTACT", new EnumValue("contact", "IntraOral"));
        var tampered = intraOral with { Scopes = Contact.RequiredScopes };

        Registry.Validate(intraOral);
        var ex = Assert.Throws<ProcedureValidationException>(() => Registry.Validate(tampered));
        Assert.Equal(("TEST-CONTACT", ProcedureRule.DefinitionMismatch), (ex.Kind, ex.Rule));
    }

    [Fact]
    public void Undefined_enum_values_in_a_procedure_are_rejected()
    {
        var ex = Assert.Throws<ProcedureValidationException>(() => Registry.Create("TEST-CONTACT", new EnumValue("contact", "External"), new SpinalLevelValue("level", (SpinalLevel)77)));
        Assert.Equal((ProcedureRule.NotAllowedValue, "level"), (ex.Rule, ex.ValueKey));
    }

    [Fact]
    public void Conditional_scope_on_an_undefined_value_is_a_malformed_definition()
    {
        var bad = Contact with { ScopesWhen = [new ConditionalConsentScope("nope", "x", ConsentScope.IntraOral)] };
        var ex = Assert.Throws<ArgumentException>(() => new ProcedureRegistry([new Source(bad)]));
        Assert.Contains("TEST-CONTACT", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Indicator_check_rejects_findings_with_the_indicator_rule_and_its_description()
    {
        var definition = new IndicatorDefinition("TEST-PAIR", "Pair", null, Subsystem.General, [AnalysisPosition.Seated], SideRequirement.NotApplicable,
            [new IndicatorValueSpec("low", IndicatorValueType.WholeNumber), new IndicatorValueSpec("high", IndicatorValueType.WholeNumber)],
            Provenance.Clinic("test"))
        {
            Check = f => f.Get<WholeNumberValue>("low")!.Value > f.Get<WholeNumberValue>("high")!.Value ? "low must not exceed high." : null,
        };
        var catalogue = new IndicatorCatalogue([new Indicators(definition)]);

        var ok = catalogue.CreateFinding("TEST-PAIR", AnalysisPosition.Seated, Side.None, FindingPhase.InitialAnalysis, new WholeNumberValue("low", 1), new WholeNumberValue("high", 2));
        var ex = Assert.Throws<FindingValidationException>(() => catalogue.CreateFinding("TEST-PAIR", AnalysisPosition.Seated, Side.None, FindingPhase.InitialAnalysis,
            new WholeNumberValue("low", 3), new WholeNumberValue("high", 2)));
        Assert.Equal(("TEST-PAIR", FindingRule.IndicatorRule), (ex.Code, ex.Rule));
        Assert.Equal("Finding 'TEST-PAIR' rejected (IndicatorRule): low must not exceed high.", ex.Message);
        var stored = new Finding(ok.Code, ok.Label, ok.Position, ok.Side, ok.Phase, [new WholeNumberValue("low", 5), new WholeNumberValue("high", 2)]);
        Assert.Equal(FindingRule.IndicatorRule, Assert.Throws<FindingValidationException>(() => catalogue.Validate(stored)).Rule);
    }

    [Fact]
    public void Report_context_carries_the_procedures_and_defaults_to_none()
    {
        var blocking = BlockingRecord.Create([new Sot.Workbench.Protocols.BlockPlacement(Side.Left, Sot.Workbench.Protocols.BlockAnatomicalSite.IliacCrest, Sot.Workbench.Protocols.BlockOrientation.Level, null)], BreathPhase.SlowDeep, 3);
        Assert.Empty(new ReportContext([]).Procedures);
        Assert.Equal([blocking], new ReportContext([]) { Procedures = [blocking] }.Procedures);
        Assert.Throws<ArgumentNullException>(() => new ReportContext([]) { Procedures = null! });
    }

    private sealed class Source(ProcedureDefinition definition) : IProcedureSource
    {
        public string SourceName => "test";

        public IEnumerable<ProcedureDefinition> GetProcedures() => [definition];
    }

    private sealed class Indicators(IndicatorDefinition definition) : IIndicatorSource
    {
        public string SourceName => "test";

        public IEnumerable<IndicatorDefinition> GetIndicators() => [definition];
    }
}
