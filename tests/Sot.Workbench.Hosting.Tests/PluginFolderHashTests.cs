using System.Security.Cryptography;
using System.Text;

namespace Sot.Workbench.Hosting.Tests;

public sealed class PluginFolderHashTests
{
    [Fact]
    public void Hash_is_sha256_of_sha256sum_lines_sorted_by_relative_path()
    {
        using var folder = new PluginFolder();
        var root = Path.Combine(folder.Root, "p");
        Directory.CreateDirectory(Path.Combine(root, "sub"));
        File.WriteAllText(Path.Combine(root, "b.dll"), "bee");
        File.WriteAllText(Path.Combine(root, "a.json"), "ay");
        File.WriteAllText(Path.Combine(root, "sub", "c.txt"), "sea");

        static string Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        var lines = $"{Hex("ay")}  a.json\n{Hex("bee")}  b.dll\n{Hex("sea")}  sub/c.txt\n";

        Assert.Equal(Hex(lines), PluginFolderHash.Compute(root));
        File.WriteAllText(Path.Combine(root, "sub", "c.txt"), "see");
        Assert.NotEqual(Hex(lines), PluginFolderHash.Compute(root));
    }
}
