using System.Collections.Concurrent;
using System.Globalization;
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
    private const int Asymmetry = 0;
    private static readonly Provenance RuleProvenance = new(ReliabilityTag.Conflict, "Domain reference §6.2: ranges differ by source; the range file in use names each range's source");
    private readonly Lazy<TmjReferenceRanges> _ranges;
    private readonly ConcurrentDictionary<long, Suggestion> _byFlags = new();

    public TmjRangeRule(Lazy<TmjReferenceRanges> ranges) => _ranges = ranges;

    private TmjReferenceRanges Data => _ranges.Value;

    public string Id => TmjCodes.RangeRule;

    public string RuleSet => RuleSets.SorsiSot;

    public AnalysisStage Stage => AnalysisStage.Findings;

    public Provenance Provenance => RuleProvenance;

    public void Evaluate(AnalysisContext context)
    {
        foreach (var finding in FindingSpan.Of(context.Findings))
        {
            if (finding.Code != TmjCodes.Measurements)
            {
                continue;
            }

            // Bit 0: asymmetry; bits 1 + 2i: range i below, bits 2 + 2i: range i above.
            var ranges = Data;
            var flags = ranges.IsAsymmetric(finding) ? 1L << Asymmetry : 0L;
            var values = finding.Values;
            for (var v = 0; v < values.Count; v++)
            {
                if (values[v] is LengthValue length && ranges.IndexOf(length.Key) is >= 0 and var index)
                {
                    var mm = length.Value.ExactMillimetres;
                    var range = ranges.Ranges[index];
                    if (range.MinMm is { } min && mm < min)
                    {
                        flags |= 1L << (1 + 2 * index);
                    }
                    else if (range.MaxMm is { } max && mm > max)
                    {
                        flags |= 1L << (2 + 2 * index);
                    }
                }
            }

            if (flags != 0)
            {
                var template = _byFlags.TryGetValue(flags, out var cached) ? cached : _byFlags.GetOrAdd(flags, Build);
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

        if ((flags & (1L << Asymmetry)) != 0)
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
        var suggestions = context.Suggestions;
        for (var i = 0; i < suggestions.Count && categoryTwo is null; i++)
        {
            if (suggestions[i] is { Kind: SuggestionKind.Category, Category: SotCategory.II })
            {
                categoryTwo = suggestions[i];
            }
        }

        if (categoryTwo is null)
        {
            return;
        }

        List<Finding>? evidence = null;
        foreach (var finding in FindingSpan.Of(context.Findings))
        {
            if (IsPositive(finding))
            {
                (evidence ??= []).Add(finding);
            }
        }

        if (evidence is null)
        {
            return;
        }

        evidence.AddRange(categoryTwo.Evidence);
        context.Add(_template with { Evidence = evidence });
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
