using Sot.Workbench.Analysis;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;

namespace Sot.Workbench.Plugins.Tmj;

/// <summary>TMJ-R1: each measurement outside its reference range, and lateral asymmetry over the threshold, is flagged.</summary>
internal sealed class TmjRangeRule(TmjReferenceRanges ranges) : IAnalysisRule
{
    public string Id => TmjCodes.RangeRule;

    public string RuleSet => RuleSets.SorsiSot;

    public AnalysisStage Stage => AnalysisStage.Findings;

    public Provenance Provenance { get; } = new(ReliabilityTag.Conflict, "Domain reference §6.2: ranges differ by source; the range file in use names each range's source");

    public void Evaluate(AnalysisContext context)
    {
        foreach (var finding in context.Findings)
        {
            if (finding.Code != TmjCodes.Measurements)
            {
                continue;
            }

            foreach (var flag in ranges.Flags(finding))
            {
                context.Add(new Suggestion(Id, SuggestionKind.Technique, "TMJ measurement flag: " + flag.Text + ".", flag.Provenance)
                {
                    Evidence = [finding],
                    Detail = flag.Measure,
                });
            }
        }
    }
}

/// <summary>
/// TMJ-R2: TMJ findings together with a Category II suggestion give the SOT-linked suggestion (domain reference
/// §6.1: SOT links TMJ dysfunction most closely to Category II). Runs in the combination stage, after the category rules.
/// </summary>
internal sealed class TmjCategoryTwoRule(TmjReferenceRanges ranges) : IAnalysisRule
{
    public string Id => TmjCodes.CategoryTwoRule;

    public string RuleSet => RuleSets.SorsiSot;

    public AnalysisStage Stage => AnalysisStage.Combination;

    public Provenance Provenance { get; } = new(ReliabilityTag.SingleSource,
        "Domain reference §6.1 and §6.3: SOT relates the TMJ to Category II (reciprocation with the SI joint) [S10]; care combines category blocking, cranial, cervical work and dental co-management [S38][S69]; association, not proof of effect");

    public void Evaluate(AnalysisContext context)
    {
        var categoryTwo = context.Suggestions.FirstOrDefault(s => s.Kind == SuggestionKind.Category && s.Category == SotCategory.II);
        if (categoryTwo is null)
        {
            return;
        }

        var evidence = context.Findings.Where(IsPositive).ToList();
        if (evidence.Count == 0)
        {
            return;
        }

        context.Add(new Suggestion(Id, SuggestionKind.Technique,
            $"{evidence.Count} TMJ finding(s) recorded together with Category II indicators: SOT links TMJ dysfunction most closely to Category II. The SOT protocol combines Category II blocking with cranial (temporal rotation, sphenomaxillary), cervical and TMJ contacts, then re-measures opening, path and sounds; co-manage with a dentist where indicated.",
            Provenance)
        {
            Category = SotCategory.II,
            Evidence = [.. evidence, .. categoryTwo.Evidence],
        });
    }

    private bool IsPositive(Finding f) => f.Code switch
    {
        TmjCodes.Measurements => ranges.Flags(f).Count > 0,
        TmjCodes.OpeningPath => f.Get<EnumValue>("path") is { Value: not "Straight" },
        TmjCodes.JointSound => f.Get<EnumValue>("sound") is { Value: not "None" },
        TmjCodes.MuscleTenderness => f.Get<GradeValue>("tenderness") is { Value: > Grade.None },
        TmjCodes.Loading => f.Get<BooleanValue>("painReproduced") is { Value: true },
        _ => false,
    };
}
