using System.Diagnostics;
using System.Reflection;

namespace Sot.Workbench.Cli.Tests;

/// <summary>The outcome of one run of the console.</summary>
internal sealed record ConsoleRun(int ExitCode, string Out, string Error)
{
    /// <summary>No .NET stack trace in either stream.</summary>
    public void AssertNoStackTrace()
    {
        Assert.DoesNotContain("   at ", Out, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", Error, StringComparison.Ordinal);
    }
}

/// <summary>Runs the built console (sot-workbench.dll from its own output folder) as a separate process.</summary>
internal static class ConsoleProcess
{
    public static readonly string ConsoleDir = Metadata("ConsoleDir");

    public static readonly string BuiltPlugins = Metadata("TestPluginsDir");

    public static readonly string RepoRoot = Path.GetFullPath(Path.Combine(ConsoleDir, "..", "..", "..", "..", ".."));

    public static string ExampleFile => Path.Combine(ConsoleDir, "examples", "visit-category-ii.json");

    public static async Task<ConsoleRun> RunAsync(IEnumerable<string> args, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var dll = Path.Combine(ConsoleDir, "sot-workbench.dll");
        Assert.True(File.Exists(dll), $"The console was not built into {ConsoleDir}.");
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // A clean, predictable environment: no colours, no configuration leaking in from the test run.
        start.Environment["NO_COLOR"] = "1";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Workbench__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new ConsoleRun(process.ExitCode, await output, await error);
    }

    public static Task<ConsoleRun> RunAsync(params string[] args) => RunAsync((IEnumerable<string>)args);

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static string Metadata(string key) => typeof(ConsoleProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == key).Value!;
}

/// <summary>A temporary folder deleted after the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "sot-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Write(string name, string content)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Copies the built test plugin <paramref name="id"/> into <c>plugins/&lt;id&gt;</c> under this folder; returns the plugins folder.</summary>
    public string CopyPlugin(string id)
    {
        var source = Path.Combine(ConsoleProcess.BuiltPlugins, id);
        Assert.True(Directory.Exists(source), $"Test plugin '{id}' was not built into {ConsoleProcess.BuiltPlugins}.");
        var plugins = Path.Combine(Root, "plugins");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(plugins, id, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return plugins;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
