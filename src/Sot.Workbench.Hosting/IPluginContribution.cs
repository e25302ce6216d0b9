namespace Sot.Workbench.Hosting;

/// <summary>
/// Names the plugin behind a contribution. The host wraps every analysis rule, report section and indicator source
/// a plugin registers (to isolate failures); the wrappers implement this interface, so a host or a test kit can
/// tell which plugin contributed what: <c>rules.OfType&lt;IPluginContribution&gt;()</c>. Core's own contributions
/// are not wrapped and do not implement it.
/// </summary>
public interface IPluginContribution
{
    /// <summary>The id of the plugin that registered the contribution.</summary>
    string PluginId { get; }
}
