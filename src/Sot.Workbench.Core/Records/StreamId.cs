using Sot.Workbench.CarePlans;
using Sot.Workbench.Domain;

namespace Sot.Workbench.Records;

/// <summary>What a stream holds.</summary>
public enum StreamKind
{
    /// <summary>A patient's administrative record (registration, corrections of details).</summary>
    Patient = 1,
    /// <summary>One visit (encounter) and its clinical note.</summary>
    Visit = 2,
    /// <summary>One care plan (episode of care).</summary>
    CarePlan = 3,
}

/// <summary>
/// The id of an event stream: 1–100 characters from <c>a–z</c>, <c>0–9</c>, <c>_</c>, <c>-</c> and <c>.</c>.
/// Streams of the domain use the text form of their aggregate's id (<c>pat_…</c>, <c>visit_…</c>, <c>plan_…</c>),
/// so a stream id is opaque and never carries patient data.
/// </summary>
public readonly record struct StreamId
{
    /// <summary>The longest stream id accepted.</summary>
    public const int MaxLength = 100;

    /// <summary>Creates a stream id.</summary>
    /// <exception cref="ArgumentException">The text is empty, too long or has a character outside the allowed set.</exception>
    public StreamId(string value)
    {
        Value = Validate(value);
    }

    /// <summary>The id's text.</summary>
    public string Value { get; }

    /// <summary>The stream of a patient's administrative record.</summary>
    public static StreamId For(PatientId patient) => new(patient.ToString());

    /// <summary>The stream of a visit.</summary>
    public static StreamId For(VisitId visit) => new(visit.ToString());

    /// <summary>The stream of a care plan.</summary>
    public static StreamId For(CarePlanId plan) => new(plan.ToString());

    /// <summary>True when <paramref name="value"/> is a valid stream id.</summary>
    public static bool IsValid([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;

    private static string Validate(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return IsValid(value)
            ? value
            : throw new ArgumentException($"A stream id has 1–{MaxLength} characters from a–z, 0–9, '_', '-' and '.' (got {value.Length} characters).", nameof(value));
    }
}
