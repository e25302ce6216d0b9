using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sot.Workbench.Records;

/// <summary>
/// Payload upgraders: (event type, schema version n) → the payload at version n + 1. A schema change adds a new
/// version and an upgrader here; stored payloads are never rewritten (their bytes are hashed), they are upgraded
/// when read. Every upgrader has checked-in payload files of the version it reads.
/// </summary>
internal static class EventUpgraders
{
    public static IReadOnlyDictionary<(string Type, int FromVersion), Func<JsonObject, JsonObject>> All { get; } =
        new Dictionary<(string, int), Func<JsonObject, JsonObject>>
        {
            // Version 1 of the patient details followed FHIR Patient's names: "birthDate" and "gender" as a
            // lower-case code. Version 2 uses the domain's names: "dateOfBirth" and "sex" as the enum name.
            [("patient.registered", 1)] = PatientDetailsV1ToV2,
            [("patient.details-corrected", 1)] = PatientDetailsV1ToV2,
        };

    private static JsonObject PatientDetailsV1ToV2(JsonObject v1)
    {
        var v2 = new JsonObject();
        foreach (var (name, value) in v1)
        {
            switch (name)
            {
                case "birthDate":
                    v2["dateOfBirth"] = value?.DeepClone();
                    break;
                case "gender":
                    v2["sex"] = (value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null) switch
                    {
                        "female" => "Female",
                        "male" => "Male",
                        "other" => "Other",
                        "unknown" => "Unknown",
                        _ => throw new JsonException("A version-1 gender is one of female, male, other, unknown.", "$.gender", null, null),
                    };
                    break;
                default:
                    v2[name] = value?.DeepClone();
                    break;
            }
        }

        return v2;
    }
}
