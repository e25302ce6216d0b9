using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;

namespace Sot.Workbench.Testing;

/// <summary>Generates a valid finding for any indicator definition from its value specifications (used for plugin indicators).</summary>
internal static class FindingFaker
{
    public static Finding? TryCreate(SotFakers fakers, IndicatorCatalogue catalogue, IndicatorDefinition definition)
    {
        var f = fakers.Faker;
        var side = definition.Side switch
        {
            SideRequirement.NotApplicable => Side.None,
            SideRequirement.Required or SideRequirement.LeftOrRight => f.PickRandom(Side.Left, Side.Right),
            _ => f.PickRandom(Side.None, Side.Left, Side.Right),
        };
        var values = new List<FindingValue>();
        foreach (var spec in definition.Values)
        {
            if (!spec.Required && f.Random.Bool())
            {
                continue;
            }

            if (Value(fakers, spec) is { } value)
            {
                values.Add(value);
            }
        }

        try
        {
            return catalogue.CreateFinding(definition.Code, f.PickRandom<AnalysisPosition>(definition.Positions), side, FindingPhase.InitialAnalysis, values);
        }
        catch (FindingValidationException)
        {
            return null; // a value rule the generator does not know; the visit is analysed without this finding
        }
    }

    private static FindingValue? Value(SotFakers fakers, IndicatorValueSpec spec)
    {
        var f = fakers.Faker;
        var min = spec.Min ?? 0m;
        decimal Between(decimal fallbackMax) => decimal.Round(f.Random.Decimal(min, Math.Max(min, spec.Max ?? fallbackMax)), 1);
        int WholeBetween(int fallbackMax) => f.Random.Int((int)Math.Ceiling(min), (int)Math.Floor(Math.Max(min, spec.Max ?? fallbackMax)));
        var allowed = spec.AllowedValues is { Count: > 0 } list ? list : null;
        return spec.Type switch
        {
            IndicatorValueType.Boolean => new BooleanValue(spec.Key, f.Random.Bool()),
            IndicatorValueType.Side => new SideValue(spec.Key, f.PickRandom(Side.Left, Side.Right)),
            IndicatorValueType.Grade => new GradeValue(spec.Key, f.PickRandom<Grade>()),
            IndicatorValueType.Length => new LengthValue(spec.Key, Length.Millimetres(Between(20))),
            IndicatorValueType.Degrees => new DegreesValue(spec.Key, Between(90)),
            IndicatorValueType.Number => new NumberValue(spec.Key, Between(10), spec.Unit),
            IndicatorValueType.Score0To10 => new ScoreValue(spec.Key, f.Random.Int(0, 10)),
            IndicatorValueType.WholeNumber => new WholeNumberValue(spec.Key, WholeBetween(10)),
            IndicatorValueType.SpinalLevel => new SpinalLevelValue(spec.Key, f.PickRandom<SpinalLevel>()),
            IndicatorValueType.Text => new TextValue(spec.Key, f.Lorem.Word()),
            IndicatorValueType.Enumerated when allowed is not null => new EnumValue(spec.Key, f.PickRandom<string>(allowed)),
            IndicatorValueType.Sequence when allowed is not null => new SequenceValue(spec.Key,
                [.. Enumerable.Range(0, f.Random.Int(Math.Max(1, spec.MinItems), Math.Max(1, Math.Min(spec.MaxItems, 4)))).Select(_ => f.PickRandom<string>(allowed))]),
            IndicatorValueType.Points => new PointsValue(spec.Key,
                [new PointScore(allowed is null ? "POINT" : f.PickRandom<string>(allowed), f.Random.Int(0, 10))]),
            _ => null,
        };
    }
}
