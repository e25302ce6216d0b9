using BenchmarkDotNet.Running;
using Sot.Workbench.Benchmarks.Storage;

if (args is ["pg-append-interleaved", ..])
{
    await PostgreSqlAppendInterleaved.RunAsync(args);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
