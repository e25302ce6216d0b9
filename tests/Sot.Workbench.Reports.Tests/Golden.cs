using System.Text;

namespace Sot.Workbench.Reports.Tests;

/// <summary>
/// Golden files: checked-in expected output. Set SOT_UPDATE_GOLDEN=1 to rewrite them from the current output
/// (then review the diff before committing); otherwise a missing or different file fails the test.
/// </summary>
internal static class Golden
{
    public static bool Updating => Environment.GetEnvironmentVariable("SOT_UPDATE_GOLDEN") == "1";

    public static void Check(string name, ReadOnlyMemory<byte> actual)
    {
        var path = Path.Combine(Paths.Golden, name);
        var text = Encoding.UTF8.GetString(actual.Span);
        if (Updating)
        {
            File.WriteAllText(path, text, new UTF8Encoding(false));
            return;
        }

        Assert.True(File.Exists(path), $"Golden file {name} is missing; run the tests once with SOT_UPDATE_GOLDEN=1 and review it.");
        var expected = File.ReadAllText(path, Encoding.UTF8).ReplaceLineEndings("\n");
        Assert.Equal(expected, text);
    }
}
