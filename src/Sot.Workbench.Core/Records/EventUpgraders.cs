using System.Text.Json;
using System.Text.Json.Nodes;
using Sot.Workbench.Questionnaires;

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

            // Version 1 of the intake stored questionnaires as an instrument code ("ODI", "NDI", "NRS", "VAS") and a
            // score. Version 2 stores the Questionnaires module's instrument name, the score and its band (derived
            // from the score with the module's banding, which is what the intake guard checks).
            [("visit.record-intake", 1)] = IntakeV1ToV2,
        };

    private static JsonObject IntakeV1ToV2(JsonObject v1)
    {
        var v2 = (JsonObject)v1.DeepClone();
        if (v2["command"] is not JsonObject command || command["questionnaires"] is not JsonArray questionnaires)
        {
            return v2;
        }

        for (var i = 0; i < questionnaires.Count; i++)
        {
            var path = $"$.command.questionnaires[{i}]";
            if (questionnaires[i] is not JsonObject item)
            {
                throw new JsonException("A version-1 intake questionnaire is an object.", path, null, null);
            }

            var code = item["instrument"]?.GetValueKind() == JsonValueKind.String ? item["instrument"]!.GetValue<string>() : null;
            if (!OutcomeInstruments.TryParse(code, out var instrument))
            {
                throw new JsonException("A version-1 intake questionnaire names one of the instruments ODI, NDI, NRS, VAS.", path + ".instrument", null, null);
            }

            if (item["score"]?.GetValueKind() != JsonValueKind.Number)
            {
                throw new JsonException("A version-1 intake questionnaire has a numeric score.", path + ".score", null, null);
            }

            var score = item["score"]!.GetValue<decimal>();
            item["instrument"] = instrument.ToString();
            item["band"] = instrument switch
            {
                OutcomeInstrument.Oswestry when score is >= 0 and <= 100 => OswestryDisabilityIndex.BandFor(score).ToString(),
                OutcomeInstrument.NeckDisabilityIndex when score is >= 0 and <= 50 => NeckDisabilityIndex.BandFor(score).ToString(),
                _ => null,
            };
        }

        return v2;
    }

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
