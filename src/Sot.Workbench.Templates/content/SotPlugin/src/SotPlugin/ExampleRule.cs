using Sot.Workbench.Analysis;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;

namespace SotPlugin;

/// <summary>
/// An analysis rule: reads the findings and adds protocol suggestions (never diagnoses). Rules are pure: no
/// storage, no clock. A rule that throws is isolated by the host and reported with the plugin's id.
/// </summary>
public sealed class ExampleRule : IAnalysisRule
{
    /// <summary>The rule id; unique across Core and every plugin.</summary>
    public const string RuleId = "CODEPREFIXTOKEN-R1";

    /// <inheritdoc />
    public string Id => RuleId;

    /// <inheritdoc />
    public string RuleSet => RuleSets.SorsiSot;

    /// <inheritdoc />
    public AnalysisStage Stage => AnalysisStage.Findings;

    /// <inheritdoc />
    public Provenance Provenance { get; } = Provenance.Clinic("Describe the source of this rule.");

    /// <inheritdoc />
    public void Evaluate(AnalysisContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var positive = context.Findings
            .Where(f => f.Code == ExampleIndicators.ExampleSign && f.Get<GradeValue>("grade") is { Value: > Grade.None })
            .ToList();
        if (positive.Count > 0)
        {
            context.Add(new Suggestion(Id, SuggestionKind.Technique, "The example sign is positive: consider the example technique.", Provenance)
            {
                Side = positive[0].Side,
                Evidence = positive,
            });
        }
    }
}
