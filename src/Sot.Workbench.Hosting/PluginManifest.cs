using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sot.Workbench.Hosting;

/// <summary>A dependency declared in a manifest: a plugin id and the minimum version needed.</summary>
internal sealed record PluginDependency(string Id, Version MinimumVersion);

/// <summary>A parsed, validated <c>plugin.json</c>.</summary>
internal sealed partial record PluginManifest(
    string Id,
    string Name,
    Version Version,
    Version ApiVersion,
    string EntryAssembly,
    IReadOnlyList<PluginDependency> Dependencies)
{
    public const string FileName = "plugin.json";

    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip };

    public static bool IsValidId(string? id)
    {
        // ^[a-z0-9]+([._-][a-z0-9]+)*$, checked by hand: a regex costs milliseconds to set up on a cold start.
        if (id is not { Length: > 0 and <= 100 })
        {
            return false;
        }

        var afterSeparator = true;
        foreach (var c in id)
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                afterSeparator = false;
            }
            else if (c is '.' or '_' or '-' && !afterSeparator)
            {
                afterSeparator = true;
            }
            else
            {
                return false;
            }
        }

        return !afterSeparator;
    }

    /// <summary>Reads and validates a manifest; on failure returns null and a reason naming the problem.</summary>
    public static PluginManifest? TryRead(string folder, out string? error)
    {
        var path = Path.Combine(folder, FileName);
        JsonDocument document;
        try
        {
            using var stream = File.OpenRead(path);
            document = JsonDocument.Parse(stream, DocumentOptions);
        }
        catch (JsonException ex)
        {
            error = $"invalid manifest: {FileName} is not valid JSON at line {(ex.LineNumber ?? 0) + 1}, position {(ex.BytePositionInLine ?? 0) + 1}. Fix the file or ask the vendor for a new copy.";
            return null;
        }
        catch (IOException ex)
        {
            error = $"invalid manifest: {FileName} could not be read ({ex.GetType().Name}).";
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            error = $"invalid manifest: {FileName} could not be read (access denied).";
            return null;
        }

        using (document)
        {
            return Validate(document.RootElement, folder, out error);
        }
    }

    private static PluginManifest? Validate(JsonElement root, string folder, out string? error)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "invalid manifest: the top level must be a JSON object.";
            return null;
        }

        var id = String(root, "id");
        if (!IsValidId(id))
        {
            error = "invalid manifest: 'id' is required and may hold only lower-case letters, digits, '.', '-' and '_' (e.g. \"acme.posture\").";
            return null;
        }

        var name = String(root, "name");
        if (string.IsNullOrWhiteSpace(name))
        {
            error = "invalid manifest: 'name' is required.";
            return null;
        }

        if (!TryVersion(String(root, "version"), out var version))
        {
            error = "invalid manifest: 'version' is required, as major.minor[.patch] (e.g. \"1.2.0\").";
            return null;
        }

        if (!TryVersion(String(root, "apiVersion"), out var apiVersion))
        {
            error = "invalid manifest: 'apiVersion' is required, as major.minor (e.g. \"1.0\").";
            return null;
        }

        var entry = String(root, "entryAssembly");
        if (string.IsNullOrWhiteSpace(entry) || !entry.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            error = "invalid manifest: 'entryAssembly' is required and must name a .dll inside the plugin folder.";
            return null;
        }

        if (Path.IsPathRooted(entry) || !IsInside(folder, entry))
        {
            error = $"invalid manifest: 'entryAssembly' \"{entry}\" points outside the plugin folder; it must be a path relative to and inside the folder.";
            return null;
        }

        var dependencies = new List<PluginDependency>();
        if (root.TryGetProperty("dependencies", out var deps))
        {
            if (deps.ValueKind != JsonValueKind.Array)
            {
                error = "invalid manifest: 'dependencies' must be an array of { \"id\", \"version\" } objects.";
                return null;
            }

            foreach (var dep in deps.EnumerateArray())
            {
                var depId = dep.ValueKind == JsonValueKind.Object ? String(dep, "id") : null;
                if (!IsValidId(depId) || !TryVersion(String(dep, "version"), out var min))
                {
                    error = "invalid manifest: every dependency needs a valid 'id' and a minimum 'version' (e.g. { \"id\": \"sot.reports\", \"version\": \"1.0\" }).";
                    return null;
                }

                dependencies.Add(new PluginDependency(depId!, min));
            }
        }

        error = null;
        return new PluginManifest(id!, name, version, apiVersion, entry, dependencies);
    }

    internal static bool IsInside(string folder, string relative)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, relative));
        return full.StartsWith(root, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }

    private static string? String(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool TryVersion(string? text, out Version version)
    {
        version = new Version(0, 0);
        if (text is null || !System.Version.TryParse(text, out var parsed) || parsed.Major < 0)
        {
            return false;
        }

        version = parsed;
        return true;
    }
}
