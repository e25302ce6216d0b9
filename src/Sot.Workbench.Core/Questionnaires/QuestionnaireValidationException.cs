namespace Sot.Workbench.Questionnaires;

/// <summary>
/// An answer set or pain rating was rejected. The message names the instrument, the item and the rule,
/// never the answers themselves.
/// </summary>
public sealed class QuestionnaireValidationException : Exception
{
    /// <summary>Creates an exception with no specific rule.</summary>
    public QuestionnaireValidationException()
        : this("The questionnaire answers were rejected.")
    {
    }

    /// <summary>Creates an exception with no specific rule.</summary>
    public QuestionnaireValidationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with no specific rule.</summary>
    public QuestionnaireValidationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a broken rule.</summary>
    /// <param name="instrument">The instrument.</param>
    /// <param name="rule">The rule broken.</param>
    /// <param name="itemIndex">The zero-based item index, when one item is at fault.</param>
    /// <param name="detail">What is wrong, without patient answers.</param>
    public QuestionnaireValidationException(OutcomeInstrument instrument, QuestionnaireRule rule, int? itemIndex, string detail)
        : base(Describe(instrument, rule, itemIndex, detail))
    {
        Instrument = instrument;
        Rule = rule;
        ItemIndex = itemIndex;
    }

    /// <summary>The instrument, when known.</summary>
    public OutcomeInstrument? Instrument { get; }

    /// <summary>The rule broken.</summary>
    public QuestionnaireRule Rule { get; }

    /// <summary>The zero-based index of the item at fault, when one item is.</summary>
    public int? ItemIndex { get; }

    private static string Describe(OutcomeInstrument instrument, QuestionnaireRule rule, int? itemIndex, string detail)
    {
        var item = itemIndex is { } index ? $" item {index + 1} (index {index})" : string.Empty;
        return $"{instrument}{item}: {detail} [{rule}]";
    }
}
