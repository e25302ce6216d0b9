using Sot.Workbench.Benchmarks.Timing;

namespace Sot.Workbench.Benchmarks.Workflow;

/// <summary>
/// The two methods of <see cref="VisitWorkflowBenchmarks"/> timed in alternating batches in one process (see
/// <see cref="InterleavedTimer"/>), a guide next to the BenchmarkDotNet run on a machine whose speed drifts.
/// Run with <c>--interleaved-workflow</c>.
/// </summary>
internal static class InterleavedWorkflowTiming
{
    public static void Run()
    {
        var bench = new VisitWorkflowBenchmarks();
        bench.Setup();
        var samples = InterleavedTimer.Run([() => bench.HappyPathVisit(), () => bench.BareStatelessMachine()], batchSize: 2_000, rounds: 300, warmupRounds: 20);
        InterleavedTimer.Report("300 rounds of 2,000 visits per case", ["HappyPathVisit", "BareStatelessMachine (baseline)"], samples, baseline: 1, "µs", 1_000.0);
    }
}
