using Sot.Workbench.Catalogue;

namespace Sot.Workbench.Findings;

/// <summary>
/// A comparable severity for a finding, used to judge whether a verification indicator eased after blocking.
/// 0 means clear; larger means more marked. It orders findings of one indicator only.
/// </summary>
/// <remarks>
/// The value judged is the definition's <see cref="IndicatorDefinition.SeverityKey"/> (else its first value):
/// boolean → 0/1; grade → 0–3; score → 0–10; enumerated → index in the allowed values (the first is the clear one);
/// sequence → index of the last item in the allowed values; points → sum of scores; numbers, lengths and angles →
/// the value (negated where higher is better). An indicator with no values scores 1 when recorded (present).
/// </remarks>
public static class FindingSeverity
{
    /// <summary>The severity of <paramref name="finding"/> under <paramref name="definition"/>.</summary>
    public static decimal Of(Finding finding, IndicatorDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Values.Count == 0)
        {
            return 1m;
        }

        var spec = definition.SeverityKey is { } key ? definition.ValueSpec(key) ?? definition.Values[0] : definition.Values[0];
        var value = finding[spec.Key];
        if (value is null)
        {
            return 0m;
        }

        decimal raw = value switch
        {
            BooleanValue b => b.Value ? 1 : 0,
            GradeValue g => (int)g.Value,
            ScoreValue s => s.Value,
            WholeNumberValue i => i.Value,
            EnumValue e => IndexOf(spec, e.Value),
            SequenceValue q => q.Values.Count == 0 ? 0 : IndexOf(spec, q.Values[^1]),
            PointsValue p => SumScores(p),
            LengthValue l => l.Value.ExactMillimetres,
            DegreesValue d => d.Value,
            NumberValue n => n.Value,
            _ => 1,
        };
        return spec.HigherIsBetter ? -raw : raw;
    }

    private static int IndexOf(IndicatorValueSpec spec, string value)
    {
        var allowed = spec.AllowedValues;
        if (allowed is null)
        {
            return 1;
        }

        for (var i = 0; i < allowed.Count; i++)
        {
            if (string.Equals(allowed[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return 1;
    }

    private static int SumScores(PointsValue points)
    {
        var sum = 0;
        foreach (var p in points.Points)
        {
            sum += p.Score;
        }

        return sum;
    }
}
