using System.CommandLine;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Cli.Commands;

/// <summary><c>workflow [--format mermaid|dot]</c>: the visit workflow as a diagram, generated from the state machine.</summary>
internal static class WorkflowCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format", "-f")
        {
            Description = "Diagram format: mermaid (a Mermaid state diagram) or dot (Graphviz).",
            DefaultValueFactory = _ => "mermaid",
        };
        format.AcceptOnlyFromAmong("mermaid", "dot");
        var command = new Command("workflow", "Print the visit workflow (states, commands, guards) as a Mermaid or DOT diagram.") { format };
        command.SetAction((parse, _) => WorkflowCommand.Run(parse.GetValue(format)));
        return command;
    }

    private static Task<int> Run(string? format) => WorkbenchCli.Run(() =>
    {
        Console.Out.WriteLine(format == "dot" ? VisitWorkflow.DotDiagram() : VisitWorkflow.MermaidDiagram());
        return Task.FromResult(ExitCodes.Ok);
    });
}
