using System.Runtime.InteropServices;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using static Sot.Workbench.Catalogue.IndicatorCodes;

namespace Sot.Workbench.Analysis;

/// <summary>
/// Core's SOT rule set (<see cref="RuleSets.SorsiSot"/>): rules R1–R7 of the domain reference §2.4, registered
/// through <see cref="IAnalysisRule"/> like any plugin rule. Every suggestion is a protocol suggestion.
/// </summary>
public static class CoreRules
{
    /// <summary>Sway above this (eyes open or closed) counts as increased when the practitioner gave no judgement (one study, [S24]).</summary>
    public const decimal SwayThresholdMillimetres = 12m;

    /// <summary>The heel-lift rule's fraction of an anatomical leg-length difference (§1.5, [S6]).</summary>
    public const decimal HeelLiftFraction = 0.5m;

    /// <summary>R1–R7, in order.</summary>
    public static IReadOnlyList<IAnalysisRule> All { get; } =
    [
        new CategoryIIIRule(), new CategoryIIRule(), new CategoryIRule(), new VerificationRule(),
        new TreatFirstRule(), new CoexistingRule(), new SafetyRule(),
    ];

    /// <summary>True when <paramref name="finding"/> counts as positive for sway (R2).</summary>
    public static bool IsSwayPositive(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (finding.Get<BooleanValue>("positive") is { } judged)
        {
            return judged.Value;
        }

        return Exceeds(finding.Get<LengthValue>("eyesOpen")) || Exceeds(finding.Get<LengthValue>("eyesClosed"));

        static bool Exceeds(LengthValue? v) => v is not null && v.Value.ExactMillimetres > SwayThresholdMillimetres;
    }

    internal static bool IsInitial(Finding f) => f.Phase == FindingPhase.InitialAnalysis;

    internal static Side Merge(Side current, Side next) =>
        current == Side.None ? next : next == Side.None || next == current ? current : Side.Bilateral;

    internal static Finding[] Combine(IReadOnlyList<Finding> a, IReadOnlyList<Finding> b)
    {
        var result = new Finding[a.Count + b.Count];
        for (var i = 0; i < a.Count; i++)
        {
            result[i] = a[i];
        }

        for (var i = 0; i < b.Count; i++)
        {
            result[a.Count + i] = b[i];
        }

        return result;
    }

    /// <summary>
    /// The first category suggestion for each of I, II and III made so far, in one pass over the suggestions (plugin
    /// rules add theirs to the same list, so the combination rules do not scan it once per category).
    /// </summary>
    internal static void FindCategories(AnalysisContext context, out Suggestion? one, out Suggestion? two, out Suggestion? three)
    {
        one = two = three = null;
        foreach (var s in CollectionsMarshal.AsSpan(context.SuggestionList))
        {
            if (s.Kind != SuggestionKind.Category)
            {
                continue;
            }

            switch (s.Category)
            {
                case SotCategory.I:
                    one ??= s;
                    break;
                case SotCategory.II:
                    two ??= s;
                    break;
                case SotCategory.III:
                    three ??= s;
                    break;
            }
        }
    }

    /// <summary>Collects evidence without LINQ: count, then fill.</summary>
    internal static Finding[] Collect(IReadOnlyList<Finding> findings, Func<Finding, bool> match, int count)
    {
        var result = new Finding[count];
        var n = 0;
        for (var i = 0; i < findings.Count && n < count; i++)
        {
            if (match(findings[i]))
            {
                result[n++] = findings[i];
            }
        }

        return result;
    }
}

internal abstract class CoreRule(string id, AnalysisStage stage, Provenance provenance) : IAnalysisRule
{
    public string Id { get; } = id;
    public string RuleSet => RuleSets.SorsiSot;
    public AnalysisStage Stage { get; } = stage;
    public Provenance Provenance { get; } = provenance;
    public abstract void Evaluate(AnalysisContext context);
}

/// <summary>R1: antalgic posture, a disc SOTO pattern or sciatic pain → Category III.</summary>
internal sealed class CategoryIIIRule() : CoreRule("SOT-R1", AnalysisStage.Findings,
    new(ReliabilityTag.SingleSource, "Domain reference §2.4 R1; [S22][S23]"))
{
    internal const string Rationale = "Category III indicators recorded (antalgic posture, disc pattern on SOTO, or sciatic pain points).";
    private static readonly Func<Finding, bool> Match = Positive;

    public override void Evaluate(AnalysisContext context)
    {
        var findings = context.Findings;
        int count = 0;
        Side side = Side.None, fallback = Side.None;
        for (var i = 0; i < findings.Count; i++)
        {
            var f = findings[i];
            if (!Positive(f))
            {
                continue;
            }

            count++;
            if (f.Code == Sciatic)
            {
                side = CoreRules.Merge(side, f.Side);
            }
            else
            {
                fallback = CoreRules.Merge(fallback, f.Side);
            }
        }

        if (count > 0)
        {
            context.Add(new Suggestion(Id, SuggestionKind.Category, Rationale, Provenance)
            {
                Category = SotCategory.III,
                Side = side != Side.None ? side : fallback,
                Evidence = CoreRules.Collect(findings, Match, count),
            });
        }
    }

    internal static bool Positive(Finding f)
    {
        if (!CoreRules.IsInitial(f))
        {
            return false;
        }

        switch (f.Code)
        {
            case Antalgic:
                return f.Get<EnumValue>("lean") is { Value: not "None" };
            case Soto:
                return SotoInterpretation.IsDisc(SotoInterpretation.Of(f));
            case Sciatic:
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
            default:
                return false;
        }
    }
}

/// <summary>R2: positive arm-fossa, compaction harder, increased sway, or inguinal + first-rib tubercle on one side → Category II.</summary>
internal sealed class CategoryIIRule() : CoreRule("SOT-R2", AnalysisStage.Findings,
    new(ReliabilityTag.SingleSource, "Domain reference §2.4 R2; [S2][S3][S6][S24]; arm-fossa reliability questioned"))
{
    internal const string Rationale = "Category II indicators recorded (positive arm-fossa test, harder leg raise under cervical compaction, increased sway, or inguinal and first-rib tubercle tenderness on one side).";

    public override void Evaluate(AnalysisContext context)
    {
        var findings = context.Findings;
        // Sides with inguinal tenderness / first-rib tubercle pain, as bit masks (1 = left, 2 = right).
        int inguinal = 0, rib = 0, count = 0;
        Side aftSide = Side.None;
        for (var i = 0; i < findings.Count; i++)
        {
            var f = findings[i];
            if (!CoreRules.IsInitial(f))
            {
                continue;
            }

            switch (f.Code)
            {
                case ArmFossa when f.Get<EnumValue>("result") is { Value: not "Negative" }:
                    aftSide = CoreRules.Merge(aftSide, f.Side);
                    count++;
                    break;
                case CervicalCompaction when f.Get<EnumValue>("result") is { Value: "LegsHarderPelvicInstability" }:
                case LateralSway when CoreRules.IsSwayPositive(f):
                    count++;
                    break;
                case InguinalTenderness when f.Get<GradeValue>("grade") is { Value: > Grade.None }:
                    inguinal |= Mask(f.Side);
                    break;
                case FirstRibTubercle when f.Get<ScoreValue>("pain") is { Value: > 0 }:
                    rib |= Mask(f.Side);
                    break;
            }
        }

        var pair = inguinal & rib;
        if (count == 0 && pair == 0)
        {
            return;
        }

        var evidence = new List<Finding>(count + 2);
        for (var i = 0; i < findings.Count; i++)
        {
            var f = findings[i];
            if (!CoreRules.IsInitial(f))
            {
                continue;
            }

            var include = f.Code switch
            {
                ArmFossa => f.Get<EnumValue>("result") is { Value: not "Negative" },
                CervicalCompaction => f.Get<EnumValue>("result") is { Value: "LegsHarderPelvicInstability" },
                LateralSway => CoreRules.IsSwayPositive(f),
                InguinalTenderness => (Mask(f.Side) & pair) != 0 && f.Get<GradeValue>("grade") is { Value: > Grade.None },
                FirstRibTubercle => (Mask(f.Side) & pair) != 0 && f.Get<ScoreValue>("pain") is { Value: > 0 },
                _ => false,
            };
            if (include)
            {
                evidence.Add(f);
            }
        }

        context.Add(new Suggestion(Id, SuggestionKind.Category, Rationale, Provenance)
        {
            Category = SotCategory.II,
            Side = aftSide != Side.None ? aftSide : FromMask(pair),
            Evidence = evidence,
        });
    }

    private static int Mask(Side side) => side switch
    {
        Side.Left => 1,
        Side.Right => 2,
        Side.Bilateral => 3,
        _ => 0,
    };

    private static Side FromMask(int mask) => mask switch
    {
        1 => Side.Left,
        2 => Side.Right,
        3 => Side.Bilateral,
        _ => Side.None,
    };
}

/// <summary>R3: locked pelvis, heel tension, crest or dollar sign → Category I; side from heel tension, else the short leg.</summary>
internal sealed class CategoryIRule() : CoreRule("SOT-R3", AnalysisStage.Findings,
    new(ReliabilityTag.SingleSource, "Domain reference §2.4 R3; [S2][S6][S9][S12]; heel-tension side convention is a gap"))
{
    internal const string Rationale = "Category I indicators recorded (locked pelvis, heel tension, crest or dollar sign); side from heel tension, else the short leg.";
    private static readonly Func<Finding, bool> Match = f => Positive(f) || IsShortLeg(f);

    public override void Evaluate(AnalysisContext context)
    {
        var findings = context.Findings;
        int count = 0, shortLegs = 0;
        Side heel = Side.None, shortLeg = Side.None;
        for (var i = 0; i < findings.Count; i++)
        {
            var f = findings[i];
            if (Positive(f))
            {
                count++;
                if (f.Code == HeelTension)
                {
                    heel = CoreRules.Merge(heel, f.Side);
                }
            }
            else if (IsShortLeg(f))
            {
                shortLegs++;
                shortLeg = CoreRules.Merge(shortLeg, f.Side);
            }
        }

        if (count == 0)
        {
            return;
        }

        var useShortLeg = heel == Side.None && shortLeg != Side.None;
        context.Add(new Suggestion(Id, SuggestionKind.Category, Rationale, Provenance)
        {
            Category = SotCategory.I,
            Side = useShortLeg ? shortLeg : heel,
            Evidence = useShortLeg ? CoreRules.Collect(findings, Match, count + shortLegs) : CoreRules.Collect(findings, Positive, count),
        });
    }

    internal static bool Positive(Finding f)
    {
        if (!CoreRules.IsInitial(f))
        {
            return false;
        }

        return f.Code switch
        {
            PelvicLock => f.Get<BooleanValue>("present") is { Value: true },
            HeelTension => f.Get<GradeValue>("grade") is { Value: > Grade.None },
            CrestSign or DollarSign => true,
            _ => false,
        };
    }

    internal static bool IsShortLeg(Finding f) =>
        CoreRules.IsInitial(f) && f.Code == ShortLegProne && f.Side.IsSingle() && f.Get<BooleanValue>("balanced") is not { Value: true };
}

/// <summary>
/// R6: after blocking, verification indicators re-tested (during blocking or at reassessment) that did not ease
/// → re-check prompt; with an anatomical short leg recorded, the heel-lift rule of §1.5 as well.
/// </summary>
internal sealed class VerificationRule() : CoreRule("SOT-R6", AnalysisStage.Findings,
    new(ReliabilityTag.SingleSource, "Domain reference §2.4 R6, §1.5 heel-lift rule; [S6]"))
{
    internal const string Rationale = "Verification indicators did not ease on blocks: reposition the blocks, re-check leg length, consider an anatomical short leg.";
    internal const string HeelLiftRationale = "Anatomical short leg recorded and indicators did not ease: the heel-lift rule suggests starting at half the anatomical difference, only if the practitioner confirms the indicators improve with a lift.";

    public override void Evaluate(AnalysisContext context)
    {
        var findings = context.Findings;
        var catalogue = context.Catalogue;
        List<Finding>? notEased = null;
        SotCategory? category = null;
        var mixed = false;
        for (var i = 0; i < findings.Count; i++)
        {
            var retest = findings[i];
            if (retest.Phase == FindingPhase.InitialAnalysis || !catalogue.TryGet(retest.Code, out var definition) || !definition.VerifiesBlocking)
            {
                continue;
            }

            var initial = LatestInitial(findings, retest);
            if (initial is null)
            {
                continue;
            }

            var before = FindingSeverity.Of(initial, definition);
            if (before <= 0 && !definition.Values.Any(v => v.HigherIsBetter))
            {
                continue;
            }

            if (FindingSeverity.Of(retest, definition) >= before && !LaterRetestEased(findings, i, retest, definition, before))
            {
                (notEased ??= []).Add(retest);
                mixed |= category is not null && category != definition.Category;
                category ??= definition.Category;
            }
        }

        if (notEased is null)
        {
            return;
        }

        context.Add(new Suggestion(Id, SuggestionKind.RecheckAfterBlocking, Rationale, Provenance)
        {
            Category = mixed ? null : category,
            Evidence = notEased,
        });

        for (var i = 0; i < findings.Count; i++)
        {
            var f = findings[i];
            if (f.Code == ShortLegProne && f.Get<EnumValue>("kind") is { Value: "Anatomical" } && f.Get<LengthValue>("difference") is { } diff && diff.Value.Value > 0)
            {
                context.Add(new Suggestion(Id, SuggestionKind.HeelLiftConsideration, HeelLiftRationale, Provenance)
                {
                    Side = f.Side,
                    Evidence = [f],
                    Amount = new Length(diff.Value.Value * CoreRules.HeelLiftFraction, diff.Value.Unit),
                });
                break;
            }
        }
    }

    private static Finding? LatestInitial(IReadOnlyList<Finding> findings, Finding retest)
    {
        Finding? result = null;
        for (var j = 0; j < findings.Count; j++)
        {
            var f = findings[j];
            if (f.Phase == FindingPhase.InitialAnalysis && f.Side == retest.Side && f.Code == retest.Code)
            {
                result = f;
            }
        }

        return result;
    }

    // Only the last re-test of an indicator and side counts: an earlier re-test that had not eased is superseded.
    private static bool LaterRetestEased(IReadOnlyList<Finding> findings, int index, Finding retest, IndicatorDefinition definition, decimal before)
    {
        for (var j = index + 1; j < findings.Count; j++)
        {
            var f = findings[j];
            if (f.Phase != FindingPhase.InitialAnalysis && f.Side == retest.Side && f.Code == retest.Code)
            {
                return FindingSeverity.Of(f, definition) < before || LaterRetestEased(findings, j, f, definition, before);
            }
        }

        return false;
    }
}

/// <summary>R4: Category III with Category II or I → address II (else I) first, then re-evaluate III ([S14]).</summary>
internal sealed class TreatFirstRule() : CoreRule("SOT-R4", AnalysisStage.Combination,
    new(ReliabilityTag.SingleSource, "Domain reference §2.4 R4; SOT manual rule reported by [S14]"))
{
    internal const string Rationale = "Category III is suggested together with Category II or I: the SOT protocol suggests addressing Category II (else I) first, then re-evaluating Category III.";

    public override void Evaluate(AnalysisContext context)
    {
        CoreRules.FindCategories(context, out var one, out var two, out var three);
        if (three is null)
        {
            return;
        }

        var first = two ?? one;
        if (first is null)
        {
            return;
        }

        context.Add(new Suggestion(Id, SuggestionKind.TreatFirst, Rationale, Provenance)
        {
            Category = first.Category,
            Then = SotCategory.III,
            Side = first.Side,
            Evidence = CoreRules.Combine(first.Evidence, three.Evidence),
        });
    }
}

/// <summary>R5: several categories suggested → record a primary and secondaries ([S60]).</summary>
internal sealed class CoexistingRule() : CoreRule("SOT-R5", AnalysisStage.Combination,
    new(ReliabilityTag.SingleSource, "Domain reference §2.4 R5; [S60]"))
{
    internal const string Rationale = "Several categories are suggested; categories may co-exist. Record one primary and the others as secondary.";

    public override void Evaluate(AnalysisContext context)
    {
        CoreRules.FindCategories(context, out var one, out var two, out var three);
        var n = (one is null ? 0 : 1) + (two is null ? 0 : 1) + (three is null ? 0 : 1);
        if (n < 2)
        {
            return;
        }

        var categories = new SotCategory[n];
        var k = 0;
        // Protocol order: II, then I, then III (R4's "treat II (else I) before III").
        if (two is not null)
        {
            categories[k++] = SotCategory.II;
        }

        if (one is not null)
        {
            categories[k++] = SotCategory.I;
        }

        if (three is not null)
        {
            categories[k] = SotCategory.III;
        }

        context.Add(new Suggestion(Id, SuggestionKind.CoexistingCategories, Rationale, Provenance)
        {
            // A primary is proposed only where the protocol orders them (with III); for I with II the practitioner chooses.
            Category = three is not null ? categories[0] : null,
            Categories = categories,
        });
    }
}

/// <summary>R7: red flags and Category III referral triggers → stop and refer; overrides every other suggestion.</summary>
internal sealed class SafetyRule() : CoreRule("SOT-R7", AnalysisStage.Safety,
    new(ReliabilityTag.Firm, "Domain reference §2.4 R7, §7.6; [S22][S23][S50]"))
{
    internal const string RedFlagRationale = "An absolute red flag is recorded: stop and refer. No SOT care is suggested.";
    internal const string TriggerRationale = "A Category III referral trigger is present (recorded, declining neurological status, or SOTO pain worsening on repeats): stop and refer.";

    public override void Evaluate(AnalysisContext context)
    {
        var input = context.Input;
        if (input.RedFlags.Count > 0)
        {
            context.Add(new Suggestion(Id, SuggestionKind.StopAndRefer, RedFlagRationale, Provenance)
            {
                Detail = string.Join(", ", input.RedFlags),
            });
        }

        var findings = context.Findings;
        var count = 0;
        for (var i = 0; i < findings.Count; i++)
        {
            if (IsTrigger(findings[i]))
            {
                count++;
            }
        }

        if (count > 0 || input.ReferralTriggers.Count > 0)
        {
            context.Add(new Suggestion(Id, SuggestionKind.StopAndRefer, TriggerRationale, Provenance)
            {
                Evidence = count == 0 ? [] : CoreRules.Collect(findings, IsTrigger, count),
                Detail = input.ReferralTriggers.Count == 0 ? null : string.Join(", ", input.ReferralTriggers),
            });
        }
    }

    internal static bool IsTrigger(Finding f) => f.Code switch
    {
        Neuro => f.Get<EnumValue>("trend") is { Value: "Declining" },
        Soto => SotoInterpretation.Of(f) == SotoPattern.DiscUnfavourable,
        _ => false,
    };
}
