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

    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip };

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
        Fields fields;
        try
        {
            fields = Parse(File.ReadAllBytes(path));
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

        return Validate(fields, folder, out error);
    }

    /// <summary>The manifest's properties as read: a string property is null when absent or not a string.</summary>
    /// <remarks>Fields rather than properties: fewer methods to compile on a cold start.</remarks>
    private sealed class Fields
    {
        public bool IsObject;
        public string? Id;
        public string? Name;
        public string? Version;
        public string? ApiVersion;
        public string? EntryAssembly;
        public bool HasDependencies;

        /// <summary>The dependencies array; null when the property is not an array. An element that is not an object is null.</summary>
        public List<Fields?>? Dependencies;
    }

    // One pass of Utf8JsonReader over the whole file (no JsonDocument): the same syntax checks, comment handling and
    // error positions as JsonDocument.Parse, and the same rule for a repeated property (the last one counts).
    private static Fields Parse(ReadOnlySpan<byte> json)
    {
        if (json.StartsWith("\uFEFF"u8))
        {
            json = json[3..]; // a UTF-8 byte order mark, as JsonDocument.Parse(Stream) skips it
        }

        var reader = new Utf8JsonReader(json, ReaderOptions);
        reader.Read();
        var fields = new Fields();
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            fields.IsObject = true;
            ReadObject(ref reader, fields, topLevel: true);
        }
        else
        {
            reader.Skip();
        }

        while (reader.Read())
        {
            // Anything after the top-level value makes the reader throw (comments are skipped).
        }

        return fields;
    }

    private static void ReadObject(ref Utf8JsonReader reader, Fields fields, bool topLevel)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = reader.ValueTextEquals("id"u8) ? 1
                : reader.ValueTextEquals("version"u8) ? 2
                : !topLevel ? 0
                : reader.ValueTextEquals("name"u8) ? 3
                : reader.ValueTextEquals("apiVersion"u8) ? 4
                : reader.ValueTextEquals("entryAssembly"u8) ? 5
                : reader.ValueTextEquals("dependencies"u8) ? 6
                : 0;
            reader.Read();
            switch (property)
            {
                case 1: fields.Id = String(ref reader); break;
                case 2: fields.Version = String(ref reader); break;
                case 3: fields.Name = String(ref reader); break;
                case 4: fields.ApiVersion = String(ref reader); break;
                case 5: fields.EntryAssembly = String(ref reader); break;
                case 6: fields.HasDependencies = true; fields.Dependencies = ReadDependencies(ref reader); break;
                default: reader.Skip(); break;
            }
        }
    }

    private static List<Fields?>? ReadDependencies(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        var list = new List<Fields?>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                var dependency = new Fields { IsObject = true };
                ReadObject(ref reader, dependency, topLevel: false);
                list.Add(dependency);
            }
            else
            {
                reader.Skip();
                list.Add(null);
            }
        }

        return list;
    }

    private static string? String(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    private static PluginManifest? Validate(Fields root, string folder, out string? error)
    {
        if (!root.IsObject)
        {
            error = "invalid manifest: the top level must be a JSON object.";
            return null;
        }

        var id = root.Id;
        if (!IsValidId(id))
        {
            error = "invalid manifest: 'id' is required and may hold only lower-case letters, digits, '.', '-' and '_' (e.g. \"acme.posture\").";
            return null;
        }

        var name = root.Name;
        if (string.IsNullOrWhiteSpace(name))
        {
            error = "invalid manifest: 'name' is required.";
            return null;
        }

        if (!TryVersion(root.Version, out var version))
        {
            error = "invalid manifest: 'version' is required, as major.minor[.patch] (e.g. \"1.2.0\").";
            return null;
        }

        if (!TryVersion(root.ApiVersion, out var apiVersion))
        {
            error = "invalid manifest: 'apiVersion' is required, as major.minor (e.g. \"1.0\").";
            return null;
        }

        var entry = root.EntryAssembly;
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
        if (root.HasDependencies)
        {
            if (root.Dependencies is null)
            {
                error = "invalid manifest: 'dependencies' must be an array of { \"id\", \"version\" } objects.";
                return null;
            }

            foreach (var dep in root.Dependencies)
            {
                var depId = dep?.Id;
                if (!IsValidId(depId) || !TryVersion(dep!.Version, out var min))
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
