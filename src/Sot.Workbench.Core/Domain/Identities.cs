namespace Sot.Workbench.Domain;

/// <summary>An opaque patient identity. Only ids — never names — appear in logs and errors.</summary>
public readonly record struct PatientId(Guid Value)
{
    /// <summary>A new random id.</summary>
    public static PatientId New() => new(RandomIds.NewGuid());
    /// <summary>Parses the text form produced by <see cref="ToString"/>.</summary>
    public static PatientId Parse(string text) => new(IdText.Parse(text, "pat"));
    /// <inheritdoc />
    public override string ToString() => IdText.Format("pat", Value);
}

/// <summary>An opaque practitioner (or staff member) identity.</summary>
public readonly record struct PractitionerId(Guid Value)
{
    /// <summary>A new random id.</summary>
    public static PractitionerId New() => new(RandomIds.NewGuid());
    /// <summary>Parses the text form produced by <see cref="ToString"/>.</summary>
    public static PractitionerId Parse(string text) => new(IdText.Parse(text, "prac"));
    /// <inheritdoc />
    public override string ToString() => IdText.Format("prac", Value);
}

/// <summary>An opaque visit identity.</summary>
public readonly record struct VisitId(Guid Value)
{
    /// <summary>A new random id.</summary>
    public static VisitId New() => new(RandomIds.NewGuid());
    /// <summary>Parses the text form produced by <see cref="ToString"/>.</summary>
    public static VisitId Parse(string text) => new(IdText.Parse(text, "visit"));
    /// <inheritdoc />
    public override string ToString() => IdText.Format("visit", Value);
}

internal static class IdText
{
    public static string Format(string prefix, Guid value) => prefix + "_" + value.ToString("N");

    public static Guid Parse(string text, string prefix)
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = text.StartsWith(prefix + "_", StringComparison.Ordinal) ? text[(prefix.Length + 1)..] : text;
        return Guid.TryParse(body, out var guid)
            ? guid
            : throw new FormatException($"'{text}' is not a valid {prefix} id (expected '{prefix}_' followed by 32 hex digits).");
    }
}
