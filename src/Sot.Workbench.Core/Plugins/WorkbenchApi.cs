namespace Sot.Workbench.Plugins;

/// <summary>
/// The version of the plugin contracts. A plugin's manifest names the API version it was built against
/// (its minimum); the host loads it when the major versions are equal and the plugin's minor version is not
/// higher than <see cref="Version"/>.
/// </summary>
public static class WorkbenchApi
{
    /// <summary>The current plugin API version (major.minor). 1.1 added <see cref="Catalogue.IndicatorDefinition.Check"/>, conditional consent scopes on procedures and the procedures, visit and patient in <see cref="ReportContext"/>, report figures and document markings, and <see cref="Reports.IClinicalDocuments"/>.</summary>
    public static Version Version { get; } = new(1, 1);

    /// <summary>True when a plugin built against <paramref name="required"/> can run on this API version.</summary>
    public static bool IsCompatible(Version required)
    {
        ArgumentNullException.ThrowIfNull(required);
        return required.Major == Version.Major && required.Minor <= Version.Minor;
    }
}
