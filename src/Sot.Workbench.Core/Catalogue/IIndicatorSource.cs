namespace Sot.Workbench.Catalogue;

/// <summary>
/// A contribution of indicator definitions to the catalogue. Core registers its own SOT indicators through
/// this contract, and plugins register theirs the same way (through dependency injection).
/// </summary>
public interface IIndicatorSource
{
    /// <summary>The contributor's name as shown in errors (e.g. "Sot.Workbench.Core" or a plugin id).</summary>
    string SourceName { get; }

    /// <summary>The definitions contributed.</summary>
    IEnumerable<IndicatorDefinition> GetIndicators();
}
