using System.Globalization;
using System.Text.Json;
using Sot.Workbench.Domain;

namespace Sot.Workbench.Protocols;

/// <summary>Reads and validates one blocking-protocol file. Collects every problem before failing.</summary>
internal static class ProtocolFileReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        AllowDuplicateProperties = false,
        MaxDepth = 16,
    };

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 16,
    };

    private static readonly string[] TopLevelFields = ["schemaVersion", "dataVersion", "source", "mode", "protocols"];
    private static readonly string[] ProtocolFields =
    [
        "code", "label", "category", "position", "shortLegSideBlock", "longLegSideBlock",
        "suggestedMinutes", "breath", "adjuncts", "verification", "provenance",
    ];
    private static readonly string[] BlockFields = ["site", "orientation", "angleDegrees"];
    private static readonly string[] MinuteFields = ["min", "max"];
    private static readonly string[] ProvenanceFields = ["reliability", "source"];

    /// <summary>Reads a file already loaded into memory.</summary>
    /// <param name="utf8">The file's bytes (UTF-8, with or without a byte-order mark).</param>
    /// <param name="fileName">The file's name for messages.</param>
    /// <param name="isDefaultData">True for the built-in defaults: protocols are marked default and no mode is needed.</param>
    /// <param name="isKnownIndicator">Optional check of verification codes against an indicator catalogue.</param>
    /// <param name="existingCodes">Codes already in the set the file will extend.</param>
    /// <exception cref="ProtocolFileException">The file breaks a rule.</exception>
    public static ProtocolFile Read(
        ReadOnlyMemory<byte> utf8,
        string? fileName,
        bool isDefaultData,
        Func<string, bool>? isKnownIndicator,
        IReadOnlySet<string> existingCodes)
    {
        if (utf8.Span.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, DocumentOptions);
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is { } l ? (int)l + 1 : (int?)null;
            var column = ex.BytePositionInLine is { } b ? (int)b + 1 : (int?)null;
            var error = new ProtocolFileError(ProtocolFileRule.MalformedJson, null, line, column, ex.Path, "the file is not well-formed JSON (check brackets, commas and quotes; a property name may be repeated).");
            throw new ProtocolFileException(fileName, [error], ex);
        }

        using (document)
        {
            var context = new Context(JsonPositionMap.Build(utf8.Span, ReaderOptions));
            var file = ReadFile(document.RootElement, context, isDefaultData, isKnownIndicator, existingCodes);
            if (context.Errors.Count > 0 || file is null)
            {
                throw new ProtocolFileException(fileName, context.Errors);
            }

            return file with { Info = file.Info with { FileName = fileName } };
        }
    }

    private static ProtocolFile? ReadFile(
        JsonElement root,
        Context context,
        bool isDefaultData,
        Func<string, bool>? isKnownIndicator,
        IReadOnlySet<string> existingCodes)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            context.Add(ProtocolFileRule.WrongType, "$", "the file must be a JSON object with schemaVersion, dataVersion, source and protocols.");
            return null;
        }

        var top = new ObjectReader(root, "$", context);
        var schemaVersion = top.RequiredInt("schemaVersion");
        if (schemaVersion is null)
        {
            return null;
        }

        if (schemaVersion != BlockProtocolSet.SupportedSchemaVersion)
        {
            context.Add(
                ProtocolFileRule.UnsupportedSchemaVersion,
                "$.schemaVersion",
                $"schema version {schemaVersion} is not supported; this library reads schema version {BlockProtocolSet.SupportedSchemaVersion}.");
            return null;
        }

        top.RejectUnknownFields(TopLevelFields);
        var dataVersion = top.RequiredString("dataVersion");
        var source = top.RequiredString("source");
        var modeText = top.OptionalString("mode");
        ProtocolFileMode? mode = null;
        if (modeText is not null)
        {
            mode = modeText switch
            {
                "extend" => ProtocolFileMode.Extend,
                "replace" => ProtocolFileMode.Replace,
                _ => null,
            };
            if (mode is null)
            {
                context.Add(ProtocolFileRule.InvalidMode, "$.mode", $"mode '{modeText}' is not valid; use \"extend\" or \"replace\".");
            }
        }
        else if (!isDefaultData && !(root.TryGetProperty("mode", out var modeValue) && modeValue.ValueKind != JsonValueKind.Null))
        {
            // (A mode that is present but not text was already reported as the wrong type.)
            context.Add(ProtocolFileRule.InvalidMode, "$", "a clinic protocol file must say \"mode\": \"extend\" (add to the current protocols) or \"replace\" (use only this file's protocols).");
        }

        var protocols = new List<BlockProtocol>();
        var array = top.RequiredArray("protocols");
        if (array is { } items)
        {
            if (items.GetArrayLength() == 0)
            {
                context.Add(ProtocolFileRule.NoProtocols, "$.protocols", "the file has no protocols.");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var item in items.EnumerateArray())
            {
                var path = JsonPositionMap.Index("$.protocols", index++);
                var (code, protocol) = ReadProtocol(item, path, context, isDefaultData, isKnownIndicator);
                if (code is null)
                {
                    continue;
                }

                // Checked even when the protocol has other problems, so that every problem is listed.
                context.CurrentCode = code;
                if (!seen.Add(code))
                {
                    context.Add(ProtocolFileRule.DuplicateCode, JsonPositionMap.Property(path, "code"), "the code appears more than once in the file.");
                }
                else if (mode == ProtocolFileMode.Extend && existingCodes.Contains(code))
                {
                    context.Add(
                        ProtocolFileRule.DuplicateCode,
                        JsonPositionMap.Property(path, "code"),
                        "the code is already in the protocol set; extend mode only adds protocols. Give the clinic's protocol its own code (a clinic protocol is chosen before the default for its category) or use replace mode.");
                }

                context.CurrentCode = null;
                if (protocol is not null)
                {
                    protocols.Add(protocol);
                }
            }
        }

        if (context.Errors.Count > 0 || dataVersion is null || source is null)
        {
            return null;
        }

        return new ProtocolFile(
            new ProtocolFileInfo(null, schemaVersion.Value, dataVersion, source, isDefaultData ? null : mode, isDefaultData),
            protocols);
    }

    private static (string? Code, BlockProtocol? Protocol) ReadProtocol(
        JsonElement element,
        string path,
        Context context,
        bool isDefaultData,
        Func<string, bool>? isKnownIndicator)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            context.Add(ProtocolFileRule.WrongType, path, "each protocol must be a JSON object.");
            return (null, null);
        }

        var errorsBefore = context.Errors.Count;
        var reader = new ObjectReader(element, path, context);

        // The code first, so every later error can name the protocol.
        var code = reader.RequiredString("code");
        if (code is not null && !CodeRules.IsValidCode(code))
        {
            context.Add(ProtocolFileRule.InvalidCode, JsonPositionMap.Property(path, "code"), $"protocol code '{code}' is not valid: use 1–64 upper-case letters, digits and '-'.");
            code = null;
        }

        context.CurrentCode = code;
        try
        {
            reader.RejectUnknownFields(ProtocolFields);
            var label = reader.OptionalString("label") ?? code;
            var category = reader.RequiredEnum<SotCategory>("category");
            var position = reader.RequiredEnum<AnalysisPosition>("position");
            var shortLeg = ReadBlock(reader.RequiredObject("shortLegSideBlock"), JsonPositionMap.Property(path, "shortLegSideBlock"), context);
            var longLeg = ReadBlock(reader.RequiredObject("longLegSideBlock"), JsonPositionMap.Property(path, "longLegSideBlock"), context);
            var minutes = ReadMinutes(reader, JsonPositionMap.Property(path, "suggestedMinutes"), context);
            var breath = reader.OptionalEnum<BreathPhase>("breath") ?? BreathPhase.SlowDeep;
            var adjuncts = ReadAdjuncts(reader, JsonPositionMap.Property(path, "adjuncts"), context);
            var verification = ReadVerification(reader, JsonPositionMap.Property(path, "verification"), context, isKnownIndicator);
            var provenance = ReadProvenance(reader.RequiredObject("provenance"), JsonPositionMap.Property(path, "provenance"), context);

            if (context.Errors.Count > errorsBefore
                || code is null || label is null || category is null || position is null || shortLeg is null || longLeg is null
                || minutes is null || adjuncts is null || verification is null || provenance is null)
            {
                return (code, null);
            }

            return (code, new BlockProtocol(
                code, label, category.Value, position.Value, shortLeg, longLeg, minutes.Value, breath,
                adjuncts, verification, provenance, isDefaultData));
        }
        finally
        {
            context.CurrentCode = null;
        }
    }

    private static BlockSpec? ReadBlock(JsonElement? element, string path, Context context)
    {
        if (element is not { } block)
        {
            return null;
        }

        var reader = new ObjectReader(block, path, context);
        reader.RejectUnknownFields(BlockFields);
        var site = reader.RequiredEnum<BlockAnatomicalSite>("site");
        var orientation = reader.RequiredEnum<BlockOrientation>("orientation");
        var angle = reader.OptionalDecimal("angleDegrees", out var angleOk);
        if (angle is { } degrees && (degrees < BlockSpec.MinimumAngleDegrees || degrees > BlockSpec.MaximumAngleDegrees))
        {
            context.Add(
                ProtocolFileRule.AngleOutOfRange,
                JsonPositionMap.Property(path, "angleDegrees"),
                $"block angle {degrees.ToString(CultureInfo.InvariantCulture)}° is outside {BlockSpec.MinimumAngleDegrees}–{BlockSpec.MaximumAngleDegrees} degrees.");
            return null;
        }

        return site is null || orientation is null || !angleOk ? null : new BlockSpec(site.Value, orientation.Value, angle);
    }

    private static MinuteRange? ReadMinutes(ObjectReader protocol, string path, Context context)
    {
        if (protocol.Required("suggestedMinutes") is not { } element)
        {
            return null;
        }

        int? min;
        int? max;
        if (element.ValueKind == JsonValueKind.Number)
        {
            min = max = ObjectReader.AsInt(element, path, context);
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            var reader = new ObjectReader(element, path, context);
            reader.RejectUnknownFields(MinuteFields);
            min = reader.RequiredInt("min");
            max = reader.RequiredInt("max");
        }
        else
        {
            context.Add(ProtocolFileRule.WrongType, path, "suggestedMinutes must be a whole number or an object { \"min\": …, \"max\": … }.");
            return null;
        }

        if (min is not { } low || max is not { } high)
        {
            return null;
        }

        if (low < MinuteRange.Lowest || high > MinuteRange.Highest || low > MinuteRange.Highest || high < MinuteRange.Lowest)
        {
            context.Add(ProtocolFileRule.MinutesOutOfRange, path, $"suggested minutes must lie within {MinuteRange.Lowest}–{MinuteRange.Highest}; got {low}–{high}.");
            return null;
        }

        if (low > high)
        {
            context.Add(ProtocolFileRule.MinutesOutOfRange, path, $"the minimum ({low}) is greater than the maximum ({high}).");
            return null;
        }

        return new MinuteRange(low, high);
    }

    private static BlockingAdjunct[]? ReadAdjuncts(ObjectReader protocol, string path, Context context)
    {
        if (!protocol.Has("adjuncts"))
        {
            return [];
        }

        if (protocol.RequiredArray("adjuncts") is not { } array)
        {
            return null;
        }

        var result = new List<BlockingAdjunct>();
        var ok = true;
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var itemPath = JsonPositionMap.Index(path, index++);
            var adjunct = ObjectReader.AsEnum<BlockingAdjunct>(item, itemPath, context);
            if (adjunct is null)
            {
                ok = false;
            }
            else if (adjunct == BlockingAdjunct.None)
            {
                context.Add(ProtocolFileRule.UnknownEnumValue, itemPath, "'None' is not an adjunct; leave the list empty instead.");
                ok = false;
            }
            else if (result.Contains(adjunct.Value))
            {
                context.Add(ProtocolFileRule.DuplicateEntry, itemPath, $"adjunct '{adjunct}' is listed twice.");
                ok = false;
            }
            else
            {
                result.Add(adjunct.Value);
            }
        }

        return ok ? [.. result] : null;
    }

    private static string[]? ReadVerification(ObjectReader protocol, string path, Context context, Func<string, bool>? isKnownIndicator)
    {
        if (protocol.RequiredArray("verification") is not { } array)
        {
            return null;
        }

        var result = new List<string>();
        var ok = true;
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var itemPath = JsonPositionMap.Index(path, index++);
            if (item.ValueKind != JsonValueKind.String)
            {
                context.Add(ProtocolFileRule.WrongType, itemPath, "a verification indicator must be a code in quotes, e.g. \"C1-HEEL\".");
                ok = false;
                continue;
            }

            var indicator = item.GetString()!;
            if (!CodeRules.IsValidCode(indicator))
            {
                context.Add(ProtocolFileRule.InvalidIndicatorCode, itemPath, $"verification indicator '{indicator}' is not a valid code: use upper-case letters, digits and '-'.");
                ok = false;
            }
            else if (isKnownIndicator is not null && !isKnownIndicator(indicator))
            {
                context.Add(ProtocolFileRule.UnknownIndicatorCode, itemPath, $"verification indicator '{indicator}' is not in the indicator catalogue.");
                ok = false;
            }
            else if (result.Contains(indicator))
            {
                context.Add(ProtocolFileRule.DuplicateEntry, itemPath, $"verification indicator '{indicator}' is listed twice.");
                ok = false;
            }
            else
            {
                result.Add(indicator);
            }
        }

        return ok ? [.. result] : null;
    }

    private static Provenance? ReadProvenance(JsonElement? element, string path, Context context)
    {
        if (element is not { } value)
        {
            return null;
        }

        var reader = new ObjectReader(value, path, context);
        reader.RejectUnknownFields(ProvenanceFields);
        var reliability = reader.RequiredEnum<ReliabilityTag>("reliability");
        var source = reader.RequiredString("source");
        return reliability is null || source is null ? null : new Provenance(reliability.Value, source);
    }

    /// <summary>Collects errors with their positions.</summary>
    private sealed class Context(JsonPositionMap map)
    {
        public List<ProtocolFileError> Errors { get; } = [];

        public string? CurrentCode { get; set; }

        public void Add(ProtocolFileRule rule, string path, string detail)
        {
            var position = map.Find(path);
            Errors.Add(new ProtocolFileError(rule, CurrentCode, position?.Line, position?.Column, path, detail));
        }
    }

    /// <summary>Typed, error-reporting access to one JSON object's fields.</summary>
    private readonly struct ObjectReader(JsonElement element, string path, Context context)
    {
        public bool Has(string name) => element.TryGetProperty(name, out _);

        public void RejectUnknownFields(string[] known)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (Array.IndexOf(known, property.Name) < 0)
                {
                    context.Add(
                        ProtocolFileRule.UnknownField,
                        JsonPositionMap.Property(path, property.Name),
                        $"field '{property.Name}' is not part of the schema (expected: {string.Join(", ", known)}; names are case-sensitive).");
                }
            }
        }

        public JsonElement? Required(string name)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                context.Add(ProtocolFileRule.MissingField, path, $"required field '{name}' is missing.");
                return null;
            }

            return value;
        }

        public string? RequiredString(string name)
        {
            if (Required(name) is not { } value)
            {
                return null;
            }

            return AsText(value, name, required: true);
        }

        public string? OptionalString(string name)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return AsText(value, name, required: false);
        }

        public int? RequiredInt(string name) => Required(name) is { } value ? AsInt(value, JsonPositionMap.Property(path, name), context) : null;

        public decimal? OptionalDecimal(string name, out bool ok)
        {
            ok = true;
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
            {
                return number;
            }

            context.Add(ProtocolFileRule.WrongType, JsonPositionMap.Property(path, name), $"field '{name}' must be a number or null.");
            ok = false;
            return null;
        }

        public TEnum? RequiredEnum<TEnum>(string name)
            where TEnum : struct, Enum
            => Required(name) is { } value ? AsEnum<TEnum>(value, JsonPositionMap.Property(path, name), context) : null;

        public TEnum? OptionalEnum<TEnum>(string name)
            where TEnum : struct, Enum
            => element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
                ? AsEnum<TEnum>(value, JsonPositionMap.Property(path, name), context)
                : null;

        public JsonElement? RequiredObject(string name)
        {
            if (Required(name) is not { } value)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                context.Add(ProtocolFileRule.WrongType, JsonPositionMap.Property(path, name), $"field '{name}' must be a JSON object.");
                return null;
            }

            return value;
        }

        public JsonElement? RequiredArray(string name)
        {
            if (Required(name) is not { } value)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                context.Add(ProtocolFileRule.WrongType, JsonPositionMap.Property(path, name), $"field '{name}' must be a JSON array.");
                return null;
            }

            return value;
        }

        public static int? AsInt(JsonElement value, string valuePath, Context context)
        {
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
            {
                return number;
            }

            context.Add(ProtocolFileRule.WrongType, valuePath, "the value must be a whole number.");
            return null;
        }

        public static TEnum? AsEnum<TEnum>(JsonElement value, string valuePath, Context context)
            where TEnum : struct, Enum
        {
            var names = Enum.GetNames<TEnum>();
            if (value.ValueKind == JsonValueKind.String)
            {
                var text = value.GetString()!;
                foreach (var name in names)
                {
                    if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
                    {
                        return Enum.Parse<TEnum>(name);
                    }
                }

                context.Add(ProtocolFileRule.UnknownEnumValue, valuePath, $"'{text}' is not a known {typeof(TEnum).Name} (expected one of: {string.Join(", ", names)}).");
                return null;
            }

            context.Add(ProtocolFileRule.WrongType, valuePath, $"the value must be a {typeof(TEnum).Name} name in quotes (one of: {string.Join(", ", names)}).");
            return null;
        }

        private string? AsText(JsonElement value, string name, bool required)
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                context.Add(ProtocolFileRule.WrongType, JsonPositionMap.Property(path, name), $"field '{name}' must be text in quotes.");
                return null;
            }

            var text = value.GetString()!;
            if (string.IsNullOrWhiteSpace(text))
            {
                if (required)
                {
                    context.Add(ProtocolFileRule.MissingField, JsonPositionMap.Property(path, name), $"required field '{name}' is blank.");
                }

                return null;
            }

            return text.Trim();
        }
    }
}

/// <summary>A file read and validated, not yet combined with a set.</summary>
internal sealed record ProtocolFile(ProtocolFileInfo Info, IReadOnlyList<BlockProtocol> Protocols);
