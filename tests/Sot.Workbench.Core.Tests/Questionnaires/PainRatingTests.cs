using Sot.Workbench.Questionnaires;

namespace Sot.Workbench.Core.Tests.Questionnaires;

public class PainRatingTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(10)]
    public void Nrs_accepts_whole_numbers_0_to_10(int value)
    {
        Assert.Equal(value, new NrsScore(value).Value);
        Assert.True(NrsScore.TryCreate(value, out var score));
        Assert.Equal(value, score.Value);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(11)]
    public void Nrs_outside_0_to_10_is_rejected(int value)
    {
        var ex = Assert.Throws<QuestionnaireValidationException>(() => new NrsScore(value));

        Assert.Equal(QuestionnaireRule.ValueOutOfRange, ex.Rule);
        Assert.Equal(OutcomeInstrument.NumericRatingScale, ex.Instrument);
        Assert.False(NrsScore.TryCreate(value, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(42.5)]
    [InlineData(100)]
    public void Vas_accepts_0_to_100_millimetres(double mm)
    {
        Assert.Equal((decimal)mm, new VasScore((decimal)mm).Millimetres);
        Assert.True(VasScore.TryCreate((decimal)mm, out _));
    }

    [Theory]
    [InlineData(-0.5)]
    [InlineData(100.5)]
    public void Vas_outside_0_to_100_millimetres_is_rejected(double mm)
    {
        var ex = Assert.Throws<QuestionnaireValidationException>(() => new VasScore((decimal)mm));

        Assert.Equal(QuestionnaireRule.ValueOutOfRange, ex.Rule);
        Assert.Equal(OutcomeInstrument.VisualAnalogueScale, ex.Instrument);
        Assert.False(VasScore.TryCreate((decimal)mm, out _));
    }

    [Fact]
    public void Pain_ratings_print_with_their_scale()
    {
        Assert.Equal("7/10", new NrsScore(7).ToString());
        Assert.Equal("42 mm", new VasScore(42).ToString());
    }

    [Fact]
    public void Standard_constructors_leave_no_rule()
    {
        Assert.Equal(QuestionnaireRule.Unspecified, new QuestionnaireValidationException("x").Rule);
        Assert.Null(new QuestionnaireValidationException().Instrument);
    }
}
