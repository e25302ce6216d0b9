using System.Text;

namespace Sot.Workbench.Core.Tests.Protocols;

/// <summary>Clinic protocol files for the tests, built from one template so each test changes one thing.</summary>
internal static class ClinicFiles
{
    // Line numbers matter: tests assert them. Line 1 is "{".
    public const string OneProtocol = """
        {
          "schemaVersion": 1,
          "dataVersion": "clinic-7",
          "source": "Test clinic protocols",
          "mode": "extend",
          "protocols": [
            {
              "code": "CAT1-PRONE-CLINIC",
              "label": "Category I, prone (clinic)",
              "category": "I",
              "position": "Prone",
              "shortLegSideBlock": { "site": "GreaterTrochanter", "orientation": "Oblique", "angleDegrees": 45 },
              "longLegSideBlock": { "site": "Asis", "orientation": "Level" },
              "suggestedMinutes": { "min": 3, "max": 4 },
              "adjuncts": [ "Pumping" ],
              "verification": [ "C1-HEEL", "C1-CREST" ],
              "provenance": { "reliability": "Gap", "source": "Clinic protocol" }
            }
          ]
        }
        """;

    public static Stream Stream(string json) => new MemoryStream(Encoding.UTF8.GetBytes(json));

    public static string Replace(string json, string oldText, string newText)
    {
        if (!json.Contains(oldText, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Template does not contain {oldText}.", nameof(oldText));
        }

        return json.Replace(oldText, newText, StringComparison.Ordinal);
    }

    public static string WithReplaceMode(string json) => Replace(json, "\"mode\": \"extend\"", "\"mode\": \"replace\"");
}
