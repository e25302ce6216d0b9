using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;

namespace Sot.Workbench.Hosting;

/// <summary>
/// Reads assembly references with System.Reflection.Metadata (nothing is loaded) and compares them with the
/// assemblies the host ships (its trusted platform assemblies).
/// </summary>
internal sealed class AssemblyInspector
{
    public const string CoreAssemblyName = "Sot.Workbench.Core";

    private readonly Dictionary<string, string> _hostPaths;
    private readonly Dictionary<string, Version?> _hostVersions = new(StringComparer.OrdinalIgnoreCase);
    private Dictionary<string, Version?>? _loaded;

    public AssemblyInspector()
    {
        _hostPaths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string tpa)
        {
            foreach (var path in tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                _hostPaths.TryAdd(Path.GetFileNameWithoutExtension(path), path);
            }
        }

        // The host may load Core from elsewhere (e.g. a test runner); what is loaded wins.
        var core = typeof(Sot.Workbench.Plugins.IWorkbenchPlugin).Assembly.GetName();
        _hostVersions[CoreAssemblyName] = core.Version;
    }

    /// <summary>True for the assemblies the host shares with every plugin.</summary>
    public static bool IsHostOwnedName(string name) =>
        string.Equals(name, CoreAssemblyName, StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("Microsoft.Extensions.", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the host ships an assembly named <paramref name="name"/>.</summary>
    public bool HostHas(string name) => HostVersion(name) is not null;

    /// <summary>The version of the host's assembly named <paramref name="name"/>, or null when the host has none.</summary>
    public Version? HostVersion(string name)
    {
        if (_hostVersions.TryGetValue(name, out var known))
        {
            return known;
        }

        // An assembly the host has already loaded (the framework's core, Microsoft.Extensions.*, Core) answers from
        // memory; only the others are read from their files.
        _loaded ??= LoadedVersions();
        if (_loaded.TryGetValue(name, out var loaded))
        {
            _hostVersions[name] = loaded;
            return loaded;
        }

        Version? version = null;
        if (_hostPaths.TryGetValue(name, out var path))
        {
            try
            {
                version = ReadVersion(path);
            }
            catch (Exception ex) when (ex is BadImageFormatException or IOException)
            {
                version = null;
            }
        }

        _hostVersions[name] = version;
        return version;
    }

    // The same metadata reader as the reference scan (already in use, so cheaper than AssemblyName.GetAssemblyName).
    private static Version? ReadVersion(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            return null;
        }

        var reader = pe.GetMetadataReader();
        return reader.IsAssembly ? reader.GetAssemblyDefinition().Version : null;
    }

    private static Dictionary<string, Version?> LoadedVersions()
    {
        var versions = new Dictionary<string, Version?>(StringComparer.OrdinalIgnoreCase);
        foreach (var assembly in AssemblyLoadContext.Default.Assemblies)
        {
            var name = assembly.GetName();
            if (name.Name is not null && !assembly.IsDynamic)
            {
                versions.TryAdd(name.Name, name.Version);
            }
        }

        return versions;
    }

    /// <summary>
    /// Checks the references of the assembly at <paramref name="path"/> against the host with one metadata reader
    /// (nothing is loaded): the first reference to a host-owned or framework assembly with a higher version than the
    /// host has gives a reason (naming the file relative to <paramref name="folder"/>). Returns false when the file is
    /// not a .NET assembly (a native library), true otherwise.
    /// </summary>
    public bool CheckReferences(string path, string folder, out string? problem)
    {
        problem = null;
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return false;
            }

            var reader = pe.GetMetadataReader();
            if (!reader.IsAssembly)
            {
                return false;
            }

            foreach (var handle in reader.AssemblyReferences)
            {
                var reference = reader.GetAssemblyReference(handle);
                var name = reader.GetString(reference.Name);
                if (CheckReference(name, reference.Version) is { } host)
                {
                    problem = $"{Path.GetRelativePath(folder, path)} was built against {name} {reference.Version}, but this host has {host}. Install a plugin version built for this host, or update the host.";
                    break;
                }
            }

            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// Checks a reference against the host: for a reference to a host-owned or framework assembly with a higher
    /// version than the host has, returns the host's version; otherwise null.
    /// </summary>
    private Version? CheckReference(string name, Version version)
    {
        // Only these names can be a problem, so only their host versions are looked up.
        if (!IsHostOwnedName(name) && !name.StartsWith("System.", StringComparison.OrdinalIgnoreCase) && name is not ("netstandard" or "mscorlib"))
        {
            return null;
        }

        var host = HostVersion(name);
        return host is null || version <= host ? null : host;
    }
}
