using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sot.Workbench.Hosting;

/// <summary>
/// The SHA-256 hash that pins a plugin folder in <see cref="PluginTrustMode.AllowList"/> mode. It covers every
/// file in the folder and its sub-folders: for each file, in ordinal order of its path relative to the folder
/// (with '/' separators), the line <c>&lt;sha256 of the file, lower-case hex&gt;  &lt;relative path&gt;\n</c>
/// (two spaces, as <c>sha256sum</c> prints it); the hash is the SHA-256 of those lines, UTF-8 encoded, in
/// lower-case hex. Adding, removing, renaming or changing any file changes the hash.
/// </summary>
public static class PluginFolderHash
{
    /// <summary>Computes the hash of <paramref name="folder"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static string Compute(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Plugin folder '{root}' does not exist.");
        }

        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => (Full: f, Relative: Path.GetRelativePath(root, f).Replace('\\', '/')))
            .OrderBy(f => f.Relative, StringComparer.Ordinal);
        using var total = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (full, relative) in files)
        {
            byte[] fileHash;
            using (var stream = File.OpenRead(full))
            {
                fileHash = SHA256.HashData(stream);
            }

            total.AppendData(Encoding.UTF8.GetBytes(
                string.Create(CultureInfo.InvariantCulture, $"{Convert.ToHexStringLower(fileHash)}  {relative}\n")));
        }

        return Convert.ToHexStringLower(total.GetHashAndReset());
    }

    /// <summary>True when <paramref name="hash"/> has the form of a SHA-256 hash (64 hexadecimal characters).</summary>
    public static bool IsWellFormed(string? hash) => hash is { Length: 64 } && hash.All(char.IsAsciiHexDigit);
}
