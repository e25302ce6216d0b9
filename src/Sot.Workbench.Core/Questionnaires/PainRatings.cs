using System.Globalization;

namespace Sot.Workbench.Questionnaires;

/// <summary>A pain rating on the 0–10 numeric rating scale (0 = no pain, 10 = worst imaginable).</summary>
public readonly record struct NrsScore
{
    /// <summary>The lowest rating.</summary>
    public const int Minimum = 0;

    /// <summary>The highest rating.</summary>
    public const int Maximum = 10;

    /// <summary>Creates a rating.</summary>
    /// <exception cref="QuestionnaireValidationException"><paramref name="value"/> is outside 0–10.</exception>
    public NrsScore(int value)
    {
        if (!IsValid(value))
        {
            throw new QuestionnaireValidationException(
                OutcomeInstrument.NumericRatingScale,
                QuestionnaireRule.ValueOutOfRange,
                null,
                $"the rating is outside {Minimum}–{Maximum}.");
        }

        Value = value;
    }

    /// <summary>The rating, 0–10.</summary>
    public int Value { get; }

    /// <summary>True when <paramref name="value"/> is a valid rating.</summary>
    public static bool IsValid(int value) => value is >= Minimum and <= Maximum;

    /// <summary>Creates a rating if <paramref name="value"/> is valid.</summary>
    public static bool TryCreate(int value, out NrsScore score)
    {
        score = IsValid(value) ? new NrsScore(value) : default;
        return IsValid(value);
    }

    /// <summary>"7/10".</summary>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture) + "/10";
}

/// <summary>A pain rating on a 100 mm visual analogue scale, recorded in millimetres from the "no pain" end.</summary>
public readonly record struct VasScore
{
    /// <summary>The lowest reading, in millimetres.</summary>
    public const decimal MinimumMillimetres = 0m;

    /// <summary>The highest reading, in millimetres.</summary>
    public const decimal MaximumMillimetres = 100m;

    /// <summary>Creates a reading.</summary>
    /// <exception cref="QuestionnaireValidationException"><paramref name="millimetres"/> is outside 0–100.</exception>
    public VasScore(decimal millimetres)
    {
        if (!IsValid(millimetres))
        {
            throw new QuestionnaireValidationException(
                OutcomeInstrument.VisualAnalogueScale,
                QuestionnaireRule.ValueOutOfRange,
                null,
                $"the reading is outside {MinimumMillimetres}–{MaximumMillimetres} mm.");
        }

        Millimetres = millimetres;
    }

    /// <summary>The reading in millimetres, 0–100.</summary>
    public decimal Millimetres { get; }

    /// <summary>True when <paramref name="millimetres"/> is a valid reading.</summary>
    public static bool IsValid(decimal millimetres) => millimetres is >= MinimumMillimetres and <= MaximumMillimetres;

    /// <summary>Creates a reading if <paramref name="millimetres"/> is valid.</summary>
    public static bool TryCreate(decimal millimetres, out VasScore score)
    {
        score = IsValid(millimetres) ? new VasScore(millimetres) : default;
        return IsValid(millimetres);
    }

    /// <summary>"42 mm".</summary>
    public override string ToString() => Millimetres.ToString(CultureInfo.InvariantCulture) + " mm";
}
