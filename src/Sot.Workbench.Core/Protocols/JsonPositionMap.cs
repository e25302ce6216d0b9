using System.Globalization;
using System.Text.Json;

namespace Sot.Workbench.Protocols;

/// <summary>
/// Maps JSON paths ("$.protocols[1].code") to line and byte position, so that errors found after
/// parsing can still name where in the file they are. <see cref="JsonDocument"/> keeps no positions.
/// </summary>
internal sealed class JsonPositionMap
{
    private readonly Dictionary<string, long> _offsets;
    private readonly long[] _lineStarts;

    private JsonPositionMap(Dictionary<string, long> offsets, long[] lineStarts)
    {
        _offsets = offsets;
        _lineStarts = lineStarts;
    }

    /// <summary>Builds the map. The input must already have parsed successfully with the same options.</summary>
    public static JsonPositionMap Build(ReadOnlySpan<byte> utf8, JsonReaderOptions options)
    {
        var lineStarts = new List<long> { 0 };
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        var offsets = new Dictionary<string, long>(StringComparer.Ordinal);
        var stack = new Stack<Frame>();
        string? propertyPath = null;
        var reader = new Utf8JsonReader(utf8, options);
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    propertyPath = stack.Peek().Path + "." + reader.GetString();
                    offsets.TryAdd(propertyPath, reader.TokenStartIndex);
                    break;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    var containerPath = ValuePath(stack, propertyPath);
                    offsets.TryAdd(containerPath, reader.TokenStartIndex);
                    stack.Push(new Frame(containerPath, reader.TokenType == JsonTokenType.StartArray));
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    stack.Pop();
                    break;
                case JsonTokenType.Comment:
                    break;
                default:
                    offsets.TryAdd(ValuePath(stack, propertyPath), reader.TokenStartIndex);
                    break;
            }
        }

        return new JsonPositionMap(offsets, [.. lineStarts]);
    }

    /// <summary>The 1-based line and byte position of <paramref name="path"/>, or of its nearest known parent.</summary>
    public (int Line, int Column)? Find(string path)
    {
        for (var current = path; current is not null; current = Parent(current))
        {
            if (_offsets.TryGetValue(current, out var offset))
            {
                return PositionOf(offset);
            }
        }

        return null;
    }

    /// <summary>The JSON path of an element of an array.</summary>
    public static string Index(string arrayPath, int index) => arrayPath + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    /// <summary>The JSON path of a property of an object.</summary>
    public static string Property(string objectPath, string name) => objectPath + "." + name;

    private (int Line, int Column) PositionOf(long offset)
    {
        var index = Array.BinarySearch(_lineStarts, offset);
        if (index < 0)
        {
            index = ~index - 1;
        }

        return (index + 1, (int)(offset - _lineStarts[index]) + 1);
    }

    private static string? Parent(string path)
    {
        if (path.Length <= 1)
        {
            return null;
        }

        var cut = path[^1] == ']' ? path.LastIndexOf('[') : path.LastIndexOf('.');
        return cut <= 0 ? "$" : path[..cut];
    }

    private static string ValuePath(Stack<Frame> stack, string? propertyPath)
    {
        if (stack.Count == 0)
        {
            return "$";
        }

        var top = stack.Peek();
        return top.IsArray ? Index(top.Path, top.NextIndex++) : propertyPath ?? top.Path;
    }

    private sealed class Frame(string path, bool isArray)
    {
        public string Path { get; } = path;

        public bool IsArray { get; } = isArray;

        public int NextIndex { get; set; }
    }
}
