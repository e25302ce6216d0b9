using Bogus;
using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using static Sot.Workbench.Catalogue.IndicatorCodes;

namespace Sot.Workbench.Testing;

/// <summary>A generated visit: ids, the category its findings were made consistent with, and the findings.</summary>
/// <param name="Id">Visit id.</param>
/// <param name="PatientId">Patient id.</param>
/// <param name="PractitionerId">Practitioner id.</param>
/// <param name="Category">The category the findings are consistent with, or null for none.</param>
/// <param name="ShortLegSide">The short-leg side recorded.</param>
/// <param name="Findings">The findings, in recording order (standing, prone, supine; then re-tests if asked for).</param>
public sealed record GeneratedVisit(VisitId Id, PatientId PatientId, PractitionerId PractitionerId, SotCategory? Category, Side ShortLegSide, IReadOnlyList<Finding> Findings)
{
    /// <summary>The findings as an analysis input.</summary>
    public AnalysisInput ToAnalysisInput() => new(Findings);
}

/// <summary>What a generated visit's re-tests after blocking look like.</summary>
public enum RetestOutcome
{
    /// <summary>No re-tests recorded.</summary>
    None = 0,
    /// <summary>Every verification indicator eased.</summary>
    Eased = 1,
    /// <summary>Verification indicators did not ease.</summary>
    NotEased = 2,
}

/// <summary>
/// Seeded Bogus fakers for patients, practitioners and visits whose findings are consistent with a chosen SOT
/// category (or with none). Every faker uses its own local seed — never Bogus's global seed — so the same seed
/// always gives the same data, whatever else runs in the process.
/// </summary>
public sealed class SotFakers
{
    private readonly Faker _faker;
    private readonly IndicatorCatalogue _catalogue;

    /// <summary>Creates fakers with a local seed, validating findings against <paramref name="catalogue"/> (default: Core's).</summary>
    public SotFakers(int seed, IndicatorCatalogue? catalogue = null)
    {
        _faker = new Faker("en") { Random = new Randomizer(seed) };
        _catalogue = catalogue ?? IndicatorCatalogue.Core;
        Seed = seed;
    }

    /// <summary>The seed.</summary>
    public int Seed { get; }

    /// <summary>The underlying Bogus faker (shares the local seed), for vendors' own data.</summary>
    public Faker Faker => _faker;

    /// <summary>A new deterministic Guid from the seeded generator.</summary>
    public Guid NextGuid() => new(_faker.Random.Bytes(16));

    /// <summary>A patient aged 18–85 on 2026-01-01.</summary>
    public Patient Patient()
    {
        var sex = _faker.PickRandom(AdministrativeSex.Female, AdministrativeSex.Male);
        var gender = sex == AdministrativeSex.Female ? Bogus.DataSets.Name.Gender.Female : Bogus.DataSets.Name.Gender.Male;
        var dob = DateOnly.FromDateTime(_faker.Date.Between(new DateTime(1941, 1, 1), new DateTime(2008, 1, 1)));
        return new Patient(new PatientId(NextGuid()), _faker.Name.FirstName(gender), _faker.Name.LastName(gender), dob, sex);
    }

    /// <summary>A practitioner.</summary>
    public Practitioner Practitioner() =>
        new(new PractitionerId(NextGuid()), "Dr " + _faker.Name.FirstName() + " " + _faker.Name.LastName(), _faker.PickRandom("DC", "DC, CSP", "DC, CSCP"));

    /// <summary>A category chosen at random (a quarter of visits get none).</summary>
    public SotCategory? RandomCategory() => _faker.Random.Int(0, 3) switch
    {
        0 => null,
        1 => SotCategory.I,
        2 => SotCategory.II,
        _ => SotCategory.III,
    };

    /// <summary>
    /// A visit whose initial findings are consistent with <paramref name="category"/> (null: no category's
    /// indicators are positive). With <paramref name="findingCount"/> the list is trimmed or padded with
    /// neutral findings (stair-step, fibres) to exactly that many initial findings.
    /// </summary>
    public GeneratedVisit Visit(SotCategory? category, int? findingCount = null, RetestOutcome retest = RetestOutcome.None)
    {
        var shortLeg = _faker.PickRandom(Side.Left, Side.Right);
        var findings = new List<Finding>(32);
        var f = _faker;

        // ---- standing ----
        Add(findings, PelvicLock, AnalysisPosition.Standing, Side.None, Bool("present", category == SotCategory.I && f.Random.Bool(0.7f)));
        var sway = category == SotCategory.II ? f.Random.Decimal(13, 40) : f.Random.Decimal(2, 11);
        Add(findings, LateralSway, AnalysisPosition.Standing, Side.None,
            new LengthValue("eyesOpen", Length.Millimetres(decimal.Round(sway, 1))),
            new LengthValue("eyesClosed", Length.Millimetres(decimal.Round(category == SotCategory.II ? sway + f.Random.Decimal(0, 3) : Math.Min(sway + f.Random.Decimal(0, 3), 11.9m), 1))));
        Add(findings, Antalgic, AnalysisPosition.Standing, category == SotCategory.III ? shortLeg : Side.None,
            new EnumValue("lean", category == SotCategory.III ? f.PickRandom("TowardPainSide", "AwayFromPainSide", "Anterior") : "None"));

        // ---- prone ----
        Add(findings, ShortLegProne, AnalysisPosition.Prone, shortLeg,
            new LengthValue("difference", f.Random.Bool() ? Length.EighthInches(f.Random.Int(1, 4)) : Length.Millimetres(f.Random.Int(3, 12))),
            new EnumValue("kind", f.Random.Bool(0.1f) ? "Anatomical" : "Functional"));
        Add(findings, HeelTension, AnalysisPosition.Prone, shortLeg, Grade(category == SotCategory.I));
        Add(findings, GlutealSacrospinalis, AnalysisPosition.Prone, shortLeg.Opposite(), Grade(category == SotCategory.I));
        if (category == SotCategory.I)
        {
            Add(findings, CrestSign, AnalysisPosition.Prone, shortLeg.Opposite());
            Add(findings, DollarSign, AnalysisPosition.Prone, shortLeg.Opposite());
        }

        var soto = category == SotCategory.III
            ? f.PickRandom<string[]>(["Same", "Same", "Better"], ["Same", "Better", "Better"], ["Same", "Same", "Same"])
            : ["Better"];
        Add(findings, Soto, AnalysisPosition.Prone, shortLeg, new SequenceValue("responses", soto));
        Add(findings, Sciatic, AnalysisPosition.Prone, shortLeg, new PointsValue("points",
            category == SotCategory.III
                ? [new PointScore("GLUTEAL", f.Random.Int(3, 8)), new PointScore("POSTERIOR-THIGH", f.Random.Int(2, 7)), new PointScore("MID-CALF", f.Random.Int(1, 6))]
                : [new PointScore("GLUTEAL", 0)]));

        // ---- supine ----
        foreach (var side in (Side[])[Side.Left, Side.Right])
        {
            var positive = category == SotCategory.II && side == shortLeg;
            Add(findings, ArmFossa, AnalysisPosition.Supine, side,
                new EnumValue("result", positive ? f.PickRandom("PositiveUpperFossa", "PositiveLowerFossa") : "Negative"));
        }

        Add(findings, InguinalTenderness, AnalysisPosition.Supine, shortLeg, Grade(category == SotCategory.II));
        Add(findings, FirstRibTubercle, AnalysisPosition.Supine, shortLeg, new ScoreValue("pain", category == SotCategory.II ? f.Random.Int(3, 8) : 0));
        Add(findings, KneeSensitivity, AnalysisPosition.Supine, shortLeg, new EnumValue("aspect", f.PickRandom("Medial", "Lateral")), Grade(category == SotCategory.II));
        Add(findings, ScaleneTenderness, AnalysisPosition.Supine, shortLeg, Grade(category == SotCategory.II));
        Add(findings, CervicalCompaction, AnalysisPosition.Supine, Side.None,
            new EnumValue("result", category == SotCategory.II ? "LegsHarderPelvicInstability" : f.PickRandom("NoChange", "LegsEasierCervical")));
        foreach (var side in (Side[])[Side.Left, Side.Right])
        {
            Add(findings, StraightLegRaise, AnalysisPosition.Supine, side,
                new DegreesValue("angle", category == SotCategory.III && side == shortLeg ? f.Random.Int(25, 55) : f.Random.Int(70, 90)));
        }

        Add(findings, Neuro, AnalysisPosition.Supine, Side.None, new EnumValue("reflexes", "Normal"), new EnumValue("trend", f.PickRandom("Stable", "Improving")));
        Add(findings, FirstRibMobile, AnalysisPosition.Supine, Side.None, Bool("mobile", category == SotCategory.I));

        if (findingCount is { } wanted)
        {
            if (wanted < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(findingCount), wanted, "The finding count cannot be negative.");
            }

            while (findings.Count < wanted)
            {
                findings.Add(Neutral(findings.Count));
            }

            if (findings.Count > wanted)
            {
                findings.RemoveRange(wanted, findings.Count - wanted);
            }
        }

        if (retest != RetestOutcome.None)
        {
            var initial = findings.ToArray();
            foreach (var finding in initial)
            {
                if (_catalogue.TryGet(finding.Code, out var definition) && definition.VerifiesBlocking && definition.Category == category)
                {
                    findings.Add(Retest(finding, retest == RetestOutcome.Eased));
                }
            }
        }

        return new GeneratedVisit(new VisitId(NextGuid()), new PatientId(NextGuid()), new PractitionerId(NextGuid()), category, shortLeg, findings);
    }

    private Finding Neutral(int index) => (index % 3) switch
    {
        0 => _catalogue.CreateFinding(CervicalStairStep, AnalysisPosition.Supine, Side.None, FindingPhase.InitialAnalysis,
            new EnumValue("level", _faker.PickRandom(CoreIndicators.StairStepLevels.ToArray()))),
        1 => _catalogue.CreateFinding(TrapeziusFibre, AnalysisPosition.Prone, _faker.PickRandom(Side.Left, Side.Right), FindingPhase.InitialAnalysis,
            new WholeNumberValue("step", _faker.Random.Int(1, 7)), new BooleanValue("nodule", _faker.Random.Bool())),
        _ => _catalogue.CreateFinding(OccipitalFibre, AnalysisPosition.Prone, _faker.PickRandom(Side.Left, Side.Right), FindingPhase.InitialAnalysis,
            new WholeNumberValue("line", _faker.Random.Int(1, 3)), new WholeNumberValue("area", _faker.Random.Int(1, 7)),
            new GradeValue("tenderness", _faker.PickRandom<Grade>())),
    };

    private Finding Retest(Finding initial, bool eased)
    {
        var values = new FindingValue[initial.Values.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = initial.Values[i] switch
            {
                GradeValue g when eased => g with { Value = Domain.Grade.None },
                ScoreValue s when eased => s with { Value = 0 },
                EnumValue { Key: "result" } e when eased => e with { Value = "Negative" },
                SequenceValue q when eased => q with { Values = ["Better"] },
                PointsValue p when eased => p with { Points = [.. p.Points.Select(x => x with { Score = Math.Max(0, x.Score - 3) })] },
                DegreesValue d when eased => d with { Value = Math.Min(90, d.Value + 15) },
                var v => v,
            };
        }

        if (initial.Values.Count == 0 && eased)
        {
            // A sign with no values eases by not being found again: re-test the opposite (normal) side instead.
            return _catalogue.CreateFinding(initial.Code, initial.Position, initial.Side.Opposite(), FindingPhase.Reassessment);
        }

        return _catalogue.CreateFinding(initial.Code, initial.Position, initial.Side, FindingPhase.Reassessment, values);
    }

    private void Add(List<Finding> findings, string code, AnalysisPosition position, Side side, params FindingValue[] values) =>
        findings.Add(_catalogue.CreateFinding(code, position, side, FindingPhase.InitialAnalysis, values));

    private static BooleanValue Bool(string key, bool value) => new(key, value);

    private GradeValue Grade(bool positive) =>
        new("grade", positive ? _faker.PickRandom(Domain.Grade.Mild, Domain.Grade.Moderate, Domain.Grade.Marked) : Domain.Grade.None);

    /// <summary>
    /// A valid finding of <paramref name="code"/> (any indicator of the fakers' catalogue, Core's or a plugin's), with
    /// values drawn within each value specification: optional values are included about two times in three, a
    /// position and side the definition allows are picked. When the indicator's own check rejects a draw, it draws again.
    /// </summary>
    /// <param name="code">The indicator code.</param>
    /// <param name="phase">The phase to record.</param>
    /// <param name="overrides">Values to use instead of drawn ones (by key).</param>
    /// <exception cref="FindingValidationException">The code is unknown, an override is invalid, or 50 draws in a row were rejected.</exception>
    public Finding Finding(string code, FindingPhase phase = FindingPhase.InitialAnalysis, params IReadOnlyList<FindingValue> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var definition = _catalogue.Get(code);
        FindingValidationException? last = null;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var values = new List<FindingValue>(definition.Values.Count);
            foreach (var spec in definition.Values)
            {
                var given = overrides.FirstOrDefault(v => v.Key == spec.Key);
                if (given is not null)
                {
                    values.Add(given);
                }
                else if (spec.Required || _faker.Random.Bool(0.67f))
                {
                    values.Add(Draw(spec));
                }
            }

            var side = definition.Side switch
            {
                SideRequirement.NotApplicable => Side.None,
                SideRequirement.Optional => _faker.PickRandom(Side.None, Side.Left, Side.Right),
                SideRequirement.Required => _faker.PickRandom(Side.Left, Side.Right, Side.Bilateral),
                _ => _faker.PickRandom(Side.Left, Side.Right),
            };
            try
            {
                return _catalogue.CreateFinding(code, _faker.PickRandom(definition.Positions.ToArray()), side, phase, values);
            }
            catch (FindingValidationException ex) when (ex.Rule == FindingRule.IndicatorRule || ex.Rule == FindingRule.SideNotAllowed)
            {
                last = ex;
            }
        }

        throw last!;
    }

    /// <summary>A drawn value within <paramref name="spec"/>.</summary>
    public FindingValue Draw(IndicatorValueSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var f = _faker;
        decimal Between(decimal min, decimal max) => decimal.Round(f.Random.Decimal(min, max), 1);
        var allowed = spec.AllowedValues ?? ["ITEM"];
        return spec.Type switch
        {
            IndicatorValueType.Boolean => new BooleanValue(spec.Key, f.Random.Bool()),
            IndicatorValueType.Side => new SideValue(spec.Key, f.PickRandom(Side.Left, Side.Right, Side.Bilateral)),
            IndicatorValueType.Grade => new GradeValue(spec.Key, f.PickRandom<Grade>()),
            IndicatorValueType.Length => new LengthValue(spec.Key, Length.Millimetres(Between(spec.Min ?? 0, spec.Max ?? 100))),
            IndicatorValueType.Degrees => new DegreesValue(spec.Key, Between(spec.Min ?? 0, spec.Max ?? 90)),
            IndicatorValueType.Enumerated => new EnumValue(spec.Key, f.PickRandom(allowed.ToArray())),
            IndicatorValueType.Sequence => new SequenceValue(spec.Key, Enumerable.Range(0, f.Random.Int(spec.MinItems, Math.Min(spec.MaxItems, spec.MinItems + 3)))
                .Select(_ => f.PickRandom(allowed.ToArray())).ToArray()),
            IndicatorValueType.Score0To10 => new ScoreValue(spec.Key, f.Random.Int((int)(spec.Min ?? 0), (int)(spec.Max ?? 10))),
            IndicatorValueType.WholeNumber => new WholeNumberValue(spec.Key, f.Random.Int((int)(spec.Min ?? 0), (int)(spec.Max ?? 10))),
            IndicatorValueType.Points => new PointsValue(spec.Key, f.Random.Shuffle(allowed).Take(Math.Clamp(f.Random.Int(spec.MinItems, spec.MinItems + 2), 0, Math.Min(spec.MaxItems, allowed.Count)))
                .Select(p => new PointScore(p, f.Random.Int(0, 10))).ToArray()),
            IndicatorValueType.SpinalLevel => new SpinalLevelValue(spec.Key, f.PickRandom<SpinalLevel>()),
            IndicatorValueType.Number => new NumberValue(spec.Key, Between(spec.Min ?? 0, spec.Max ?? 100), spec.Unit),
            _ => new TextValue(spec.Key, "note"),
        };
    }
}
