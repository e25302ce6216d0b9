using System.Security.Cryptography;

namespace Sot.Workbench.Records;

/// <summary>A SHA-256 hash (32 bytes) of an event's canonical encoding or of a checkpoint. Compared by value.</summary>
public readonly struct EventHash : IEquatable<EventHash>
{
    /// <summary>The number of bytes in a hash.</summary>
    public const int Length = SHA256.HashSizeInBytes;

    private readonly byte[]? _bytes;

    private EventHash(byte[] bytes) => _bytes = bytes;

    /// <summary>The all-zero hash: the "previous hash" of every stream's first event.</summary>
    public static EventHash Zero { get; } = new(new byte[Length]);

    /// <summary>The 32 bytes (a copy is not made: do not change them).</summary>
    public ReadOnlySpan<byte> Span => _bytes ?? Zero._bytes;

    /// <summary>The 32 bytes as a read-only memory.</summary>
    public ReadOnlyMemory<byte> Memory => _bytes ?? Zero._bytes;

    /// <summary>True for the all-zero hash.</summary>
    public bool IsZero => Span.IndexOfAnyExcept((byte)0) < 0;

    /// <summary>A hash from its 32 bytes.</summary>
    /// <exception cref="ArgumentException">Not exactly 32 bytes.</exception>
    public static EventHash FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length == Length
            ? new EventHash(bytes.ToArray())
            : throw new ArgumentException($"A SHA-256 hash has {Length} bytes (got {bytes.Length}).", nameof(bytes));

    /// <summary>A hash from 64 hexadecimal characters.</summary>
    /// <exception cref="FormatException">Not 64 hexadecimal characters.</exception>
    public static EventHash Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (hex.Length != Length * 2)
        {
            throw new FormatException($"A SHA-256 hash is written as {Length * 2} hexadecimal characters (got {hex.Length}).");
        }

        return new EventHash(Convert.FromHexString(hex));
    }

    /// <summary>Tries to read a hash from stored bytes; false when they are not exactly 32 bytes.</summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, out EventHash hash)
    {
        hash = bytes.Length == Length ? new EventHash(bytes.ToArray()) : default;
        return bytes.Length == Length;
    }

    /// <summary>Wraps a freshly computed array without copying (internal use: the array must not be shared).</summary>
    internal static EventHash Own(byte[] bytes) => new(bytes);

    /// <summary>The bytes as a new array.</summary>
    public byte[] ToArray() => Span.ToArray();

    /// <inheritdoc />
    public bool Equals(EventHash other) => Span.SequenceEqual(other.Span);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is EventHash other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => BitConverter.ToInt32(Span);

    /// <summary>Lower-case hexadecimal.</summary>
    public override string ToString() => Convert.ToHexStringLower(Span);

    /// <summary>Value equality.</summary>
    public static bool operator ==(EventHash left, EventHash right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(EventHash left, EventHash right) => !left.Equals(right);
}
