namespace Sot.Workbench.Plugins;

/// <summary>
/// Names the plugin a contribution comes from. The host wraps every plugin contribution (rules, indicator and
/// procedure sources, report sections and formats, lifecycle observers) in an object implementing this, so
/// Core can attribute a failure (e.g. <see cref="Analysis.RuleFailure.PluginId"/>) without knowing the host.
/// Core's own contributions do not implement it.
/// </summary>
public interface IPluginContribution
{
    /// <summary>The contributing plugin's id.</summary>
    string PluginId { get; }
}
