using Sot.Workbench.Safety;

namespace Sot.Workbench.Core.Tests.Safety;

public class ConsentScopeTests
{
    [Fact]
    public void Well_known_scopes_have_stable_codes()
    {
        Assert.Equal("GENERAL", ConsentScope.General.Code);
        Assert.Equal("BLOCKING", ConsentScope.Blocking.Code);
        Assert.Equal("CRANIAL", ConsentScope.Cranial.Code);
        Assert.Equal("INTRA-ORAL", ConsentScope.IntraOral.Code);
        Assert.Equal("CMRT", ConsentScope.Cmrt.Code);
        Assert.Equal("PAEDIATRIC", ConsentScope.Paediatric.Code);
        Assert.Equal("IMAGING", ConsentScope.Imaging.Code);
    }

    [Fact]
    public void Scopes_with_the_same_code_are_equal()
    {
        Assert.Equal(ConsentScope.Cranial, new ConsentScope("CRANIAL"));
        Assert.NotEqual(ConsentScope.Cranial, ConsentScope.Cmrt);
        Assert.Equal("INTRA-ORAL", ConsentScope.IntraOral.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("cranial")]
    [InlineData("INTRA ORAL")]
    [InlineData("-LEADING")]
    [InlineData("Ä")]
    public void Invalid_codes_are_rejected(string code)
    {
        var ex = Assert.Throws<ArgumentException>(() => new ConsentScope(code));
        Assert.Equal("code", ex.ParamName);
        Assert.False(ConsentScope.TryCreate(code, out _));
    }

    [Fact]
    public void A_null_code_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new ConsentScope(null!));
        Assert.False(ConsentScope.TryCreate(null, out _));
    }

    [Fact]
    public void A_plugin_can_define_its_own_scope()
    {
        Assert.True(ConsentScope.TryCreate("DRY-NEEDLING", out var scope));
        Assert.Equal("DRY-NEEDLING", scope.Code);
    }

    [Fact]
    public void The_well_known_catalogue_defines_every_well_known_scope()
    {
        ConsentScope[] wellKnown =
        [
            ConsentScope.General, ConsentScope.Blocking, ConsentScope.Cranial, ConsentScope.IntraOral,
            ConsentScope.Cmrt, ConsentScope.Paediatric, ConsentScope.Imaging,
        ];

        Assert.Equal(wellKnown, ConsentScopeCatalog.WellKnown.Definitions.Select(d => d.Scope));
        Assert.All(ConsentScopeCatalog.WellKnown.Definitions, d =>
        {
            Assert.False(string.IsNullOrWhiteSpace(d.Label));
            Assert.False(string.IsNullOrWhiteSpace(d.Description));
        });
    }

    [Fact]
    public void Intra_oral_cranial_and_paediatric_work_need_separate_consent()
    {
        var separate = ConsentScopeCatalog.WellKnown.Definitions.Where(d => d.RequiresSeparateConsent).Select(d => d.Scope);

        Assert.Equal([ConsentScope.Cranial, ConsentScope.IntraOral, ConsentScope.Paediatric], separate);
    }

    [Fact]
    public void Plugin_definitions_extend_a_new_catalogue_and_leave_the_original_unchanged()
    {
        var needling = new ConsentScopeDefinition(new ConsentScope("DRY-NEEDLING"), "Dry needling", "Fine needles into muscle trigger points.", RequiresSeparateConsent: true);

        var catalog = ConsentScopeCatalog.Create([needling]);

        Assert.True(catalog.Contains(needling.Scope));
        Assert.Same(needling, catalog.Get(needling.Scope));
        Assert.Equal(8, catalog.Definitions.Count);
        Assert.False(ConsentScopeCatalog.WellKnown.Contains(needling.Scope));
        Assert.Equal(7, ConsentScopeCatalog.WellKnown.Definitions.Count);
    }

    [Fact]
    public void Adding_an_identical_definition_again_changes_nothing()
    {
        var definition = ConsentScopeCatalog.WellKnown.Get(ConsentScope.Cmrt);

        Assert.Same(ConsentScopeCatalog.WellKnown, ConsentScopeCatalog.WellKnown.With(definition with { }));
    }

    [Fact]
    public void A_different_definition_for_an_existing_code_is_rejected()
    {
        var clash = new ConsentScopeDefinition(ConsentScope.Cmrt, "Something else", "Not CMRT.");

        var ex = Assert.Throws<ArgumentException>(() => ConsentScopeCatalog.WellKnown.With(clash));
        Assert.Contains("CMRT", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Definitions_need_a_scope_a_label_and_a_description()
    {
        Assert.Throws<ArgumentException>(() => new ConsentScopeDefinition(default, "Label", "Description"));
        Assert.Throws<ArgumentException>(() => new ConsentScopeDefinition(ConsentScope.General, " ", "Description"));
        Assert.Throws<ArgumentException>(() => new ConsentScopeDefinition(ConsentScope.General, "Label", ""));
    }

    [Fact]
    public void Looking_up_an_undefined_scope_names_it()
    {
        var scope = new ConsentScope("NOT-DEFINED");

        Assert.False(ConsentScopeCatalog.WellKnown.TryGet(scope, out _));
        Assert.False(ConsentScopeCatalog.WellKnown.Contains(default));
        var ex = Assert.Throws<KeyNotFoundException>(() => ConsentScopeCatalog.WellKnown.Get(scope));
        Assert.Contains("NOT-DEFINED", ex.Message, StringComparison.Ordinal);
    }
}
