using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;

namespace SotPlugin;

/// <summary>The plugin's indicators: catalogue entries with a code, the positions tested, sides, values and provenance.</summary>
public sealed class ExampleIndicators : IIndicatorSource
{
    /// <summary>The example sign's code. Codes are unique across Core and every plugin: prefix them with your own.</summary>
    public const string ExampleSign = "CODEPREFIXTOKEN-SIGN";

    /// <inheritdoc />
    public string SourceName => ExamplePlugin.Id;

    /// <inheritdoc />
    public IEnumerable<IndicatorDefinition> GetIndicators() =>
    [
        new(ExampleSign, "Example sign", category: null, new Subsystem("CODEPREFIXTOKEN"), [AnalysisPosition.Prone, AnalysisPosition.Supine],
            SideRequirement.LeftOrRight,
            [new IndicatorValueSpec("grade", IndicatorValueType.Grade) { Label = "Grade" }],
            Provenance.Clinic("Describe where this sign comes from and how reliable it is."))
        {
            Description = "Replace with your own sign: how it is tested and what is recorded.",
        },
    ];
}
