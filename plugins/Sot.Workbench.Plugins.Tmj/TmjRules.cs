using System.Globalization;
using Sot.Workbench.Analysis;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Plugins.Shared;

namespace Sot.Workbench.Plugins.Tmj;

/// <summary>
/// TMJ-R1: each measurement outside its reference range, and lateral asymmetry over the threshold, is flagged. The
/// flag suggestions are built once from the range file (the measured values are in the evidence).
/// </summary>
internal sealed class TmjRangeRule : IAnalysisRule
{
    private static readonly Provenance RuleProvenance = new(ReliabilityTag.Conflict, "Domain reference §6.2: ranges differ by source; the range file in use names each range's source");
    private readonly TmjReferenceRanges _ranges;
    private readonly Suggestion[] _below;
    private readonly Suggestion[] _above;
    private readonly Suggestion _asymmetry;

    public TmjRangeRule(TmjReferenceRanges ranges)
    {
        _ranges = ranges;
        var count = ranges.Ranges.Count;
        _below = new Suggestion[count];
        _above = new Suggestion[count];
        for (var i = 0; i < count; i++)
        {
            var r = ranges.Ranges[i];
            _below[i] = Flag(r.Measure, $"{TmjCodes.Label(r.Measure)} is below the reference range {r.Describe()} ({r.Provenance}; file version {ranges.Version})", r.Provenance);
            _above[i] = Flag(r.Measure, $"{TmjCodes.Label(r.Measure)} is above the reference range {r.Describe()} ({r.Provenance}; file version {ranges.Version})", r.Provenance);
        }

        _asymmetry = Flag("lateralAsymmetry",
            string.Create(CultureInfo.InvariantCulture, $"Left and right lateral excursions differ by more than {ranges.AsymmetryThresholdMm} mm ({ranges.AsymmetryProvenance}; file version {ranges.Version})"),
            ranges.AsymmetryProvenance);
    }

    public string Id => TmjCodes.RangeRule;

    public string RuleSet => RuleSets.SorsiSot;

    public AnalysisStage Stage => AnalysisStage.Findings;

    public Provenance Provenance => RuleProvenance;

    public void Evaluate(AnalysisContext context)
    {
        foreach (var finding in FindingSpan.Of(context.Findings))
        {
            if (!string.Equals(finding.Code, TmjCodes.Measurements, StringComparison.Ordinal))
            {
                continue;
            }

            Finding[]? evidence = null;
            var values = finding.Values;
            for (var v = 0; v < values.Count; v++)
            {
                if (values[v] is not LengthValue length)
                {
                    continue;
                }

                var index = _ranges.IndexOf(length.Key);
                if (index < 0)
                {
                    continue;
                }

                var mm = length.Value.ExactMillimetres;
                var range = _ranges.Ranges[index];
                var template = range.MinMm is { } min && mm < min ? _below[index] : range.MaxMm is { } max && mm > max ? _above[index] : null;
                if (template is not null)
                {
                    context.Add(template with { Evidence = evidence ??= [finding] });
                }
            }

            if (_ranges.IsAsymmetric(finding))
            {
                context.Add(_asymmetry with { Evidence = evidence ?? [finding] });
            }
        }
    }

    private static Suggestion Flag(string measure, string text, Provenance provenance) =>
        new(TmjCodes.RangeRule, SuggestionKind.Technique, "TMJ measurement flag: " + text + ".", provenance) { Detail = measure };
}

/// <summary>
/// TMJ-R2: TMJ findings together with a Category II suggestion give the SOT-linked suggestion (domain reference
/// §6.1: SOT links TMJ dysfunction most closely to Category II). Runs in the combination stage, after the category rules.
/// </summary>
internal sealed class TmjCategoryTwoRule(TmjReferenceRanges ranges) : IAnalysisRule
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

    private bool IsPositive(Finding f) => f.Code switch
    {
        TmjCodes.Measurements => ranges.HasFlag(f),
        TmjCodes.OpeningPath => f.Get<EnumValue>("path") is { Value: not "Straight" },
        TmjCodes.JointSound => f.Get<EnumValue>("sound") is { Value: not "None" },
        TmjCodes.MuscleTenderness => f.Get<GradeValue>("tenderness") is { Value: > Grade.None },
        TmjCodes.Loading => f.Get<BooleanValue>("painReproduced") is { Value: true },
        _ => false,
    };
}
