using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Procedures;

namespace Sot.Workbench.Hosting;

/// <summary>
/// Builds the catalogue and the analyzer from every registered contribution. A plugin contribution that
/// conflicts (a duplicate indicator code, procedure kind or rule id, a malformed definition) is left out,
/// logged and recorded in the catalog's faults with a reason naming both sources; Core's
/// contributions always stay.
/// </summary>
internal static class WorkbenchComposition
{
    public static IndicatorCatalogue BuildCatalogue(IEnumerable<IIndicatorSource> sources, FaultSink sink)
    {
        var list = sources.ToList();
        try
        {
            return new IndicatorCatalogue(list);
        }
        catch (Exception ex) when (ex is ArgumentException or DuplicateIndicatorCodeException)
        {
            // Find the offending plugin sources one by one.
        }

        var accepted = new List<IIndicatorSource>();
        foreach (var source in list)
        {
            try
            {
                _ = new IndicatorCatalogue([.. accepted, source]);
                accepted.Add(source);
            }
            catch (Exception ex) when (source is PluginIndicatorSource plugin && ex is ArgumentException or DuplicateIndicatorCodeException)
            {
                sink.Rejected(plugin.PluginId, ContributionIsolation.IndicatorKind, plugin.SourceName, ex.Message, ex);
            }
        }

        return new IndicatorCatalogue(accepted);
    }

    public static ProcedureRegistry BuildProcedures(IEnumerable<IProcedureSource> sources, FaultSink sink)
    {
        var list = sources.ToList();
        try
        {
            return new ProcedureRegistry(list);
        }
        catch (Exception ex) when (ex is ArgumentException or DuplicateProcedureKindException)
        {
            // Find the offending plugin sources one by one.
        }

        var accepted = new List<IProcedureSource>();
        foreach (var source in list)
        {
            try
            {
                _ = new ProcedureRegistry([.. accepted, source]);
                accepted.Add(source);
            }
            catch (Exception ex) when (source is PluginProcedureSource plugin && ex is ArgumentException or DuplicateProcedureKindException)
            {
                sink.Rejected(plugin.PluginId, ContributionIsolation.ProcedureKind, plugin.SourceName, ex.Message, ex);
            }
        }

        return new ProcedureRegistry(accepted);
    }

    public static CategoryAnalyzer BuildAnalyzer(IndicatorCatalogue catalogue, IEnumerable<IAnalysisRule> rules, FaultSink sink)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var accepted = new List<IAnalysisRule>();
        foreach (var rule in rules)
        {
            if (rule is PluginAnalysisRule plugin)
            {
                string? problem = null;
                try
                {
                    if (string.IsNullOrWhiteSpace(plugin.Id) || string.IsNullOrWhiteSpace(plugin.RuleSet))
                    {
                        problem = "the rule has no id or no rule set";
                    }
                    else if (ids.Contains(plugin.Id))
                    {
                        problem = $"rule id '{plugin.Id}' is already registered";
                    }
                }
#pragma warning disable CA1031 // a faulty plugin rule must not take the analyzer down
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    problem = $"reading the rule threw {ex.GetType().Name}";
                }

                if (problem is not null)
                {
                    sink.Rejected(plugin.PluginId, ContributionIsolation.RuleKind, SafeId(plugin), problem);
                    continue;
                }
            }

            ids.Add(rule.Id);
            accepted.Add(rule);
        }

        return new CategoryAnalyzer(catalogue, accepted);
    }

    private static string SafeId(PluginAnalysisRule rule)
    {
        try
        {
            return rule.Id ?? "?";
        }
#pragma warning disable CA1031 // only used to name the rule in a log line
        catch (Exception)
#pragma warning restore CA1031
        {
            return "?";
        }
    }
}
