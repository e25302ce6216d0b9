using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using static Sot.Workbench.Catalogue.IndicatorCodes;

namespace Sot.Workbench.Benchmarks.Baselines;

/// <summary>
/// The benchmark baseline: rules R1–R7 written by hand over an array in one pass, without LINQ, the registry or
/// the rule abstraction. A test checks it returns the same suggestions as <see cref="CategoryAnalyzer"/>.
/// </summary>
internal static class HandWrittenAnalysis
{
    private static readonly Provenance[] Provenances = CoreRules.All.Select(r => r.Provenance).ToArray(); // R1,R2,R3,R6,R4,R5,R7

    public static List<Suggestion> Analyze(Finding[] findings, IndicatorCatalogue catalogue)
    {
        List<Finding>? r1 = null, r2 = null, r3Pos = null, r3All = null, r7 = null, r6 = null;
        Side r1Sciatic = Side.None, r1Other = Side.None, aft = Side.None, heel = Side.None, shortLeg = Side.None;
        int inguinal = 0, rib = 0, r2Count = 0;
        SotCategory? r6Category = null;
        var r6Mixed = false;
        Finding? anatomical = null;

        for (var i = 0; i < findings.Length; i++)
        {
            var f = findings[i];
            if (f.Phase != FindingPhase.InitialAnalysis)
            {
                if (catalogue.TryGet(f.Code, out var definition) && definition.VerifiesBlocking && NotEased(findings, i, f, definition))
                {
                    (r6 ??= []).Add(f);
                    r6Mixed |= r6Category is not null && r6Category != definition.Category;
                    r6Category ??= definition.Category;
                }
            }
            else
            {
                switch (f.Code)
                {
                    case Antalgic when f.Get<EnumValue>("lean") is { Value: not "None" }:
                        (r1 ??= []).Add(f);
                        r1Other = Merge(r1Other, f.Side);
                        break;
                    case Soto:
                        var pattern = SotoInterpretation.Of(f);
                        if (pattern is SotoPattern.Disc or SotoPattern.DiscFavourable or SotoPattern.DiscUnfavourable)
                        {
                            (r1 ??= []).Add(f);
                            r1Other = Merge(r1Other, f.Side);
                        }

                        break;
                    case Sciatic when AnyScore(f):
                        (r1 ??= []).Add(f);
                        r1Sciatic = Merge(r1Sciatic, f.Side);
                        break;
                    case ArmFossa when f.Get<EnumValue>("result") is { Value: not "Negative" }:
                        (r2 ??= []).Add(f);
                        aft = Merge(aft, f.Side);
                        r2Count++;
                        break;
                    case CervicalCompaction when f.Get<EnumValue>("result") is { Value: "LegsHarderPelvicInstability" }:
                    case LateralSway when CoreRules.IsSwayPositive(f):
                        (r2 ??= []).Add(f);
                        r2Count++;
                        break;
                    case InguinalTenderness when f.Get<GradeValue>("grade") is { Value: > Grade.None }:
                        (r2 ??= []).Add(f);
                        inguinal |= Mask(f.Side);
                        break;
                    case FirstRibTubercle when f.Get<ScoreValue>("pain") is { Value: > 0 }:
                        (r2 ??= []).Add(f);
                        rib |= Mask(f.Side);
                        break;
                    case PelvicLock when f.Get<BooleanValue>("present") is { Value: true }:
                    case CrestSign or DollarSign:
                        (r3Pos ??= []).Add(f);
                        (r3All ??= []).Add(f);
                        break;
                    case HeelTension when f.Get<GradeValue>("grade") is { Value: > Grade.None }:
                        (r3Pos ??= []).Add(f);
                        (r3All ??= []).Add(f);
                        heel = Merge(heel, f.Side);
                        break;
                    case ShortLegProne:
                        if (f.Side is Side.Left or Side.Right && f.Get<BooleanValue>("balanced") is not { Value: true })
                        {
                            (r3All ??= []).Add(f);
                            shortLeg = Merge(shortLeg, f.Side);
                        }

                        break;
                }
            }

            if (anatomical is null && f.Code == ShortLegProne && f.Get<EnumValue>("kind") is { Value: "Anatomical" } && f.Get<LengthValue>("difference") is { Value.Value: > 0 })
            {
                anatomical = f;
            }

            if (f.Code == Neuro && f.Get<EnumValue>("trend") is { Value: "Declining" } || f.Code == Soto && SotoInterpretation.Of(f) == SotoPattern.DiscUnfavourable)
            {
                (r7 ??= []).Add(f);
            }
        }

        var result = new List<Suggestion>(4);
        Suggestion? s1 = null, s2 = null, s3 = null;
        if (r1 is not null)
        {
            result.Add(s1 = new Suggestion("SOT-R1", SuggestionKind.Category, CategoryIIIRule.Rationale, Provenances[0])
            {
                Category = SotCategory.III,
                Side = r1Sciatic != Side.None ? r1Sciatic : r1Other,
                Evidence = r1,
            });
        }

        var pair = inguinal & rib;
        if (r2 is not null && (r2Count > 0 || pair != 0))
        {
            var evidence = new List<Finding>(r2.Count);
            foreach (var f in r2)
            {
                if (f.Code is not (InguinalTenderness or FirstRibTubercle) || (Mask(f.Side) & pair) != 0)
                {
                    evidence.Add(f);
                }
            }

            result.Add(s2 = new Suggestion("SOT-R2", SuggestionKind.Category, CategoryIIRule.Rationale, Provenances[1])
            {
                Category = SotCategory.II,
                Side = aft != Side.None ? aft : pair switch { 1 => Side.Left, 2 => Side.Right, 3 => Side.Bilateral, _ => Side.None },
                Evidence = evidence,
            });
        }

        if (r3Pos is not null)
        {
            var useShortLeg = heel == Side.None && shortLeg != Side.None;
            result.Add(s3 = new Suggestion("SOT-R3", SuggestionKind.Category, CategoryIRule.Rationale, Provenances[2])
            {
                Category = SotCategory.I,
                Side = useShortLeg ? shortLeg : heel,
                Evidence = useShortLeg ? r3All! : r3Pos,
            });
        }

        if (r6 is not null)
        {
            result.Add(new Suggestion("SOT-R6", SuggestionKind.RecheckAfterBlocking, VerificationRule.Rationale, Provenances[3])
            {
                Category = r6Mixed ? null : r6Category,
                Evidence = r6,
            });
            if (anatomical is not null)
            {
                var diff = anatomical.Get<LengthValue>("difference")!.Value;
                result.Add(new Suggestion("SOT-R6", SuggestionKind.HeelLiftConsideration, VerificationRule.HeelLiftRationale, Provenances[3])
                {
                    Side = anatomical.Side,
                    Evidence = [anatomical],
                    Amount = new Length(diff.Value * CoreRules.HeelLiftFraction, diff.Unit),
                });
            }
        }

        var first = s2 ?? s3;
        if (s1 is not null && first is not null)
        {
            var evidence = new List<Finding>(first.Evidence);
            evidence.AddRange(s1.Evidence);
            result.Add(new Suggestion("SOT-R4", SuggestionKind.TreatFirst, TreatFirstRule.Rationale, Provenances[4])
            {
                Category = first.Category,
                Then = SotCategory.III,
                Side = first.Side,
                Evidence = evidence,
            });
        }

        var n = (s1 is null ? 0 : 1) + (s2 is null ? 0 : 1) + (s3 is null ? 0 : 1);
        if (n >= 2)
        {
            var categories = new List<SotCategory>(3);
            if (s2 is not null)
            {
                categories.Add(SotCategory.II);
            }

            if (s3 is not null)
            {
                categories.Add(SotCategory.I);
            }

            if (s1 is not null)
            {
                categories.Add(SotCategory.III);
            }

            result.Add(new Suggestion("SOT-R5", SuggestionKind.CoexistingCategories, CoexistingRule.Rationale, Provenances[5])
            {
                Category = s1 is not null ? categories[0] : null,
                Categories = categories,
            });
        }

        if (r7 is not null)
        {
            var refer = new Suggestion("SOT-R7", SuggestionKind.StopAndRefer, SafetyRule.TriggerRationale, Provenances[6]) { Evidence = r7 };
            result.Clear();
            result.Add(refer);
        }

        return result;
    }

    private static bool NotEased(Finding[] findings, int index, Finding retest, IndicatorDefinition definition)
    {
        Finding? initial = null;
        for (var j = 0; j < findings.Length; j++)
        {
            var f = findings[j];
            if (f.Phase == FindingPhase.InitialAnalysis && f.Side == retest.Side && f.Code == retest.Code)
            {
                initial = f;
            }
        }

        if (initial is null)
        {
            return false;
        }

        var before = FindingSeverity.Of(initial, definition);
        var higherIsBetter = false;
        foreach (var spec in definition.Values)
        {
            higherIsBetter |= spec.HigherIsBetter;
        }

        if (before <= 0 && !higherIsBetter || FindingSeverity.Of(retest, definition) < before)
        {
            return false;
        }

        for (var j = index + 1; j < findings.Length; j++)
        {
            var f = findings[j];
            if (f.Phase != FindingPhase.InitialAnalysis && f.Side == retest.Side && f.Code == retest.Code && FindingSeverity.Of(f, definition) < before)
            {
                return false;
            }
        }

        return true;
    }

    private static bool AnyScore(Finding f)
    {
        if (f.Get<PointsValue>("points") is { } points)
        {
            foreach (var p in points.Points)
            {
                if (p.Score > 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static Side Merge(Side current, Side next) =>
        current == Side.None ? next : next == Side.None || next == current ? current : Side.Bilateral;

    private static int Mask(Side side) => side switch
    {
        Side.Left => 1,
        Side.Right => 2,
        Side.Bilateral => 3,
        _ => 0,
    };
}
