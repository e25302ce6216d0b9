namespace Sot.Workbench.Questionnaires;

/// <summary>Validation and summing shared by the 10-item, 0–5 questionnaires.</summary>
internal static class ItemAnswers
{
    public const int ItemCount = 10;
    public const int MaximumItemScore = 5;

    /// <summary>Validates the answers and returns the sum and count of the answered ones.</summary>
    public static (int Sum, int Answered) Check(OutcomeInstrument instrument, IReadOnlyList<int?> answers, int maxMissingItems)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentOutOfRangeException.ThrowIfNegative(maxMissingItems);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMissingItems, ItemCount - 1);

        if (answers.Count != ItemCount)
        {
            throw new QuestionnaireValidationException(
                instrument,
                QuestionnaireRule.WrongItemCount,
                null,
                $"expected {ItemCount} items (null for an unanswered one), got {answers.Count}.");
        }

        var sum = 0;
        var answered = 0;
        for (var i = 0; i < answers.Count; i++)
        {
            if (answers[i] is not { } answer)
            {
                continue;
            }

            if (answer is < 0 or > MaximumItemScore)
            {
                throw new QuestionnaireValidationException(
                    instrument,
                    QuestionnaireRule.ItemOutOfRange,
                    i,
                    $"the answer is outside the item scale 0–{MaximumItemScore}.");
            }

            sum += answer;
            answered++;
        }

        var missing = ItemCount - answered;
        if (missing > maxMissingItems)
        {
            throw new QuestionnaireValidationException(
                instrument,
                QuestionnaireRule.TooManyMissing,
                null,
                $"{missing} items are unanswered; at most {maxMissingItems} may be for a score.");
        }

        return (sum, answered);
    }
}
