using System.Globalization;
using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Plugins.Shared;

namespace Sot.Workbench.Plugins.Cmrt;

/// <summary>
/// CMRT-R1: a tender line-2 occipital fibre (the CMRT reflex line) suggests CMRT at the level the clinic's fibre
/// chart maps it to; when the chart has no entry the suggestion says the level is unmapped. Reads the plugin's
/// fibre indicator and Core's occipital fibre alike. Only initial-analysis findings count. Every possible
/// suggestion (area × side × tenderness) is built once from the charts, so analysis only copies one.
/// </summary>
internal sealed class LineTwoFibreRule : IAnalysisRule
{
    public const string Unmapped = "unmapped";

    private static readonly Provenance RuleProvenance = new(ReliabilityTag.SingleSource, "Domain reference §3.6 (line 2 = reflex line, one teaching source [S15]), §4.2, §4.4 step 1 [S32]");
    private readonly Lazy<Suggestion[]> _templates;

    public LineTwoFibreRule(Lazy<FibreChart> fibres, Lazy<ReflexChart> reflexes) =>
        _templates = new Lazy<Suggestion[]>(() => Build(fibres.Value, reflexes.Value), LazyThreadSafetyMode.ExecutionAndPublication);

    private static Suggestion[] Build(FibreChart fibres, ReflexChart reflexes)
    {
        var templates = new Suggestion[7 * 2 * 3];
        var chart = $"fibre chart '{fibres.FileName}' version {fibres.Version}";
        var unmappedProvenance = new Provenance(ReliabilityTag.Gap, RuleProvenance.Source + "; " + chart + ": " + fibres.Provenance);
        var mappedProvenance = new Provenance((ReliabilityTag)Math.Max((int)RuleProvenance.Reliability, (int)fibres.Provenance.Reliability), unmappedProvenance.Source);
        for (var area = 1; area <= 7; area++)
        {
            foreach (var side in (Side[])[Side.Left, Side.Right])
            {
                foreach (var grade in (Grade[])[Grade.Mild, Grade.Moderate, Grade.Marked])
                {
                    var where = string.Create(CultureInfo.InvariantCulture, $"line 2, area {area}, {side}");
                    templates[Index(area, side, grade)] = fibres.Map(2, area, side) is { } level
                        ? new Suggestion(CmrtCodes.LineTwoRule, SuggestionKind.Technique,
                            $"Tender occipital fibre ({where}, {grade}) maps to {level} in the {chart}: the protocol suggests CMRT at {level} after confirming the vertebra by palpation; {Associations(reflexes, level)}.",
                            mappedProvenance)
                        { Side = side, Detail = level.ToString() }
                        : new Suggestion(CmrtCodes.LineTwoRule, SuggestionKind.Technique,
                            $"Tender occipital fibre ({where}, {grade}): the level is unmapped — the {chart} has no entry for it. CMRT needs a level: supply or extend the clinic's fibre chart, or confirm a level by palpation.",
                            unmappedProvenance)
                        { Side = side, Detail = Unmapped };
                }
            }
        }

        return templates;
    }

    public string Id => CmrtCodes.LineTwoRule;

    public string RuleSet => RuleSets.SorsiSot;

    public AnalysisStage Stage => AnalysisStage.Findings;

    public Provenance Provenance => RuleProvenance;

    public void Evaluate(AnalysisContext context)
    {
        foreach (var finding in FindingSpan.Of(context.Findings))
        {
            if (!(finding.Code == CmrtCodes.OccipitalFibre || finding.Code == IndicatorCodes.OccipitalFibre)
                || finding.Phase != FindingPhase.InitialAnalysis
                || finding.Side is not (Side.Left or Side.Right)
                || finding["line"] is not WholeNumberValue { Value: 2 }
                || finding["tenderness"] is not GradeValue { Value: >= Grade.Mild and <= Grade.Marked } tenderness
                || finding["area"] is not WholeNumberValue { Value: >= 1 and <= 7 } area)
            {
                continue;
            }

            context.Add(_templates.Value[Index(area.Value, finding.Side, tenderness.Value)] with { Evidence = [finding] });
        }
    }

    internal static string Associations(ReflexChart reflexes, SpinalLevel level)
    {
        var associations = reflexes.For(level).ToList();
        return associations.Count == 0
            ? $"the reflex chart (version {reflexes.Version}) lists no organ or system for {level}"
            : $"reflex chart (version {reflexes.Version}) associations for {level}: " + string.Join("; ", associations.Select(a => $"{a.System} ({a.Tradition}, {a.Provenance.Reliability})"));
    }

    private static int Index(int area, Side side, Grade grade) => ((area - 1) * 2 + (side == Side.Left ? 0 : 1)) * 3 + (int)grade - 1;
}

/// <summary>CMRT-R2: a tender temporal-sphenoidal reflex point suggests CMRT at its level (suggestions built once per level, side and grade).</summary>
internal sealed class TsPointRule : IAnalysisRule
{
    private static readonly Provenance RuleProvenance = new(ReliabilityTag.SingleSource, "Domain reference §4.2: TS points tender when a thoracic or lumbar major is active [S32][S64]");
    // SpinalLevel and Side are numbered from 0 without gaps, so a range check is Enum.IsDefined without its cost.
    private static readonly int LevelCount = Enum.GetValues<SpinalLevel>().Length;
    private readonly Lazy<ReflexChart> _reflexes;
    private readonly Lazy<Suggestion?[]> _templates;

    public TsPointRule(Lazy<ReflexChart> reflexes)
    {
        _reflexes = reflexes;
        _templates = new Lazy<Suggestion?[]>(BuildAll, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private Suggestion?[] BuildAll()
    {
        var templates = new Suggestion?[LevelCount * 4 * 4];
        for (var level = SpinalLevel.T1; level <= SpinalLevel.L5; level++)
        {
            foreach (var side in Enum.GetValues<Side>())
            {
                foreach (var grade in (Grade[])[Grade.Mild, Grade.Moderate, Grade.Marked])
                {
                    templates[Index(level, side, grade)] = Build(level, side, grade);
                }
            }
        }

        return templates;
    }

    public string Id => CmrtCodes.TsPointRule;

    public string RuleSet => RuleSets.SorsiSot;

    public AnalysisStage Stage => AnalysisStage.Findings;

    public Provenance Provenance => RuleProvenance;

    public void Evaluate(AnalysisContext context)
    {
        foreach (var finding in FindingSpan.Of(context.Findings))
        {
            if (finding.Code != CmrtCodes.TemporalSphenoidalPoint || finding.Phase != FindingPhase.InitialAnalysis
                || finding["tenderness"] is not GradeValue { Value: >= Grade.Mild and <= Grade.Marked } tenderness
                || finding["level"] is not SpinalLevelValue level
                || (uint)level.Value >= (uint)LevelCount || (uint)finding.Side > (uint)Side.Bilateral)
            {
                continue;
            }

            var template = _templates.Value[Index(level.Value, finding.Side, tenderness.Value)] ?? Build(level.Value, finding.Side, tenderness.Value);
            context.Add(template with { Evidence = [finding] });
        }
    }

    private Suggestion Build(SpinalLevel level, Side side, Grade grade)
    {
        var reflexes = _reflexes.Value;
        var systems = string.Join(", ", reflexes.For(level).Select(a => $"{a.System} ({a.Tradition}, {a.Provenance.Reliability})"));
        return new Suggestion(CmrtCodes.TsPointRule, SuggestionKind.Technique,
            $"Tender TS reflex point for {level} ({grade}): the protocol suggests CMRT at {level} after confirming the vertebra by palpation"
            + (systems.Length == 0 ? "." : $"; reflex chart (version {reflexes.Version}) lists {systems}."),
            RuleProvenance)
        {
            Side = side,
            Detail = level.ToString(),
        };
    }

    private static int Index(SpinalLevel level, Side side, Grade grade) => ((int)level * 4 + (int)side) * 4 + (int)grade;
}
