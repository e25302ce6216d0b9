using System.Globalization;
using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Protocols;
using Sot.Workbench.Testing;

// The clinic console's first job: load the indicator catalogue, generate a realistic visit and print the
// protocol suggestions. Usage: sot-workbench [--seed N] [--category I|II|III|none]

var seed = 2026;
SotCategory? category = SotCategory.II;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seed" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var s):
            seed = s;
            i++;
            break;
        case "--category" when i + 1 < args.Length:
            category = args[++i].ToUpperInvariant() switch
            {
                "I" or "1" => SotCategory.I,
                "II" or "2" => SotCategory.II,
                "III" or "3" => SotCategory.III,
                "NONE" => null,
                var other => Fail($"Unknown category '{other}'. Use I, II, III or none."),
            };
            break;
        case "-h" or "--help":
            Console.WriteLine("Usage: sot-workbench [--seed N] [--category I|II|III|none]");
            return 0;
        default:
            Console.Error.WriteLine($"Unknown or incomplete argument '{args[i]}'. Run with --help for usage.");
            return 2;
    }
}

var catalogue = IndicatorCatalogue.Core;
var analyzer = CategoryAnalyzer.Core;
Console.WriteLine($"Sot.Workbench — indicator catalogue: {catalogue.Count} indicators; rule set {analyzer.DefaultRuleSet}.");

var fakers = new SotFakers(seed);
var visit = fakers.Visit(category, retest: RetestOutcome.NotEased);
Console.WriteLine($"Generated visit {visit.Id} (seed {seed}), findings consistent with {(category is null ? "no category" : "Category " + category)}:");
foreach (var group in visit.Findings.GroupBy(f => (f.Phase, f.Position)))
{
    Console.WriteLine($"  {group.Key.Phase} · {group.Key.Position}");
    foreach (var finding in group)
    {
        var side = finding.Side == Side.None ? string.Empty : $" [{finding.Side}]";
        var named = finding.NamedSide == Side.None ? string.Empty : $" (sign side {finding.NamedSide})";
        var values = string.Join("; ", finding.Values.Select(v => $"{v.Key} {v.Display()}"));
        Console.WriteLine($"    {finding.Code,-16} {finding.Label}{side}{named}{(values.Length > 0 ? ": " + values : string.Empty)}");
    }
}

var result = analyzer.Analyze(visit.ToAnalysisInput());
Console.WriteLine();
Console.WriteLine(result.Suggestions.Count == 0 ? "No protocol suggestions." : "Protocol suggestions (the practitioner decides; these are not diagnoses):");
foreach (var s in result.Suggestions)
{
    var what = s.Kind switch
    {
        SuggestionKind.Category => $"Category {s.Category}" + (s.Side == Side.None ? string.Empty : $", side {s.Side}"),
        SuggestionKind.TreatFirst => $"Address Category {s.Category} first, then re-evaluate Category {s.Then}",
        SuggestionKind.CoexistingCategories => "Co-existing categories " + string.Join(", ", s.Categories) + (s.Category is null ? string.Empty : $" (primary {s.Category})"),
        SuggestionKind.HeelLiftConsideration => $"Heel-lift rule: {s.Amount}",
        _ => s.Kind.ToString(),
    };
    Console.WriteLine($"  • [{s.RuleId}] {what}");
    Console.WriteLine($"      {s.Rationale}");
    Console.WriteLine($"      Rests on: {string.Join(", ", s.Evidence.Select(e => e.Code + (e.Phase == FindingPhase.InitialAnalysis ? string.Empty : " (re-test)")).Distinct())}");
    Console.WriteLine($"      Reliability: {s.Provenance}");
}

var categorySuggestion = result.Suggestions.FirstOrDefault(s => s.Kind == SuggestionKind.TreatFirst)
    ?? result.Suggestions.FirstOrDefault(s => s.Kind == SuggestionKind.Category);
if (categorySuggestion?.Category is { } suggested && visit.ShortLegSide.IsSingle())
{
    var plan = BlockProtocolSet.Defaults.Plan(suggested, visit.ShortLegSide);
    Console.WriteLine();
    Console.WriteLine($"Blocking protocol for Category {suggested}, short leg {visit.ShortLegSide} ({plan.Protocol.Code}, {plan.Position}, {plan.SuggestedMinutes}):");
    foreach (var placement in new[] { plan.ShortLegSideBlock, plan.LongLegSideBlock })
    {
        Console.WriteLine($"    block {placement.BlockSide,-5} {placement.Site} {placement.Orientation}{(placement.AngleDegrees is { } a ? $" {a}°" : string.Empty)}");
    }

    Console.WriteLine($"    Reliability: {plan.Provenance}");
}

return 0;

static SotCategory? Fail(string message)
{
    Console.Error.WriteLine(message);
    Environment.Exit(2);
    return null;
}
