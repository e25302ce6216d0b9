namespace Sot.Workbench.Hosting;

/// <summary>The outcome for one discovered plugin folder. Every folder ends with exactly one status.</summary>
public enum PluginStatus
{
    /// <summary>Loaded; its contributions are composed.</summary>
    Active = 0,

    /// <summary>Not enabled in configuration (plugins are opt-in). Nothing was loaded.</summary>
    Disabled = 1,

    /// <summary>Enabled, but not on the allow-list or its files changed. Nothing was loaded.</summary>
    Untrusted = 2,

    /// <summary>Built for another plugin API, Core or Microsoft.Extensions version, not a .NET assembly, or ships host-owned assemblies.</summary>
    Incompatible = 3,

    /// <summary>A dependency is not installed, not enabled, too old, not loaded, or part of a dependency cycle.</summary>
    MissingDependency = 4,

    /// <summary>No usable manifest, a duplicate id, or the plugin threw while being created or registering its services.</summary>
    Failed = 5,
}

/// <summary>What the host knows about one discovered plugin folder.</summary>
/// <param name="Id">The manifest id, or the folder name when the folder has no usable manifest.</param>
/// <param name="Folder">The absolute path of the plugin folder.</param>
/// <param name="Status">The outcome.</param>
/// <param name="Reason">Why, in words a clinic administrator can act on.</param>
public sealed record PluginInfo(string Id, string Folder, PluginStatus Status, string Reason)
{
    /// <summary>The display name from the manifest, if read.</summary>
    public string? Name { get; init; }

    /// <summary>The version from the manifest, if read.</summary>
    public Version? Version { get; init; }

    /// <summary>Whether the configuration enables the plugin.</summary>
    public bool Enabled { get; init; }

    /// <summary>The 1-based position in which the plugin's services were registered (dependency order); null when not loaded.</summary>
    public int? LoadOrder { get; init; }

    /// <summary>The ids of the plugins this one depends on.</summary>
    public IReadOnlyList<string> Dependencies { get; init; } = [];
}

/// <summary>
/// A plugin contribution that threw at run time and was isolated, or that was left out when the catalogue, the
/// analyzer or the procedure registry was composed (then <see cref="Reason"/> says why).
/// </summary>
/// <param name="PluginId">The plugin that contributed it.</param>
/// <param name="Kind">The contribution kind (e.g. "analysis rule", "report section", "procedure source").</param>
/// <param name="ContributionId">The rule, section, format or source id.</param>
/// <param name="ExceptionType">The exception type name (the message is not kept: it may hold data); <see cref="NoException"/> for a rejection without one.</param>
public sealed record PluginFault(string PluginId, string Kind, string ContributionId, string ExceptionType)
{
    /// <summary>The <see cref="ExceptionType"/> of a contribution left out by a check rather than an exception.</summary>
    public const string NoException = "none";

    /// <summary>
    /// Why the contribution was left out at composition (e.g. a procedure kind or indicator code already defined,
    /// naming both sources); null for a run-time failure.
    /// </summary>
    public string? Reason { get; init; }
}

/// <summary>The plugin catalog: every discovered plugin folder with its status. Registered as a singleton.</summary>
public interface IPluginCatalog
{
    /// <summary>Every discovered plugin folder, in load order for active plugins, then by folder.</summary>
    IReadOnlyList<PluginInfo> Plugins { get; }

    /// <summary>The active plugins in the order their services were registered.</summary>
    IReadOnlyList<PluginInfo> Active { get; }

    /// <summary>The plugin with <paramref name="id"/>, or null.</summary>
    PluginInfo? Find(string id);

    /// <summary>Contributions left out at composition or that threw at run time since start (most recent last; at most 1000 kept).</summary>
    IReadOnlyList<PluginFault> Faults { get; }
}
