using Sot.Workbench.Domain;
using Sot.Workbench.Questionnaires;

namespace Sot.Workbench.Core.Tests.Questionnaires;

public class OswestryDisabilityIndexTests
{
    // Sums to 16 over ten sections.
    private static readonly int?[] Sixteen = [2, 2, 1, 2, 2, 1, 2, 2, 1, 1];

    private static int?[] WithSum(int sum, int answered = 10)
    {
        var answers = new int?[10];
        for (var i = 0; i < answered; i++)
        {
            var take = Math.Min(5, sum);
            answers[i] = take;
            sum -= take;
        }

        Assert.Equal(0, sum);
        return answers;
    }

    [Fact]
    public void Odi_of_16_out_of_50_scores_32_percent_moderate()
    {
        var result = OswestryDisabilityIndex.Score(Sixteen);

        Assert.Equal(OutcomeInstrument.Oswestry, result.Instrument);
        Assert.Equal(16, result.AnsweredSum);
        Assert.Equal(16m, result.Raw);
        Assert.Equal(50m, result.MaximumRaw);
        Assert.Equal(32m, result.Percent);
        Assert.Equal(32m, result.Score);
        Assert.Equal(32.0m, result.DisplayPercent);
        Assert.Equal(OdiBand.Moderate, result.Band);
        Assert.Equal(10, result.AnsweredCount);
        Assert.Equal(0, result.MissingCount);
        Assert.Equal(MissingItemPolicy.ReduceDenominator, result.Policy);
    }

    [Fact]
    public void Odi_of_16_out_of_45_with_one_missing_section_displays_35_6_percent()
    {
        int?[] answers = [2, 2, 1, 2, 2, 1, 2, null, 1, 3];

        var result = OswestryDisabilityIndex.Score(answers);

        Assert.Equal(16, result.AnsweredSum);
        Assert.Equal(45m, result.MaximumRaw);
        Assert.Equal(9, result.AnsweredCount);
        Assert.Equal(1, result.MissingCount);
        Assert.Equal(35.6m, result.DisplayPercent); // half away from zero; one guide truncates to 35.5
        Assert.Equal(35.6m, Math.Round(result.Percent, 1));
        Assert.True(result.Percent > 35.55m && result.Percent < 35.56m, "the exact value is kept");
        Assert.Equal(OdiBand.Moderate, result.Band);
    }

    [Theory]
    [InlineData(0, OdiBand.Minimal)]
    [InlineData(20, OdiBand.Minimal)]
    [InlineData(21, OdiBand.Moderate)]
    [InlineData(40, OdiBand.Moderate)]
    [InlineData(41, OdiBand.Severe)]
    [InlineData(60, OdiBand.Severe)]
    [InlineData(61, OdiBand.Crippled)]
    [InlineData(80, OdiBand.Crippled)]
    [InlineData(81, OdiBand.BedBoundOrExaggerating)]
    [InlineData(100, OdiBand.BedBoundOrExaggerating)]
    public void Odi_band_boundaries_follow_the_published_ranges(int percent, OdiBand band)
    {
        Assert.Equal(band, OswestryDisabilityIndex.BandFor(percent));
    }

    [Fact]
    public void Odi_percentages_between_published_bands_fall_in_the_higher_band()
    {
        Assert.Equal(OdiBand.Moderate, OswestryDisabilityIndex.BandFor(20.5m));
        Assert.Equal(OdiBand.BedBoundOrExaggerating, OswestryDisabilityIndex.BandFor(80.1m));
    }

    [Theory]
    [InlineData(10, 20, OdiBand.Minimal)]
    [InlineData(11, 22, OdiBand.Moderate)]
    [InlineData(20, 40, OdiBand.Moderate)]
    [InlineData(21, 42, OdiBand.Severe)]
    [InlineData(40, 80, OdiBand.Crippled)]
    [InlineData(41, 82, OdiBand.BedBoundOrExaggerating)]
    [InlineData(50, 100, OdiBand.BedBoundOrExaggerating)]
    public void Scored_odi_lands_in_the_band_for_its_percentage(int sum, int percent, OdiBand band)
    {
        var result = OswestryDisabilityIndex.Score(WithSum(sum));

        Assert.Equal(percent, result.Percent);
        Assert.Equal(band, result.Band);
    }

    [Fact]
    public void Odi_out_of_range_percentages_have_no_band()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OswestryDisabilityIndex.BandFor(-1m));
        Assert.Throws<ArgumentOutOfRangeException>(() => OswestryDisabilityIndex.BandFor(100.1m));
    }

    [Fact]
    public void Two_missing_sections_are_accepted_by_default_and_three_are_not()
    {
        var two = OswestryDisabilityIndex.Score(WithSum(16, answered: 8));
        Assert.Equal(40m, two.MaximumRaw);
        Assert.Equal(40m, two.Percent);

        var ex = Assert.Throws<QuestionnaireValidationException>(() => OswestryDisabilityIndex.Score(WithSum(16, answered: 7)));
        Assert.Equal(QuestionnaireRule.TooManyMissing, ex.Rule);
        Assert.Equal(OutcomeInstrument.Oswestry, ex.Instrument);
        Assert.Null(ex.ItemIndex);
    }

    [Fact]
    public void The_missing_section_limit_is_an_option()
    {
        Assert.Equal(7, OswestryDisabilityIndex.Score(WithSum(16, answered: 7), maxMissingItems: 3).AnsweredCount);
        Assert.Throws<QuestionnaireValidationException>(() => OswestryDisabilityIndex.Score(WithSum(16, answered: 9), maxMissingItems: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => OswestryDisabilityIndex.Score(Sixteen, maxMissingItems: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => OswestryDisabilityIndex.Score(Sixteen, maxMissingItems: 10));
    }

    [Theory]
    [InlineData(9)]
    [InlineData(11)]
    [InlineData(0)]
    public void Odi_needs_exactly_ten_sections(int count)
    {
        var ex = Assert.Throws<QuestionnaireValidationException>(() => OswestryDisabilityIndex.Score(new int?[count]));

        Assert.Equal(QuestionnaireRule.WrongItemCount, ex.Rule);
        Assert.Equal(OutcomeInstrument.Oswestry, ex.Instrument);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(-1)]
    public void An_odi_answer_outside_0_to_5_is_rejected_naming_the_item_but_not_the_answer(int answer)
    {
        var answers = (int?[])Sixteen.Clone();
        answers[3] = answer;

        var ex = Assert.Throws<QuestionnaireValidationException>(() => OswestryDisabilityIndex.Score(answers));

        Assert.Equal(QuestionnaireRule.ItemOutOfRange, ex.Rule);
        Assert.Equal(3, ex.ItemIndex);
        Assert.Contains("item 4", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Oswestry", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(answer.ToString(System.Globalization.CultureInfo.InvariantCulture) + " ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_answers_are_an_argument_error()
    {
        Assert.Throws<ArgumentNullException>(() => OswestryDisabilityIndex.Score(null!));
    }

    [Fact]
    public void Odi_scoring_is_firm_provenance()
    {
        Assert.Equal(ReliabilityTag.Firm, OswestryDisabilityIndex.Score(Sixteen).Provenance.Reliability);
    }
}
