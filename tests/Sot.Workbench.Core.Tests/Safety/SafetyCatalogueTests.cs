using Sot.Workbench.Domain;
using Sot.Workbench.Safety;

namespace Sot.Workbench.Core.Tests.Safety;

public class SafetyCatalogueTests
{
    private static IEnumerable<SafetyItemInfo> AllEntries()
        => SafetyCatalogue.RedFlags.Concat(SafetyCatalogue.Precautions).Concat(SafetyCatalogue.ReferralTriggers);

    [Fact]
    public void Every_red_flag_has_a_description_and_provenance()
    {
        foreach (var redFlag in Enum.GetValues<RedFlag>())
        {
            var info = SafetyCatalogue.Describe(redFlag);
            Assert.Equal(SafetyItemKind.RedFlag, info.Kind);
            AssertComplete(info);
        }
    }

    [Fact]
    public void Every_precaution_has_a_description_and_provenance()
    {
        foreach (var precaution in Enum.GetValues<Precaution>())
        {
            var info = SafetyCatalogue.Describe(precaution);
            Assert.Equal(SafetyItemKind.Precaution, info.Kind);
            AssertComplete(info);
        }
    }

    [Fact]
    public void Every_referral_trigger_has_a_description_and_provenance()
    {
        foreach (var trigger in Enum.GetValues<ReferralTrigger>())
        {
            var info = SafetyCatalogue.Describe(trigger);
            Assert.Equal(SafetyItemKind.ReferralTrigger, info.Kind);
            AssertComplete(info);
        }
    }

    [Fact]
    public void Catalogue_lists_cover_every_enum_value_in_order()
    {
        Assert.Equal(Enum.GetValues<RedFlag>().Select(SafetyCatalogue.Describe), SafetyCatalogue.RedFlags);
        Assert.Equal(Enum.GetValues<Precaution>().Length, SafetyCatalogue.Precautions.Count);
        Assert.Equal(Enum.GetValues<ReferralTrigger>().Length, SafetyCatalogue.ReferralTriggers.Count);
    }

    [Fact]
    public void Catalogue_codes_are_valid_and_unique()
    {
        var codes = AllEntries().Select(i => i.Code).ToList();

        Assert.All(codes, code => Assert.True(CodeRules.IsValidCode(code), code));
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Unverified_precautions_are_tagged_as_gaps()
    {
        Assert.Equal(ReliabilityTag.Gap, SafetyCatalogue.Describe(Precaution.Anticoagulation).Provenance.Reliability);
        Assert.Equal(ReliabilityTag.Gap, SafetyCatalogue.Describe(Precaution.Pregnancy).Provenance.Reliability);
        Assert.Equal(ReliabilityTag.SingleSource, SafetyCatalogue.Describe(Precaution.Osteoporosis).Provenance.Reliability);
    }

    [Fact]
    public void Undefined_values_have_no_entry()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SafetyCatalogue.Describe((RedFlag)0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SafetyCatalogue.Describe((Precaution)99));
        Assert.Throws<ArgumentOutOfRangeException>(() => SafetyCatalogue.Describe((ReferralTrigger)99));
    }

    private static void AssertComplete(SafetyItemInfo info)
    {
        Assert.False(string.IsNullOrWhiteSpace(info.Label), info.Code);
        Assert.False(string.IsNullOrWhiteSpace(info.Description), info.Code);
        Assert.NotNull(info.Provenance);
        Assert.False(string.IsNullOrWhiteSpace(info.Provenance.Source), info.Code);
        Assert.True(Enum.IsDefined(info.Provenance.Reliability), info.Code);
    }
}
