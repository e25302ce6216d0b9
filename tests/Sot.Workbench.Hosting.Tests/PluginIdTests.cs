namespace Sot.Workbench.Hosting.Tests;

public class PluginIdTests
{
    [Theory]
    [InlineData("test.good", true)]
    [InlineData("sot.cmrt", true)]
    [InlineData("a", true)]
    [InlineData("vendor_x-2.reports", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("Test.good", false)]
    [InlineData(".good", false)]
    [InlineData("good.", false)]
    [InlineData("good..x", false)]
    [InlineData("good.-x", false)]
    [InlineData("good x", false)]
    [InlineData("gööd", false)]
    [InlineData("../good", false)]
    public void Plugin_ids_are_lower_case_words_joined_by_single_separators(string? id, bool valid) =>
        Assert.Equal(valid, PluginManifest.IsValidId(id));

    [Fact]
    public void Plugin_ids_are_at_most_100_characters()
    {
        Assert.True(PluginManifest.IsValidId(new string('a', 100)));
        Assert.False(PluginManifest.IsValidId(new string('a', 101)));
    }
}
