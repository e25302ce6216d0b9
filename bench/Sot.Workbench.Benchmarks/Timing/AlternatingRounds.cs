using System.Globalization;

namespace Sot.Workbench.Benchmarks.Timing;

/// <summary>
/// Whole-workload comparisons of the store against its raw baseline, alternating which goes first in each round so
/// both see the same machine phases (BenchmarkDotNet runs all of one method's iterations before the other's). Round 0
/// is a warm-up and is not counted. Prints every round and the median of the per-round store / raw throughput ratios.
/// </summary>
internal static class AlternatingRounds
{
    /// <param name="rounds">Counted rounds.</param>
    /// <param name="events">Events appended per leg, for the events-per-second figures.</param>
    /// <param name="store">Times one store leg, given the round and the leg (0 or 1); returns seconds.</param>
    /// <param name="raw">Times one raw leg, given the round and the leg (0 or 1); returns seconds.</param>
    public static async Task RunAsync(int rounds, int events, Func<int, int, Task<double>> store, Func<int, int, Task<double>> raw)
    {
        var ratios = new List<double>();
        var storeTimes = new List<double>();
        var rawTimes = new List<double>();
        for (var round = 0; round <= rounds; round++)
        {
            var storeFirst = round % 2 == 0;
            double storeSeconds = 0, rawSeconds = 0;
            for (var leg = 0; leg < 2; leg++)
            {
                if ((leg == 0) == storeFirst)
                {
                    storeSeconds = await store(round, leg);
                }
                else
                {
                    rawSeconds = await raw(round, leg);
                }
            }

            if (round == 0)
            {
                continue;
            }

            storeTimes.Add(storeSeconds);
            rawTimes.Add(rawSeconds);
            ratios.Add(rawSeconds / storeSeconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round} ({(storeFirst ? "store first" : "raw first")}): store {storeSeconds:F3} s ({events / storeSeconds:F0} events/s), raw {rawSeconds:F3} s ({events / rawSeconds:F0} events/s), store/raw throughput {rawSeconds / storeSeconds:P1}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median store {Median(storeTimes):F3} s, median raw {Median(rawTimes):F3} s; store/raw throughput: median of rounds {Median(ratios):P1}, min {ratios.Min():P1}, max {ratios.Max():P1}, of medians {Median(rawTimes) / Median(storeTimes):P1}"));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
