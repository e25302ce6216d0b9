using System.CommandLine;
using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Cli.Findings;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Protocols;

namespace Sot.Workbench.Cli.Commands;

/// <summary>
/// <c>analyze FILE [--json] [--rule-set ID]</c>: reads a visit's findings from a findings file and prints the
/// protocol suggestions of Core's and the active plugins' rules.
/// </summary>
internal static class AnalyzeCommand
{
    /// <summary>The example findings file shipped next to the executable (and under samples/Sot.Workbench.Cli/examples/).</summary>
    public const string ExampleFile = "examples/visit-category-ii.json";

    private static readonly Option<bool> Json = new("--json") { Description = "Write the analysis as JSON (for machines)." };

    private static readonly Option<string> RuleSet = new("--rule-set")
    {
        Description = "The rule set to run (default: the file's \"ruleSet\", else the analyzer's default).",
        HelpName = "id",
    };

    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "A findings file (JSON; format in the README, \"The findings file\")." };
        var command = new Command("analyze", "Analyse a visit's findings from a JSON file and print the protocol suggestions (the practitioner decides).")
        {
            file,
            Json,
            RuleSet,
        };
        command.SetAction((parse, cancellationToken) => WorkbenchCli.Run(() => AnalyzeAsync(parse, parse.GetValue(file)!, cancellationToken)));
        return command;
    }

    /// <summary>The root command's action: analyse the bundled example, with a hint at the other commands.</summary>
    public static async Task<int> RunExampleAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var path = Path.Combine(AppContext.BaseDirectory, ExampleFile);
        Console.Out.WriteLine($"No command given: analysing the example visit ({ExampleFile}). Run 'sot-workbench --help' for every command.");
        Console.Out.WriteLine();
        return await AnalyzeAsync(parse, path, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> AnalyzeAsync(ParseResult parse, string path, CancellationToken cancellationToken)
    {
        await using var session = await WorkbenchSession.StartAsync(parse.GetValue(WorkbenchCli.Settings) ?? [], cancellationToken).ConfigureAwait(false);
        VisitFindings visit;
        try
        {
            visit = FindingsFile.Read(path, session.Catalogue);
        }
        catch (FindingsFileException ex)
        {
            throw new CliException(ex.Message, ExitCodes.InvalidInput);
        }

        var ruleSet = parse.GetValue(RuleSet) ?? visit.RuleSet;
        AnalysisResult result;
        try
        {
            result = session.Analyzer.Analyze(visit.Input, ruleSet);
        }
        catch (UnknownRuleSetException ex)
        {
            throw new CliException(ex.Message, parse.GetValue(RuleSet) is null ? ExitCodes.InvalidInput : ExitCodes.Usage);
        }

        var plan = BlockingPlan(result, visit.Input.Findings);
        if (parse.GetValue(Json))
        {
            CliJson.Write(AnalysisReport.From(visit, result, plan));
        }
        else
        {
            Print(visit, result, plan);
        }

        return ExitCodes.Ok;
    }

    private static BlockingPlan? BlockingPlan(AnalysisResult result, IReadOnlyList<Finding> findings)
    {
        if (result.StopAndRefer)
        {
            return null;
        }

        var suggestion = result.Suggestions.FirstOrDefault(s => s.Kind == SuggestionKind.TreatFirst)
            ?? result.Suggestions.FirstOrDefault(s => s.Kind == SuggestionKind.Category);
        var shortLeg = findings.FirstOrDefault(f => f.Code == IndicatorCodes.ShortLegProne && f.Phase == FindingPhase.InitialAnalysis)?.Side ?? Side.None;
        return suggestion?.Category is { } category && shortLeg.IsSingle()
            ? BlockProtocolSet.Defaults.Plan(category, shortLeg)
            : null;
    }

    private static void Print(VisitFindings visit, AnalysisResult result, BlockingPlan? plan)
    {
        var findings = visit.Input.Findings;
        Console.Out.WriteLine($"Visit {visit.Visit ?? "(unnamed)"}: {findings.Count} findings; rule set {result.RuleSet}.");
        foreach (var group in findings.GroupBy(f => (f.Phase, f.Position)))
        {
            Console.Out.WriteLine($"  {group.Key.Phase} · {group.Key.Position}");
            foreach (var finding in group)
            {
                var side = finding.Side == Side.None ? string.Empty : $" [{finding.Side}]";
                var named = finding.NamedSide == Side.None ? string.Empty : $" (sign side {finding.NamedSide})";
                var values = string.Join("; ", finding.Values.Select(v => $"{v.Key} {v.Display()}"));
                Console.Out.WriteLine($"    {finding.Code,-16} {finding.Label}{side}{named}{(values.Length > 0 ? ": " + values : string.Empty)}");
            }
        }

        Console.Out.WriteLine();
        if (result.StopAndRefer)
        {
            Console.Out.WriteLine("STOP AND REFER: a red flag or referral trigger overrides every protocol suggestion.");
        }

        Console.Out.WriteLine(result.Suggestions.Count == 0
            ? "No protocol suggestions."
            : "Protocol suggestions (the practitioner decides; these are not diagnoses):");
        foreach (var s in result.Suggestions)
        {
            Console.Out.WriteLine($"  • [{s.RuleId}] {Describe(s)}");
            Console.Out.WriteLine($"      {s.Rationale}");
            if (s.Evidence.Count > 0)
            {
                Console.Out.WriteLine($"      Rests on: {string.Join(", ", s.Evidence.Select(e => e.Code + (e.Phase == FindingPhase.InitialAnalysis ? string.Empty : " (re-test)")).Distinct())}");
            }

            Console.Out.WriteLine($"      Reliability: {s.Provenance}");
        }

        foreach (var failure in result.Failures)
        {
            Console.Out.WriteLine($"  ! Rule {failure.RuleId} failed ({failure.ExceptionType}); its suggestions are missing. The plugin status table names its plugin.");
        }

        if (plan is not null)
        {
            Console.Out.WriteLine();
            Console.Out.WriteLine($"Blocking protocol for Category {plan.Category}, short leg {plan.ShortLegSide} ({plan.Protocol.Code}, {plan.Position}, {plan.SuggestedMinutes}):");
            foreach (var placement in new[] { plan.ShortLegSideBlock, plan.LongLegSideBlock })
            {
                Console.Out.WriteLine($"    block {placement.BlockSide,-5} {placement.Site} {placement.Orientation}{(placement.AngleDegrees is { } a ? $" {a}°" : string.Empty)}");
            }

            Console.Out.WriteLine($"    Reliability: {plan.Provenance}");
        }
    }

    internal static string Describe(Suggestion s) => s.Kind switch
    {
        SuggestionKind.Category => $"Category {s.Category}" + (s.Side == Side.None ? string.Empty : $", side {s.Side}"),
        SuggestionKind.TreatFirst => $"Address Category {s.Category} first, then re-evaluate Category {s.Then}",
        SuggestionKind.CoexistingCategories => "Co-existing categories " + string.Join(", ", s.Categories) + (s.Category is null ? string.Empty : $" (primary {s.Category})"),
        SuggestionKind.HeelLiftConsideration => $"Heel-lift rule: {s.Amount}",
        _ => s.Detail is null ? s.Kind.ToString() : $"{s.Kind}: {s.Detail}",
    };
}
