using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Sot.Workbench.Plugins;

/// <summary>What the host tells a plugin while it registers its services.</summary>
public sealed class PluginContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="id">The plugin id from its manifest.</param>
    /// <param name="version">The plugin version from its manifest.</param>
    /// <param name="configuration">The plugin's own configuration section (<c>Workbench:Plugins:&lt;id&gt;:Options</c>).</param>
    /// <param name="folder">The absolute path of the plugin's folder.</param>
    /// <param name="loggerFactory">A logger factory; messages are written once the host has started logging.</param>
    public PluginContext(string id, Version version, IConfiguration configuration, string folder, ILoggerFactory loggerFactory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        Id = id;
        Version = version;
        Configuration = configuration;
        Folder = folder;
        LoggerFactory = loggerFactory;
    }

    /// <summary>The plugin id (e.g. "sot.cmrt").</summary>
    public string Id { get; }

    /// <summary>The plugin version.</summary>
    public Version Version { get; }

    /// <summary>The plugin's own options section; empty when the configuration has none.</summary>
    public IConfiguration Configuration { get; }

    /// <summary>The absolute path of the plugin's folder (read-only data files may live here).</summary>
    public string Folder { get; }

    /// <summary>A logger factory for the plugin. Never log patient data.</summary>
    public ILoggerFactory LoggerFactory { get; }
}
