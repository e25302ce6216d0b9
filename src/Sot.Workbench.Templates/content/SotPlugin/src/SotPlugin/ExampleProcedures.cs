using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Procedures;
using Sot.Workbench.Safety;

namespace SotPlugin;

/// <summary>The procedures the treatment step can record with this plugin, with the consent scopes each needs.</summary>
public sealed class ExampleProcedures : IProcedureSource
{
    /// <summary>The example procedure kind (upper-case letters, digits and '-'); unique across Core and every plugin.</summary>
    public const string ExampleTechnique = "CODEPREFIXTOKEN-TECHNIQUE";

    /// <inheritdoc />
    public string SourceName => ExamplePlugin.Id;

    /// <inheritdoc />
    public IEnumerable<ProcedureDefinition> GetProcedures() =>
    [
        new(ExampleTechnique, "Example technique",
            [new IndicatorValueSpec("minutes", IndicatorValueType.WholeNumber) { Min = 1, Max = 30, Label = "Minutes" }],
            [ConsentScope.General],
            Provenance.Clinic("Describe where this technique comes from.")),
    ];
}
