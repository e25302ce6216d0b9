using BenchmarkDotNet.Running;
using Sot.Workbench.Benchmarks.Storage;

if (args is ["pg-append-interleaved", ..])
{
    await PostgreSqlAppendInterleaved.RunAsync(args);
    return;
}

if (args is ["--interleaved-analysis"])
{
    Sot.Workbench.Benchmarks.Plugins.InterleavedAnalysisTiming.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
