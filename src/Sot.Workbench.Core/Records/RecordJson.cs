using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Sot.Workbench.CarePlans;
using Sot.Workbench.Domain;
using Sot.Workbench.Safety;

namespace Sot.Workbench.Records;

/// <summary>
/// The System.Text.Json settings of stored payloads: camelCase members, enums by name, ids in their text form
/// (<c>pat_…</c>), computed properties left out, unknown members and missing required values refused.
/// </summary>
internal static class RecordJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            NumberHandling = JsonNumberHandling.Strict,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { StoredMembersOnly } },
        };
        options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
        options.Converters.Add(new IdConverter<PatientId>(g => new PatientId(g), id => id.Value, "pat"));
        options.Converters.Add(new IdConverter<PractitionerId>(g => new PractitionerId(g), id => id.Value, "prac"));
        options.Converters.Add(new IdConverter<VisitId>(g => new VisitId(g), id => id.Value, "visit"));
        options.Converters.Add(new IdConverter<CarePlanId>(g => new CarePlanId(g), id => id.Value, "plan"));
        options.Converters.Add(new ConsentScopeConverter());
        options.Converters.Add(new RedFlagScreenConverter());
        options.MakeReadOnly();
        return options;
    }

    /// <summary>Keeps only members that are read back: settable ones and constructor parameters (not computed properties).</summary>
    private static void StoredMembersOnly(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            var property = info.Properties[i];
            if (property.Set is null && property.AssociatedParameter is null)
            {
                info.Properties.RemoveAt(i);
            }
        }
    }

    private sealed class IdConverter<T>(Func<Guid, T> create, Func<T, Guid> value, string prefix) : JsonConverter<T>
    {
        private readonly string _prefix = prefix + "_";

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            if (text is null || !text.StartsWith(_prefix, StringComparison.Ordinal) || !Guid.TryParseExact(text.AsSpan(_prefix.Length), "N", out var guid))
            {
                throw new JsonException($"Expected a '{_prefix}' id.");
            }

            return create(guid);
        }

        public override void Write(Utf8JsonWriter writer, T value1, JsonSerializerOptions options) =>
            writer.WriteStringValue(_prefix + value(value1).ToString("N"));
    }

    private sealed class ConsentScopeConverter : JsonConverter<ConsentScope>
    {
        public override ConsentScope Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && ConsentScope.TryCreate(reader.GetString(), out var scope)
                ? scope
                : throw new JsonException("Expected a consent scope code.");

        public override void Write(Utf8JsonWriter writer, ConsentScope value, JsonSerializerOptions options) => writer.WriteStringValue(value.Code);
    }

    private sealed class RedFlagScreenConverter : JsonConverter<RedFlagScreen>
    {
        private sealed record Shape(RedFlag[] RedFlags, Precaution[] Precautions, ReferralTrigger[] ReferralTriggers);

        public override RedFlagScreen Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var shape = JsonSerializer.Deserialize<Shape>(ref reader, options) ?? throw new JsonException("Expected a red-flag screen.");
            return new RedFlagScreen(shape.RedFlags, shape.Precautions, shape.ReferralTriggers);
        }

        public override void Write(Utf8JsonWriter writer, RedFlagScreen value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, new Shape([.. value.RedFlags], [.. value.Precautions], [.. value.ReferralTriggers]), options);
    }
}
