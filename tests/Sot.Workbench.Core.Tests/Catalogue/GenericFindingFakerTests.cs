using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Testing;

namespace Sot.Workbench.Core.Tests.Catalogue;

public sealed class GenericFindingFakerTests
{
    [Fact]
    public void Same_seed_gives_the_same_findings_for_every_indicator()
    {
        var a = new SotFakers(4242);
        var b = new SotFakers(4242);

        foreach (var definition in CoreIndicators.Definitions)
        {
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(a.Finding(definition.Code), b.Finding(definition.Code));
            }
        }
    }

    [Fact]
    public void Drawn_findings_are_valid_and_overrides_are_kept()
    {
        var fakers = new SotFakers(99);
        foreach (var definition in CoreIndicators.Definitions)
        {
            for (var i = 0; i < 20; i++)
            {
                var finding = fakers.Finding(definition.Code, FindingPhase.Reassessment);
                IndicatorCatalogue.Core.Validate(finding);
                Assert.Equal(FindingPhase.Reassessment, finding.Phase);
                Assert.Contains(finding.Position, definition.Positions);
            }
        }

        var fibre = fakers.Finding(IndicatorCodes.OccipitalFibre, FindingPhase.InitialAnalysis, new WholeNumberValue("line", 2), new GradeValue("tenderness", Grade.Marked));
        Assert.Equal(2, fibre.Get<WholeNumberValue>("line")!.Value);
        Assert.Equal(Grade.Marked, fibre.Get<GradeValue>("tenderness")!.Value);
    }

    [Fact]
    public void Invalid_override_is_rejected_with_the_catalogue_rule()
    {
        var ex = Assert.Throws<FindingValidationException>(() => new SotFakers(1).Finding(IndicatorCodes.OccipitalFibre, FindingPhase.InitialAnalysis, new WholeNumberValue("line", 9)));
        Assert.Equal((FindingRule.OutOfRange, "line"), (ex.Rule, ex.ValueKey));
    }
}
