using System.Globalization;
using System.Text.Json;
using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Safety;

namespace Sot.Workbench.Cli.Findings;

/// <summary>A visit's findings read from a findings file (format: README, "The findings file").</summary>
/// <param name="Visit">The optional visit label from the file (never patient data).</param>
/// <param name="RuleSet">The rule set named in the file, or null for the analyzer's default.</param>
/// <param name="Input">The validated analysis input.</param>
internal sealed record VisitFindings(string? Visit, string? RuleSet, AnalysisInput Input);

/// <summary>A findings file that cannot be used; the message names the file, the place in it and the rule broken.</summary>
internal sealed class FindingsFileException(string message) : Exception(message);

/// <summary>
/// Reads a findings file: a JSON object with <c>findings</c> (each with <c>code</c>, optional <c>position</c>,
/// <c>side</c>, <c>phase</c> and <c>values</c> typed by the indicator's definition), and optional <c>visit</c>,
/// <c>ruleSet</c>, <c>redFlags</c> and <c>referralTriggers</c>. Every finding is validated against the catalogue.
/// </summary>
internal static class FindingsFile
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    private static readonly string[] TopLevel = ["$schema", "visit", "ruleSet", "findings", "redFlags", "referralTriggers"];
    private static readonly string[] FindingProperties = ["code", "position", "side", "phase", "values"];

    public static VisitFindings Read(string path, IndicatorCatalogue catalogue)
    {
        if (!File.Exists(path))
        {
            throw new FindingsFileException(Directory.Exists(path)
                ? $"'{path}' is a folder; give the path of a findings file (.json)."
                : $"findings file '{path}' does not exist.");
        }

        JsonDocument document;
        try
        {
            using var stream = File.OpenRead(path);
            document = JsonDocument.Parse(stream, Options);
        }
        catch (JsonException ex)
        {
            throw new FindingsFileException($"{path}: not valid JSON (line {(ex.LineNumber ?? 0) + 1}, position {(ex.BytePositionInLine ?? 0) + 1}).");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FindingsFileException($"{path}: could not be read ({ex.GetType().Name}).");
        }

        using (document)
        {
            return Read(document.RootElement, path, catalogue);
        }
    }

    private static VisitFindings Read(JsonElement root, string path, IndicatorCatalogue catalogue)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Error(path, "$", "the top level must be a JSON object with a \"findings\" array.");
        }

        RejectUnknown(root, path, "$", TopLevel);
        var visit = OptionalString(root, "visit", path, "$");
        var ruleSet = OptionalString(root, "ruleSet", path, "$");
        if (!root.TryGetProperty("findings", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw Error(path, "$.findings", "required: an array of findings.");
        }

        var findings = new List<Finding>(list.GetArrayLength());
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            findings.Add(ReadFinding(item, path, $"$.findings[{index}]", catalogue));
            index++;
        }

        var input = new AnalysisInput(findings)
        {
            RedFlags = Codes<RedFlag>(root, "redFlags", path),
            ReferralTriggers = Codes<ReferralTrigger>(root, "referralTriggers", path),
        };
        return new VisitFindings(visit, ruleSet, input);
    }

    private static Finding ReadFinding(JsonElement item, string path, string at, IndicatorCatalogue catalogue)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw Error(path, at, "each finding must be a JSON object with at least a \"code\".");
        }

        RejectUnknown(item, path, at, FindingProperties);
        var code = OptionalString(item, "code", path, at);
        if (string.IsNullOrWhiteSpace(code))
        {
            throw Error(path, at + ".code", "required: the indicator code (e.g. \"C2-AFT\").");
        }

        if (!catalogue.TryGet(code, out var definition))
        {
            throw Error(path, at + ".code", $"unknown indicator code '{code}': neither Core nor an active plugin defines it. See docs/domain.md for Core's codes, or enable the plugin that defines it.");
        }

        var position = item.TryGetProperty("position", out _) ? Enum<AnalysisPosition>(item, "position", path, at) : definition.UsualPosition;
        var side = item.TryGetProperty("side", out _) ? Enum<Side>(item, "side", path, at) : Side.None;
        var phase = item.TryGetProperty("phase", out _) ? Enum<FindingPhase>(item, "phase", path, at) : FindingPhase.InitialAnalysis;

        var values = new List<FindingValue>();
        if (item.TryGetProperty("values", out var valuesElement))
        {
            if (valuesElement.ValueKind != JsonValueKind.Object)
            {
                throw Error(path, at + ".values", "must be an object of value key → value (e.g. { \"grade\": \"Moderate\" }).");
            }

            foreach (var property in valuesElement.EnumerateObject())
            {
                var spec = definition.ValueSpec(property.Name)
                    ?? throw Error(path, $"{at}.values.{property.Name}", $"indicator {code} has no value '{property.Name}'; it records {string.Join(", ", definition.Values.Select(v => v.Key))}.");
                values.Add(ReadValue(spec, property.Value, path, $"{at}.values.{property.Name}"));
            }
        }

        try
        {
            return catalogue.CreateFinding(code, position, side, phase, values);
        }
        catch (FindingValidationException ex)
        {
            throw Error(path, at, ex.Message);
        }
    }

    private static FindingValue ReadValue(IndicatorValueSpec spec, JsonElement value, string path, string at)
    {
        var key = spec.Key;
        switch (spec.Type)
        {
            case IndicatorValueType.Boolean when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                return new BooleanValue(key, value.GetBoolean());
            case IndicatorValueType.Side when value.ValueKind == JsonValueKind.String:
                return new SideValue(key, ParseEnum<Side>(value.GetString()!, path, at));
            case IndicatorValueType.Grade when value.ValueKind == JsonValueKind.String:
                return new GradeValue(key, ParseEnum<Grade>(value.GetString()!, path, at));
            case IndicatorValueType.SpinalLevel when value.ValueKind == JsonValueKind.String:
                return new SpinalLevelValue(key, ParseEnum<SpinalLevel>(value.GetString()!, path, at));
            case IndicatorValueType.Length when value.ValueKind == JsonValueKind.String:
                return new LengthValue(key, ParseLength(value.GetString()!, path, at));
            case IndicatorValueType.Degrees when value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var degrees):
                return new DegreesValue(key, degrees);
            case IndicatorValueType.Number when value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number):
                return new NumberValue(key, number, spec.Unit);
            case IndicatorValueType.Score0To10 when value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var score):
                return new ScoreValue(key, score);
            case IndicatorValueType.WholeNumber when value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var whole):
                return new WholeNumberValue(key, whole);
            case IndicatorValueType.Enumerated when value.ValueKind == JsonValueKind.String:
                return new EnumValue(key, value.GetString()!);
            case IndicatorValueType.Text when value.ValueKind == JsonValueKind.String:
                return new TextValue(key, value.GetString()!);
            case IndicatorValueType.Sequence when value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String):
                return new SequenceValue(key, [.. value.EnumerateArray().Select(e => e.GetString()!)]);
            case IndicatorValueType.Points when value.ValueKind == JsonValueKind.Object:
                var points = new List<PointScore>();
                foreach (var point in value.EnumerateObject())
                {
                    if (point.Value.ValueKind != JsonValueKind.Number || !point.Value.TryGetInt32(out var pointScore))
                    {
                        throw Error(path, $"{at}.{point.Name}", "a point's score must be a whole number 0–10.");
                    }

                    points.Add(new PointScore(point.Name, pointScore));
                }

                return new PointsValue(key, points);
            default:
                throw Error(path, at, $"expected {Expected(spec.Type)}, got {Describe(value)}.");
        }
    }

    private static string Expected(IndicatorValueType type) => type switch
    {
        IndicatorValueType.Boolean => "true or false",
        IndicatorValueType.Side => "a side (\"Left\", \"Right\", \"Bilateral\")",
        IndicatorValueType.Grade => "a grade (\"None\", \"Mild\", \"Moderate\", \"Marked\")",
        IndicatorValueType.SpinalLevel => "a spinal level (e.g. \"C1\", \"T12\", \"L5\", \"Sacrum\")",
        IndicatorValueType.Length => "a length as text with its unit (e.g. \"6 mm\" or \"3/8 in\")",
        IndicatorValueType.Degrees => "an angle in degrees (a number)",
        IndicatorValueType.Number => "a number",
        IndicatorValueType.Score0To10 => "a whole number 0–10",
        IndicatorValueType.WholeNumber => "a whole number",
        IndicatorValueType.Enumerated => "one of the indicator's values, as text",
        IndicatorValueType.Text => "text",
        IndicatorValueType.Sequence => "an array of texts (e.g. [\"Same\", \"Better\"])",
        IndicatorValueType.Points => "an object of point → score 0–10 (e.g. { \"GLUTEAL\": 5 })",
        _ => type.ToString(),
    };

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"\"{value.GetString()}\"",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    /// <summary>Parses "6 mm", "6mm", "3/8 in", "3/8in" (eighths of an inch).</summary>
    internal static bool TryParseLength(string text, out Length length)
    {
        length = default;
        var trimmed = text.Trim();
        decimal value;
        if (trimmed.EndsWith("mm", StringComparison.OrdinalIgnoreCase)
            && decimal.TryParse(trimmed[..^2].Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            length = Length.Millimetres(value);
            return true;
        }

        if (trimmed.EndsWith("/8 in", StringComparison.OrdinalIgnoreCase) || trimmed.EndsWith("/8in", StringComparison.OrdinalIgnoreCase))
        {
            var number = trimmed[..trimmed.IndexOf('/', StringComparison.Ordinal)].Trim();
            if (decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
            {
                length = Length.EighthInches(value);
                return true;
            }
        }

        return false;
    }

    private static Length ParseLength(string text, string path, string at) =>
        TryParseLength(text, out var length)
            ? length
            : throw Error(path, at, $"'{text}' is not a length; write it with its unit, e.g. \"6 mm\" or \"3/8 in\" (eighths of an inch).");

    private static TEnum Enum<TEnum>(JsonElement parent, string property, string path, string at)
        where TEnum : struct, Enum
    {
        var element = parent.GetProperty(property);
        if (element.ValueKind != JsonValueKind.String)
        {
            throw Error(path, $"{at}.{property}", $"expected one of {string.Join(", ", System.Enum.GetNames<TEnum>())} as text, got {Describe(element)}.");
        }

        return ParseEnum<TEnum>(element.GetString()!, path, $"{at}.{property}");
    }

    private static TEnum ParseEnum<TEnum>(string text, string path, string at)
        where TEnum : struct, Enum =>
        System.Enum.GetNames<TEnum>().FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase)) is { } name
            ? System.Enum.Parse<TEnum>(name)
            : throw Error(path, at, $"'{text}' is not one of {string.Join(", ", System.Enum.GetNames<TEnum>())}.");

    private static string[] Codes<TEnum>(JsonElement root, string property, string path)
        where TEnum : struct, Enum
    {
        if (!root.TryGetProperty(property, out var list))
        {
            return [];
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw Error(path, "$." + property, $"must be an array of codes ({string.Join(", ", System.Enum.GetNames<TEnum>())}).");
        }

        var codes = new List<string>();
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw Error(path, $"$.{property}[{index}]", $"expected a code as text, got {Describe(item)}.");
            }

            codes.Add(ParseEnum<TEnum>(item.GetString()!, path, $"$.{property}[{index}]").ToString());
            index++;
        }

        return [.. codes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    private static string? OptionalString(JsonElement parent, string property, string path, string at)
    {
        if (!parent.TryGetProperty(property, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return element.ValueKind == JsonValueKind.String
            ? element.GetString()
            : throw Error(path, $"{at}.{property}", $"expected text, got {Describe(element)}.");
    }

    private static void RejectUnknown(JsonElement element, string path, string at, string[] known)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                throw Error(path, $"{at}.{property.Name}", $"unknown property; expected {string.Join(", ", known.Where(k => k != "$schema"))}.");
            }
        }
    }

    private static FindingsFileException Error(string path, string at, string problem) => new($"{path}: {at}: {problem}");
}
