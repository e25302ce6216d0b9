namespace Sot.Workbench.Hosting;

/// <summary>The <c>Workbench</c> configuration section.</summary>
public sealed class WorkbenchOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Workbench";

    /// <summary>
    /// Folders holding one sub-folder per plugin. Relative paths are relative to the host's base directory
    /// (where its assemblies are). Default: <c>plugins</c>.
    /// </summary>
    public IList<string> PluginDirectories { get; } = [];

    /// <summary>Per-plugin settings keyed by plugin id. A plugin is loaded only when its entry says <c>Enabled: true</c>.</summary>
    public IDictionary<string, PluginOptions> Plugins { get; } = new Dictionary<string, PluginOptions>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Trust settings.</summary>
    public PluginTrustOptions Trust { get; set; } = new();

    internal IEnumerable<string> EffectivePluginDirectories => PluginDirectories.Count == 0 ? ["plugins"] : PluginDirectories;
}

/// <summary>Settings for one plugin (<c>Workbench:Plugins:&lt;id&gt;</c>).</summary>
public sealed class PluginOptions
{
    /// <summary>Whether the plugin is loaded. Plugins are opt-in: default false.</summary>
    public bool Enabled { get; set; }
}

/// <summary>How the host decides whether it trusts a plugin folder.</summary>
public enum PluginTrustMode
{
    /// <summary>Every enabled plugin is trusted (the clinic vouches for what it puts in the plugin folders).</summary>
    Open = 0,

    /// <summary>
    /// Only plugins listed in <see cref="PluginTrustOptions.AllowList"/> whose folder hash matches are loaded; see
    /// <see cref="PluginFolderHash"/>.
    /// </summary>
    AllowList = 1,
}

/// <summary>Trust settings (<c>Workbench:Trust</c>).</summary>
public sealed class PluginTrustOptions
{
    /// <summary>The trust mode. Default: <see cref="PluginTrustMode.Open"/>.</summary>
    public PluginTrustMode Mode { get; set; }

    /// <summary>Plugin id → expected SHA-256 folder hash (64 hexadecimal characters), used in <see cref="PluginTrustMode.AllowList"/> mode.</summary>
    public IDictionary<string, string> AllowList { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}
