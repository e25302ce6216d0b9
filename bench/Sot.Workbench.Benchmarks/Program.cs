using BenchmarkDotNet.Running;
using Sot.Workbench.Benchmarks.Storage;

if (args is ["pg-append-interleaved", ..])
{
    await PostgreSqlAppendInterleaved.RunAsync(args);
    return;
}

if (args is ["sqlite-append-interleaved", ..])
{
    Sot.Workbench.Benchmarks.Records.SqliteAppendInterleaved.Run(args);
    return;
}

if (args is ["--interleaved-analysis"])
{
    Sot.Workbench.Benchmarks.Plugins.InterleavedAnalysisTiming.Run();
    return;
}

if (args is ["--interleaved-workflow"])
{
    Sot.Workbench.Benchmarks.Workflow.InterleavedWorkflowTiming.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
