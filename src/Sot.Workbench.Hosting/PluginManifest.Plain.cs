using System.Text;

namespace Sot.Workbench.Hosting;

/// <summary>
/// A manifest is a few lines of plain JSON. Reading it with System.Text.Json costs about 10 ms of processor time on a
/// cold start (the library's own first use), so a plain manifest is read here: ASCII only, no escapes, comments or
/// deep nesting, and strictly well-formed. Anything else (including every malformed file) gives null and is read by
/// <see cref="ParseWithReader"/>, which reports errors exactly as before; for the files accepted here both give the
/// same properties.
/// </summary>
internal sealed partial record PluginManifest
{
    private const int PlainMaxDepth = 32;

    internal static Fields? ParsePlain(ReadOnlySpan<byte> json)
    {
        var pos = 0;
        SkipWhitespace(json, ref pos);
        var fields = new Fields();
        if (pos < json.Length && json[pos] == (byte)'{')
        {
            fields.IsObject = true;
            if (!PlainObject(json, ref pos, fields, topLevel: true, depth: 1))
            {
                return null;
            }
        }
        else if (!SkipPlainValue(json, ref pos, depth: 1))
        {
            return null;
        }

        SkipWhitespace(json, ref pos);
        return pos == json.Length ? fields : null;
    }

    // At '{'. Reads the properties of interest into fields (when not null) and skips the rest.
    private static bool PlainObject(ReadOnlySpan<byte> json, ref int pos, Fields? fields, bool topLevel, int depth)
    {
        pos++;
        SkipWhitespace(json, ref pos);
        if (pos < json.Length && json[pos] == (byte)'}')
        {
            pos++;
            return true;
        }

        while (true)
        {
            if (!PlainString(json, ref pos, out var start, out var length))
            {
                return false;
            }

            var name = json.Slice(start, length);
            SkipWhitespace(json, ref pos);
            if (pos >= json.Length || json[pos] != (byte)':')
            {
                return false;
            }

            pos++;
            SkipWhitespace(json, ref pos);
            var property = fields is null ? 0
                : name.SequenceEqual("id"u8) ? 1
                : name.SequenceEqual("version"u8) ? 2
                : !topLevel ? 0
                : name.SequenceEqual("name"u8) ? 3
                : name.SequenceEqual("apiVersion"u8) ? 4
                : name.SequenceEqual("entryAssembly"u8) ? 5
                : name.SequenceEqual("dependencies"u8) ? 6
                : 0;
            if (property is > 0 and < 6)
            {
                if (!PlainStringValue(json, ref pos, depth, out var value))
                {
                    return false;
                }

                switch (property)
                {
                    case 1:
                        fields!.Id = value;
                        break;
                    case 2:
                        fields!.Version = value;
                        break;
                    case 3:
                        fields!.Name = value;
                        break;
                    case 4:
                        fields!.ApiVersion = value;
                        break;
                    default:
                        fields!.EntryAssembly = value;
                        break;
                }
            }
            else if (property == 6)
            {
                fields!.HasDependencies = true;
                if (!PlainDependencies(json, ref pos, depth, out fields.Dependencies))
                {
                    return false;
                }
            }
            else if (!SkipPlainValue(json, ref pos, depth + 1))
            {
                return false;
            }

            SkipWhitespace(json, ref pos);
            if (pos >= json.Length)
            {
                return false;
            }

            if (json[pos] == (byte)'}')
            {
                pos++;
                return true;
            }

            if (json[pos] != (byte)',')
            {
                return false;
            }

            pos++;
            SkipWhitespace(json, ref pos);
        }
    }

    // A string value, or null for any other (well-formed) value.
    private static bool PlainStringValue(ReadOnlySpan<byte> json, ref int pos, int depth, out string? value)
    {
        value = null;
        if (pos < json.Length && json[pos] == (byte)'"')
        {
            if (!PlainString(json, ref pos, out var start, out var length))
            {
                return false;
            }

            value = Encoding.UTF8.GetString(json.Slice(start, length));
            return true;
        }

        return SkipPlainValue(json, ref pos, depth + 1);
    }

    // The dependencies array (null when the value is not an array; an element that is not an object is null).
    private static bool PlainDependencies(ReadOnlySpan<byte> json, ref int pos, int depth, out List<Fields?>? list)
    {
        list = null;
        if (pos >= json.Length || json[pos] != (byte)'[')
        {
            return SkipPlainValue(json, ref pos, depth + 1);
        }

        list = [];
        pos++;
        SkipWhitespace(json, ref pos);
        if (pos < json.Length && json[pos] == (byte)']')
        {
            pos++;
            return true;
        }

        while (true)
        {
            if (pos < json.Length && json[pos] == (byte)'{')
            {
                var dependency = new Fields { IsObject = true };
                if (!PlainObject(json, ref pos, dependency, topLevel: false, depth + 2))
                {
                    return false;
                }

                list.Add(dependency);
            }
            else
            {
                if (!SkipPlainValue(json, ref pos, depth + 2))
                {
                    return false;
                }

                list.Add(null);
            }

            SkipWhitespace(json, ref pos);
            if (pos >= json.Length)
            {
                return false;
            }

            if (json[pos] == (byte)']')
            {
                pos++;
                return true;
            }

            if (json[pos] != (byte)',')
            {
                return false;
            }

            pos++;
            SkipWhitespace(json, ref pos);
        }
    }

    private static bool SkipPlainValue(ReadOnlySpan<byte> json, ref int pos, int depth)
    {
        if (pos >= json.Length || depth > PlainMaxDepth)
        {
            return false;
        }

        switch (json[pos])
        {
            case (byte)'{':
                return PlainObject(json, ref pos, null, topLevel: false, depth);
            case (byte)'[':
                pos++;
                SkipWhitespace(json, ref pos);
                if (pos < json.Length && json[pos] == (byte)']')
                {
                    pos++;
                    return true;
                }

                while (true)
                {
                    if (!SkipPlainValue(json, ref pos, depth + 1))
                    {
                        return false;
                    }

                    SkipWhitespace(json, ref pos);
                    if (pos >= json.Length)
                    {
                        return false;
                    }

                    if (json[pos] == (byte)']')
                    {
                        pos++;
                        return true;
                    }

                    if (json[pos] != (byte)',')
                    {
                        return false;
                    }

                    pos++;
                    SkipWhitespace(json, ref pos);
                }

            case (byte)'"':
                return PlainString(json, ref pos, out _, out _);
            case (byte)'t':
                return PlainLiteral(json, ref pos, "true"u8);
            case (byte)'f':
                return PlainLiteral(json, ref pos, "false"u8);
            case (byte)'n':
                return PlainLiteral(json, ref pos, "null"u8);
            default:
                return PlainNumber(json, ref pos);
        }
    }

    // At '"': printable ASCII up to the closing quote, without escapes.
    private static bool PlainString(ReadOnlySpan<byte> json, ref int pos, out int start, out int length)
    {
        start = pos + 1;
        length = 0;
        if (pos >= json.Length || json[pos] != (byte)'"')
        {
            return false;
        }

        for (var i = start; i < json.Length; i++)
        {
            var b = json[i];
            if (b == (byte)'"')
            {
                length = i - start;
                pos = i + 1;
                return true;
            }

            if (b is < 0x20 or >= 0x7F || b == (byte)'\\')
            {
                return false;
            }
        }

        return false;
    }

    private static bool PlainLiteral(ReadOnlySpan<byte> json, ref int pos, ReadOnlySpan<byte> literal)
    {
        if (!json[pos..].StartsWith(literal))
        {
            return false;
        }

        pos += literal.Length;
        return true;
    }

    // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    private static bool PlainNumber(ReadOnlySpan<byte> json, ref int pos)
    {
        var i = pos;
        if (i < json.Length && json[i] == (byte)'-')
        {
            i++;
        }

        if (i >= json.Length || !IsDigit(json[i]))
        {
            return false;
        }

        if (json[i] == (byte)'0')
        {
            i++;
        }
        else
        {
            while (i < json.Length && IsDigit(json[i]))
            {
                i++;
            }
        }

        if (i < json.Length && json[i] == (byte)'.')
        {
            i++;
            if (i >= json.Length || !IsDigit(json[i]))
            {
                return false;
            }

            while (i < json.Length && IsDigit(json[i]))
            {
                i++;
            }
        }

        if (i < json.Length && json[i] is (byte)'e' or (byte)'E')
        {
            i++;
            if (i < json.Length && json[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            if (i >= json.Length || !IsDigit(json[i]))
            {
                return false;
            }

            while (i < json.Length && IsDigit(json[i]))
            {
                i++;
            }
        }

        pos = i;
        return true;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static void SkipWhitespace(ReadOnlySpan<byte> json, ref int pos)
    {
        while (pos < json.Length && json[pos] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            pos++;
        }
    }
}
