using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sot.Workbench.Plugins;

namespace Sot.Workbench.Hosting;

/// <summary>
/// Discovers plugin folders, checks them, orders them by dependency, loads the enabled ones and lets each
/// register its services (rolled back if it throws). Every folder ends with exactly one status.
/// </summary>
internal sealed class PluginComposer(IPluginAssemblyLoader loader, AssemblyInspector inspector, DeferredLoggerFactory loggerFactory)
{
    private sealed class Entry(string folder)
    {
        public string Folder { get; } = folder;
        public PluginManifest? Manifest { get; set; }
        public PluginStatus? Status { get; private set; }
        public string Reason { get; private set; } = string.Empty;
        public bool Enabled { get; set; }
        public int? LoadOrder { get; set; }
        public string Id => Manifest?.Id ?? Path.GetFileName(Folder);

        public void Set(PluginStatus status, string reason)
        {
            Status = status;
            Reason = reason;
        }
    }

    public PluginCatalog Compose(IServiceCollection services, IConfiguration configuration, WorkbenchOptions options, string baseDirectory, LoadedPluginRegistry registry)
    {
        var entries = Discover(options, baseDirectory);
        ReadManifests(entries);
        RejectDuplicates(entries);
        ApplyConfiguration(entries, options);
        CheckTrust(entries, options.Trust);
        CheckCompatibility(entries);
        var byId = entries.Where(e => e.Manifest is not null && e.Status is not PluginStatus.Failed)
            .ToDictionary(e => e.Id, StringComparer.Ordinal);
        CheckDependencies(entries, byId);
        MarkCycles(entries, byId);
        CheckDependencies(entries, byId);
        var order = Order(entries, byId);
        var position = 0;
        foreach (var entry in order)
        {
            Load(entry, byId, services, configuration, registry, ref position);
        }

        var infos = entries
            .OrderBy(e => e.LoadOrder ?? int.MaxValue)
            .ThenBy(e => e.Folder, StringComparer.Ordinal)
            .Select(e => new PluginInfo(e.Id, e.Folder, e.Status ?? PluginStatus.Failed, e.Reason)
            {
                Name = e.Manifest?.Name,
                Version = e.Manifest?.Version,
                Enabled = e.Enabled,
                LoadOrder = e.LoadOrder,
                Dependencies = e.Manifest?.Dependencies.Select(d => d.Id).ToArray() ?? [],
            })
            .ToArray();
        return new PluginCatalog(infos);
    }

    private static List<Entry> Discover(WorkbenchOptions options, string baseDirectory)
    {
        var entries = new List<Entry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var directory in options.EffectivePluginDirectories)
        {
            var root = Path.GetFullPath(Path.Combine(baseDirectory, directory));
            if (!Directory.Exists(root))
            {
                continue;
            }

            foreach (var folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
            {
                if (seen.Add(folder))
                {
                    entries.Add(new Entry(folder));
                }
            }
        }

        return entries;
    }

    private static void ReadManifests(List<Entry> entries)
    {
        foreach (var entry in entries)
        {
            if (!File.Exists(Path.Combine(entry.Folder, PluginManifest.FileName)))
            {
                entry.Set(PluginStatus.Failed, $"no manifest: the folder has no {PluginManifest.FileName}. Remove the folder or reinstall the plugin.");
                continue;
            }

            entry.Manifest = PluginManifest.TryRead(entry.Folder, out var error);
            if (entry.Manifest is null)
            {
                entry.Set(PluginStatus.Failed, error!);
            }
        }
    }

    private static void RejectDuplicates(List<Entry> entries)
    {
        foreach (var group in entries.Where(e => e.Manifest is not null).GroupBy(e => e.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            foreach (var entry in group)
            {
                var others = string.Join(", ", group.Where(o => o != entry).Select(o => $"'{o.Folder}'"));
                entry.Set(PluginStatus.Failed, $"duplicate plugin id '{entry.Id}': also declared by {others}. Keep only one of the folders.");
            }
        }
    }

    private static void ApplyConfiguration(List<Entry> entries, WorkbenchOptions options)
    {
        foreach (var entry in entries.Where(e => e.Status is null))
        {
            entry.Enabled = options.Plugins.TryGetValue(entry.Id, out var settings) && settings.Enabled;
            if (!entry.Enabled)
            {
                entry.Set(PluginStatus.Disabled, $"not enabled in configuration; set Workbench:Plugins:{entry.Id}:Enabled to true to load it.");
            }
        }

        foreach (var entry in entries.Where(e => e.Status == PluginStatus.Failed && e.Manifest is not null))
        {
            entry.Enabled = options.Plugins.TryGetValue(entry.Id, out var settings) && settings.Enabled;
        }
    }

    private static void CheckTrust(List<Entry> entries, PluginTrustOptions trust)
    {
        if (trust.Mode != PluginTrustMode.AllowList)
        {
            return;
        }

        foreach (var entry in entries.Where(e => e.Status is null))
        {
            if (!trust.AllowList.TryGetValue(entry.Id, out var expected))
            {
                entry.Set(PluginStatus.Untrusted, $"not on the allow-list; add Workbench:Trust:AllowList:{entry.Id} with the folder's SHA-256 hash once the plugin has been vetted.");
                continue;
            }

            var actual = PluginFolderHash.Compute(entry.Folder);
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            {
                entry.Set(PluginStatus.Untrusted, $"the folder's files changed: its SHA-256 hash is {actual} but the allow-list pins {expected.ToLowerInvariant()}. Reinstall the vetted copy, or vet this one and update the allow-list.");
            }
        }
    }

    private void CheckCompatibility(List<Entry> entries)
    {
        foreach (var entry in entries.Where(e => e.Status is null))
        {
            var manifest = entry.Manifest!;
            if (!WorkbenchApi.IsCompatible(manifest.ApiVersion))
            {
                entry.Set(PluginStatus.Incompatible, $"built for plugin API {manifest.ApiVersion}, but this host provides API {WorkbenchApi.Version}. Install a plugin version for API {WorkbenchApi.Version.Major}.x (at most {WorkbenchApi.Version}).");
                continue;
            }

            var entryPath = Path.GetFullPath(Path.Combine(entry.Folder, manifest.EntryAssembly));
            if (!File.Exists(entryPath))
            {
                entry.Set(PluginStatus.Failed, $"the entry assembly '{manifest.EntryAssembly}' named in {PluginManifest.FileName} is not in the folder. Reinstall the plugin.");
                continue;
            }

            if (CheckAssemblies(entry.Folder, entryPath) is { } problem)
            {
                entry.Set(PluginStatus.Incompatible, problem);
            }
        }
    }

    private string? CheckAssemblies(string folder, string entryPath)
    {
        var files = Directory.GetFiles(folder, "*.dll", SearchOption.AllDirectories);
        Array.Sort(files, StringComparer.Ordinal);
        foreach (var file in files)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var relative = Path.GetRelativePath(folder, file);
            if (string.Equals(name, AssemblyInspector.CoreAssemblyName, StringComparison.OrdinalIgnoreCase))
            {
                return $"ships its own copy of {AssemblyInspector.CoreAssemblyName} ({relative}); the host provides it. Rebuild the plugin referencing Core with Private=false and ExcludeAssets=runtime, or delete that file.";
            }
        }

        // The entry assembly must be a .NET assembly; its references are checked in file order like the others.
        if (!inspector.CheckReferences(entryPath, folder, out var entryProblem))
        {
            return $"the entry assembly '{Path.GetRelativePath(folder, entryPath)}' is not a .NET assembly. Reinstall the plugin.";
        }

        foreach (var file in files)
        {
            if (string.Equals(file, entryPath, StringComparison.Ordinal))
            {
                if (entryProblem is not null)
                {
                    return entryProblem;
                }
            }
            else if (inspector.CheckReferences(file, folder, out var problem) && problem is not null)
            {
                return problem; // (false: a native library, nothing to check)
            }
        }

        return null;
    }

    private static void CheckDependencies(List<Entry> entries, Dictionary<string, Entry> byId)
    {
        bool changed;
        do
        {
            changed = false;
            foreach (var entry in entries.Where(e => e.Status is null))
            {
                foreach (var dependency in entry.Manifest!.Dependencies)
                {
                    var problem = DependencyProblem(dependency, byId);
                    if (problem is not null)
                    {
                        entry.Set(PluginStatus.MissingDependency, problem);
                        changed = true;
                        break;
                    }
                }
            }
        }
        while (changed);
    }

    private static string? DependencyProblem(PluginDependency dependency, Dictionary<string, Entry> byId)
    {
        if (!byId.TryGetValue(dependency.Id, out var target))
        {
            return $"requires plugin '{dependency.Id}' (version {dependency.MinimumVersion} or later), which is not installed. Install it, or disable this plugin.";
        }

        if (target.Manifest!.Version < dependency.MinimumVersion)
        {
            return $"requires plugin '{dependency.Id}' version {dependency.MinimumVersion} or later, but version {target.Manifest.Version} is installed. Update '{dependency.Id}'.";
        }

        return target.Status switch
        {
            null or PluginStatus.Active => null,
            PluginStatus.Disabled => $"requires plugin '{dependency.Id}', which is not enabled; set Workbench:Plugins:{dependency.Id}:Enabled to true.",
            var status => $"requires plugin '{dependency.Id}', which is {status}: {target.Reason}",
        };
    }

    private static void MarkCycles(List<Entry> entries, Dictionary<string, Entry> byId)
    {
        // Tarjan's strongly connected components over the plugins still in the running.
        var index = 0;
        var indices = new Dictionary<Entry, int>();
        var low = new Dictionary<Entry, int>();
        var stack = new Stack<Entry>();
        var onStack = new HashSet<Entry>();

        IEnumerable<Entry> Next(Entry e) => e.Manifest!.Dependencies
            .Select(d => byId.GetValueOrDefault(d.Id))
            .Where(t => t is not null && t.Status is null)!;

        void Visit(Entry v)
        {
            indices[v] = low[v] = index++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in Next(v))
            {
                if (!indices.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w) && indices.TryGetValue(w, out var wIndex))
                {
                    low[v] = Math.Min(low[v], wIndex);
                }
            }

            if (low[v] != indices[v])
            {
                return;
            }

            var component = new List<Entry>();
            Entry x;
            do
            {
                x = stack.Pop();
                onStack.Remove(x);
                component.Add(x);
            }
            while (x != v);

            if (component.Count > 1 || Next(v).Contains(v))
            {
                var members = component.Select(c => c.Id).Order(StringComparer.Ordinal).ToList();
                var cycle = string.Join(" -> ", members.Append(members[0]).Select(m => $"'{m}'"));
                foreach (var member in component)
                {
                    member.Set(PluginStatus.MissingDependency, $"dependency cycle: {cycle}. Plugins cannot depend on each other in a circle; ask the vendors for versions without the cycle.");
                }
            }
        }

        foreach (var entry in entries.Where(e => e.Status is null))
        {
            if (!indices.ContainsKey(entry))
            {
                Visit(entry);
            }
        }
    }

    private static List<Entry> Order(List<Entry> entries, Dictionary<string, Entry> byId)
    {
        // Kahn's algorithm; ties broken by id so the order is the same on every machine.
        var pending = entries.Where(e => e.Status is null).ToList();
        var remaining = pending.ToDictionary(e => e, e => e.Manifest!.Dependencies.Select(d => byId[d.Id]).Distinct().Count());
        var dependents = pending.ToDictionary(e => e, _ => new List<Entry>());
        foreach (var entry in pending)
        {
            foreach (var dependency in entry.Manifest!.Dependencies.Select(d => byId[d.Id]).Distinct())
            {
                dependents[dependency].Add(entry);
            }
        }

        var ready = new SortedSet<Entry>(pending.Where(e => remaining[e] == 0), Comparer<Entry>.Create((a, b) => string.CompareOrdinal(a.Id, b.Id)));
        var order = new List<Entry>(pending.Count);
        while (ready.Count > 0)
        {
            var next = ready.Min!;
            ready.Remove(next);
            order.Add(next);
            foreach (var dependent in dependents[next])
            {
                if (--remaining[dependent] == 0)
                {
                    ready.Add(dependent);
                }
            }
        }

        return order;
    }

    private void Load(Entry entry, Dictionary<string, Entry> byId, IServiceCollection services, IConfiguration configuration, LoadedPluginRegistry registry, ref int position)
    {
        var manifest = entry.Manifest!;
        foreach (var dependency in manifest.Dependencies)
        {
            var target = byId[dependency.Id];
            if (target.Status != PluginStatus.Active)
            {
                entry.Set(PluginStatus.MissingDependency, $"requires plugin '{dependency.Id}', which is {target.Status}: {target.Reason}");
                return;
            }
        }

        var entryPath = Path.GetFullPath(Path.Combine(entry.Folder, manifest.EntryAssembly));
        ILoadedPlugin loaded;
        try
        {
            loaded = loader.Load(entryPath);
        }
#pragma warning disable CA1031 // a plugin that cannot be loaded must not stop the host; the reason is reported
        catch (Exception ex)
#pragma warning restore CA1031
        {
            entry.Set(PluginStatus.Incompatible, $"the entry assembly could not be loaded ({ex.GetType().Name}: {ex.Message}). Install a plugin version built for this host.");
            return;
        }

        var keep = false;
        try
        {
            if (LoadProblem(loaded) is { } problem)
            {
                entry.Set(PluginStatus.Incompatible, problem);
                return;
            }

            var pluginTypes = loaded.EntryAssembly.GetExportedTypes()
                .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IWorkbenchPlugin).IsAssignableFrom(t))
                .ToArray();
            if (pluginTypes.Length != 1)
            {
                entry.Set(PluginStatus.Failed, pluginTypes.Length == 0
                    ? $"the entry assembly '{manifest.EntryAssembly}' has no public class implementing IWorkbenchPlugin. Ask the vendor for a corrected build."
                    : $"the entry assembly '{manifest.EntryAssembly}' has {pluginTypes.Length} classes implementing IWorkbenchPlugin ({string.Join(", ", pluginTypes.Select(t => t.FullName))}); it must have exactly one.");
                return;
            }

            using var contextual = loaded.EnterContextualReflection();
            IWorkbenchPlugin plugin;
            try
            {
                plugin = (IWorkbenchPlugin)Activator.CreateInstance(pluginTypes[0])!;
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                entry.Set(PluginStatus.Failed, $"the plugin's constructor threw {ex.InnerException.GetType().Name}: {ex.InnerException.Message}. Check its configuration or contact the vendor.");
                return;
            }
            catch (MissingMethodException)
            {
                entry.Set(PluginStatus.Failed, $"{pluginTypes[0].FullName} needs a public parameterless constructor. Ask the vendor for a corrected build.");
                return;
            }

            var snapshot = services.ToArray();
            var context = new PluginContext(
                manifest.Id,
                manifest.Version,
                configuration.GetSection($"{WorkbenchOptions.SectionName}:Plugins:{manifest.Id}:Options"),
                entry.Folder,
                loggerFactory);
            try
            {
                plugin.ConfigureServices(services, context);
            }
#pragma warning disable CA1031 // a plugin that throws while registering must not stop the host; its registrations are rolled back
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Restore(services, snapshot);
                entry.Set(PluginStatus.Failed, $"ConfigureServices threw {ex.GetType().Name}: {ex.Message}. None of its registrations were kept; check its options section Workbench:Plugins:{manifest.Id}:Options or contact the vendor.");
                return;
            }

            ContributionIsolation.WrapNewRegistrations(services, snapshot, manifest.Id);
            registry.Add(loaded);
            keep = true;
            entry.LoadOrder = ++position;
            entry.Set(PluginStatus.Active, $"loaded from '{entry.Folder}'.");
        }
        finally
        {
            if (!keep)
            {
                loaded.Dispose();
            }
        }
    }

    // Kept out of Load's exception handler: a loop inside a handler keeps the JIT from compiling Load quickly at
    // tier 0: it compiled the whole method fully optimised instead, about 14 ms of a cold start.
    private static void Restore(IServiceCollection services, ServiceDescriptor[] snapshot)
    {
        services.Clear();
        foreach (var descriptor in snapshot)
        {
            services.Add(descriptor);
        }
    }

    private string? LoadProblem(ILoadedPlugin loaded)
    {
        try
        {
            _ = loaded.EntryAssembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            var first = ex.LoaderExceptions.FirstOrDefault(e => e is not null);
            return $"its types could not be loaded; it was built against an incompatible version of a shared library ({first?.GetType().Name}: {first?.Message}). Install a plugin version built for this host.";
        }
        catch (TypeLoadException ex)
        {
            return $"its types could not be loaded ({ex.Message}). Install a plugin version built for this host.";
        }

        foreach (var assembly in loaded.PrivateAssemblies)
        {
            var name = assembly.GetName().Name;
            if (name is not null && AssemblyInspector.IsHostOwnedName(name) && inspector.HostHas(name))
            {
                return $"it loaded its own copy of {name} instead of the host's; rebuild the plugin against the host's version and reference it compile-only.";
            }
        }

        return null;
    }
}
