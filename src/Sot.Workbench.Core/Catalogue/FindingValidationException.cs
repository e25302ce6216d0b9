namespace Sot.Workbench.Catalogue;

/// <summary>The rule a finding broke.</summary>
public enum FindingRule
{
    /// <summary>The indicator code is not in the catalogue.</summary>
    UnknownCode = 0,
    /// <summary>The indicator is not tested in the given position.</summary>
    WrongPosition = 1,
    /// <summary>The indicator needs a side and none was given.</summary>
    MissingSide = 2,
    /// <summary>A side was given where the indicator has none, or a side the indicator does not allow.</summary>
    SideNotAllowed = 3,
    /// <summary>A value key the indicator does not define.</summary>
    UnknownValue = 4,
    /// <summary>A required value is missing.</summary>
    MissingValue = 5,
    /// <summary>A value has the wrong type for its key.</summary>
    WrongValueType = 6,
    /// <summary>A numeric value is out of range.</summary>
    OutOfRange = 7,
    /// <summary>An enumerated value is not one of the allowed values.</summary>
    NotAllowedValue = 8,
    /// <summary>The same value key was given twice.</summary>
    DuplicateValue = 9,
    /// <summary>A list has too few or too many items.</summary>
    WrongItemCount = 10,
    /// <summary>An undefined enum value (side, grade, level…) was given.</summary>
    UndefinedEnumValue = 11,
    /// <summary>A finding-specific rule of the indicator's own validator failed.</summary>
    IndicatorRule = 12,
}

/// <summary>
/// A finding was rejected. The message names the indicator code, the value key where relevant and the
/// rule broken; it never contains patient data.
/// </summary>
public sealed class FindingValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FindingValidationException(string code, FindingRule rule, string? valueKey, string detail)
        : base($"Finding '{code}' rejected ({rule}{(valueKey is null ? string.Empty : ", value '" + valueKey + "'")}): {detail}")
    {
        Code = code;
        Rule = rule;
        ValueKey = valueKey;
    }

    /// <summary>Creates the exception with a message only (prefer the detailed constructor).</summary>
    public FindingValidationException() : this("?", FindingRule.UnknownCode, null, "invalid finding") { }

    /// <summary>Creates the exception with a message only (prefer the detailed constructor).</summary>
    public FindingValidationException(string message) : base(message) { Code = "?"; }

    /// <summary>Creates the exception with a message and inner exception (prefer the detailed constructor).</summary>
    public FindingValidationException(string message, Exception innerException) : base(message, innerException) { Code = "?"; }

    /// <summary>The indicator code.</summary>
    public string Code { get; }

    /// <summary>The rule broken.</summary>
    public FindingRule Rule { get; }

    /// <summary>The value key involved, if any.</summary>
    public string? ValueKey { get; }
}

/// <summary>Two indicator definitions with the same code were offered to one catalogue.</summary>
public sealed class DuplicateIndicatorCodeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DuplicateIndicatorCodeException(string code, string firstSource, string secondSource)
        : base($"Indicator code '{code}' is defined twice: by '{firstSource}' and by '{secondSource}'. Codes must be unique across Core and every plugin.")
    {
        Code = code;
        FirstSource = firstSource;
        SecondSource = secondSource;
    }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public DuplicateIndicatorCodeException() : this("?", "?", "?") { }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public DuplicateIndicatorCodeException(string message) : base(message) { Code = FirstSource = SecondSource = "?"; }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public DuplicateIndicatorCodeException(string message, Exception innerException) : base(message, innerException) { Code = FirstSource = SecondSource = "?"; }

    /// <summary>The duplicated code.</summary>
    public string Code { get; }
    /// <summary>The source that defined it first.</summary>
    public string FirstSource { get; }
    /// <summary>The source that defined it again.</summary>
    public string SecondSource { get; }
}
