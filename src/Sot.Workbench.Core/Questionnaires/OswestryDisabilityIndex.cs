using Sot.Workbench.Domain;

namespace Sot.Workbench.Questionnaires;

/// <summary>
/// Scores the Oswestry Disability Index: 10 sections scored 0–5; index = sum / (5 × answered sections)
/// × 100, so every unanswered section lowers the maximum by 5.
/// </summary>
/// <remarks>
/// <para>The percentage is kept exact; <see cref="QuestionnaireResult.DisplayPercent"/> rounds it to one
/// decimal place, half away from zero: 16 of 45 → 35.6 % (one published guide truncates this example to
/// 35.5 %).</para>
/// <para>Bands are read with inclusive upper bounds on the exact percentage: ≤ 20 minimal, ≤ 40 moderate,
/// ≤ 60 severe, ≤ 80 crippled, above 80 bed-bound or exaggerating; so 20 is minimal and 20.5 moderate.</para>
/// <para>At most <see cref="DefaultMaxMissingItems"/> unanswered sections are accepted unless the caller
/// chooses otherwise. This limit is a library convention, not part of the published scoring.</para>
/// </remarks>
public static class OswestryDisabilityIndex
{
    /// <summary>The number of sections.</summary>
    public const int ItemCount = ItemAnswers.ItemCount;

    /// <summary>The highest answer in a section.</summary>
    public const int MaximumItemScore = ItemAnswers.MaximumItemScore;

    /// <summary>The default for how many sections may be unanswered.</summary>
    public const int DefaultMaxMissingItems = 2;

    /// <summary>The minimal detectable change, in percentage points.</summary>
    public const decimal MinimalDetectableChange = 10m;

    /// <summary>Where the scoring rules come from.</summary>
    public static Provenance Provenance { get; } = new(
        ReliabilityTag.Firm,
        "ODI scoring and interpretation per the domain reference §7.3 [S46]; MDC ≈ 10 points.");

    /// <summary>Scores the ten sections.</summary>
    /// <param name="sections">Ten answers 0–5 in section order; null for an unanswered section.</param>
    /// <param name="maxMissingItems">How many sections may be unanswered (0–9).</param>
    /// <exception cref="ArgumentNullException"><paramref name="sections"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxMissingItems"/> is outside 0–9.</exception>
    /// <exception cref="QuestionnaireValidationException">Not ten sections, an answer outside 0–5, or too many unanswered.</exception>
    public static OdiResult Score(IReadOnlyList<int?> sections, int maxMissingItems = DefaultMaxMissingItems)
    {
        var (sum, answered) = ItemAnswers.Check(OutcomeInstrument.Oswestry, sections, maxMissingItems);
        var maximum = MaximumItemScore * answered;
        var percent = sum * 100m / maximum;
        return new OdiResult(sum, sum, maximum, percent, answered, ItemCount - answered, BandFor(percent));
    }

    /// <summary>The band for a percentage score (inclusive upper bounds: 20, 40, 60, 80).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="percent"/> is outside 0–100.</exception>
    public static OdiBand BandFor(decimal percent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100m);
        return percent switch
        {
            <= 20m => OdiBand.Minimal,
            <= 40m => OdiBand.Moderate,
            <= 60m => OdiBand.Severe,
            <= 80m => OdiBand.Crippled,
            _ => OdiBand.BedBoundOrExaggerating,
        };
    }
}
