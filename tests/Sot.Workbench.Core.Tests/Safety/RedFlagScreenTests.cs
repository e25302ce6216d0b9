using Sot.Workbench.Safety;

namespace Sot.Workbench.Core.Tests.Safety;

public class RedFlagScreenTests
{
    [Fact]
    public void A_clear_screen_has_nothing_and_prompts_nothing()
    {
        var screen = RedFlagScreen.Clear;

        Assert.True(screen.IsClear);
        Assert.False(screen.HasAbsoluteRedFlag);
        Assert.False(screen.HasPrecautions);
        Assert.False(screen.RequiresReferral);
        Assert.Equal(SafetyDisposition.Clear, screen.Disposition);
        Assert.Empty(screen.Items);
    }

    [Fact]
    public void Any_red_flag_is_absolute_and_means_stop_and_refer()
    {
        var screen = new RedFlagScreen([RedFlag.CaudaEquina], [Precaution.AgeOver55], [ReferralTrigger.Peripheralisation]);

        Assert.True(screen.HasAbsoluteRedFlag);
        Assert.True(screen.RequiresReferral);
        Assert.Equal(SafetyDisposition.StopAndRefer, screen.Disposition);
        Assert.True(screen.Has(RedFlag.CaudaEquina));
        Assert.False(screen.Has(RedFlag.SuspectedFracture));
    }

    [Fact]
    public void A_referral_trigger_without_red_flags_prompts_referral_out()
    {
        var screen = RedFlagScreen.Clear.With(ReferralTrigger.SotoWorsening).With(Precaution.Osteoporosis);

        Assert.False(screen.HasAbsoluteRedFlag);
        Assert.True(screen.RequiresReferral);
        Assert.Equal(SafetyDisposition.ReferOut, screen.Disposition);
        Assert.True(screen.Has(ReferralTrigger.SotoWorsening));
    }

    [Fact]
    public void Precautions_alone_modify_treatment()
    {
        var screen = new RedFlagScreen(precautions: [Precaution.Osteoporosis, Precaution.LongTermCorticosteroids]);

        Assert.True(screen.HasPrecautions);
        Assert.False(screen.RequiresReferral);
        Assert.Equal(SafetyDisposition.ModifyTreatment, screen.Disposition);
        Assert.True(screen.Has(Precaution.Osteoporosis));
    }

    [Fact]
    public void Found_items_are_a_set_in_enum_order()
    {
        var screen = new RedFlagScreen([RedFlag.SuspectedInfection, RedFlag.CaudaEquina, RedFlag.SuspectedInfection]);

        Assert.Equal([RedFlag.CaudaEquina, RedFlag.SuspectedInfection], screen.RedFlags);
    }

    [Fact]
    public void Items_list_the_catalogue_entries_most_serious_first()
    {
        var screen = new RedFlagScreen([RedFlag.SuspectedFracture], [Precaution.Pregnancy], [ReferralTrigger.NeuroDecline]);

        Assert.Equal(
            [SafetyItemKind.RedFlag, SafetyItemKind.ReferralTrigger, SafetyItemKind.Precaution],
            screen.Items.Select(i => i.Kind));
        Assert.Equal(SafetyCatalogue.Describe(RedFlag.SuspectedFracture), screen.Items[0]);
    }

    [Fact]
    public void Screens_with_the_same_items_are_equal_and_adding_never_changes_the_original()
    {
        var original = new RedFlagScreen(precautions: [Precaution.AgeOver55]);
        var added = original.With(RedFlag.RecentTrauma);

        Assert.Equal(new RedFlagScreen([RedFlag.RecentTrauma], [Precaution.AgeOver55]), added);
        Assert.Equal(new RedFlagScreen([RedFlag.RecentTrauma], [Precaution.AgeOver55]).GetHashCode(), added.GetHashCode());
        Assert.NotEqual(original, added);
        Assert.False(original.HasAbsoluteRedFlag);
    }

    [Fact]
    public void Combining_screens_unites_their_findings()
    {
        var combined = new RedFlagScreen([RedFlag.SuspectedMalignancy]).Combine(new RedFlagScreen(referralTriggers: [ReferralTrigger.VisceralPattern]));

        Assert.True(combined.Has(RedFlag.SuspectedMalignancy));
        Assert.True(combined.Has(ReferralTrigger.VisceralPattern));
        Assert.Throws<ArgumentNullException>(() => combined.Combine(null!));
    }

    [Fact]
    public void Undefined_values_are_rejected()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new RedFlagScreen([(RedFlag)42]));
        Assert.Equal("redFlags", ex.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RedFlagScreen(precautions: [(Precaution)0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => RedFlagScreen.Clear.With((ReferralTrigger)42));
    }
}
