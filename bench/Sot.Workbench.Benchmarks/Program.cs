using BenchmarkDotNet.Running;

if (args is ["--interleaved-analysis"])
{
    Sot.Workbench.Benchmarks.Plugins.InterleavedAnalysisTiming.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
