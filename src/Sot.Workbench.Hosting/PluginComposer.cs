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
    // Plain fields and loops rather than properties, lambdas and LINQ throughout: on a cold start every accessor,
    // lambda and iterator is compiled separately at tier 0, which added up to milliseconds before the first plugin.
    private sealed class Entry(string folder)
    {
        public readonly string Folder = folder;
        public PluginManifest? Manifest;
        public bool Enabled;
        public int? LoadOrder;

        public PluginStatus? Status { get; private set; }

        public string Reason { get; private set; } = string.Empty;

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
        var byId = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (entry.Manifest is not null && entry.Status is not PluginStatus.Failed)
            {
                byId.Add(entry.Id, entry);
            }
        }

        CheckDependencies(entries, byId);
        MarkCycles(entries, byId);
        CheckDependencies(entries, byId);
        var order = Order(entries, byId);
        var position = 0;
        foreach (var entry in order)
        {
            Load(entry, byId, services, configuration, registry, ref position);
        }

        // Loaded plugins in load order, then the others by folder (folders are unique, so the order is total).
        var sorted = entries.ToArray();
        Array.Sort(sorted, CompareForReport);
        var infos = new PluginInfo[sorted.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            var e = sorted[i];
            infos[i] = new PluginInfo(e.Id, e.Folder, e.Status ?? PluginStatus.Failed, e.Reason)
            {
                Name = e.Manifest?.Name,
                Version = e.Manifest?.Version,
                Enabled = e.Enabled,
                LoadOrder = e.LoadOrder,
                Dependencies = e.Manifest is { } manifest ? DependencyIds(manifest) : [],
            };
        }

        return new PluginCatalog(infos);
    }

    private static int CompareForReport(Entry a, Entry b)
    {
        var byOrder = (a.LoadOrder ?? int.MaxValue).CompareTo(b.LoadOrder ?? int.MaxValue);
        return byOrder != 0 ? byOrder : string.CompareOrdinal(a.Folder, b.Folder);
    }

    private static string[] DependencyIds(PluginManifest manifest)
    {
        var ids = new string[manifest.Dependencies.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = manifest.Dependencies[i].Id;
        }

        return ids;
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

            var folders = Directory.GetDirectories(root);
            Array.Sort(folders, StringComparer.Ordinal);
            foreach (var folder in folders)
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
        // Groups by id in order of first appearance, each in folder order.
        var groups = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
        var inOrder = new List<List<Entry>>();
        foreach (var entry in entries)
        {
            if (entry.Manifest is null)
            {
                continue;
            }

            if (!groups.TryGetValue(entry.Id, out var group))
            {
                group = [];
                groups.Add(entry.Id, group);
                inOrder.Add(group);
            }

            group.Add(entry);
        }

        foreach (var group in inOrder)
        {
            if (group.Count < 2)
            {
                continue;
            }

            foreach (var entry in group)
            {
                var others = new List<string>(group.Count - 1);
                foreach (var other in group)
                {
                    if (other != entry)
                    {
                        others.Add($"'{other.Folder}'");
                    }
                }

                entry.Set(PluginStatus.Failed, $"duplicate plugin id '{entry.Id}': also declared by {string.Join(", ", others)}. Keep only one of the folders.");
            }
        }
    }

    private static void ApplyConfiguration(List<Entry> entries, WorkbenchOptions options)
    {
        foreach (var entry in entries)
        {
            if (entry.Status is not null)
            {
                continue;
            }

            entry.Enabled = options.Plugins.TryGetValue(entry.Id, out var settings) && settings.Enabled;
            if (!entry.Enabled)
            {
                entry.Set(PluginStatus.Disabled, $"not enabled in configuration; set Workbench:Plugins:{entry.Id}:Enabled to true to load it.");
            }
        }

        foreach (var entry in entries)
        {
            if (entry.Status == PluginStatus.Failed && entry.Manifest is not null)
            {
                entry.Enabled = options.Plugins.TryGetValue(entry.Id, out var settings) && settings.Enabled;
            }
        }
    }

    private static void CheckTrust(List<Entry> entries, PluginTrustOptions trust)
    {
        if (trust.Mode != PluginTrustMode.AllowList)
        {
            return;
        }

        foreach (var entry in entries)
        {
            if (entry.Status is not null)
            {
                continue;
            }

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
        foreach (var entry in entries)
        {
            if (entry.Status is not null)
            {
                continue;
            }

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
            foreach (var entry in entries)
            {
                if (entry.Status is not null)
                {
                    continue;
                }

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

        // The dependencies of e still in the running, each looked at when reached (as the loop below goes on,
        // earlier visits may have taken some out).
        Entry? Next(Entry e, int i) =>
            byId.TryGetValue(e.Manifest!.Dependencies[i].Id, out var t) && t.Status is null ? t : null;

        void Visit(Entry v)
        {
            indices[v] = low[v] = index++;
            stack.Push(v);
            onStack.Add(v);
            for (var i = 0; i < v.Manifest!.Dependencies.Count; i++)
            {
                if (Next(v, i) is not { } w)
                {
                    continue;
                }

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

            var selfDependent = false;
            for (var i = 0; i < v.Manifest!.Dependencies.Count && !selfDependent; i++)
            {
                selfDependent = Next(v, i) == v;
            }

            if (component.Count > 1 || selfDependent)
            {
                var members = new List<string>(component.Count + 1);
                foreach (var c in component)
                {
                    members.Add(c.Id);
                }

                members.Sort(StringComparer.Ordinal);
                members.Add(members[0]);
                for (var i = 0; i < members.Count; i++)
                {
                    members[i] = $"'{members[i]}'";
                }

                var cycle = string.Join(" -> ", members);
                foreach (var member in component)
                {
                    member.Set(PluginStatus.MissingDependency, $"dependency cycle: {cycle}. Plugins cannot depend on each other in a circle; ask the vendors for versions without the cycle.");
                }
            }
        }

        foreach (var entry in entries)
        {
            if (entry.Status is not null)
            {
                continue;
            }

            if (!indices.ContainsKey(entry))
            {
                Visit(entry);
            }
        }
    }

    private static List<Entry> Order(List<Entry> entries, Dictionary<string, Entry> byId)
    {
        // Kahn's algorithm; ties broken by id so the order is the same on every machine.
        var pending = new List<Entry>();
        foreach (var entry in entries)
        {
            if (entry.Status is null)
            {
                pending.Add(entry);
            }
        }

        var remaining = new Dictionary<Entry, int>(pending.Count);
        var dependents = new Dictionary<Entry, List<Entry>>(pending.Count);
        foreach (var entry in pending)
        {
            dependents.Add(entry, []);
        }

        var ready = new SortedSet<Entry>(Comparer<Entry>.Create(CompareIds));
        foreach (var entry in pending)
        {
            var distinct = new List<Entry>(entry.Manifest!.Dependencies.Count);
            foreach (var dependency in entry.Manifest.Dependencies)
            {
                var target = byId[dependency.Id];
                if (!distinct.Contains(target))
                {
                    distinct.Add(target);
                    dependents[target].Add(entry);
                }
            }

            remaining.Add(entry, distinct.Count);
            if (distinct.Count == 0)
            {
                ready.Add(entry);
            }
        }

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

    private static int CompareIds(Entry a, Entry b) => string.CompareOrdinal(a.Id, b.Id);

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

            var pluginTypes = PluginTypes(loaded.EntryAssembly);
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

    private static Type[] PluginTypes(Assembly assembly)
    {
        var types = new List<Type>(1);
        foreach (var type in assembly.GetExportedTypes())
        {
            if (type is { IsClass: true, IsAbstract: false } && typeof(IWorkbenchPlugin).IsAssignableFrom(type))
            {
                types.Add(type);
            }
        }

        return types.ToArray();
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
