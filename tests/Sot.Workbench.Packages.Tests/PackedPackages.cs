using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace Sot.Workbench.Packages.Tests;

/// <summary>The outcome of one child process.</summary>
internal sealed record ProcessRun(string Command, int ExitCode, string Out, string Error)
{
    public string Describe() => $"{Command} exited {ExitCode}\n--- stdout ---\n{Out}\n--- stderr ---\n{Error}";

    public ProcessRun AssertSucceeded()
    {
        Assert.True(ExitCode == 0, Describe());
        return this;
    }
}

/// <summary>
/// Packs every project under src/ once per test run, from its existing build output (NoBuild) with a unique
/// version, into a temporary feed; and gives each consumer an isolated folder whose own build files and
/// nuget.config see that feed plus the machine's default sources (no remote host is named).
/// </summary>
public sealed class PackedPackages : IAsyncLifetime
{
    public static readonly string RepoRoot = Metadata("RepoRoot");

    public static readonly string Configuration = Metadata("Configuration");

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "sot-packages-" + Guid.NewGuid().ToString("N")[..12]);

    public string Feed => Path.Combine(Root, "feed");

    /// <summary>A version no cache has seen, so nothing stale is ever restored.</summary>
    public string Version { get; } = "0.1.0-packtest." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "." + Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);

    /// <summary>The packed projects: every project under src/ (a new src/ package is packed and checked automatically).</summary>
    public IReadOnlyList<string> PackageIds { get; } = [.. Directory.GetDirectories(Path.Combine(RepoRoot, "src"))
        .Where(d => File.Exists(Path.Combine(d, Path.GetFileName(d) + ".csproj")))
        .Select(Path.GetFileName)
        .Order(StringComparer.Ordinal)!];

    public string Package(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    public string Symbols(string id) => Path.Combine(Feed, $"{id}.{Version}.snupkg");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        var projects = string.Join(Environment.NewLine, PackageIds.Select(id =>
            $"    <P Include=\"{Path.Combine(RepoRoot, "src", id, id + ".csproj")}\" />"));
        var traversal = Path.Combine(Root, "pack.proj");
        await File.WriteAllTextAsync(traversal, $"""
            <Project DefaultTargets="PackAll">
              <ItemGroup>
            {projects}
              </ItemGroup>
              <Target Name="PackAll">
                <MSBuild Projects="@(P)" Targets="Pack" BuildInParallel="true"
                         Properties="Configuration={Configuration};NoBuild=true;PackageVersion={Version};PackageOutputPath={Feed}/" />
              </Target>
            </Project>
            """);
        (await RunAsync("dotnet", ["msbuild", traversal, "-nologo", "-v:m", "-nodeReuse:false"], Root)).AssertSucceeded();
    }

    public Task DisposeAsync()
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

        return Task.CompletedTask;
    }

    /// <summary>A fresh folder under <see cref="Root"/> that ignores the repository's build files and restores from the feed.</summary>
    public string IsolatedFolder(string name)
    {
        var folder = Path.Combine(Root, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(folder, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(folder, "Directory.Packages.props"),
            "<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>\n");
        var machineCache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } cache
            ? cache
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        // No <clear/>: the machine's own sources stay; this adds only the local feed. Packages restored here go to a
        // private folder, reusing what the machine has already downloaded.
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="sot-workbench-packed" value="{Feed}" />
              </packageSources>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(Root, "packages")}" />
              </config>
              <fallbackPackageFolders>
                <add key="machine" value="{machineCache}" />
              </fallbackPackageFolders>
            </configuration>
            """);
        return folder;
    }

    internal static async Task<ProcessRun> RunAsync(string fileName, IEnumerable<string> args, string workingDirectory, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName == "dotnet" ? DotnetHost() : fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["NO_COLOR"] = "1";
        // The test run's own MSBuild settings must not leak into the child builds.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k == "MSBUILD_EXE_PATH" || k.StartsWith("Workbench__", StringComparison.OrdinalIgnoreCase)).ToList())
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
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        var command = new StringBuilder(fileName);
        foreach (var arg in start.ArgumentList)
        {
            command.Append(' ').Append(arg);
        }

        return new ProcessRun(command.ToString(), process.ExitCode, await output, await error);
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static string Metadata(string key) => typeof(PackedPackages).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == key).Value!;
}

[CollectionDefinition(Name)]
public sealed class PackedPackagesGroup : ICollectionFixture<PackedPackages>
{
    public const string Name = "Packed packages";
}
