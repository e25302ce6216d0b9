namespace Sot.Workbench.Questionnaires;

/// <summary>An outcome questionnaire or pain scale the library scores or validates.</summary>
public enum OutcomeInstrument
{
    /// <summary>Oswestry Disability Index (low back).</summary>
    Oswestry = 1,
    /// <summary>Neck Disability Index (Vernon &amp; Mior).</summary>
    NeckDisabilityIndex = 2,
    /// <summary>Numeric rating scale for pain, 0–10.</summary>
    NumericRatingScale = 3,
    /// <summary>Visual analogue scale for pain, a 100 mm line.</summary>
    VisualAnalogueScale = 4,
}

/// <summary>Oswestry Disability Index interpretation bands (by percentage score).</summary>
public enum OdiBand
{
    /// <summary>0–20 %: minimal disability.</summary>
    Minimal = 0,
    /// <summary>21–40 %: moderate disability.</summary>
    Moderate = 1,
    /// <summary>41–60 %: severe disability.</summary>
    Severe = 2,
    /// <summary>61–80 %: crippled.</summary>
    Crippled = 3,
    /// <summary>81–100 %: bed-bound, or exaggerating symptoms.</summary>
    BedBoundOrExaggerating = 4,
}

/// <summary>Neck Disability Index interpretation bands (by raw score out of 50).</summary>
public enum NdiBand
{
    /// <summary>0–4: no disability.</summary>
    None = 0,
    /// <summary>5–14: mild.</summary>
    Mild = 1,
    /// <summary>15–24: moderate.</summary>
    Moderate = 2,
    /// <summary>25–34: severe.</summary>
    Severe = 3,
    /// <summary>Above 34: complete.</summary>
    Complete = 4,
}

/// <summary>How unanswered items are handled. Sources differ for the NDI, so the policy used is recorded with each result.</summary>
public enum MissingItemPolicy
{
    /// <summary>
    /// Score only the answered items: the maximum drops by 5 per unanswered item and the raw score is
    /// the sum of the answers (e.g. 16 out of 45). ODI scoring and the NDI form guides.
    /// </summary>
    ReduceDenominator = 0,
    /// <summary>
    /// Vernon's NDI rule: add the mean of the answered items for each unanswered one, giving a raw
    /// score out of 50 (e.g. 16 + 16/9 = 17.8 out of 50).
    /// </summary>
    AddMeanOfAnswered = 1,
}

/// <summary>Which way a questionnaire score moved. Higher ODI and NDI scores mean more disability.</summary>
public enum ChangeDirection
{
    /// <summary>The score did not change.</summary>
    Unchanged = 0,
    /// <summary>The score went down (less disability).</summary>
    Improved = 1,
    /// <summary>The score went up (more disability).</summary>
    Worsened = 2,
}

/// <summary>The rule an answer set or a pain rating broke.</summary>
public enum QuestionnaireRule
{
    /// <summary>No specific rule (only for exceptions made with the standard constructors).</summary>
    Unspecified = 0,
    /// <summary>The answer set does not have the instrument's number of items.</summary>
    WrongItemCount = 1,
    /// <summary>An item's answer is outside the item scale (0–5).</summary>
    ItemOutOfRange = 2,
    /// <summary>More items are unanswered than the scoring allows.</summary>
    TooManyMissing = 3,
    /// <summary>A pain rating is outside its scale (NRS 0–10, VAS 0–100 mm).</summary>
    ValueOutOfRange = 4,
}

/// <summary>The short codes of the outcome instruments ("ODI", "NDI", "NRS", "VAS"), as care plans name them.</summary>
public static class OutcomeInstruments
{
    /// <summary>The instrument's short code (e.g. "ODI").</summary>
    /// <exception cref="ArgumentOutOfRangeException">The instrument is not defined.</exception>
    public static string Code(OutcomeInstrument instrument) => instrument switch
    {
        OutcomeInstrument.Oswestry => "ODI",
        OutcomeInstrument.NeckDisabilityIndex => "NDI",
        OutcomeInstrument.NumericRatingScale => "NRS",
        OutcomeInstrument.VisualAnalogueScale => "VAS",
        _ => throw new ArgumentOutOfRangeException(nameof(instrument), instrument, "Not a defined outcome instrument."),
    };

    /// <summary>Reads a short code (case-insensitive) or an <see cref="OutcomeInstrument"/> name.</summary>
    public static bool TryParse(string? code, out OutcomeInstrument instrument)
    {
        foreach (var candidate in Enum.GetValues<OutcomeInstrument>())
        {
            if (string.Equals(code, Code(candidate), StringComparison.OrdinalIgnoreCase) || string.Equals(code, candidate.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                instrument = candidate;
                return true;
            }
        }

        instrument = default;
        return false;
    }
}
