using System.Text.Json;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using static Sot.Workbench.Catalogue.IndicatorCodes;

namespace Sot.Workbench.Core.Tests.Catalogue;

public class FindingValidationTests
{
    private static readonly IndicatorCatalogue Catalogue = IndicatorCatalogue.Core;

    private static FindingValidationException Reject(string code, AnalysisPosition position, Side side, params FindingValue[] values) =>
        Assert.Throws<FindingValidationException>(() => Catalogue.CreateFinding(code, position, side, FindingPhase.InitialAnalysis, values));

    [Fact]
    public void Unknown_code_is_rejected_naming_the_code()
    {
        var ex = Reject("C9-NOPE", AnalysisPosition.Prone, Side.Left);
        Assert.Equal((FindingRule.UnknownCode, "C9-NOPE"), (ex.Rule, ex.Code));
        Assert.Contains("C9-NOPE", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_position_is_rejected()
    {
        var ex = Reject(ArmFossa, AnalysisPosition.Standing, Side.Left, new EnumValue("result", "Negative"));
        Assert.Equal(FindingRule.WrongPosition, ex.Rule);
        Assert.Contains("Supine", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_side_is_rejected_where_a_side_is_required()
    {
        var ex = Reject(HeelTension, AnalysisPosition.Prone, Side.None, new GradeValue("grade", Grade.Mild));
        Assert.Equal(FindingRule.MissingSide, ex.Rule);
    }

    [Fact]
    public void Side_is_rejected_where_the_indicator_has_none()
    {
        var ex = Reject(CervicalCompaction, AnalysisPosition.Supine, Side.Left, new EnumValue("result", "NoChange"));
        Assert.Equal(FindingRule.SideNotAllowed, ex.Rule);
    }

    [Fact]
    public void Bilateral_is_rejected_for_per_side_indicators()
    {
        var ex = Reject(ArmFossa, AnalysisPosition.Supine, Side.Bilateral, new EnumValue("result", "Negative"));
        Assert.Equal(FindingRule.SideNotAllowed, ex.Rule);
    }

    [Fact]
    public void Wrong_value_type_is_rejected_naming_the_value()
    {
        var ex = Reject(HeelTension, AnalysisPosition.Prone, Side.Left, new ScoreValue("grade", 2));
        Assert.Equal((FindingRule.WrongValueType, "grade"), (ex.Rule, ex.ValueKey));
    }

    [Fact]
    public void Missing_required_value_is_rejected()
    {
        var ex = Reject(HeelTension, AnalysisPosition.Prone, Side.Left);
        Assert.Equal((FindingRule.MissingValue, "grade"), (ex.Rule, ex.ValueKey));
    }

    [Fact]
    public void Unknown_value_key_is_rejected()
    {
        var ex = Reject(HeelTension, AnalysisPosition.Prone, Side.Left, new GradeValue("grade", Grade.Mild), new BooleanValue("extra", true));
        Assert.Equal((FindingRule.UnknownValue, "extra"), (ex.Rule, ex.ValueKey));
    }

    [Fact]
    public void Duplicate_value_key_is_rejected()
    {
        var ex = Reject(HeelTension, AnalysisPosition.Prone, Side.Left, new GradeValue("grade", Grade.Mild), new GradeValue("grade", Grade.Marked));
        Assert.Equal((FindingRule.DuplicateValue, "grade"), (ex.Rule, ex.ValueKey));
    }

    [Theory]
    [InlineData(121)]
    [InlineData(-1)]
    public void Out_of_range_angle_is_rejected(int degrees)
    {
        var ex = Reject(StraightLegRaise, AnalysisPosition.Supine, Side.Left, new DegreesValue("angle", degrees));
        Assert.Equal((FindingRule.OutOfRange, "angle"), (ex.Rule, ex.ValueKey));
    }

    [Fact]
    public void Out_of_range_length_is_judged_in_millimetres_whatever_the_unit()
    {
        // 16/8 in = 50.8 mm > 50 mm maximum.
        var ex = Reject(ShortLegProne, AnalysisPosition.Prone, Side.Left, new LengthValue("difference", Length.EighthInches(16)));
        Assert.Equal(FindingRule.OutOfRange, ex.Rule);
        Catalogue.CreateFinding(ShortLegProne, AnalysisPosition.Prone, Side.Left, FindingPhase.InitialAnalysis, new LengthValue("difference", Length.EighthInches(15)));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(-1)]
    public void Score_outside_0_to_10_is_rejected(int score)
    {
        var ex = Reject(FirstRibTubercle, AnalysisPosition.Supine, Side.Left, new ScoreValue("pain", score));
        Assert.Equal(FindingRule.OutOfRange, ex.Rule);
    }

    [Fact]
    public void Occipital_line_and_area_are_bounded()
    {
        var ex = Reject(OccipitalFibre, AnalysisPosition.Prone, Side.Left,
            new WholeNumberValue("line", 4), new WholeNumberValue("area", 2), new GradeValue("tenderness", Grade.Mild));
        Assert.Equal((FindingRule.OutOfRange, "line"), (ex.Rule, ex.ValueKey));
        ex = Reject(OccipitalFibre, AnalysisPosition.Prone, Side.Left,
            new WholeNumberValue("line", 2), new WholeNumberValue("area", 8), new GradeValue("tenderness", Grade.Mild));
        Assert.Equal((FindingRule.OutOfRange, "area"), (ex.Rule, ex.ValueKey));
    }

    [Fact]
    public void Enumerated_value_outside_the_allowed_list_is_rejected()
    {
        var ex = Reject(ArmFossa, AnalysisPosition.Supine, Side.Left, new EnumValue("result", "Maybe"));
        Assert.Equal((FindingRule.NotAllowedValue, "result"), (ex.Rule, ex.ValueKey));
    }

    [Fact]
    public void Soto_sequence_is_limited_to_three_repeats()
    {
        var ex = Reject(Soto, AnalysisPosition.Prone, Side.Left, new SequenceValue("responses", ["Same", "Same", "Better", "Better"]));
        Assert.Equal(FindingRule.WrongItemCount, ex.Rule);
        ex = Reject(Soto, AnalysisPosition.Prone, Side.Left, new SequenceValue("responses", []));
        Assert.Equal(FindingRule.WrongItemCount, ex.Rule);
    }

    [Fact]
    public void Sciatic_points_must_be_known_unique_and_scored_0_to_10()
    {
        Assert.Equal(FindingRule.NotAllowedValue, Reject(Sciatic, AnalysisPosition.Prone, Side.Left, new PointsValue("points", [new PointScore("ELBOW", 3)])).Rule);
        Assert.Equal(FindingRule.DuplicateValue, Reject(Sciatic, AnalysisPosition.Prone, Side.Left, new PointsValue("points", [new PointScore("GLUTEAL", 3), new PointScore("GLUTEAL", 4)])).Rule);
        Assert.Equal(FindingRule.OutOfRange, Reject(Sciatic, AnalysisPosition.Prone, Side.Left, new PointsValue("points", [new PointScore("GLUTEAL", 12)])).Rule);
    }

    [Fact]
    public void Undefined_enum_values_are_rejected()
    {
        Assert.Equal(FindingRule.UndefinedEnumValue, Reject(HeelTension, AnalysisPosition.Prone, Side.Left, new GradeValue("grade", (Grade)9)).Rule);
        Assert.Equal(FindingRule.UndefinedEnumValue, Reject(HeelTension, AnalysisPosition.Prone, (Side)9, new GradeValue("grade", Grade.Mild)).Rule);
    }

    [Theory]
    [InlineData(CrestSign)]
    [InlineData(DollarSign)]
    public void Crest_and_dollar_signs_store_the_hypotonic_side_and_derive_the_named_side(string code)
    {
        var finding = Catalogue.CreateFinding(code, AnalysisPosition.Prone, Side.Left, FindingPhase.InitialAnalysis);
        Assert.Equal(Side.Left, finding.Side);
        Assert.Equal(Side.Right, finding.NamedSide);
    }

    [Fact]
    public void Other_indicators_have_no_named_side()
    {
        var finding = Catalogue.CreateFinding(HeelTension, AnalysisPosition.Prone, Side.Left, FindingPhase.InitialAnalysis, new GradeValue("grade", Grade.Mild));
        Assert.Equal(Side.None, finding.NamedSide);
    }

    [Fact]
    public void Values_are_stored_in_definition_order_whatever_order_they_were_given()
    {
        var finding = Catalogue.CreateFinding(OccipitalFibre, AnalysisPosition.Prone, Side.Left, FindingPhase.InitialAnalysis,
            new GradeValue("tenderness", Grade.Marked), new WholeNumberValue("area", 3), new WholeNumberValue("line", 2));
        Assert.Equal(["line", "area", "tenderness"], finding.Values.Select(v => v.Key));
    }

    [Fact]
    public void Findings_are_self_describing_and_round_trip_through_json()
    {
        var finding = Catalogue.CreateFinding(LateralSway, AnalysisPosition.Standing, Side.None, FindingPhase.InitialAnalysis,
            new LengthValue("eyesOpen", Length.EighthInches(3)), new LengthValue("eyesClosed", Length.Millimetres(14.5m)));
        var json = JsonSerializer.Serialize(finding);
        Assert.Contains("\"Label\":\"Increased lateral pelvic sway\"", json, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"length\"", json, StringComparison.Ordinal);
        var back = JsonSerializer.Deserialize<Finding>(json)!;
        Assert.Equal(finding, back);
        Assert.Equal(LengthUnit.EighthInch, back.Get<LengthValue>("eyesOpen")!.Value.Unit);
    }

    [Fact]
    public void Validate_rejects_a_stored_finding_with_a_tampered_named_side()
    {
        var finding = Catalogue.CreateFinding(CrestSign, AnalysisPosition.Prone, Side.Left, FindingPhase.InitialAnalysis);
        var tampered = new Finding(finding.Code, finding.Label, finding.Position, finding.Side, finding.Phase, finding.Values, Side.Left);
        Assert.Equal(FindingRule.IndicatorRule, Assert.Throws<FindingValidationException>(() => Catalogue.Validate(tampered)).Rule);
    }

    [Fact]
    public void Validation_messages_carry_no_values_beyond_the_rule()
    {
        var ex = Reject(FirstRibTubercle, AnalysisPosition.Supine, Side.Left, new ScoreValue("pain", 42));
        Assert.StartsWith("Finding 'C2-RIB1-TUB' rejected (OutOfRange, value 'pain')", ex.Message, StringComparison.Ordinal);
    }
}
