using System.Reflection;
using McMaster.NETCore.Plugins;
using Sot.Workbench.Plugins;

namespace Sot.Workbench.Hosting;

/// <summary>A plugin's entry assembly loaded into the plugin's own load context.</summary>
internal interface ILoadedPlugin : IDisposable
{
    Assembly EntryAssembly { get; }

    /// <summary>The assemblies loaded into the plugin's own context (host-owned ones must not appear here).</summary>
    IEnumerable<Assembly> PrivateAssemblies { get; }

    /// <summary>Makes name-based reflection (Type.GetType, Assembly.Load) resolve in the plugin's context.</summary>
    IDisposable EnterContextualReflection();
}

/// <summary>The one seam over the assembly loader (so McMaster.NETCore.Plugins can be replaced).</summary>
internal interface IPluginAssemblyLoader
{
    /// <summary>Loads <paramref name="entryAssemblyPath"/> (an absolute path) into a new load context.</summary>
    ILoadedPlugin Load(string entryAssemblyPath);
}

internal sealed class McMasterPluginAssemblyLoader : IPluginAssemblyLoader
{
    // Core's assembly (and so its small reference closure: the Microsoft.Extensions abstractions) is unified
    // eagerly; everything else the host has is preferred through PreferSharedTypes, and the composer verifies
    // after loading that no host-owned assembly was loaded privately.
    private static readonly Type[] SharedTypes = [typeof(IWorkbenchPlugin)];

    public ILoadedPlugin Load(string entryAssemblyPath)
    {
        var loader = PluginLoader.CreateFromAssemblyFile(Path.GetFullPath(entryAssemblyPath), SharedTypes, config =>
        {
            // Anything the host already has (Core, Microsoft.Extensions.*) comes from the host, so services a
            // plugin registers are host types; libraries the host does not have stay private to the plugin.
            config.PreferSharedTypes = true;
            config.IsUnloadable = false;
            config.EnableHotReload = false;
            config.LoadInMemory = false;
            config.IsLazyLoaded = false;
        });
        try
        {
            return new Loaded(loader, loader.LoadDefaultAssembly());
        }
        catch
        {
            loader.Dispose();
            throw;
        }
    }

    private sealed class Loaded(PluginLoader loader, Assembly entry) : ILoadedPlugin
    {
        public Assembly EntryAssembly { get; } = entry;

        public IEnumerable<Assembly> PrivateAssemblies => loader.LoadContext.Assemblies;

        public IDisposable EnterContextualReflection() => loader.EnterContextualReflection();

        public void Dispose() => loader.Dispose();
    }
}

/// <summary>Keeps every plugin's load context alive for the host's lifetime.</summary>
internal sealed class LoadedPluginRegistry
{
    private readonly List<ILoadedPlugin> _loaded = [];

    public void Add(ILoadedPlugin plugin) => _loaded.Add(plugin);

    public int Count => _loaded.Count;
}
