using System.Globalization;
using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;

namespace Sot.Workbench.Plugins.Cmrt;

/// <summary>
/// CMRT-R1: a tender line-2 occipital fibre (the CMRT reflex line) suggests CMRT at the level the clinic's fibre
/// chart maps it to; when the chart has no entry the suggestion says the level is unmapped. Reads the plugin's
/// fibre indicator and Core's occipital fibre alike. Only initial-analysis findings count.
/// </summary>
internal sealed class LineTwoFibreRule(FibreChart fibres, ReflexChart reflexes) : IAnalysisRule
{
    public const string Unmapped = "unmapped";

    public string Id => CmrtCodes.LineTwoRule;

    public string RuleSet => RuleSets.SorsiSot;

    public AnalysisStage Stage => AnalysisStage.Findings;

    public Provenance Provenance { get; } = new(ReliabilityTag.SingleSource, "Domain reference §3.6 (line 2 = reflex line, one teaching source [S15]), §4.2, §4.4 step 1 [S32]");

    public void Evaluate(AnalysisContext context)
    {
        foreach (var finding in context.Findings)
        {
            if (finding.Phase != FindingPhase.InitialAnalysis
                || finding.Code is not (CmrtCodes.OccipitalFibre or IndicatorCodes.OccipitalFibre)
                || finding.Get<WholeNumberValue>("line") is not { Value: 2 }
                || finding.Get<GradeValue>("tenderness") is not { Value: > Grade.None } tenderness
                || finding.Get<WholeNumberValue>("area") is not { } area)
            {
                continue;
            }

            var where = string.Create(CultureInfo.InvariantCulture, $"line 2, area {area.Value}, {finding.Side}");
            var level = fibres.Map(2, area.Value, finding.Side);
            var chart = $"fibre chart '{fibres.FileName}' version {fibres.Version}";
            if (level is not { } mapped)
            {
                context.Add(new Suggestion(Id, SuggestionKind.Technique,
                    $"Tender occipital fibre ({where}, {tenderness.Value}): the level is unmapped — the {chart} has no entry for it. CMRT needs a level: supply or extend the clinic's fibre chart, or confirm a level by palpation.",
                    new Provenance(ReliabilityTag.Gap, Provenance.Source + "; " + chart + ": " + fibres.Provenance))
                {
                    Side = finding.Side,
                    Evidence = [finding],
                    Detail = Unmapped,
                });
                continue;
            }

            var associations = reflexes.For(mapped).ToList();
            var organs = associations.Count == 0
                ? $"the reflex chart (version {reflexes.Version}) lists no organ or system for {mapped}"
                : $"reflex chart (version {reflexes.Version}) associations for {mapped}: " + string.Join("; ", associations.Select(a => $"{a.System} ({a.Tradition}, {a.Provenance.Reliability})"));
            var reliability = (ReliabilityTag)Math.Max((int)Provenance.Reliability, (int)fibres.Provenance.Reliability);
            context.Add(new Suggestion(Id, SuggestionKind.Technique,
                $"Tender occipital fibre ({where}, {tenderness.Value}) maps to {mapped} in the {chart}: the protocol suggests CMRT at {mapped} after confirming the vertebra by palpation; {organs}.",
                new Provenance(reliability, Provenance.Source + "; " + chart + ": " + fibres.Provenance))
            {
                Side = finding.Side,
                Evidence = [finding],
                Detail = mapped.ToString(),
            });
        }
    }
}

/// <summary>CMRT-R2: a tender temporal-sphenoidal reflex point suggests CMRT at its level.</summary>
internal sealed class TsPointRule(ReflexChart reflexes) : IAnalysisRule
{
    public string Id => CmrtCodes.TsPointRule;

    public string RuleSet => RuleSets.SorsiSot;

    public AnalysisStage Stage => AnalysisStage.Findings;

    public Provenance Provenance { get; } = new(ReliabilityTag.SingleSource, "Domain reference §4.2: TS points tender when a thoracic or lumbar major is active [S32][S64]");

    public void Evaluate(AnalysisContext context)
    {
        foreach (var finding in context.Findings)
        {
            if (finding.Phase != FindingPhase.InitialAnalysis || finding.Code != CmrtCodes.TemporalSphenoidalPoint
                || finding.Get<GradeValue>("tenderness") is not { Value: > Grade.None } tenderness
                || finding.Get<SpinalLevelValue>("level") is not { } level)
            {
                continue;
            }

            var systems = string.Join(", ", reflexes.For(level.Value).Select(a => $"{a.System} ({a.Tradition}, {a.Provenance.Reliability})"));
            context.Add(new Suggestion(Id, SuggestionKind.Technique,
                $"Tender TS reflex point for {level.Value} ({tenderness.Value}): the protocol suggests CMRT at {level.Value} after confirming the vertebra by palpation"
                + (systems.Length == 0 ? "." : $"; reflex chart (version {reflexes.Version}) lists {systems}."),
                Provenance)
            {
                Side = finding.Side,
                Evidence = [finding],
                Detail = level.Value.ToString(),
            });
        }
    }
}
