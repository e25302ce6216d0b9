using Sot.Workbench.CarePlans;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Core.Tests.Workflow;

public class DiagramTests
{
    private static string Normalise(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();

    [Fact]
    public void Mermaid_diagram_matches_the_checked_in_snapshot()
    {
        var expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Workflow", "visit-workflow.mmd"));
        Assert.Equal(Normalise(expected), Normalise(VisitWorkflow.MermaidDiagram()));
    }

    [Fact]
    public void Dot_diagram_names_every_state_and_guard()
    {
        var dot = VisitWorkflow.DotDiagram();
        Assert.StartsWith("digraph", dot, StringComparison.Ordinal);
        foreach (var state in Enum.GetNames<VisitState>())
        {
            Assert.Contains(state, dot, StringComparison.Ordinal);
        }

        Assert.Contains(VisitGuards.SignerIsResponsible, dot, StringComparison.Ordinal);
        // Every guard has a description (an unnamed one shows as "[Function]"); Stateless names the typed
        // dynamic-destination node of Resume "Function" itself, as it offers no description for it.
        Assert.DoesNotContain("[Function]", dot, StringComparison.Ordinal);
    }

    [Fact]
    public void Care_plan_diagram_shows_its_five_states()
    {
        var mmd = CarePlan.MermaidDiagram();
        foreach (var state in Enum.GetNames<CarePlanState>())
        {
            Assert.Contains(state, mmd, StringComparison.Ordinal);
        }
    }
}
