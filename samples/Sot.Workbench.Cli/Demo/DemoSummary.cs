using Sot.Workbench.Domain;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Cli.Demo;

/// <summary>What the simulated clinic did.</summary>
internal sealed class DemoSummary
{
    public int Patients { get; set; }

    public int CarePlans { get; set; }

    public int Commands { get; set; }

    public int Addenda { get; set; }

    public int Referrals { get; set; }

    public Dictionary<VisitState, int> VisitsByState { get; } = [];

    public Dictionary<SotCategory, int> Categories { get; } = [];

    public Dictionary<string, int> ProceduresByKind { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> ReportsByFormat { get; } = new(StringComparer.Ordinal);

    public int Visits => VisitsByState.Values.Sum();

    public int Reports => ReportsByFormat.Values.Sum();

    public static void Count<TKey>(Dictionary<TKey, int> counts, TKey key)
        where TKey : notnull =>
        counts[key] = counts.TryGetValue(key, out var n) ? n + 1 : 1;
}
