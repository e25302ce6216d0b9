using System.Globalization;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Questionnaires;

namespace Sot.Workbench.Plugins.Reports;

/// <summary>Formatting shared by every document: invariant culture, UTC times, stable wording.</summary>
internal static class Text
{
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Number(decimal value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Person(Practitioner? practitioner, PractitionerId? id) => practitioner is null
        ? id?.ToString() ?? "(not recorded)"
        : practitioner.Credentials is { Length: > 0 } credentials ? practitioner.DisplayName + ", " + credentials : practitioner.DisplayName;

    public static string Side(Side side) => side switch
    {
        Domain.Side.Left => "left",
        Domain.Side.Right => "right",
        Domain.Side.Bilateral => "bilateral",
        _ => string.Empty,
    };

    public static string Position(AnalysisPosition position) => position switch
    {
        AnalysisPosition.Standing => "Standing",
        AnalysisPosition.Seated => "Seated",
        AnalysisPosition.Prone => "Prone",
        AnalysisPosition.Supine => "Supine",
        AnalysisPosition.SideLying => "Side-lying",
        _ => position.ToString(),
    };

    /// <summary>"grade: Moderate; side: left" — every value with its key and unit.</summary>
    public static string Values(IReadOnlyList<FindingValue> values)
    {
        if (values.Count == 0)
        {
            return "present";
        }

        var parts = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            parts[i] = values[i].Key + ": " + values[i].Display();
        }

        return string.Join("; ", parts);
    }

    /// <summary>A questionnaire score with its scale and interpretation band where the instrument has one.</summary>
    public static string Score(string instrument, decimal score) => instrument.ToUpperInvariant() switch
    {
        "ODI" => Number(score) + " % (ODI band: " + Band(OswestryDisabilityIndex.BandFor(Clamp(score, 100))) + ")",
        "NDI" => Number(score) + " / 50 (NDI band: " + Band(NeckDisabilityIndex.BandFor(Clamp(score, 50))) + ")",
        "NRS" => Number(score) + " / 10",
        "VAS" => Number(score) + " mm / 100",
        _ => Number(score),
    };

    private static decimal Clamp(decimal value, decimal max) => Math.Clamp(value, 0, max);

    private static string Band(OdiBand band) => band switch
    {
        OdiBand.Minimal => "minimal disability",
        OdiBand.Moderate => "moderate disability",
        OdiBand.Severe => "severe disability",
        OdiBand.Crippled => "crippled",
        _ => "bed-bound or exaggerating",
    };

    private static string Band(NdiBand band) => band switch
    {
        NdiBand.None => "no disability",
        NdiBand.Mild => "mild",
        NdiBand.Moderate => "moderate",
        NdiBand.Severe => "severe",
        _ => "complete",
    };
}
