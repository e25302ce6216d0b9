using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Plugins.Shared;
using Sot.Workbench.Procedures;
using Sot.Workbench.Safety;

namespace Sot.Workbench.Plugins.Craniopathy;

/// <summary>
/// The named cranial procedures in use: the plugin's default (domain reference §5.4) or a clinic's file. Each
/// becomes a procedure kind recording bone, suture, side, direction, breath phase, force note, contact and the
/// pre/post finding (§5.5), needing the cranial consent scope, and the intra-oral scope when the contact is intra-oral.
/// </summary>
public sealed class CranialProcedureSet : IProcedureSource
{
    internal const string Kind = "cranial-procedures";
    internal const string DefaultResource = "sot.craniopathy.cranial-procedures.json";

    private CranialProcedureSet(DataHeader header, IReadOnlyList<ProcedureDefinition> procedures)
    {
        Header = header;
        Procedures = procedures;
    }

    internal DataHeader Header { get; }

    /// <summary>The set's version.</summary>
    public string Version => Header.Version;

    /// <summary>The file it was read from.</summary>
    public string FileName => Header.FileName;

    /// <summary>The procedure definitions.</summary>
    public IReadOnlyList<ProcedureDefinition> Procedures { get; }

    /// <inheritdoc />
    public string SourceName => CranialCodes.PluginId;

    /// <inheritdoc />
    public IEnumerable<ProcedureDefinition> GetProcedures() => Procedures;

    internal static CranialProcedureSet Read(DataFile file)
    {
        var header = file.Header(Kind, ["procedures"]);
        var list = new List<ProcedureDefinition>();
        var items = file.Array(file.Root, "procedures");
        if (items.Count == 0)
        {
            throw file.Error(file.Root, "'procedures' lists no procedure.");
        }

        foreach (var node in items)
        {
            file.Object(node, "a procedure");
            file.KnownOnly(node, ["kind", "label", "bones", "sutures", "directions", "intraOral", "reliability", "source"]);
            var kind = file.String(node, "kind");
            if (!kind.StartsWith("CRAN-", StringComparison.Ordinal) || !CodeRules.IsValidCode(kind))
            {
                throw file.Error(DataFile.Property(node, "kind")!, $"kind '{kind}' must start with 'CRAN-' and use upper-case letters, digits and '-'.");
            }

            if (list.Any(p => p.Kind == kind))
            {
                throw file.Error(node, $"kind '{kind}' is listed twice.");
            }

            var bones = file.Strings(node, "bones", CranialCodes.Bones);
            if (bones.Count == 0)
            {
                throw file.Error(node, $"procedure '{kind}' names no bone.");
            }

            var sutures = file.Strings(node, "sutures", CranialCodes.Sutures, required: false);
            var directions = file.Strings(node, "directions", CranialCodes.Directions);
            if (directions.Count == 0)
            {
                throw file.Error(node, $"procedure '{kind}' names no direction.");
            }

            var intraOral = file.OptionalBoolean(node, "intraOral", false);
            var provenance = new Provenance(file.Enum<ReliabilityTag>(node, "reliability"), "Domain reference §5.4, §5.5; " + file.String(node, "source") + "; cranial procedure set '" + file.FileName + "' version " + header.Version);
            list.Add(Define(kind, file.String(node, "label"), bones, sutures, directions, intraOral, provenance));
        }

        return new CranialProcedureSet(header, list.AsReadOnly());
    }

    private static ProcedureDefinition Define(string kind, string label, List<string> bones, List<string> sutures, List<string> directions, bool intraOral, Provenance provenance)
    {
        var values = new List<IndicatorValueSpec>
        {
            new("bone", IndicatorValueType.Enumerated) { AllowedValues = bones, Label = "Bone" },
        };
        if (sutures.Count > 0)
        {
            values.Add(new("suture", IndicatorValueType.Enumerated) { Required = false, AllowedValues = sutures, Label = "Suture" });
        }

        values.AddRange(
        [
            new("side", IndicatorValueType.Side) { Required = false, Label = "Side" },
            new("direction", IndicatorValueType.Enumerated) { AllowedValues = directions, Label = "Direction" },
            new("breathPhase", IndicatorValueType.Enumerated) { AllowedValues = Enum.GetNames<BreathPhase>(), Label = "Breath phase" },
            new("force", IndicatorValueType.Enumerated) { AllowedValues = CranialCodes.Forces, Label = "Force (light)" },
            new(CranialCodes.ContactKey, IndicatorValueType.Enumerated) { AllowedValues = intraOral ? ["External", CranialCodes.IntraOral] : ["External"], Label = "Contact" },
            new("preFinding", IndicatorValueType.Grade) { Label = "Indicator before" },
            new("postFinding", IndicatorValueType.Grade) { Label = "Indicator after" },
        ]);
        return new ProcedureDefinition(kind, label, values.AsReadOnly(), CranialCodes.Scopes, provenance)
        {
            ScopesWhen = intraOral ? [new ConditionalConsentScope(CranialCodes.ContactKey, CranialCodes.IntraOral, ConsentScope.IntraOral)] : [],
        };
    }
}

/// <summary>The procedure set as the plugin contributes it: read on first use when it is the embedded default.</summary>
internal sealed class CranialProcedureSource(Lazy<CranialProcedureSet> set) : IProcedureSource
{
    public string SourceName => CranialCodes.PluginId;

    public IEnumerable<ProcedureDefinition> GetProcedures() => set.Value.Procedures;
}
