using Sot.Workbench.Questionnaires;

namespace Sot.Workbench.Core.Tests.Questionnaires;

public class QuestionnaireChangeTests
{
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

    private static OdiResult Odi(int sum) => OswestryDisabilityIndex.Score(WithSum(sum));

    private static NdiResult Ndi(int sum) => NeckDisabilityIndex.Score(WithSum(sum), MissingItemPolicy.AddMeanOfAnswered);

    [Fact]
    public void An_odi_drop_of_10_points_is_a_detectable_improvement()
    {
        var change = QuestionnaireChange.Between(Odi(20), Odi(15)); // 40 % → 30 %

        Assert.Equal(-10m, change.Difference);
        Assert.Equal(10m, change.Threshold);
        Assert.Equal(ChangeDirection.Improved, change.Direction);
        Assert.True(change.MeetsThreshold);
        Assert.True(change.IsMeaningfulImprovement);
        Assert.False(change.IsMeaningfulWorsening);
    }

    [Fact]
    public void An_odi_drop_of_8_points_is_below_the_minimal_detectable_change()
    {
        var change = QuestionnaireChange.Between(Odi(20), Odi(16)); // 40 % → 32 %

        Assert.Equal(ChangeDirection.Improved, change.Direction);
        Assert.False(change.MeetsThreshold);
        Assert.False(change.IsMeaningfulImprovement);
    }

    [Fact]
    public void An_odi_rise_of_12_points_is_a_detectable_worsening()
    {
        var change = QuestionnaireChange.Between(Odi(10), Odi(16));

        Assert.Equal(12m, change.Difference);
        Assert.Equal(ChangeDirection.Worsened, change.Direction);
        Assert.True(change.IsMeaningfulWorsening);
    }

    [Theory]
    [InlineData(20, 15, true, ChangeDirection.Improved)]
    [InlineData(20, 16, false, ChangeDirection.Improved)]
    [InlineData(12, 17, true, ChangeDirection.Worsened)]
    [InlineData(12, 12, false, ChangeDirection.Unchanged)]
    public void Ndi_changes_are_judged_against_5_raw_points(int before, int after, bool meets, ChangeDirection direction)
    {
        var change = QuestionnaireChange.Between(Ndi(before), Ndi(after));

        Assert.Equal(5m, change.Threshold);
        Assert.Equal(meets, change.MeetsThreshold);
        Assert.Equal(direction, change.Direction);
        Assert.Equal(before, change.Baseline);
        Assert.Equal(after, change.FollowUp);
    }

    [Fact]
    public void Results_of_different_questionnaires_cannot_be_compared()
    {
        Assert.Throws<ArgumentException>(() => QuestionnaireChange.Between(Odi(10), Ndi(10)));
        Assert.Throws<ArgumentNullException>(() => QuestionnaireChange.Between(Odi(10), null!));
    }
}
