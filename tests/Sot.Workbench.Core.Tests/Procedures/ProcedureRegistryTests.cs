using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Procedures;
using Sot.Workbench.Protocols;
using Sot.Workbench.Safety;

namespace Sot.Workbench.Core.Tests.Procedures;

public class ProcedureRegistryTests
{
    [Fact]
    public void Core_registers_blocking_with_its_consent_scopes()
    {
        var blocking = ProcedureRegistry.Core.Get(ProcedureKinds.Blocking);
        Assert.Equal([ConsentScope.General, ConsentScope.Blocking], blocking.RequiredScopes);
        Assert.True(blocking.RequiresExaminationAndCategory);
        Assert.Equal(["placements", "breathPhase", "minutes", "adjuncts"], blocking.Values.Select(v => v.Key));
    }

    [Fact]
    public void Blocking_record_is_self_describing()
    {
        var record = BlockingRecord.Create([new BlockPlacement(Side.Left, BlockAnatomicalSite.IliacCrest, BlockOrientation.Oblique, 45m)], BreathPhase.Exhale, 5, [BlockingAdjunct.LegTraction]);
        Assert.Equal("SOT blocking", record.Label);
        Assert.Equal(["Left IliacCrest Oblique 45°"], ((SequenceValue)record["placements"]!).Values);
        Assert.Equal("Exhale", ((EnumValue)record["breathPhase"]!).Value);
        Assert.Equal(5, ((WholeNumberValue)record["minutes"]!).Value);
        Assert.Equal(["LegTraction"], ((SequenceValue)record["adjuncts"]!).Values);
        Assert.Equal([ConsentScope.General, ConsentScope.Blocking], record.Scopes);
    }

    [Fact]
    public void Blocking_minutes_out_of_range_are_rejected_naming_kind_value_and_rule()
    {
        var ex = Assert.Throws<ProcedureValidationException>(() =>
            BlockingRecord.Create([new BlockPlacement(Side.Left, BlockAnatomicalSite.IliacCrest, BlockOrientation.Level, null)], BreathPhase.None, 90));
        Assert.Equal(ProcedureRule.OutOfRange, ex.Rule);
        Assert.Equal("minutes", ex.ValueKey);
        Assert.StartsWith("Procedure 'BLOCKING' rejected (OutOfRange, value 'minutes')", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Blocking_without_placements_is_rejected()
    {
        var ex = Assert.Throws<ProcedureValidationException>(() => BlockingRecord.Create([], BreathPhase.None, 2));
        Assert.Equal(ProcedureRule.WrongItemCount, ex.Rule);
    }

    [Fact]
    public void Unknown_kind_and_unknown_values_are_rejected()
    {
        Assert.Equal(ProcedureRule.UnknownKind, Assert.Throws<ProcedureValidationException>(() => ProcedureRegistry.Core.Create("NOPE")).Rule);
        Assert.Equal(ProcedureRule.UnknownValue, Assert.Throws<ProcedureValidationException>(() => ProcedureRegistry.Core.Create(ProcedureKinds.Blocking, new TextValue("colour", "red"))).Rule);
        var tampered = BlockingRecordWithScopes([ConsentScope.General]);
        Assert.Equal(ProcedureRule.DefinitionMismatch, Assert.Throws<ProcedureValidationException>(() => ProcedureRegistry.Core.Validate(tampered)).Rule);
    }

    private static RecordedProcedure BlockingRecordWithScopes(IReadOnlyList<ConsentScope> scopes) =>
        Core.Tests.Workflow.VisitKit.Blocking with { Scopes = scopes };

    [Fact]
    public void Plugin_sources_add_kinds_and_duplicates_are_rejected()
    {
        var registry = Core.Tests.Workflow.TestProcedures.Registry;
        Assert.True(registry.TryGet("CRANIAL-TEST", out var cranial));
        Assert.Equal([ConsentScope.General, ConsentScope.Cranial], cranial.RequiredScopes);
        Assert.Throws<DuplicateProcedureKindException>(() => new ProcedureRegistry([new CoreProcedures(), new CoreProcedures()]));
    }
}
