using Sot.Workbench.Domain;
using Sot.Workbench.Questionnaires;

namespace Sot.Workbench.Core.Tests.Questionnaires;

public class NeckDisabilityIndexTests
{
    private static readonly int?[] SixteenOverNine = [2, 2, 1, 2, 2, 1, 2, null, 1, 3];

    private static int?[] WithSum(int sum)
    {
        var answers = new int?[10];
        for (var i = 0; i < 10; i++)
        {
            var take = Math.Min(5, sum);
            answers[i] = take;
            sum -= take;
        }

        return answers;
    }

    [Fact]
    public void Ndi_with_every_item_answered_is_the_raw_sum_out_of_50_and_doubles_to_a_percentage()
    {
        var result = NeckDisabilityIndex.Score(WithSum(16), MissingItemPolicy.AddMeanOfAnswered);

        Assert.Equal(OutcomeInstrument.NeckDisabilityIndex, result.Instrument);
        Assert.Equal(16m, result.Raw);
        Assert.Equal(50m, result.MaximumRaw);
        Assert.Equal(16m, result.Score);
        Assert.Equal(32m, result.Percent);
        Assert.Equal(NdiBand.Moderate, result.Band);
        Assert.Equal(0, result.MissingCount);
    }

    [Fact]
    public void Ndi_adding_the_mean_of_answered_items_reports_a_raw_score_out_of_50()
    {
        var result = NeckDisabilityIndex.Score(SixteenOverNine, MissingItemPolicy.AddMeanOfAnswered);

        Assert.Equal(MissingItemPolicy.AddMeanOfAnswered, result.Policy);
        Assert.Equal(16, result.AnsweredSum);
        Assert.Equal(17.8m, QuestionnaireResult.RoundForDisplay(result.Raw)); // 16 + 16/9
        Assert.Equal(50m, result.MaximumRaw);
        Assert.Equal(17.8m, result.DisplayScore);
        Assert.Equal(35.6m, result.DisplayPercent);
        Assert.Equal(9, result.AnsweredCount);
        Assert.Equal(1, result.MissingCount);
        Assert.Equal(NdiBand.Moderate, result.Band);
    }

    [Fact]
    public void Ndi_reducing_the_denominator_reports_the_answered_sum_out_of_45()
    {
        var result = NeckDisabilityIndex.Score(SixteenOverNine, MissingItemPolicy.ReduceDenominator);

        Assert.Equal(MissingItemPolicy.ReduceDenominator, result.Policy);
        Assert.Equal(16m, result.Raw);
        Assert.Equal(45m, result.MaximumRaw);
        Assert.Equal(17.8m, result.DisplayScore);
        Assert.Equal(35.6m, result.DisplayPercent);
        Assert.Equal(NdiBand.Moderate, result.Band);
    }

    [Fact]
    public void Both_ndi_policies_agree_on_the_score_and_differ_only_in_the_raw_score_reported()
    {
        var mean = NeckDisabilityIndex.Score(SixteenOverNine, MissingItemPolicy.AddMeanOfAnswered);
        var reduced = NeckDisabilityIndex.Score(SixteenOverNine, MissingItemPolicy.ReduceDenominator);

        Assert.Equal(mean.Score, reduced.Score);
        Assert.Equal(mean.Band, reduced.Band);
        Assert.NotEqual(mean.Raw, reduced.Raw);
        Assert.False(QuestionnaireChange.Between(mean, reduced).MeetsThreshold);
    }

    [Fact]
    public void Ndi_scoring_is_tagged_as_conflicting_sources()
    {
        var result = NeckDisabilityIndex.Score(SixteenOverNine, MissingItemPolicy.ReduceDenominator);

        Assert.Equal(ReliabilityTag.Conflict, result.Provenance.Reliability);
    }

    [Theory]
    [InlineData(0, NdiBand.None)]
    [InlineData(4, NdiBand.None)]
    [InlineData(5, NdiBand.Mild)]
    [InlineData(14, NdiBand.Mild)]
    [InlineData(15, NdiBand.Moderate)]
    [InlineData(24, NdiBand.Moderate)]
    [InlineData(25, NdiBand.Severe)]
    [InlineData(34, NdiBand.Severe)]
    [InlineData(35, NdiBand.Complete)]
    [InlineData(50, NdiBand.Complete)]
    public void Ndi_band_boundaries_follow_the_published_raw_ranges(int raw, NdiBand band)
    {
        Assert.Equal(band, NdiBandOf(raw));
        Assert.Equal(band, NeckDisabilityIndex.BandFor(raw));
    }

    private static NdiBand NdiBandOf(int raw) => NeckDisabilityIndex.Score(WithSum(raw), MissingItemPolicy.ReduceDenominator).Band;

    [Fact]
    public void Ndi_fractional_scores_between_bands_fall_in_the_higher_band()
    {
        Assert.Equal(NdiBand.Mild, NeckDisabilityIndex.BandFor(4.4m));
        Assert.Equal(NdiBand.Complete, NeckDisabilityIndex.BandFor(34.5m));
        Assert.Throws<ArgumentOutOfRangeException>(() => NeckDisabilityIndex.BandFor(50.5m));
        Assert.Throws<ArgumentOutOfRangeException>(() => NeckDisabilityIndex.BandFor(-0.1m));
    }

    [Fact]
    public void Ndi_rejects_too_many_missing_items_wrong_counts_and_out_of_range_answers()
    {
        int?[] threeMissing = [2, 2, 1, null, 2, 1, 2, null, 1, null];
        var missing = Assert.Throws<QuestionnaireValidationException>(() => NeckDisabilityIndex.Score(threeMissing, MissingItemPolicy.AddMeanOfAnswered));
        Assert.Equal(QuestionnaireRule.TooManyMissing, missing.Rule);
        Assert.Equal(OutcomeInstrument.NeckDisabilityIndex, missing.Instrument);

        var count = Assert.Throws<QuestionnaireValidationException>(() => NeckDisabilityIndex.Score(new int?[] { 1, 2, 3 }, MissingItemPolicy.AddMeanOfAnswered));
        Assert.Equal(QuestionnaireRule.WrongItemCount, count.Rule);

        int?[] outOfRange = [2, 2, 1, 2, 2, 1, 2, 2, 1, 9];
        var range = Assert.Throws<QuestionnaireValidationException>(() => NeckDisabilityIndex.Score(outOfRange, MissingItemPolicy.ReduceDenominator));
        Assert.Equal(QuestionnaireRule.ItemOutOfRange, range.Rule);
        Assert.Equal(9, range.ItemIndex);
    }

    [Fact]
    public void Ndi_rejects_an_undefined_policy()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NeckDisabilityIndex.Score(SixteenOverNine, (MissingItemPolicy)7));
    }
}
