using Sot.Workbench.Domain;

namespace Sot.Workbench.Questionnaires;

/// <summary>
/// Scores the Neck Disability Index (Vernon &amp; Mior): 10 items scored 0–5, raw score out of 50,
/// percentage = raw × 2.
/// </summary>
/// <remarks>
/// <para>Sources differ on unanswered items, so the caller chooses a <see cref="MissingItemPolicy"/> and the
/// result records it. Vernon adds the mean of the answered items for each unanswered one
/// (<see cref="MissingItemPolicy.AddMeanOfAnswered"/>: raw 17.8 of 50 for 16 over nine items); form guides
/// drop the maximum by 5 (<see cref="MissingItemPolicy.ReduceDenominator"/>: raw 16 of 45). Without rounding
/// of the imputed mean, both give the same percentage and the same <see cref="QuestionnaireResult.Score"/>
/// (the raw score scaled to 50); they differ in the raw score and maximum they report.</para>
/// <para>Bands use the score out of 50 with inclusive upper bounds: ≤ 4 none, ≤ 14 mild, ≤ 24 moderate,
/// ≤ 34 severe, above 34 complete; a fractional score between two bands (e.g. 4.4) falls in the higher.</para>
/// <para>At most <see cref="DefaultMaxMissingItems"/> unanswered items are accepted unless the caller
/// chooses otherwise. This limit is a library convention, not part of the published scoring.</para>
/// </remarks>
public static class NeckDisabilityIndex
{
    /// <summary>The number of items.</summary>
    public const int ItemCount = ItemAnswers.ItemCount;

    /// <summary>The highest answer to an item.</summary>
    public const int MaximumItemScore = ItemAnswers.MaximumItemScore;

    /// <summary>The highest raw score with every item answered.</summary>
    public const int MaximumRawScore = ItemCount * MaximumItemScore;

    /// <summary>The default for how many items may be unanswered.</summary>
    public const int DefaultMaxMissingItems = 2;

    /// <summary>The minimal clinically important difference, in raw points out of 50 (equal to the minimal detectable change).</summary>
    public const decimal MinimalClinicallyImportantDifference = 5m;

    /// <summary>Where the scoring rules come from; the missing-item handling is disputed.</summary>
    public static Provenance Provenance { get; } = new(
        ReliabilityTag.Conflict,
        "NDI scoring, bands and MCID = MDC ≈ 5 points per Vernon [S47]; missing items: Vernon adds the mean of the answered items, form guides reduce the denominator (domain reference §7.3, §9.2).");

    /// <summary>Scores the ten items.</summary>
    /// <param name="items">Ten answers 0–5 in item order; null for an unanswered item.</param>
    /// <param name="policy">How unanswered items are handled (recorded in the result).</param>
    /// <param name="maxMissingItems">How many items may be unanswered (0–9).</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="policy"/> is not defined, or <paramref name="maxMissingItems"/> is outside 0–9.</exception>
    /// <exception cref="QuestionnaireValidationException">Not ten items, an answer outside 0–5, or too many unanswered.</exception>
    public static NdiResult Score(IReadOnlyList<int?> items, MissingItemPolicy policy, int maxMissingItems = DefaultMaxMissingItems)
    {
        if (!Enum.IsDefined(policy))
        {
            throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown missing-item policy.");
        }

        var (sum, answered) = ItemAnswers.Check(OutcomeInstrument.NeckDisabilityIndex, items, maxMissingItems);
        var missing = ItemCount - answered;
        var scoreOutOf50 = missing == 0 ? sum : sum * (decimal)ItemCount / answered;
        var percent = scoreOutOf50 * 2;
        var (raw, maximum) = policy == MissingItemPolicy.AddMeanOfAnswered
            ? (scoreOutOf50, (decimal)MaximumRawScore)
            : (sum, (decimal)(MaximumItemScore * answered));
        return new NdiResult(sum, raw, maximum, percent, scoreOutOf50, answered, missing, policy, BandFor(scoreOutOf50));
    }

    /// <summary>The band for a score out of 50 (inclusive upper bounds: 4, 14, 24, 34).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scoreOutOf50"/> is outside 0–50.</exception>
    public static NdiBand BandFor(decimal scoreOutOf50)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scoreOutOf50);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scoreOutOf50, MaximumRawScore);
        return scoreOutOf50 switch
        {
            <= 4m => NdiBand.None,
            <= 14m => NdiBand.Mild,
            <= 24m => NdiBand.Moderate,
            <= 34m => NdiBand.Severe,
            _ => NdiBand.Complete,
        };
    }
}
