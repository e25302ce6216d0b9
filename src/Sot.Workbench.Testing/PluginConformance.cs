using System.Globalization;
using System.Text;
using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Hosting;
using Sot.Workbench.Plugins;

namespace Sot.Workbench.Testing;

/// <summary>Settings for <see cref="PluginTestHost.CheckConformance"/>.</summary>
public sealed class ConformanceOptions
{
    /// <summary>The seed of the generated visits (same seed, same visits). Default 1.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>How many visits to generate (categories I, II, III and none in turn, with and without re-tests). Default 100.</summary>
    public int GeneratedVisits { get; set; } = 100;
}

/// <summary>The outcome of one conformance check.</summary>
/// <param name="Name">The check (one of the <see cref="ConformanceReport"/> check names).</param>
/// <param name="Problems">What is wrong, one sentence each; empty when the check passed.</param>
public sealed record ConformanceCheck(string Name, IReadOnlyList<string> Problems)
{
    /// <summary>True when the check found no problem.</summary>
    public bool Passed => Problems.Count == 0;
}

/// <summary>The outcome of the conformance checks on one plugin.</summary>
public sealed class ConformanceReport
{
    /// <summary>The plugin loaded: its manifest is valid, it is compatible, trusted and its dependencies are met.</summary>
    public const string Loads = "plugin loads";

    /// <summary>Its indicators, rules, report sections, report formats and procedures are valid and their ids unique.</summary>
    public const string Contributions = "contributions valid and unique";

    /// <summary>Its analysis rules never throw on generated visits.</summary>
    public const string RulesNeverThrow = "rules never throw on generated visits";

    /// <summary>Its report sections build on generated visits and render through every report format.</summary>
    public const string SectionsRender = "report sections render";

    internal ConformanceReport(string pluginId, IReadOnlyList<ConformanceCheck> checks)
    {
        PluginId = pluginId;
        Checks = checks;
    }

    /// <summary>The plugin checked.</summary>
    public string PluginId { get; }

    /// <summary>Every check, in order; a check that could not run (the plugin did not load) reports why.</summary>
    public IReadOnlyList<ConformanceCheck> Checks { get; }

    /// <summary>True when every check passed.</summary>
    public bool Passed => Checks.All(c => c.Passed);

    /// <summary>The check named <paramref name="name"/>.</summary>
    public ConformanceCheck this[string name] => Checks.Single(c => c.Name == name);

    /// <summary>Throws <see cref="PluginConformanceException"/> listing every problem when a check failed.</summary>
    public void ThrowIfFailed()
    {
        if (!Passed)
        {
            throw new PluginConformanceException(ToString());
        }
    }

    /// <summary>One line per check, with its problems indented below.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Plugin '{PluginId}' conformance: {(Passed ? "passed" : "FAILED")}");
        foreach (var check in Checks)
        {
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"  [{(check.Passed ? "pass" : "FAIL")}] {check.Name}");
            foreach (var problem in check.Problems)
            {
                text.AppendLine().Append("      - ").Append(problem);
            }
        }

        return text.ToString();
    }
}

/// <summary>A plugin failed its conformance checks; the message lists every problem.</summary>
public sealed class PluginConformanceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PluginConformanceException() : base("The plugin failed its conformance checks.") { }

    /// <summary>Creates the exception with the report's text.</summary>
    public PluginConformanceException(string message) : base(message) { }

    /// <summary>Creates the exception with the report's text and a cause.</summary>
    public PluginConformanceException(string message, Exception innerException) : base(message, innerException) { }
}

internal static class PluginConformance
{
    public static ConformanceReport Check(PluginTestHost host, ConformanceOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.GeneratedVisits);
        var plugin = host.Plugin;
        if (plugin.Status != PluginStatus.Active)
        {
            var notRun = $"not run: the plugin did not load ({plugin.Status}).";
            return new ConformanceReport(plugin.Id,
            [
                new(ConformanceReport.Loads, [$"'{plugin.Id}' is {plugin.Status}: {plugin.Reason}"]),
                new(ConformanceReport.Contributions, [notRun]),
                new(ConformanceReport.RulesNeverThrow, [notRun]),
                new(ConformanceReport.SectionsRender, [notRun]),
            ]);
        }

        var contributions = Contributions(host);
        var visits = GenerateVisits(host, options);
        var rules = Rules(host, visits);
        var sections = Sections(host, visits);
        return new ConformanceReport(plugin.Id,
        [
            new(ConformanceReport.Loads, []),
            new(ConformanceReport.Contributions, contributions),
            new(ConformanceReport.RulesNeverThrow, rules),
            new(ConformanceReport.SectionsRender, sections),
        ]);
    }

    private static List<string> Contributions(PluginTestHost host)
    {
        var problems = new List<string>();
        var id = host.Plugin.Id;

        foreach (var source in host.ContributionsOf<IIndicatorSource>())
        {
            foreach (var definition in source.GetIndicators())
            {
                var owner = host.Indicators.SourceOf(definition.Code);
                if (!string.Equals(owner, id, StringComparison.Ordinal))
                {
                    problems.Add(owner is null
                        ? $"indicator '{definition.Code}' is not in the catalogue: {DefinitionProblem(source) ?? "its definition was rejected"}."
                        : $"indicator code '{definition.Code}' is not unique: '{owner}' already defines it.");
                }
            }
        }

        var allRules = host.Rules.ToList();
        foreach (var rule in host.ContributionsOf<IAnalysisRule>())
        {
            if (string.IsNullOrWhiteSpace(rule.Id) || string.IsNullOrWhiteSpace(rule.RuleSet))
            {
                problems.Add("an analysis rule has no id or no rule set.");
                continue;
            }

            if (allRules.Count(r => string.Equals(r.Id, rule.Id, StringComparison.Ordinal)) > 1)
            {
                problems.Add($"rule id '{rule.Id}' is not unique: {string.Join(", ", allRules.Where(r => r != rule && r.Id == rule.Id).Select(Owner))} also registers it.");
            }
            else if (!host.Analyzer.RulesOf(rule.RuleSet).Any(r => string.Equals(r.Id, rule.Id, StringComparison.Ordinal)))
            {
                problems.Add($"rule '{rule.Id}' was not accepted into rule set '{rule.RuleSet}'.");
            }

            if (rule.Provenance is null || string.IsNullOrWhiteSpace(rule.Provenance.Source))
            {
                problems.Add($"rule '{rule.Id}' has no provenance (where it comes from and how reliable it is).");
            }
        }

        var allSections = host.Sections.ToList();
        foreach (var section in host.ContributionsOf<IReportSectionContributor>())
        {
            if (string.IsNullOrWhiteSpace(section.SectionId))
            {
                problems.Add("a report section has no id.");
            }
            else if (allSections.Count(s => string.Equals(s.SectionId, section.SectionId, StringComparison.Ordinal)) > 1)
            {
                problems.Add($"report section id '{section.SectionId}' is not unique.");
            }
        }

        var allFormats = host.Formats.ToList();
        foreach (var format in host.FromPluginFolder<IReportFormat>())
        {
            if (string.IsNullOrWhiteSpace(format.FormatId) || string.IsNullOrWhiteSpace(format.MediaType) || format.FileExtension is not ['.', _, ..])
            {
                problems.Add($"report format '{format.FormatId}' needs an id, a media type and a file extension starting with '.'.");
            }
            else if (allFormats.Count(f => string.Equals(f.FormatId, format.FormatId, StringComparison.OrdinalIgnoreCase)) > 1)
            {
                problems.Add($"report format id '{format.FormatId}' is not unique.");
            }
        }

        if (host.Procedures(out var procedureProblem) is null)
        {
            problems.Add($"the procedure definitions could not be composed: {procedureProblem}");
        }

        return problems;
    }

    private static string? DefinitionProblem(IIndicatorSource source)
    {
        try
        {
            _ = new IndicatorCatalogue([source]);
            return null;
        }
        catch (Exception ex) when (ex is ArgumentException or DuplicateIndicatorCodeException)
        {
            return ex.Message;
        }
    }

    private static string Owner(IAnalysisRule rule) => rule is IPluginContribution p ? $"plugin '{p.PluginId}'" : "Sot.Workbench.Core";

    /// <summary>Generated visits: the fakers' category-consistent findings plus one finding per plugin indicator.</summary>
    private static List<(string Label, AnalysisInput Input)> GenerateVisits(PluginTestHost host, ConformanceOptions options)
    {
        var fakers = new SotFakers(options.Seed, host.Indicators);
        var pluginIndicators = host.ContributionsOf<IIndicatorSource>()
            .SelectMany(s => s.GetIndicators())
            .Where(d => string.Equals(host.Indicators.SourceOf(d.Code), host.Plugin.Id, StringComparison.Ordinal))
            .ToList();
        var visits = new List<(string, AnalysisInput)>(options.GeneratedVisits);
        SotCategory?[] categories = [SotCategory.I, SotCategory.II, SotCategory.III, null];
        RetestOutcome[] retests = [RetestOutcome.None, RetestOutcome.Eased, RetestOutcome.NotEased];
        for (var i = 0; i < options.GeneratedVisits; i++)
        {
            var category = categories[i % categories.Length];
            var visit = fakers.Visit(category, retest: retests[i / categories.Length % retests.Length]);
            var findings = visit.Findings.ToList();
            foreach (var definition in pluginIndicators)
            {
                if (TryFinding(fakers, definition.Code) is { } finding)
                {
                    findings.Add(finding);
                }
            }

            visits.Add(($"generated visit #{i + 1} (seed {options.Seed}, category {category?.ToString() ?? "none"})", new AnalysisInput(findings)));
        }

        return visits;
    }

    /// <summary>A drawn finding of a plugin indicator, or null when no valid one can be drawn (the visit is then analysed without it).</summary>
    private static Finding? TryFinding(SotFakers fakers, string code)
    {
        try
        {
            return fakers.Finding(code);
        }
        catch (FindingValidationException)
        {
            return null;
        }
    }

    private static List<string> Rules(PluginTestHost host, List<(string Label, AnalysisInput Input)> visits)
    {
        var problems = new List<string>();
        var rules = host.ContributionsOf<IAnalysisRule>().Where(r => !string.IsNullOrWhiteSpace(r.RuleSet)).ToList();
        var ids = rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var ruleSet in rules.Select(r => r.RuleSet).Distinct(StringComparer.Ordinal))
        {
            foreach (var (label, input) in visits)
            {
                AnalysisResult result;
                try
                {
                    result = host.Analyzer.Analyze(input, ruleSet);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    problems.Add($"analysis with rule set '{ruleSet}' threw {ex.GetType().Name} on {label}.");
                    continue;
                }

                foreach (var failure in result.Failures.Where(f => ids.Contains(f.RuleId)))
                {
                    problems.Add($"rule '{failure.RuleId}' threw {failure.ExceptionType} on {label}.");
                }
            }
        }

        return [.. problems.Distinct(StringComparer.Ordinal).Take(20)];
    }

    private static List<string> Sections(PluginTestHost host, List<(string Label, AnalysisInput Input)> visits)
    {
        var problems = new List<string>();
        var sections = host.ContributionsOf<IReportSectionContributor>().ToList();
        if (sections.Count == 0 && !host.FromPluginFolder<IReportFormat>().Any())
        {
            return problems;
        }

        var formats = host.Formats.ToList();
        var faultsBefore = host.Catalog.Faults.Count;
        foreach (var (label, input) in visits.Take(Math.Min(visits.Count, 20)))
        {
            var context = new ReportContext(input.Findings, host.Analyzer.Analyze(input));
            var built = new List<ReportSection>();
            foreach (var section in sections)
            {
                var result = section.Build(context);
                if (result is null)
                {
                    continue;
                }

                if (string.IsNullOrWhiteSpace(result.Title) || result.Rows.Any(r => r is null || string.IsNullOrWhiteSpace(r.Label)))
                {
                    problems.Add($"report section '{section.SectionId}' built a section without a title or with an unlabelled row on {label}.");
                }

                built.Add(result);
            }

            var document = new ReportDocument("Conformance check", built);
            foreach (var format in formats)
            {
                try
                {
                    using var output = new MemoryStream();
                    format.Write(document, output);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    problems.Add($"report format '{format.FormatId}' threw {ex.GetType().Name} rendering the plugin's sections on {label}.");
                }
            }
        }

        foreach (var fault in host.Catalog.Faults.Skip(faultsBefore).Where(f => f.PluginId == host.Plugin.Id && f.Kind == "report section"))
        {
            problems.Add($"report section '{fault.ContributionId}' threw {fault.ExceptionType}.");
        }

        return [.. problems.Distinct(StringComparer.Ordinal).Take(20)];
    }
}
