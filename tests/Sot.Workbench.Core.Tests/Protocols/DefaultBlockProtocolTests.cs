using Sot.Workbench.Domain;
using Sot.Workbench.Protocols;

namespace Sot.Workbench.Core.Tests.Protocols;

public class DefaultBlockProtocolTests
{
    [Fact]
    public void Defaults_load_from_the_embedded_data_with_the_three_public_codes()
    {
        var set = BlockProtocolSet.LoadDefaults();

        Assert.Equal(["CAT1-PRONE-PUBLIC", "CAT2-SUPINE-PUBLIC", "CAT3-PRONE-PUBLIC"], set.Protocols.Select(p => p.Code));
        Assert.All(set.Protocols, p => Assert.True(p.IsDefault));
        var file = Assert.Single(set.Files);
        Assert.True(file.IsDefaultData);
        Assert.Equal(BlockProtocolSet.DefaultsFileName, file.FileName);
        Assert.Equal(BlockProtocolSet.SupportedSchemaVersion, file.SchemaVersion);
        Assert.False(string.IsNullOrWhiteSpace(file.DataVersion));
        Assert.False(string.IsNullOrWhiteSpace(file.Source));
        Assert.Null(file.Mode);
    }

    [Fact]
    public void Cached_defaults_hold_the_same_protocols_as_a_fresh_load()
    {
        Assert.Equal(
            BlockProtocolSet.LoadDefaults().Protocols.Select(p => p.Code),
            BlockProtocolSet.Defaults.Protocols.Select(p => p.Code));
        Assert.Same(BlockProtocolSet.Defaults, BlockProtocolSet.Defaults);
    }

    [Theory]
    // Category I, right short leg: Lisi et al. put wedges under the right greater trochanter and the left iliac crest.
    [InlineData(SotCategory.I, Side.Right, BlockAnatomicalSite.GreaterTrochanter, BlockAnatomicalSite.IliacCrest, Side.Left)]
    [InlineData(SotCategory.I, Side.Left, BlockAnatomicalSite.GreaterTrochanter, BlockAnatomicalSite.IliacCrest, Side.Right)]
    [InlineData(SotCategory.II, Side.Right, BlockAnatomicalSite.Ilium, BlockAnatomicalSite.GreaterTrochanter, Side.Left)]
    [InlineData(SotCategory.II, Side.Left, BlockAnatomicalSite.Ilium, BlockAnatomicalSite.GreaterTrochanter, Side.Right)]
    [InlineData(SotCategory.III, Side.Right, BlockAnatomicalSite.GreaterTrochanter, BlockAnatomicalSite.Asis, Side.Left)]
    [InlineData(SotCategory.III, Side.Left, BlockAnatomicalSite.GreaterTrochanter, BlockAnatomicalSite.Asis, Side.Right)]
    public void Default_plan_puts_the_short_leg_block_on_the_short_leg_and_the_other_block_opposite(
        SotCategory category, Side shortLeg, BlockAnatomicalSite shortLegSite, BlockAnatomicalSite longLegSite, Side longLeg)
    {
        var plan = BlockProtocolSet.Defaults.Plan(category, shortLeg);

        Assert.Equal(shortLeg, plan.ShortLegSide);
        Assert.Equal(shortLeg, plan.ShortLegSideBlock.BlockSide);
        Assert.Equal(shortLegSite, plan.ShortLegSideBlock.Site);
        Assert.Equal(longLeg, plan.LongLegSideBlock.BlockSide);
        Assert.Equal(longLegSite, plan.LongLegSideBlock.Site);
        Assert.Equal([plan.ShortLegSideBlock, plan.LongLegSideBlock], plan.Placements);
        Assert.Equal(category, plan.Category);
        Assert.Equal(new MinuteRange(2, 5), plan.SuggestedMinutes);
        Assert.True(plan.Protocol.IsDefault);
    }

    [Theory]
    [InlineData(SotCategory.I, AnalysisPosition.Prone)]
    [InlineData(SotCategory.II, AnalysisPosition.Supine)]
    [InlineData(SotCategory.III, AnalysisPosition.Prone)]
    public void Default_positions_are_prone_for_I_and_III_and_supine_for_II(SotCategory category, AnalysisPosition position)
    {
        Assert.Equal(position, BlockProtocolSet.Defaults.Plan(category, Side.Left).Position);
    }

    [Fact]
    public void Category_III_default_angles_the_trochanter_block_at_45_degrees_and_the_asis_block_toward_the_opposite_buttock()
    {
        var plan = BlockProtocolSet.Defaults.Plan(SotCategory.III, Side.Right);

        Assert.Equal(new BlockPlacement(Side.Right, BlockAnatomicalSite.GreaterTrochanter, BlockOrientation.Oblique, 45m), plan.ShortLegSideBlock);
        Assert.Equal(new BlockPlacement(Side.Left, BlockAnatomicalSite.Asis, BlockOrientation.TowardOppositeButtock, null), plan.LongLegSideBlock);
    }

    [Theory]
    [InlineData("CAT1-PRONE-PUBLIC", new[] { "C1-HEEL", "C1-GLUTE-SACRO", "C1-CREST", "C1-DOLLAR" })]
    [InlineData("CAT2-SUPINE-PUBLIC", new[] { "C2-AFT", "C2-INGUINAL", "C2-KNEE", "C2-SCALENE" })]
    [InlineData("CAT3-PRONE-PUBLIC", new[] { "C3-SCIATIC", "C3-SOTO", "C3-SLR" })]
    public void Defaults_list_the_category_verification_indicators(string code, string[] indicators)
    {
        Assert.Equal(indicators, BlockProtocolSet.Defaults.Get(code).VerificationIndicators);
    }

    [Theory]
    [InlineData("CAT1-PRONE-PUBLIC", ReliabilityTag.SingleSource, "[S4]")]
    [InlineData("CAT2-SUPINE-PUBLIC", ReliabilityTag.Gap, "gap")]
    [InlineData("CAT3-PRONE-PUBLIC", ReliabilityTag.SingleSource, "[S14]")]
    public void Defaults_carry_their_provenance(string code, ReliabilityTag reliability, string sourceMentions)
    {
        var plan = BlockProtocolSet.Defaults.Plan(code, Side.Left);

        Assert.Equal(reliability, plan.Provenance.Reliability);
        Assert.Contains(sourceMentions, plan.Provenance.Source, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Side.None)]
    [InlineData(Side.Bilateral)]
    [InlineData((Side)9)]
    public void A_short_leg_side_that_is_not_left_or_right_is_rejected(Side side)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => BlockProtocolSet.Defaults.Plan(SotCategory.I, side));
        Assert.Equal("shortLegSide", ex.ParamName);
        Assert.Contains("Left or Right", ex.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentOutOfRangeException>(() => BlockProtocolSet.Defaults.Get("CAT1-PRONE-PUBLIC").PlanFor(side));
    }

    [Fact]
    public void An_unknown_protocol_code_is_named_in_the_error()
    {
        var ex = Assert.Throws<KeyNotFoundException>(() => BlockProtocolSet.Defaults.Plan("CAT9-NOPE", Side.Left));
        Assert.Contains("CAT9-NOPE", ex.Message, StringComparison.Ordinal);
        Assert.False(BlockProtocolSet.Defaults.TryGet("CAT9-NOPE", out _));
        Assert.False(BlockProtocolSet.Defaults.Contains("CAT9-NOPE"));
    }

    [Fact]
    public void The_empty_set_has_no_plan_for_any_category()
    {
        Assert.Empty(BlockProtocolSet.Empty.Protocols);
        Assert.Null(BlockProtocolSet.Empty.Select(SotCategory.I));
        Assert.Throws<KeyNotFoundException>(() => BlockProtocolSet.Empty.Plan(SotCategory.I, Side.Left));
    }

    [Fact]
    public void Defaults_checked_against_a_catalogue_without_their_codes_are_rejected_naming_the_code()
    {
        var ex = Assert.Throws<ProtocolFileException>(() => BlockProtocolSet.LoadDefaults(code => code != "C2-KNEE"));

        Assert.Equal(ProtocolFileRule.UnknownIndicatorCode, ex.Rule);
        Assert.Equal("CAT2-SUPINE-PUBLIC", ex.Code);
        Assert.Contains("C2-KNEE", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(ex.Line);
    }

    [Fact]
    public void Defaults_pass_a_catalogue_that_knows_every_public_indicator()
    {
        string[] catalogue =
        [
            "C1-HEEL", "C1-GLUTE-SACRO", "C1-CREST", "C1-DOLLAR",
            "C2-AFT", "C2-INGUINAL", "C2-KNEE", "C2-SCALENE",
            "C3-SCIATIC", "C3-SOTO", "C3-SLR",
        ];

        var set = BlockProtocolSet.LoadDefaults(catalogue.Contains);

        Assert.Equal(3, set.Protocols.Count);
    }

    [Fact]
    public void Minute_range_rejects_bounds_outside_1_to_30_and_reversed_bounds()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MinuteRange(0, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MinuteRange(2, 31));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MinuteRange(5, 2));
        Assert.Equal("3 min", MinuteRange.Exactly(3).ToString());
        Assert.Equal("2–5 min", new MinuteRange(2, 5).ToString());
        Assert.True(new MinuteRange(2, 5).Contains(5));
        Assert.False(new MinuteRange(2, 5).Contains(6));
    }
}
