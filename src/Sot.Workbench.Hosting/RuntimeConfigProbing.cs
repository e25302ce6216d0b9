using McMaster.NETCore.Plugins.Loader;

namespace Sot.Workbench.Hosting;

/// <summary>
/// The additional probing paths McMaster's <c>PluginLoader</c> takes from runtimeconfig files: the plugin's
/// <c>&lt;entry&gt;.runtimeconfig.json</c> and every <c>*.runtimeconfig.json</c> of the host, each with its
/// <c>.dev.json</c>. <c>PluginLoader</c> reads all of them for every plugin with the reflection-based JSON serialiser
/// and asks for the process's main module, which is most of a cold loader's cost. A file can only add a path when it
/// declares <c>additionalProbingPaths</c>, has a <c>.dev.json</c> beside it, or names a target framework while the
/// process runs under the <c>dotnet</c> muxer (the runtime package store); only such files are handed to McMaster's
/// own reader, so the paths are the same as <c>PluginLoader</c>'s and the common case reads a few bytes.
/// </summary>
internal static class RuntimeConfigProbing
{
    private static readonly Lazy<string[]> HostFiles = new(() => Relevant(Directory.GetFiles(AppContext.BaseDirectory, "*.runtimeconfig.json")));

    public static void AddProbingPaths(AssemblyLoadContextBuilder builder, string mainAssemblyPath)
    {
        var plugin = Path.Combine(Path.GetDirectoryName(mainAssemblyPath)!, Path.GetFileNameWithoutExtension(mainAssemblyPath) + ".runtimeconfig.json");
        if (CanAddPaths(plugin))
        {
            builder.TryAddAdditionalProbingPathFromRuntimeConfig(plugin, includeDevConfig: true, out _);
        }

        foreach (var file in HostFiles.Value)
        {
            builder.TryAddAdditionalProbingPathFromRuntimeConfig(file, includeDevConfig: true, out _);
        }
    }

    private static string[] Relevant(string[] files) => Array.FindAll(files, CanAddPaths);

    internal static bool CanAddPaths(string runtimeConfigPath)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(runtimeConfigPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false; // McMaster ignores a file it cannot read (and then its .dev.json too)
        }

        if (bytes.AsSpan().IndexOf("additionalProbingPaths"u8) >= 0
            || File.Exists(runtimeConfigPath[..^".json".Length] + ".dev.json"))
        {
            return true;
        }

        return UnderDotnetMuxer && bytes.AsSpan().IndexOf("\"tfm\""u8) >= 0;
    }

    private static bool UnderDotnetMuxer =>
        string.Equals(Path.GetFileNameWithoutExtension(Environment.ProcessPath), "dotnet", StringComparison.OrdinalIgnoreCase);
}
