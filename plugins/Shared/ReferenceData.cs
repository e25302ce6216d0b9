// Shared source compiled into each clinical plugin (linked, not referenced): plugins never reference each other.
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Sot.Workbench.Domain;

namespace Sot.Workbench.Plugins.Shared;

/// <summary>
/// A reference data file was rejected. The message names the file, the line (1-based) and the rule broken; the
/// files hold reference data only, never patient data.
/// </summary>
public sealed class ReferenceDataException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ReferenceDataException(string fileName, int? line, string detail)
        : base(line is { } l
            ? string.Create(CultureInfo.InvariantCulture, $"reference data file '{fileName}', line {l}: {detail}")
            : $"reference data file '{fileName}': {detail}")
    {
        FileName = fileName;
        Line = line;
        Detail = detail;
    }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public ReferenceDataException() : this("?", null, "invalid file") { }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public ReferenceDataException(string message) : base(message)
    {
        FileName = "?";
        Detail = message;
    }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public ReferenceDataException(string message, Exception innerException) : base(message, innerException)
    {
        FileName = "?";
        Detail = message;
    }

    /// <summary>The file (its path as configured, or the embedded resource name).</summary>
    public string FileName { get; }

    /// <summary>The 1-based line, when the problem has one.</summary>
    public int? Line { get; }

    /// <summary>The rule broken.</summary>
    public string Detail { get; }
}

/// <summary>The header every reference data file carries: what it is, its version, source and reliability.</summary>
/// <param name="Kind">The file kind (e.g. "cmrt-fibre-chart").</param>
/// <param name="Version">The data version (e.g. "2025.1" or a clinic's own).</param>
/// <param name="Source">Where the data comes from.</param>
/// <param name="Reliability">How reliable the public record behind it is.</param>
/// <param name="FileName">The file it was read from (a path, or "embedded:&lt;name&gt;").</param>
internal sealed record DataHeader(string Kind, string Version, string Source, ReliabilityTag Reliability, string FileName)
{
    public Provenance Provenance => new(Reliability, Source + " (version " + Version + ")");
}

internal enum NodeKind
{
    Object,
    Array,
    String,
    Number,
    Boolean,
    Null,
}

/// <summary>A parsed JSON value that remembers its line, so semantic errors can name it.</summary>
internal sealed class Node
{
    public required NodeKind Kind { get; init; }

    public required int Line { get; init; }

    public string? Text { get; init; }

    public decimal? Number { get; init; }

    public bool Boolean { get; init; }

    public List<KeyValuePair<string, Node>> Properties { get; } = [];

    public List<Node> Items { get; } = [];
}

/// <summary>Reads one reference data file: JSON with comments allowed, every value tied to its line.</summary>
internal sealed class DataFile
{
    private const int SchemaVersion = 1;

    private DataFile(string fileName, Node root)
    {
        FileName = fileName;
        Root = root;
    }

    public string FileName { get; }

    public Node Root { get; }

    /// <summary>Reads the clinic's file named by <paramref name="configuredPath"/>, or the plugin's embedded default.</summary>
    /// <param name="configuredPath">The option value (absolute, or relative to the host's base directory); null or blank for the default.</param>
    /// <param name="assembly">The plugin assembly holding the default.</param>
    /// <param name="resourceName">The default's embedded resource name.</param>
    public static DataFile Load(string? configuredPath, Assembly assembly, string resourceName)
    {
        if (string.IsNullOrWhiteSpace(configuredPath))
        {
            using var stream = assembly.GetManifestResourceStream(resourceName)
                ?? throw new ReferenceDataException("embedded:" + resourceName, null, "the embedded default is missing from the plugin build.");
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return Parse(memory.ToArray(), "embedded:" + resourceName);
        }

        var path = Path.IsPathRooted(configuredPath) ? configuredPath : Path.Combine(AppContext.BaseDirectory, configuredPath);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new ReferenceDataException(configuredPath, null, $"the file cannot be read ({ex.GetType().Name}).");
        }

        return Parse(bytes, configuredPath);
    }

    /// <summary>
    /// Reads a reference data set: a clinic's file named by <paramref name="configuredPath"/> at once, so a malformed
    /// file stops the plugin at start with the file and line; the plugin's embedded default on first use, so host
    /// start-up does not pay for parsing and checking data that ships inside the plugin (the plugin's tests read it).
    /// </summary>
    /// <param name="configuredPath">The option value (absolute, or relative to the host's base directory); null or blank for the default.</param>
    /// <param name="assembly">The plugin assembly holding the default.</param>
    /// <param name="resourceName">The default's embedded resource name.</param>
    /// <param name="read">Turns the file into the data set (and checks it).</param>
    public static Lazy<T> Read<T>(string? configuredPath, Assembly assembly, string resourceName, Func<DataFile, T> read)
    {
        if (string.IsNullOrWhiteSpace(configuredPath))
        {
            return new Lazy<T>(() => read(Load(null, assembly, resourceName)), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        var value = read(Load(configuredPath, assembly, resourceName));
        return new Lazy<T>(() => value, LazyThreadSafetyMode.PublicationOnly);
    }

    public static DataFile Parse(byte[] utf8, string fileName)
    {
        var lines = LineStarts(utf8);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            if (!reader.Read())
            {
                throw new ReferenceDataException(fileName, 1, "the file is empty.");
            }

            var root = ReadValue(ref reader, lines);
            if (reader.Read())
            {
                throw new ReferenceDataException(fileName, LineOf(lines, reader.TokenStartIndex), "unexpected content after the end of the document.");
            }

            return new DataFile(fileName, root);
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is { } l ? (int)l + 1 : (int?)null;
            throw new ReferenceDataException(fileName, line, "the file is not valid JSON (" + FirstSentence(ex.Message) + ")");
        }
    }

    /// <summary>Reads and checks the header (kind, schema version, version, source, reliability).</summary>
    public DataHeader Header(string expectedKind, IEnumerable<string> contentProperties)
    {
        var root = Object(Root, "the document");
        KnownOnly(root, ["$schema", "kind", "schemaVersion", "version", "source", "reliability", .. contentProperties]);
        var kind = String(root, "kind");
        if (!string.Equals(kind, expectedKind, StringComparison.Ordinal))
        {
            throw Error(Property(root, "kind")!, $"'kind' is '{kind}'; this option expects a '{expectedKind}' file.");
        }

        var schema = Int(root, "schemaVersion", 1, 100);
        if (schema != SchemaVersion)
        {
            throw Error(Property(root, "schemaVersion")!, string.Create(CultureInfo.InvariantCulture, $"schemaVersion {schema} is not supported; this plugin reads schemaVersion {SchemaVersion}."));
        }

        return new DataHeader(kind, String(root, "version"), String(root, "source"), Enum<ReliabilityTag>(root, "reliability"), FileName);
    }

    public ReferenceDataException Error(Node node, string detail) => new(FileName, node.Line, detail);

    public Node Object(Node node, string what) =>
        node.Kind == NodeKind.Object ? node : throw Error(node, what + " must be a JSON object.");

    public static Node? Property(Node obj, string name)
    {
        foreach (var p in obj.Properties)
        {
            if (string.Equals(p.Key, name, StringComparison.Ordinal))
            {
                return p.Value;
            }
        }

        return null;
    }

    public void KnownOnly(Node obj, IReadOnlyCollection<string> known)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in obj.Properties)
        {
            if (!known.Contains(p.Key))
            {
                throw Error(p.Value, $"unknown property '{p.Key}'; allowed: {string.Join(", ", known.Where(k => k != "$schema"))}.");
            }

            if (!seen.Add(p.Key))
            {
                throw Error(p.Value, $"property '{p.Key}' is given twice.");
            }
        }
    }

    public Node Required(Node obj, string name) =>
        Property(obj, name) is { Kind: not NodeKind.Null } value ? value : throw Error(obj, $"property '{name}' is required.");

    public string String(Node obj, string name)
    {
        var value = Required(obj, name);
        return value.Kind == NodeKind.String && !string.IsNullOrWhiteSpace(value.Text)
            ? value.Text!
            : throw Error(value, $"'{name}' must be a non-empty string.");
    }

    public string? OptionalString(Node obj, string name) =>
        Property(obj, name) is { Kind: not NodeKind.Null } ? String(obj, name) : null;

    public int Int(Node obj, string name, int min, int max)
    {
        var value = Required(obj, name);
        if (value.Kind != NodeKind.Number || value.Number is not { } number || number != decimal.Truncate(number))
        {
            throw Error(value, $"'{name}' must be a whole number.");
        }

        return number >= min && number <= max
            ? (int)number
            : throw Error(value, string.Create(CultureInfo.InvariantCulture, $"'{name}' is {number}; allowed {min}–{max}."));
    }

    public decimal? OptionalDecimal(Node obj, string name, decimal min, decimal max)
    {
        if (Property(obj, name) is not { Kind: not NodeKind.Null } value)
        {
            return null;
        }

        if (value.Kind != NodeKind.Number || value.Number is not { } number)
        {
            throw Error(value, $"'{name}' must be a number.");
        }

        return number >= min && number <= max
            ? number
            : throw Error(value, string.Create(CultureInfo.InvariantCulture, $"'{name}' is {number}; allowed {min}–{max}."));
    }

    public bool OptionalBoolean(Node obj, string name, bool fallback)
    {
        if (Property(obj, name) is not { Kind: not NodeKind.Null } value)
        {
            return fallback;
        }

        return value.Kind == NodeKind.Boolean ? value.Boolean : throw Error(value, $"'{name}' must be true or false.");
    }

    public TEnum Enum<TEnum>(Node obj, string name) where TEnum : struct, Enum => EnumValue<TEnum>(Required(obj, name), name);

    public TEnum? OptionalEnum<TEnum>(Node obj, string name) where TEnum : struct, Enum =>
        Property(obj, name) is { Kind: not NodeKind.Null } value ? EnumValue<TEnum>(value, name) : null;

    public TEnum EnumValue<TEnum>(Node value, string name) where TEnum : struct, Enum
    {
        if (value.Kind == NodeKind.String && System.Enum.TryParse<TEnum>(value.Text, ignoreCase: false, out var parsed)
            && System.Enum.IsDefined(parsed) && !int.TryParse(value.Text, out _))
        {
            return parsed;
        }

        throw Error(value, $"'{name}' is '{value.Text}'; allowed: {string.Join(", ", System.Enum.GetNames<TEnum>())}.");
    }

    public string OneOf(Node obj, string name, IReadOnlyList<string> allowed)
    {
        var value = String(obj, name);
        return allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw Error(Required(obj, name), $"'{name}' is '{value}'; allowed: {string.Join(", ", allowed)}.");
    }

    public List<Node> Array(Node obj, string name, bool required = true)
    {
        if (Property(obj, name) is not { Kind: not NodeKind.Null } value)
        {
            return required ? throw Error(obj, $"property '{name}' is required.") : [];
        }

        return value.Kind == NodeKind.Array ? value.Items : throw Error(value, $"'{name}' must be a JSON array.");
    }

    public List<string> Strings(Node obj, string name, IReadOnlyList<string>? allowed, bool required = true)
    {
        var result = new List<string>();
        foreach (var item in Array(obj, name, required))
        {
            if (item.Kind != NodeKind.String || string.IsNullOrWhiteSpace(item.Text))
            {
                throw Error(item, $"every item of '{name}' must be a non-empty string.");
            }

            if (allowed is not null && !allowed.Contains(item.Text, StringComparer.Ordinal))
            {
                throw Error(item, $"'{item.Text}' in '{name}' is not allowed; allowed: {string.Join(", ", allowed)}.");
            }

            if (result.Contains(item.Text, StringComparer.Ordinal))
            {
                throw Error(item, $"'{item.Text}' is listed twice in '{name}'.");
            }

            result.Add(item.Text!);
        }

        return result;
    }

    private static Node ReadValue(ref Utf8JsonReader reader, int[] lines)
    {
        var line = LineOf(lines, reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var node = new Node { Kind = NodeKind.Object, Line = line };
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    node.Properties.Add(new(name, ReadValue(ref reader, lines)));
                }

                return node;
            }

            case JsonTokenType.StartArray:
            {
                var node = new Node { Kind = NodeKind.Array, Line = line };
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    node.Items.Add(ReadValue(ref reader, lines));
                }

                return node;
            }

            case JsonTokenType.String:
                return new Node { Kind = NodeKind.String, Line = line, Text = reader.GetString() };
            case JsonTokenType.Number:
                return reader.TryGetDecimal(out var number)
                    ? new Node { Kind = NodeKind.Number, Line = line, Number = number, Text = number.ToString(CultureInfo.InvariantCulture) }
                    : new Node { Kind = NodeKind.Number, Line = line, Text = "(out of range)" };
            case JsonTokenType.True:
            case JsonTokenType.False:
                return new Node { Kind = NodeKind.Boolean, Line = line, Boolean = reader.TokenType == JsonTokenType.True, Text = reader.TokenType == JsonTokenType.True ? "true" : "false" };
            default:
                return new Node { Kind = NodeKind.Null, Line = line, Text = "null" };
        }
    }

    private static int[] LineStarts(byte[] utf8)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }

    private static int LineOf(int[] starts, long offset)
    {
        var index = System.Array.BinarySearch(starts, (int)offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message.TrimEnd('.')).Trim();
    }
}
