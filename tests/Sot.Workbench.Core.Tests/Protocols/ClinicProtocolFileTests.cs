using System.Text;
using System.Text.Json;
using Sot.Workbench.Domain;
using Sot.Workbench.Protocols;
using static Sot.Workbench.Core.Tests.Protocols.ClinicFiles;

namespace Sot.Workbench.Core.Tests.Protocols;

public class ClinicProtocolFileTests
{
    private static ProtocolFileException Rejected(string json, Func<string, bool>? isKnownIndicator = null)
        => Assert.Throws<ProtocolFileException>(() => BlockProtocolSet.Defaults.WithClinicFile(Stream(json), "clinic.json", isKnownIndicator));

    [Fact]
    public void Extend_mode_adds_the_clinic_protocol_and_keeps_the_defaults()
    {
        var set = BlockProtocolSet.Defaults.WithClinicFile(Stream(OneProtocol), "clinic.json");

        Assert.Equal(["CAT1-PRONE-PUBLIC", "CAT2-SUPINE-PUBLIC", "CAT3-PRONE-PUBLIC", "CAT1-PRONE-CLINIC"], set.Protocols.Select(p => p.Code));
        var clinic = set.Get("CAT1-PRONE-CLINIC");
        Assert.False(clinic.IsDefault);
        Assert.Equal("Category I, prone (clinic)", clinic.Label);
        Assert.Equal(new BlockSpec(BlockAnatomicalSite.GreaterTrochanter, BlockOrientation.Oblique, 45m), clinic.ShortLegSideBlock);
        Assert.Equal(new BlockSpec(BlockAnatomicalSite.Asis, BlockOrientation.Level, null), clinic.LongLegSideBlock);
        Assert.Equal(new MinuteRange(3, 4), clinic.SuggestedMinutes);
        Assert.Equal(BreathPhase.SlowDeep, clinic.Breath);
        Assert.Equal([BlockingAdjunct.Pumping], clinic.Adjuncts);
        Assert.Equal(["C1-HEEL", "C1-CREST"], clinic.VerificationIndicators);
        Assert.Equal(new Provenance(ReliabilityTag.Gap, "Clinic protocol"), clinic.Provenance);

        Assert.Equal(2, set.Files.Count);
        Assert.Equal(new ProtocolFileInfo("clinic.json", 1, "clinic-7", "Test clinic protocols", ProtocolFileMode.Extend, false), set.Files[1]);
    }

    [Fact]
    public void A_clinic_protocol_is_chosen_before_the_default_for_its_category()
    {
        var set = BlockProtocolSet.Defaults.WithClinicFile(Stream(OneProtocol));

        var plan = set.Plan(SotCategory.I, Side.Right);

        Assert.Equal("CAT1-PRONE-CLINIC", plan.ProtocolCode);
        Assert.Equal(new BlockPlacement(Side.Right, BlockAnatomicalSite.GreaterTrochanter, BlockOrientation.Oblique, 45m), plan.ShortLegSideBlock);
        Assert.Equal(new BlockPlacement(Side.Left, BlockAnatomicalSite.Asis, BlockOrientation.Level, null), plan.LongLegSideBlock);
        Assert.Equal(["CAT1-PRONE-CLINIC", "CAT1-PRONE-PUBLIC"], set.ForCategory(SotCategory.I).Select(p => p.Code));
        Assert.Equal("CAT2-SUPINE-PUBLIC", set.Plan(SotCategory.II, Side.Right).ProtocolCode);
    }

    [Fact]
    public void An_explicit_code_picks_that_protocol_even_when_the_clinic_has_its_own()
    {
        var set = BlockProtocolSet.Defaults.WithClinicFile(Stream(OneProtocol));

        Assert.Equal("CAT1-PRONE-PUBLIC", set.Plan("CAT1-PRONE-PUBLIC", Side.Left).ProtocolCode);
    }

    [Fact]
    public void The_first_clinic_protocol_in_file_order_is_chosen_when_there_are_several()
    {
        var json = Replace(
            OneProtocol,
            "\n  ]",
            """
            ,
                {
                  "code": "CAT1-SECOND", "category": "I", "position": "Prone",
                  "shortLegSideBlock": { "site": "Acetabulum", "orientation": "Level" },
                  "longLegSideBlock": { "site": "IliacCrest", "orientation": "Level" },
                  "suggestedMinutes": 2, "verification": [], "provenance": { "reliability": "Gap", "source": "x" }
                }
              ]
            """);

        var set = BlockProtocolSet.Defaults.WithClinicFile(Stream(json));

        Assert.Equal("CAT1-PRONE-CLINIC", set.Select(SotCategory.I)!.Code);
        Assert.Equal(MinuteRange.Exactly(2), set.Get("CAT1-SECOND").SuggestedMinutes);
    }

    [Fact]
    public void Replace_mode_keeps_only_the_clinic_protocols()
    {
        var set = BlockProtocolSet.Defaults.WithClinicFile(Stream(WithReplaceMode(OneProtocol)), "clinic.json");

        Assert.Equal(["CAT1-PRONE-CLINIC"], set.Protocols.Select(p => p.Code));
        Assert.Equal(ProtocolFileMode.Replace, Assert.Single(set.Files).Mode);
        Assert.Null(set.Select(SotCategory.III));
        var ex = Assert.Throws<KeyNotFoundException>(() => set.Plan(SotCategory.III, Side.Left));
        Assert.Contains("III", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replace_mode_may_reuse_a_default_code()
    {
        var json = WithReplaceMode(Replace(OneProtocol, "CAT1-PRONE-CLINIC", "CAT1-PRONE-PUBLIC"));

        var set = BlockProtocolSet.Defaults.WithClinicFile(Stream(json));

        Assert.False(set.Get("CAT1-PRONE-PUBLIC").IsDefault);
    }

    [Fact]
    public void Extend_mode_rejects_a_code_already_in_the_set_instead_of_overriding_it()
    {
        var ex = Rejected(Replace(OneProtocol, "CAT1-PRONE-CLINIC", "CAT1-PRONE-PUBLIC"));

        Assert.Equal(ProtocolFileRule.DuplicateCode, ex.Rule);
        Assert.Equal("CAT1-PRONE-PUBLIC", ex.Code);
        Assert.Equal(8, ex.Line);
        Assert.Contains("replace mode", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_a_clinic_file_twice_in_extend_mode_rejects_its_codes()
    {
        var once = BlockProtocolSet.Defaults.WithClinicFile(Stream(OneProtocol));

        var ex = Assert.Throws<ProtocolFileException>(() => once.WithClinicFile(Stream(OneProtocol)));

        Assert.Equal(ProtocolFileRule.DuplicateCode, ex.Rule);
    }

    [Fact]
    public void A_rejected_file_leaves_the_set_it_was_loaded_onto_unchanged()
    {
        var set = BlockProtocolSet.Defaults.WithClinicFile(Stream(OneProtocol));
        var codesBefore = set.Protocols.Select(p => p.Code).ToArray();
        var filesBefore = set.Files.ToArray();
        var bad = WithReplaceMode(Replace(Replace(OneProtocol, "CAT1-PRONE-CLINIC", "CAT2-OTHER"), "\"angleDegrees\": 45", "\"angleDegrees\": 95"));

        Assert.Throws<ProtocolFileException>(() => set.WithClinicFile(Stream(bad)));

        Assert.Equal(codesBefore, set.Protocols.Select(p => p.Code));
        Assert.Equal(filesBefore, set.Files);
        Assert.Equal("CAT1-PRONE-CLINIC", set.Plan(SotCategory.I, Side.Left).ProtocolCode);
        Assert.Equal(3, BlockProtocolSet.Defaults.Protocols.Count);
    }

    [Fact]
    public void Malformed_json_is_reported_with_its_line_and_no_raw_json_exception_escapes()
    {
        var json = Replace(OneProtocol, "\"category\": \"I\",", "\"category\": \"I\"");

        var ex = Rejected(json);

        Assert.Equal(ProtocolFileRule.MalformedJson, ex.Rule);
        Assert.Equal(11, ex.Line);
        Assert.NotNull(ex.Column);
        Assert.IsType<JsonException>(ex.InnerException, exactMatch: false);
        Assert.Contains("clinic.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 11", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_property_given_twice_in_one_object_is_malformed()
    {
        var ex = Rejected(Replace(OneProtocol, "\"category\": \"I\",", "\"category\": \"I\", \"category\": \"II\","));

        Assert.Equal(ProtocolFileRule.MalformedJson, ex.Rule);
    }

    [Fact]
    public void An_empty_file_is_malformed()
    {
        Assert.Equal(ProtocolFileRule.MalformedJson, Rejected(string.Empty).Rule);
    }

    [Fact]
    public void A_missing_field_names_the_field_the_protocol_and_the_line()
    {
        var ex = Rejected(Replace(OneProtocol, "\"position\": \"Prone\",", string.Empty));

        Assert.Equal(ProtocolFileRule.MissingField, ex.Rule);
        Assert.Equal("CAT1-PRONE-CLINIC", ex.Code);
        Assert.Equal(7, ex.Line); // the protocol object starts on line 7
        Assert.Contains("'position'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("CAT1-PRONE-CLINIC", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"dataVersion\": \"clinic-7\",", "dataVersion")]
    [InlineData("\"source\": \"Test clinic protocols\",", "source")]
    [InlineData("\"verification\": [ \"C1-HEEL\", \"C1-CREST\" ],", "verification")]
    [InlineData("\"suggestedMinutes\": { \"min\": 3, \"max\": 4 },", "suggestedMinutes")]
    [InlineData("\"longLegSideBlock\": { \"site\": \"Asis\", \"orientation\": \"Level\" },", "longLegSideBlock")]
    public void Each_required_field_is_checked(string removed, string field)
    {
        var ex = Rejected(Replace(OneProtocol, removed, string.Empty));

        Assert.Equal(ProtocolFileRule.MissingField, ex.Rule);
        Assert.Contains($"'{field}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_blank_code_is_a_missing_field()
    {
        var ex = Rejected(Replace(OneProtocol, "\"CAT1-PRONE-CLINIC\"", "\"  \""));

        Assert.Equal(ProtocolFileRule.MissingField, ex.Rule);
        Assert.Null(ex.Code);
    }

    [Fact]
    public void A_code_given_twice_in_the_file_is_rejected()
    {
        var protocol = OneProtocol[OneProtocol.IndexOf("    {", StringComparison.Ordinal)..OneProtocol.LastIndexOf("  ]", StringComparison.Ordinal)].TrimEnd();
        var json = Replace(OneProtocol, protocol, protocol + ",\n" + protocol);

        var ex = Rejected(WithReplaceMode(json));

        Assert.Equal(ProtocolFileRule.DuplicateCode, ex.Rule);
        Assert.Equal("CAT1-PRONE-CLINIC", ex.Code);
        Assert.Equal(20, ex.Line); // the second copy starts on line 19; its "code" is on line 20
    }

    [Theory]
    [InlineData("\"site\": \"GreaterTrochanter\"", "\"site\": \"Femur\"", "BlockAnatomicalSite", 12)]
    [InlineData("\"orientation\": \"Oblique\"", "\"orientation\": \"Sideways\"", "BlockOrientation", 12)]
    [InlineData("\"category\": \"I\"", "\"category\": \"IV\"", "SotCategory", 10)]
    [InlineData("\"position\": \"Prone\"", "\"position\": \"Kneeling\"", "AnalysisPosition", 11)]
    [InlineData("\"reliability\": \"Gap\"", "\"reliability\": \"Maybe\"", "ReliabilityTag", 17)]
    [InlineData("[ \"Pumping\" ]", "[ \"Massage\" ]", "BlockingAdjunct", 15)]
    public void An_unknown_enum_value_is_rejected_naming_the_type_and_line(string oldText, string newText, string typeName, int line)
    {
        var ex = Rejected(Replace(OneProtocol, oldText, newText));

        Assert.Equal(ProtocolFileRule.UnknownEnumValue, ex.Rule);
        Assert.Equal("CAT1-PRONE-CLINIC", ex.Code);
        Assert.Equal(line, ex.Line);
        Assert.Contains(typeName, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_category_given_as_a_number_is_the_wrong_type()
    {
        var ex = Rejected(Replace(OneProtocol, "\"category\": \"I\"", "\"category\": 1"));

        Assert.Equal(ProtocolFileRule.WrongType, ex.Rule);
    }

    [Fact]
    public void Enum_values_are_matched_ignoring_case()
    {
        var json = Replace(Replace(OneProtocol, "\"GreaterTrochanter\"", "\"greatertrochanter\""), "\"Prone\"", "\"prone\"");

        var set = BlockProtocolSet.Defaults.WithClinicFile(Stream(json));

        Assert.Equal(AnalysisPosition.Prone, set.Get("CAT1-PRONE-CLINIC").Position);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("90.5")]
    [InlineData("120")]
    public void A_block_angle_outside_0_to_90_degrees_is_rejected(string angle)
    {
        var ex = Rejected(Replace(OneProtocol, "\"angleDegrees\": 45", $"\"angleDegrees\": {angle}"));

        Assert.Equal(ProtocolFileRule.AngleOutOfRange, ex.Rule);
        Assert.Equal("CAT1-PRONE-CLINIC", ex.Code);
        Assert.Equal(12, ex.Line);
        Assert.Contains(angle, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("90", 90)]
    [InlineData("null", null)]
    public void Block_angles_of_0_and_90_degrees_and_no_angle_are_accepted(string angle, int? expected)
    {
        var set = BlockProtocolSet.Defaults.WithClinicFile(Stream(Replace(OneProtocol, "\"angleDegrees\": 45", $"\"angleDegrees\": {angle}")));

        Assert.Equal((decimal?)expected, set.Get("CAT1-PRONE-CLINIC").ShortLegSideBlock.AngleDegrees);
    }

    [Theory]
    [InlineData("{ \"min\": 0, \"max\": 4 }")]
    [InlineData("{ \"min\": 3, \"max\": 31 }")]
    [InlineData("{ \"min\": 5, \"max\": 4 }")]
    [InlineData("0")]
    [InlineData("45")]
    public void Suggested_minutes_outside_1_to_30_or_reversed_are_rejected(string minutes)
    {
        var ex = Rejected(Replace(OneProtocol, "{ \"min\": 3, \"max\": 4 }", minutes));

        Assert.Equal(ProtocolFileRule.MinutesOutOfRange, ex.Rule);
        Assert.Equal(14, ex.Line);
    }

    [Theory]
    [InlineData("\"three\"")]
    [InlineData("2.5")]
    public void Suggested_minutes_that_are_not_whole_numbers_are_the_wrong_type(string minutes)
    {
        Assert.Equal(ProtocolFileRule.WrongType, Rejected(Replace(OneProtocol, "{ \"min\": 3, \"max\": 4 }", minutes)).Rule);
    }

    [Theory]
    [InlineData("c1-heel")]
    [InlineData("C1 HEEL")]
    [InlineData("-C1")]
    public void A_verification_code_that_breaks_the_code_rules_is_rejected(string code)
    {
        var ex = Rejected(Replace(OneProtocol, "\"C1-CREST\"", $"\"{code}\""));

        Assert.Equal(ProtocolFileRule.InvalidIndicatorCode, ex.Rule);
        Assert.Equal(16, ex.Line);
        Assert.Contains(code, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_verification_code_not_in_the_callers_catalogue_is_rejected_naming_the_code()
    {
        var ex = Rejected(OneProtocol, code => code == "C1-HEEL");

        Assert.Equal(ProtocolFileRule.UnknownIndicatorCode, ex.Rule);
        Assert.Equal("CAT1-PRONE-CLINIC", ex.Code);
        Assert.Equal(16, ex.Line);
        Assert.Contains("'C1-CREST'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_verification_code_listed_twice_is_rejected()
    {
        Assert.Equal(ProtocolFileRule.DuplicateEntry, Rejected(Replace(OneProtocol, "\"C1-CREST\"", "\"C1-HEEL\"")).Rule);
    }

    [Fact]
    public void An_invalid_protocol_code_is_rejected()
    {
        var ex = Rejected(Replace(OneProtocol, "CAT1-PRONE-CLINIC", "cat1 clinic"));

        Assert.Equal(ProtocolFileRule.InvalidCode, ex.Rule);
        Assert.Equal(8, ex.Line);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0)]
    public void An_unknown_schema_version_is_rejected(int version)
    {
        var ex = Rejected(Replace(OneProtocol, "\"schemaVersion\": 1", $"\"schemaVersion\": {version}"));

        Assert.Equal(ProtocolFileRule.UnsupportedSchemaVersion, ex.Rule);
        Assert.Equal(2, ex.Line);
        Assert.Single(ex.Errors);
    }

    [Fact]
    public void A_clinic_file_must_state_its_mode()
    {
        Assert.Equal(ProtocolFileRule.InvalidMode, Rejected(Replace(OneProtocol, "\"mode\": \"extend\",", string.Empty)).Rule);
        Assert.Equal(ProtocolFileRule.InvalidMode, Rejected(Replace(OneProtocol, "\"mode\": \"extend\"", "\"mode\": \"merge\"")).Rule);
    }

    [Fact]
    public void A_misspelt_field_is_rejected_rather_than_ignored()
    {
        var ex = Rejected(Replace(OneProtocol, "\"angleDegrees\": 45", "\"angle\": 45"));

        Assert.Equal(ProtocolFileRule.UnknownField, ex.Rule);
        Assert.Equal(12, ex.Line);
        Assert.Contains("'angle'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_protocols_is_rejected()
    {
        var json = """{ "schemaVersion": 1, "dataVersion": "1", "source": "s", "mode": "replace", "protocols": [] }""";

        Assert.Equal(ProtocolFileRule.NoProtocols, Rejected(json).Rule);
    }

    [Fact]
    public void A_file_that_is_not_an_object_is_the_wrong_type()
    {
        Assert.Equal(ProtocolFileRule.WrongType, Rejected("[1, 2]").Rule);
    }

    [Fact]
    public void Every_problem_in_a_file_is_listed_with_the_first_as_the_headline()
    {
        var json = Replace(Replace(OneProtocol, "\"angleDegrees\": 45", "\"angleDegrees\": 91"), "\"Level\"", "\"Flat\"");

        var ex = Rejected(json);

        Assert.Equal(ProtocolFileRule.AngleOutOfRange, ex.Rule);
        Assert.Equal([ProtocolFileRule.AngleOutOfRange, ProtocolFileRule.UnknownEnumValue], ex.Errors.Select(e => e.Rule));
        Assert.All(ex.Errors, e => Assert.Equal("CAT1-PRONE-CLINIC", e.Code));
        Assert.Contains("2 problems", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_code_is_reported_even_when_the_protocol_has_other_problems()
    {
        var json = Replace(Replace(OneProtocol, "CAT1-PRONE-CLINIC", "CAT1-PRONE-PUBLIC"), "\"angleDegrees\": 45", "\"angleDegrees\": 91");

        var ex = Rejected(json);

        Assert.Equal([ProtocolFileRule.AngleOutOfRange, ProtocolFileRule.DuplicateCode], ex.Errors.Select(e => e.Rule));
    }

    [Fact]
    public void A_file_over_the_size_limit_is_rejected_before_parsing()
    {
        var json = OneProtocol + new string(' ', BlockProtocolSet.MaximumFileBytes);

        Assert.Equal(ProtocolFileRule.FileTooLarge, Rejected(json).Rule);
    }

    [Fact]
    public void A_byte_order_mark_is_accepted()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(OneProtocol)).ToArray();

        var set = BlockProtocolSet.Defaults.WithClinicFile(new MemoryStream(bytes));

        Assert.True(set.Contains("CAT1-PRONE-CLINIC"));
    }

    [Fact]
    public void A_file_on_disk_with_comments_and_trailing_commas_loads()
    {
        var set = BlockProtocolSet.Defaults.WithClinicFile(Path.Combine(AppContext.BaseDirectory, "TestData", "clinic-protocols.json"));

        var plan = set.Plan(SotCategory.III, Side.Left);
        Assert.Equal("CAT3-PRONE-CLINIC", plan.ProtocolCode);
        Assert.Equal("CAT3-PRONE-CLINIC", plan.Protocol.Label);
        Assert.Equal(new BlockPlacement(Side.Left, BlockAnatomicalSite.GreaterTrochanter, BlockOrientation.Oblique, 40m), plan.ShortLegSideBlock);
        Assert.Equal(new BlockPlacement(Side.Right, BlockAnatomicalSite.Asis, BlockOrientation.TowardOppositeButtock, null), plan.LongLegSideBlock);
        Assert.Equal(MinuteRange.Exactly(3), plan.SuggestedMinutes);
        Assert.Equal([BlockingAdjunct.LegTraction, BlockingAdjunct.PsoasRelease], plan.Protocol.Adjuncts);
        Assert.Equal("clinic-protocols.json", set.Files[^1].FileName);
    }

    [Fact]
    public void A_file_that_does_not_exist_is_unreadable()
    {
        var ex = Assert.Throws<ProtocolFileException>(
            () => BlockProtocolSet.Defaults.WithClinicFile(Path.Combine(AppContext.BaseDirectory, "TestData", "no-such-file.json")));

        Assert.Equal(ProtocolFileRule.Unreadable, ex.Rule);
        Assert.Equal("no-such-file.json", ex.FileName);
        Assert.IsType<FileNotFoundException>(ex.InnerException);
    }
}
