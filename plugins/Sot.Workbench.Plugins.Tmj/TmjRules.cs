using System.Globalization;
using System.Runtime.CompilerServices;
using Sot.Workbench.Analysis;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Plugins.Shared;

namespace Sot.Workbench.Plugins.Tmj;

/// <summary>
/// TMJ-R1: a measurement finding with values outside their reference ranges, or with lateral asymmetry over the
/// threshold, is flagged — one suggestion per finding listing every flag (<see cref="Suggestion.Detail"/>: the
/// flagged measures, comma-separated). The suggestion for each combination of flags is built once from the range
/// file; the measured values are in the evidence.
/// </summary>
internal sealed class TmjRangeRule : IAnalysisRule
{
    private static readonly Provenance RuleProvenance = new(ReliabilityTag.Conflict, "Domain reference §6.2: ranges differ by source; the range file in use names each range's source");
    private readonly Lazy<TmjReferenceRanges> _ranges;

    // One suggestion per combination of flags, built the first time that combination is seen (threads racing on
    // one slot build equal suggestions; either may stay). Sized when the range data is first read.
    private Suggestion?[]? _byCombination;

    public TmjRangeRule(Lazy<TmjReferenceRanges> ranges) => _ranges = ranges;

    private TmjReferenceRanges Data => _ranges.Value;

    public string Id => TmjCodes.RangeRule;

    public string RuleSet => RuleSets.SorsiSot;

    public AnalysisStage Stage => AnalysisStage.Findings;

    public Provenance Provenance => RuleProvenance;

    public void Evaluate(AnalysisContext context)
    {
        TmjReferenceRanges? ranges = null;
        Suggestion?[]? byCombination = null;
        foreach (var finding in FindingSpan.Of(context.Findings))
        {
            if (finding.Code != TmjCodes.Measurements)
            {
                continue;
            }

            if (ranges is null)
            {
                ranges = Data;
                byCombination = Volatile.Read(ref _byCombination);
                if (byCombination is null)
                {
                    Interlocked.CompareExchange(ref _byCombination, new Suggestion?[ranges.Combinations], null);
                    byCombination = _byCombination;
                }
            }

            var flags = ranges.Evaluate(finding);
            if (flags != 0)
            {
                ref var slot = ref byCombination![ranges.Combination(flags)];
                var template = Volatile.Read(ref slot);
                if (template is null)
                {
                    template = Build(flags);
                    Volatile.Write(ref slot, template);
                }

                context.Add(template with { Evidence = [finding] });
            }
        }
    }

    private Suggestion Build(long flags)
    {
        var measures = new List<string>();
        var texts = new List<string>();
        var reliability = ReliabilityTag.Firm;
        for (var i = 0; i < Data.Ranges.Count; i++)
        {
            var r = Data.Ranges[i];
            var below = (flags & (1L << (1 + 2 * i))) != 0;
            if (below || (flags & (1L << (2 + 2 * i))) != 0)
            {
                measures.Add(r.Measure);
                texts.Add($"{TmjCodes.Label(r.Measure)} is {(below ? "below" : "above")} the reference range {r.Describe()} ({r.Provenance})");
                reliability = (ReliabilityTag)Math.Max((int)reliability, (int)r.Provenance.Reliability);
            }
        }

        if ((flags & 1L) != 0)
        {
            measures.Add("lateralAsymmetry");
            texts.Add(string.Create(CultureInfo.InvariantCulture, $"left and right lateral excursions differ by more than {Data.AsymmetryThresholdMm} mm ({Data.AsymmetryProvenance})"));
            reliability = (ReliabilityTag)Math.Max((int)reliability, (int)Data.AsymmetryProvenance.Reliability);
        }

        return new Suggestion(TmjCodes.RangeRule, SuggestionKind.Technique,
            "TMJ measurement flags: " + string.Join("; ", texts) + $" (reference range file version {Data.Version}).",
            new Provenance(reliability, RuleProvenance.Source + "; " + string.Join("; ", texts)))
        {
            Detail = string.Join(",", measures),
        };
    }
}

/// <summary>
/// TMJ-R2: TMJ findings together with a Category II suggestion give the SOT-linked suggestion (domain reference
/// §6.1: SOT links TMJ dysfunction most closely to Category II). Runs in the combination stage, after the category rules.
/// </summary>
internal sealed class TmjCategoryTwoRule(Lazy<TmjReferenceRanges> ranges) : IAnalysisRule
{
    private readonly Suggestion _template = new(TmjCodes.CategoryTwoRule, SuggestionKind.Technique,
        "TMJ findings recorded together with Category II indicators: SOT links TMJ dysfunction most closely to Category II. The SOT protocol combines Category II blocking with cranial (temporal rotation, sphenomaxillary), cervical and TMJ contacts, then re-measures opening, path and sounds; co-manage with a dentist where indicated.",
        RuleProvenance)
    {
        Category = SotCategory.II,
    };

    public string Id => TmjCodes.CategoryTwoRule;

    public string RuleSet => RuleSets.SorsiSot;

    public AnalysisStage Stage => AnalysisStage.Combination;

    public Provenance Provenance => RuleProvenance;

    private static readonly Provenance RuleProvenance = new(ReliabilityTag.SingleSource,
        "Domain reference §6.1 and §6.3: SOT relates the TMJ to Category II (reciprocation with the SI joint) [S10]; care combines category blocking, cranial, cervical work and dental co-management [S38][S69]; association, not proof of effect");

    public void Evaluate(AnalysisContext context)
    {
        Suggestion? categoryTwo = null;
        foreach (var suggestion in FindingSpan.Of(context.Suggestions))
        {
            if (suggestion is { Kind: SuggestionKind.Category, Category: SotCategory.II })
            {
                categoryTwo = suggestion;
                break;
            }
        }

        if (categoryTwo is null)
        {
            return;
        }

        // The positive findings' positions are kept in a small buffer on the stack (a visit has a handful of TMJ
        // findings), so the evidence is one array of the exact size and no finding is tested twice; past the buffer's
        // size the rest are found again.
        var findings = FindingSpan.Of(context.Findings);
        var hits = default(Positions);
        var count = 0;
        for (var i = 0; i < findings.Length; i++)
        {
            if (IsPositive(findings[i]))
            {
                if (count < Positions.Length)
                {
                    hits[count] = i;
                }

                count++;
            }
        }

        if (count == 0)
        {
            return;
        }

        var categoryEvidence = categoryTwo.Evidence;
        var evidence = new Finding[count + categoryEvidence.Count];
        var n = 0;
        for (; n < count && n < Positions.Length; n++)
        {
            evidence[n] = findings[hits[n]];
        }

        for (var i = hits[Positions.Length - 1] + 1; n < count; i++)
        {
            if (IsPositive(findings[i]))
            {
                evidence[n++] = findings[i];
            }
        }

        for (var i = 0; i < categoryEvidence.Count; i++)
        {
            evidence[n++] = categoryEvidence[i];
        }

        context.Add(_template with { Evidence = evidence });
    }

    [InlineArray(Length)]
    private struct Positions
    {
        public const int Length = 8;
        private int _first;
    }

    // Plugin codes start with "TMJ-": most findings are rejected on the first character.
    private bool IsPositive(Finding f) => f.Code.Length > 4 && f.Code[0] == 'T' && f.Code[1] == 'M' && f.Code switch
    {
        TmjCodes.Measurements => ranges.Value.HasFlag(f),
        TmjCodes.OpeningPath => f.Get<EnumValue>("path") is { Value: not "Straight" },
        TmjCodes.JointSound => f.Get<EnumValue>("sound") is { Value: not "None" },
        TmjCodes.MuscleTenderness => f.Get<GradeValue>("tenderness") is { Value: > Grade.None },
        TmjCodes.Loading => f.Get<BooleanValue>("painReproduced") is { Value: true },
        _ => false,
    };
}
