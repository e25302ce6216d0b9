using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Sot.Workbench.Analysis;

namespace Sot.Workbench.Benchmarks.Plugins;

/// <summary>
/// A guide for a shared, loaded machine (not a BenchmarkDotNet suite): the analyses of
/// <see cref="ClinicalPluginAnalysisBenchmarks"/> and <see cref="ClinicalPluginRuleBenchmarks"/> timed in alternating
/// batches in one process, by the calling thread's CPU time on Linux (time the thread spends descheduled by other
/// processes is not counted; elsewhere wall-clock time). Run with <c>--interleaved-analysis</c>.
/// </summary>
internal static class InterleavedAnalysisTiming
{
    private const int BatchSize = 5_000;
    private const int Rounds = 200;
    private const int WarmupRounds = 10;

    public static void Run()
    {
        var visit = new ClinicalPluginAnalysisBenchmarks();
        visit.Setup();
        try
        {
            var host = visit.WithPluginsAnalyzer;
            var rules = host.RulesOf(host.DefaultRuleSet);
            var core = rules.Where(r => CoreRules.All.Any(c => c.Id == r.Id)).ToArray();
            var cases = new List<(string Name, CategoryAnalyzer Analyzer)>
            {
                ("Core only (CategoryAnalyzer.Core)", CategoryAnalyzer.Core),
                ("CMRT + craniopathy + TMJ plugins (host)", host),
            };
            foreach (var rule in rules.Where(r => !core.Contains(r)))
            {
                cases.Add(("Core's rules + " + rule.Id, new CategoryAnalyzer(host.Catalogue, [.. core, rule])));
            }

            var samples = cases.Select(_ => new List<double>()).ToArray();
            for (var round = 0; round < Rounds; round++)
            {
                for (var c = 0; c < cases.Count; c++)
                {
                    var analyzer = cases[c].Analyzer;
                    var start = Now();
                    for (var i = 0; i < BatchSize; i++)
                    {
                        analyzer.Analyze(visit.Input);
                    }

                    if (round >= WarmupRounds)
                    {
                        samples[c].Add((double)(Now() - start) / BatchSize);
                    }
                }
            }

            var coreMedian = Median(samples[0]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Rounds - WarmupRounds} batches of {BatchSize} analyses per case, {(UseThreadTime ? "thread CPU time" : "wall-clock time")}, ns per analysis"));
            for (var c = 0; c < cases.Count; c++)
            {
                var sorted = samples[c].Order().ToList();
                var median = Median(sorted);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{cases[c].Name,-42} median {median,8:F1}  p10 {sorted[sorted.Count / 10],8:F1}  min {sorted[0],8:F1}  median / core-only median {median / coreMedian,5:F2}"));
            }
        }
        finally
        {
            visit.Cleanup();
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static readonly bool UseThreadTime = OperatingSystem.IsLinux();

    // Nanoseconds: the thread's CPU time on Linux (CLOCK_THREAD_CPUTIME_ID), else wall-clock time.
    private static long Now()
    {
        if (UseThreadTime && ClockGetTime(3, out var time) == 0)
        {
            return time.Seconds * 1_000_000_000 + time.Nanoseconds;
        }

        return (long)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency));
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
}
