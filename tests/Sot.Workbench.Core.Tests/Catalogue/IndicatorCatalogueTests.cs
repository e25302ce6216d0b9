using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;

namespace Sot.Workbench.Core.Tests.Catalogue;

public class IndicatorCatalogueTests
{
    private static readonly IndicatorCatalogue Catalogue = IndicatorCatalogue.Core;

    public static TheoryData<string> ReferenceCodes()
    {
        var data = new TheoryData<string>();
        foreach (var line in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "TestData", "reference-indicator-codes.txt")))
        {
            if (line.Length > 0 && line[0] != '#')
            {
                data.Add(line.Trim());
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ReferenceCodes))]
    public void Every_indicator_code_named_in_the_reference_is_in_the_catalogue(string code)
    {
        Assert.True(Catalogue.Contains(code), $"'{code}' is missing from the catalogue.");
        var definition = Catalogue.Get(code);
        Assert.False(string.IsNullOrWhiteSpace(definition.Name));
        Assert.False(string.IsNullOrWhiteSpace(definition.Provenance.Source));
    }

    [Fact]
    public void Reference_code_list_is_not_empty()
    {
        Assert.True(ReferenceCodes().Count >= 29);
    }

    [Fact]
    public void Codes_are_unique_and_valid()
    {
        var codes = Catalogue.All.Select(d => d.Code).ToList();
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(codes, c => Assert.True(CodeRules.IsValidCode(c), c));
    }

    [Fact]
    public void Category_indicators_carry_their_category_and_subsystem()
    {
        Assert.All(Catalogue.All.Where(d => d.Code.StartsWith("C1-", StringComparison.Ordinal) && d.Code != IndicatorCodes.OccipitalFibreCategoryI),
            d => Assert.Equal((SotCategory.I, Subsystem.CategoryI), (d.Category!.Value, d.Subsystem)));
        Assert.All(Catalogue.All.Where(d => d.Code.StartsWith("C2-", StringComparison.Ordinal)), d => Assert.Equal(SotCategory.II, d.Category));
        Assert.All(Catalogue.All.Where(d => d.Code.StartsWith("C3-", StringComparison.Ordinal)), d => Assert.Equal(SotCategory.III, d.Category));
        Assert.All(Catalogue.All.Where(d => d.Code.StartsWith("X-", StringComparison.Ordinal)), d => Assert.Null(d.Category));
    }

    [Fact]
    public void Every_value_type_is_used_by_some_indicator_or_is_plugin_only()
    {
        var used = Catalogue.All.SelectMany(d => d.Values).Select(v => v.Type).ToHashSet();
        var pluginOnly = new[] { IndicatorValueType.Text };
        foreach (var type in Enum.GetValues<IndicatorValueType>().Except(pluginOnly))
        {
            Assert.Contains(type, used);
        }
    }

    [Fact]
    public void Every_indicator_can_record_a_valid_finding_in_each_of_its_positions()
    {
        foreach (var definition in Catalogue.All)
        {
            var side = definition.Side is SideRequirement.NotApplicable ? Side.None : Side.Left;
            var values = definition.Values.Where(v => v.Required).Select(SampleValue).ToArray();
            foreach (var position in definition.Positions)
            {
                var finding = Catalogue.CreateFinding(definition.Code, position, side, FindingPhase.InitialAnalysis, values);
                Assert.Equal(definition.Name, finding.Label);
                Catalogue.Validate(finding);
            }
        }
    }

    [Fact]
    public void Blocking_verification_indicators_match_the_reference()
    {
        var verifying = Catalogue.All.Where(d => d.VerifiesBlocking).Select(d => d.Code).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(
            ["C1-CREST", "C1-DOLLAR", "C1-GLUTE-SACRO", "C1-HEEL", "C2-AFT", "C2-INGUINAL", "C2-KNEE", "C2-SCALENE", "C3-SCIATIC", "C3-SLR", "C3-SOTO"],
            verifying);
    }

    [Fact]
    public void Duplicate_codes_across_sources_are_rejected_naming_both_sources()
    {
        var ex = Assert.Throws<DuplicateIndicatorCodeException>(() => new IndicatorCatalogue([new CoreIndicators(), new OneIndicator("Vendor.Plugin", IndicatorCodes.HeelTension)]));
        Assert.Equal("C1-HEEL", ex.Code);
        Assert.Equal("Sot.Workbench.Core", ex.FirstSource);
        Assert.Equal("Vendor.Plugin", ex.SecondSource);
    }

    [Fact]
    public void Plugin_sources_extend_the_catalogue()
    {
        var catalogue = new IndicatorCatalogue([new CoreIndicators(), new OneIndicator("Vendor.Plugin", "VND-EXTRA")]);
        Assert.True(catalogue.Contains("VND-EXTRA"));
        Assert.Equal("Vendor.Plugin", catalogue.SourceOf("VND-EXTRA"));
        Assert.Equal(IndicatorCatalogue.Core.Count + 1, catalogue.Count);
    }

    [Theory]
    [InlineData("lower-case")]
    [InlineData("")]
    [InlineData("-LEADING")]
    [InlineData("HAS SPACE")]
    public void Malformed_codes_are_rejected(string code)
    {
        var ex = Assert.Throws<ArgumentException>(() => new IndicatorCatalogue([new OneIndicator("Vendor.Plugin", code)]));
        Assert.Contains("Vendor.Plugin", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Enumerated_value_without_allowed_values_is_rejected()
    {
        var definition = new IndicatorDefinition("VND-ENUM", "Enum", null, Subsystem.General, [AnalysisPosition.Prone], SideRequirement.Optional,
            [new IndicatorValueSpec("result", IndicatorValueType.Enumerated)], new Provenance(ReliabilityTag.Gap, "test"));
        var ex = Assert.Throws<ArgumentException>(() => new IndicatorCatalogue([new OneIndicator("Vendor.Plugin", definition)]));
        Assert.Contains("'result'", ex.Message, StringComparison.Ordinal);
    }

    internal static FindingValue SampleValue(IndicatorValueSpec spec) => spec.Type switch
    {
        IndicatorValueType.Boolean => new BooleanValue(spec.Key, true),
        IndicatorValueType.Side => new SideValue(spec.Key, Side.Left),
        IndicatorValueType.Grade => new GradeValue(spec.Key, Grade.Mild),
        IndicatorValueType.Length => new LengthValue(spec.Key, Length.Millimetres(spec.Min ?? 1)),
        IndicatorValueType.Degrees => new DegreesValue(spec.Key, spec.Min ?? 10),
        IndicatorValueType.Enumerated => new EnumValue(spec.Key, spec.AllowedValues![0]),
        IndicatorValueType.Sequence => new SequenceValue(spec.Key, [spec.AllowedValues![0]]),
        IndicatorValueType.Score0To10 => new ScoreValue(spec.Key, 5),
        IndicatorValueType.WholeNumber => new WholeNumberValue(spec.Key, (int)(spec.Min ?? 1)),
        IndicatorValueType.Points => new PointsValue(spec.Key, [new PointScore(spec.AllowedValues?[0] ?? "P1", 4)]),
        IndicatorValueType.SpinalLevel => new SpinalLevelValue(spec.Key, SpinalLevel.L4),
        IndicatorValueType.Number => new NumberValue(spec.Key, spec.Min ?? 1, spec.Unit),
        _ => new TextValue(spec.Key, "note"),
    };

    private sealed class OneIndicator(string source, IndicatorDefinition definition) : IIndicatorSource
    {
        public OneIndicator(string source, string code)
            : this(source, new IndicatorDefinition(code, "Vendor indicator", null, Subsystem.General, [AnalysisPosition.Prone], SideRequirement.Optional,
                [new IndicatorValueSpec("present", IndicatorValueType.Boolean)], new Provenance(ReliabilityTag.Gap, "Vendor test data")))
        {
        }

        public string SourceName => source;
        public IEnumerable<IndicatorDefinition> GetIndicators() => [definition];
    }
}
