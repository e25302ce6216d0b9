namespace Sot.Workbench.Protocols;

/// <summary>The rule a blocking-protocol file broke.</summary>
public enum ProtocolFileRule
{
    /// <summary>No specific rule (only for exceptions made with the standard constructors).</summary>
    Unspecified = 0,
    /// <summary>The file could not be read.</summary>
    Unreadable = 1,
    /// <summary>The file is larger than <see cref="BlockProtocolSet.MaximumFileBytes"/>.</summary>
    FileTooLarge = 2,
    /// <summary>The file is not well-formed JSON (or repeats a property name in one object).</summary>
    MalformedJson = 3,
    /// <summary>The file's schema version is not one this library reads.</summary>
    UnsupportedSchemaVersion = 4,
    /// <summary>A required field is missing, null or blank.</summary>
    MissingField = 5,
    /// <summary>A field this schema version does not define (often a misspelling).</summary>
    UnknownField = 6,
    /// <summary>A field has the wrong JSON type (e.g. text where a number belongs).</summary>
    WrongType = 7,
    /// <summary>The mode is not "extend" or "replace", or a clinic file gives none.</summary>
    InvalidMode = 8,
    /// <summary>The file has no protocols.</summary>
    NoProtocols = 9,
    /// <summary>A protocol code does not follow <see cref="Domain.CodeRules"/>.</summary>
    InvalidCode = 10,
    /// <summary>A protocol code appears twice in the file, or (extend mode) is already in the set.</summary>
    DuplicateCode = 11,
    /// <summary>A site, orientation, category, position, breath phase, adjunct or reliability value is not defined.</summary>
    UnknownEnumValue = 12,
    /// <summary>A block angle is outside 0–90 degrees.</summary>
    AngleOutOfRange = 13,
    /// <summary>A suggested time is outside 1–30 minutes, or its minimum exceeds its maximum.</summary>
    MinutesOutOfRange = 14,
    /// <summary>A verification indicator code does not follow <see cref="Domain.CodeRules"/>.</summary>
    InvalidIndicatorCode = 15,
    /// <summary>A verification indicator code is not in the caller's indicator catalogue.</summary>
    UnknownIndicatorCode = 16,
    /// <summary>A verification indicator code (or an adjunct) is listed twice in one protocol.</summary>
    DuplicateEntry = 17,
}

/// <summary>One problem found in a blocking-protocol file.</summary>
/// <param name="Rule">The rule broken.</param>
/// <param name="Code">The protocol code involved, when known.</param>
/// <param name="Line">The 1-based line in the file, when known.</param>
/// <param name="Column">The 1-based byte position in that line, when known.</param>
/// <param name="JsonPath">Where in the document the problem is (e.g. "$.protocols[1].shortLegSideBlock.angleDegrees"), when known.</param>
/// <param name="Detail">What is wrong, in words.</param>
public sealed record ProtocolFileError(ProtocolFileRule Rule, string? Code, int? Line, int? Column, string? JsonPath, string Detail)
{
    /// <summary>The error as one line of text, e.g. "line 12, protocol 'CAT1-CLINIC': … [AngleOutOfRange]".</summary>
    public override string ToString()
    {
        var where = new List<string>(3);
        if (Line is { } line)
        {
            where.Add(Column is { } column ? $"line {line}, position {column}" : $"line {line}");
        }

        if (JsonPath is not null)
        {
            where.Add(JsonPath);
        }

        if (Code is not null)
        {
            where.Add($"protocol '{Code}'");
        }

        var prefix = where.Count == 0 ? string.Empty : string.Join(", ", where) + ": ";
        return $"{prefix}{Detail} [{Rule}]";
    }
}

/// <summary>
/// A blocking-protocol file was rejected. <see cref="Rule"/>, <see cref="Code"/> and <see cref="Line"/>
/// describe the first problem; <see cref="Errors"/> lists every problem found. The protocol set the
/// file was loaded onto is unchanged.
/// </summary>
public sealed class ProtocolFileException : Exception
{
    /// <summary>Creates an exception with no specific rule.</summary>
    public ProtocolFileException()
        : this("The blocking-protocol file was rejected.")
    {
    }

    /// <summary>Creates an exception with no specific rule.</summary>
    public ProtocolFileException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates an exception with no specific rule.</summary>
    public ProtocolFileException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>Creates an exception for the problems found in <paramref name="fileName"/>.</summary>
    /// <param name="fileName">The file's name, if known.</param>
    /// <param name="errors">The problems found; at least one.</param>
    /// <param name="innerException">The underlying parser or I/O exception, if any.</param>
    public ProtocolFileException(string? fileName, IReadOnlyList<ProtocolFileError> errors, Exception? innerException = null)
        : base(Describe(fileName, errors), innerException)
    {
        FileName = fileName;
        Errors = errors;
    }

    /// <summary>The file's name, when known.</summary>
    public string? FileName { get; }

    /// <summary>Every problem found, in file order where possible.</summary>
    public IReadOnlyList<ProtocolFileError> Errors { get; }

    /// <summary>The rule the first problem broke.</summary>
    public ProtocolFileRule Rule => Errors.Count > 0 ? Errors[0].Rule : ProtocolFileRule.Unspecified;

    /// <summary>The protocol code involved in the first problem, when known.</summary>
    public string? Code => Errors.Count > 0 ? Errors[0].Code : null;

    /// <summary>The 1-based line of the first problem, when known.</summary>
    public int? Line => Errors.Count > 0 ? Errors[0].Line : null;

    /// <summary>The 1-based byte position in the line of the first problem, when known.</summary>
    public int? Column => Errors.Count > 0 ? Errors[0].Column : null;

    private static string Describe(string? fileName, IReadOnlyList<ProtocolFileError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("At least one error is required.", nameof(errors));
        }

        var file = fileName is null ? "Blocking-protocol file" : $"Blocking-protocol file '{fileName}'";
        return errors.Count == 1
            ? $"{file} rejected: {errors[0]}"
            : $"{file} rejected ({errors.Count} problems): " + string.Join("; ", errors);
    }
}
