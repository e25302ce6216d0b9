using System.Reflection;
using System.Runtime.Loader;
using McMaster.NETCore.Plugins.Loader;
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
    private static readonly AssemblyName CoreAssemblyName = typeof(IWorkbenchPlugin).Assembly.GetName();

    public ILoadedPlugin Load(string entryAssemblyPath)
    {
        var mainPath = Path.GetFullPath(entryAssemblyPath);

        // The same load context McMaster's PluginLoader builds for PreferSharedTypes with Core shared (not unloadable,
        // not in memory, no hot reload), built through its AssemblyLoadContextBuilder so that the runtimeconfig files
        // are read only when they can add a probing path (see RuntimeConfigProbing).
        var builder = new AssemblyLoadContextBuilder();
        builder.SetMainAssemblyPath(mainPath);
        builder.SetDefaultContext(AssemblyLoadContext.GetLoadContext(typeof(McMasterPluginAssemblyLoader).Assembly) ?? AssemblyLoadContext.Default);

        // Anything the host already has (Core, Microsoft.Extensions.*) comes from the host, so services a plugin
        // registers are host types; libraries the host does not have stay private to the plugin. Core is named as
        // shared but unified lazily: with PreferDefaultLoadContext every name is tried in the host's context first
        // anyway, so eager unification only loaded Core's whole transitive reference closure up front (about twenty
        // framework assemblies, such as regular expressions and cryptography, that a host without plugins never
        // loads). The composer verifies after loading that no host-owned assembly was loaded privately.
        builder.PreferDefaultLoadContext(true);
        builder.IsLazyLoaded(true);
        builder.PreferDefaultLoadContextAssembly(CoreAssemblyName);
        RuntimeConfigProbing.AddProbingPaths(builder, mainPath);

        var context = builder.Build();
        return new Loaded(context, context.LoadFromAssemblyPath(mainPath));
    }

    private sealed class Loaded(AssemblyLoadContext context, Assembly entry) : ILoadedPlugin
    {
        public Assembly EntryAssembly { get; } = entry;

        public IEnumerable<Assembly> PrivateAssemblies => context.Assemblies;

        public IDisposable EnterContextualReflection() => context.EnterContextualReflection();

        public void Dispose()
        {
            // The context is not collectible (plugins stay for the host's lifetime), as with PluginLoader.Dispose.
        }
    }
}

/// <summary>Keeps every plugin's load context alive for the host's lifetime.</summary>
internal sealed class LoadedPluginRegistry
{
    private readonly List<ILoadedPlugin> _loaded = [];

    public void Add(ILoadedPlugin plugin) => _loaded.Add(plugin);

    public int Count => _loaded.Count;
}
