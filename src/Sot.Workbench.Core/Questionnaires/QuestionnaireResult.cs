using Sot.Workbench.Domain;

namespace Sot.Workbench.Questionnaires;

/// <summary>
/// A scored outcome questionnaire. Numbers are kept exact (decimal); round only for display with
/// <see cref="DisplayPercent"/> and <see cref="DisplayScore"/>.
/// </summary>
/// <param name="Instrument">The questionnaire.</param>
/// <param name="AnsweredSum">The sum of the answered items.</param>
/// <param name="Raw">The raw score as <paramref name="Policy"/> reports it: the answered sum, or (NDI, mean added) the imputed total out of 50.</param>
/// <param name="MaximumRaw">The maximum the raw score is out of: 5 × answered items, or 50 when the mean is added.</param>
/// <param name="Percent">The score as a percentage, exact (0–100).</param>
/// <param name="Score">The value the bands and change thresholds are defined on: ODI percentage points; NDI points out of 50.</param>
/// <param name="AnsweredCount">How many items were answered.</param>
/// <param name="MissingCount">How many items were not answered.</param>
/// <param name="Policy">How unanswered items were handled.</param>
/// <param name="Provenance">Where the scoring rules come from and how reliable they are.</param>
public abstract record QuestionnaireResult(
    OutcomeInstrument Instrument,
    int AnsweredSum,
    decimal Raw,
    decimal MaximumRaw,
    decimal Percent,
    decimal Score,
    int AnsweredCount,
    int MissingCount,
    MissingItemPolicy Policy,
    Provenance Provenance)
{
    /// <summary>Decimal places shown by <see cref="DisplayPercent"/> and <see cref="DisplayScore"/>.</summary>
    public const int DisplayDecimals = 1;

    /// <summary>
    /// <see cref="Percent"/> rounded to one decimal place, half away from zero (16/45 → 35.6; note that
    /// one published scoring guide truncates the same example to 35.5).
    /// </summary>
    public decimal DisplayPercent => RoundForDisplay(Percent);

    /// <summary><see cref="Score"/> rounded to one decimal place, half away from zero.</summary>
    public decimal DisplayScore => RoundForDisplay(Score);

    /// <summary>
    /// The smallest change in <see cref="Score"/> treated as real: the minimal detectable change (ODI)
    /// or the minimal clinically important difference (NDI).
    /// </summary>
    public abstract decimal ChangeThreshold { get; }

    /// <summary>Rounds a score for display: one decimal place, half away from zero.</summary>
    public static decimal RoundForDisplay(decimal value) => Math.Round(value, DisplayDecimals, MidpointRounding.AwayFromZero);
}

/// <summary>A scored Oswestry Disability Index. <see cref="QuestionnaireResult.Score"/> is the percentage; the raw score is the answered sum out of 5 × answered sections.</summary>
/// <param name="AnsweredSum">The sum of the answered items.</param>
/// <param name="Raw">The raw score as the missing-item policy reports it.</param>
/// <param name="MaximumRaw">The maximum the raw score is out of.</param>
/// <param name="Percent">The score as a percentage, exact (0–100).</param>
/// <param name="AnsweredCount">How many items were answered.</param>
/// <param name="MissingCount">How many items were not answered.</param>
/// <param name="Band">The interpretation band.</param>
public sealed record OdiResult(
    int AnsweredSum,
    decimal Raw,
    decimal MaximumRaw,
    decimal Percent,
    int AnsweredCount,
    int MissingCount,
    OdiBand Band)
    : QuestionnaireResult(
        OutcomeInstrument.Oswestry,
        AnsweredSum,
        Raw,
        MaximumRaw,
        Percent,
        Percent,
        AnsweredCount,
        MissingCount,
        MissingItemPolicy.ReduceDenominator,
        OswestryDisabilityIndex.Provenance)
{
    /// <inheritdoc />
    public override decimal ChangeThreshold => OswestryDisabilityIndex.MinimalDetectableChange;
}

/// <summary>A scored Neck Disability Index. <see cref="QuestionnaireResult.Score"/> is the score out of 50 whatever the policy.</summary>
/// <param name="AnsweredSum">The sum of the answered items.</param>
/// <param name="Raw">The raw score as the missing-item policy reports it.</param>
/// <param name="MaximumRaw">The maximum the raw score is out of.</param>
/// <param name="Percent">The score as a percentage, exact (0–100).</param>
/// <param name="Score">The score out of 50 (missing items accounted for).</param>
/// <param name="AnsweredCount">How many items were answered.</param>
/// <param name="MissingCount">How many items were not answered.</param>
/// <param name="Policy">How unanswered items were handled.</param>
/// <param name="Band">The interpretation band.</param>
public sealed record NdiResult(
    int AnsweredSum,
    decimal Raw,
    decimal MaximumRaw,
    decimal Percent,
    decimal Score,
    int AnsweredCount,
    int MissingCount,
    MissingItemPolicy Policy,
    NdiBand Band)
    : QuestionnaireResult(
        OutcomeInstrument.NeckDisabilityIndex,
        AnsweredSum,
        Raw,
        MaximumRaw,
        Percent,
        Score,
        AnsweredCount,
        MissingCount,
        Policy,
        NeckDisabilityIndex.Provenance)
{
    /// <inheritdoc />
    public override decimal ChangeThreshold => NeckDisabilityIndex.MinimalClinicallyImportantDifference;
}

/// <summary>The change between two scores of the same questionnaire.</summary>
/// <param name="Instrument">The questionnaire.</param>
/// <param name="Baseline">The earlier score (the instrument's <see cref="QuestionnaireResult.Score"/>).</param>
/// <param name="FollowUp">The later score.</param>
/// <param name="Difference">Later minus earlier; negative means less disability.</param>
/// <param name="Threshold">The instrument's change threshold (see <see cref="QuestionnaireResult.ChangeThreshold"/>).</param>
/// <param name="Direction">Which way the score moved.</param>
/// <param name="MeetsThreshold">True when the size of the change is at least <paramref name="Threshold"/>.</param>
public sealed record QuestionnaireChange(
    OutcomeInstrument Instrument,
    decimal Baseline,
    decimal FollowUp,
    decimal Difference,
    decimal Threshold,
    ChangeDirection Direction,
    bool MeetsThreshold)
{
    /// <summary>True when the score went down by at least the threshold.</summary>
    public bool IsMeaningfulImprovement => MeetsThreshold && Direction == ChangeDirection.Improved;

    /// <summary>True when the score went up by at least the threshold.</summary>
    public bool IsMeaningfulWorsening => MeetsThreshold && Direction == ChangeDirection.Worsened;

    /// <summary>
    /// Compares two results of the same questionnaire on their exact <see cref="QuestionnaireResult.Score"/>
    /// (not the rounded display values).
    /// </summary>
    /// <exception cref="ArgumentNullException">A result is null.</exception>
    /// <exception cref="ArgumentException">The results are of different questionnaires.</exception>
    public static QuestionnaireChange Between(QuestionnaireResult baseline, QuestionnaireResult followUp)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(followUp);
        if (baseline.Instrument != followUp.Instrument)
        {
            throw new ArgumentException(
                $"Cannot compare a {followUp.Instrument} result with a {baseline.Instrument} baseline.",
                nameof(followUp));
        }

        var difference = followUp.Score - baseline.Score;
        var direction = difference switch
        {
            < 0 => ChangeDirection.Improved,
            > 0 => ChangeDirection.Worsened,
            _ => ChangeDirection.Unchanged,
        };
        var threshold = baseline.ChangeThreshold;
        return new QuestionnaireChange(
            baseline.Instrument,
            baseline.Score,
            followUp.Score,
            difference,
            threshold,
            direction,
            Math.Abs(difference) >= threshold);
    }
}
