using Sot.Workbench.Analysis;
using Sot.Workbench.Cli.Findings;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Protocols;

namespace Sot.Workbench.Cli.Commands;

/// <summary>The <c>analyze --json</c> output (README, "The analysis output").</summary>
internal sealed record AnalysisReport(
    string? Visit,
    string RuleSet,
    int FindingCount,
    bool StopAndRefer,
    IReadOnlyList<AnalysisReport.SuggestionItem> Suggestions,
    IReadOnlyList<AnalysisReport.SuggestionItem> Superseded,
    IReadOnlyList<RuleFailure> Failures,
    AnalysisReport.PlanItem? BlockingPlan)
{
    internal sealed record EvidenceItem(string Code, AnalysisPosition Position, Side Side, FindingPhase Phase);

    internal sealed record SuggestionItem(
        string RuleId,
        SuggestionKind Kind,
        string Summary,
        SotCategory? Category,
        SotCategory? Then,
        IReadOnlyList<SotCategory> Categories,
        Side Side,
        string? Amount,
        string? Detail,
        string Rationale,
        ReliabilityTag Reliability,
        string Source,
        IReadOnlyList<EvidenceItem> Evidence);

    internal sealed record BlockItem(Side Side, string Site, string Orientation, decimal? AngleDegrees);

    internal sealed record PlanItem(string Protocol, SotCategory Category, Side ShortLegSide, AnalysisPosition Position, string SuggestedMinutes, IReadOnlyList<BlockItem> Blocks, ReliabilityTag Reliability, string Source);

    public static AnalysisReport From(VisitFindings visit, AnalysisResult result, BlockingPlan? plan) => new(
        visit.Visit,
        result.RuleSet,
        visit.Input.Findings.Count,
        result.StopAndRefer,
        [.. result.Suggestions.Select(Item)],
        [.. result.Superseded.Select(Item)],
        result.Failures,
        plan is null
            ? null
            : new PlanItem(plan.ProtocolCode, plan.Category, plan.ShortLegSide, plan.Position, plan.SuggestedMinutes.ToString(),
                [Block(plan.ShortLegSideBlock), Block(plan.LongLegSideBlock)], plan.Provenance.Reliability, plan.Provenance.Source));

    private static SuggestionItem Item(Suggestion s) => new(
        s.RuleId, s.Kind, AnalyzeCommand.Describe(s), s.Category, s.Then, s.Categories, s.Side, s.Amount?.ToString(), s.Detail,
        s.Rationale, s.Provenance.Reliability, s.Provenance.Source,
        [.. s.Evidence.Select(e => new EvidenceItem(e.Code, e.Position, e.Side, e.Phase))]);

    private static BlockItem Block(BlockPlacement b) => new(b.BlockSide, b.Site.ToString(), b.Orientation.ToString(), b.AngleDegrees);
}
