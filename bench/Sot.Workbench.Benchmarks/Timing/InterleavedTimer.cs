using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Sot.Workbench.Benchmarks.Timing;

/// <summary>
/// Times several cases in alternating batches in one process, so that every case sees the same machine: on a
/// shared or virtualised machine the speed of a process can change for tens of seconds at a time, which puts two
/// BenchmarkDotNet methods that run one after the other in different conditions. Time is the calling thread's CPU
/// time on Linux (time spent descheduled by other processes is not counted), wall-clock time elsewhere.
/// </summary>
internal static class InterleavedTimer
{
    /// <summary>Whether <see cref="Now"/> reads the thread's CPU time (Linux) rather than wall-clock time.</summary>
    public static readonly bool UsesThreadTime = OperatingSystem.IsLinux();

    /// <summary>
    /// Runs each case <paramref name="batchSize"/> times per round, the cases in turn, for <paramref name="rounds"/>
    /// rounds after <paramref name="warmupRounds"/> uncounted ones; returns nanoseconds per call for each batch.
    /// </summary>
    public static List<double>[] Run(IReadOnlyList<Action> cases, int batchSize, int rounds, int warmupRounds)
    {
        var samples = cases.Select(_ => new List<double>(rounds)).ToArray();
        for (var round = 0; round < warmupRounds + rounds; round++)
        {
            for (var c = 0; c < cases.Count; c++)
            {
                // Alternate which case goes first so neither always follows the other's garbage.
                var index = round % 2 == 0 ? c : cases.Count - 1 - c;
                var action = cases[index];
                var start = Now();
                for (var i = 0; i < batchSize; i++)
                {
                    action();
                }

                if (round >= warmupRounds)
                {
                    samples[index].Add((double)(Now() - start) / batchSize);
                }
            }
        }

        return samples;
    }

    /// <summary>Prints one line per case: median, 10th percentile, minimum and the median's ratio to the baseline's.</summary>
    public static void Report(string title, IReadOnlyList<string> names, List<double>[] samples, int baseline, string unit, double scale)
    {
        Console.WriteLine(title + $" ({(UsesThreadTime ? "thread CPU time" : "wall-clock time")}, {unit} per call)");
        var baseMedian = Median(samples[baseline]);
        for (var c = 0; c < names.Count; c++)
        {
            var sorted = samples[c].Order().ToList();
            var median = Median(sorted);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{names[c],-42} median {median / scale,9:F2}  p10 {sorted[sorted.Count / 10] / scale,9:F2}  min {sorted[0] / scale,9:F2}  median / baseline median {median / baseMedian,5:F2}"));
        }

        // Ratio per round as well: each round's cases ran back to back, so its ratio is the least disturbed figure.
        if (names.Count > 1)
        {
            for (var c = 0; c < names.Count; c++)
            {
                if (c == baseline)
                {
                    continue;
                }

                var ratios = samples[c].Zip(samples[baseline], (x, b) => x / b).Order().ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{names[c],-42} ratio to baseline per round: median {Median(ratios):F2}  p10 {ratios[ratios.Count / 10]:F2}  p90 {ratios[ratios.Count * 9 / 10]:F2}"));
            }
        }
    }

    public static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>Nanoseconds: the thread's CPU time on Linux (CLOCK_THREAD_CPUTIME_ID), else wall-clock time.</summary>
    public static long Now()
    {
        if (UsesThreadTime && ClockGetTime(3, out var time) == 0)
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
