using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Sot.Workbench.Records;

/// <summary>
/// The canonical encoding of an event and its SHA-256 hash, shared by every store (documented in
/// <c>docs/record-store.md</c>). The encoding is the UTF-8 domain tag <c>sot-workbench/event/1</c> followed by
/// the fields in this order: position, stream id, stream kind, patient id, version, type, schema version, recorded
/// time (microseconds since the Unix epoch, UTC), actor id, previous hash, payload. Integers are 8 bytes
/// big-endian; texts (UTF-8) and byte strings are a 4-byte big-endian length followed by the bytes. The payload is
/// hashed exactly as stored.
/// </summary>
public static class EventHashing
{
    /// <summary>The domain tag that starts every event encoding.</summary>
    public const string EventTag = "sot-workbench/event/1";

    /// <summary>The domain tag that starts every checkpoint encoding.</summary>
    public const string CheckpointTag = "sot-workbench/checkpoint/1";

    internal const long MinMicroseconds = -62_135_596_800_000_000; // 0001-01-01
    internal const long MaxMicroseconds = 253_402_300_799_999_999; // 9999-12-31T23:59:59.999999

    private static readonly byte[] EventTagBytes = Encoding.UTF8.GetBytes(EventTag);
    private static readonly byte[] CheckpointTagBytes = Encoding.UTF8.GetBytes(CheckpointTag);

    /// <summary>The stored text of a stream kind: <c>patient</c>, <c>visit</c> or <c>care-plan</c>.</summary>
    public static string KindText(StreamKind kind) => kind switch
    {
        StreamKind.Patient => "patient",
        StreamKind.Visit => "visit",
        StreamKind.CarePlan => "care-plan",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown stream kind."),
    };

    /// <summary>Parses the stored text of a stream kind.</summary>
    public static bool TryParseKind(string? text, out StreamKind kind)
    {
        (var ok, kind) = text switch
        {
            "patient" => (true, StreamKind.Patient),
            "visit" => (true, StreamKind.Visit),
            "care-plan" => (true, StreamKind.CarePlan),
            _ => (false, default(StreamKind)),
        };
        return ok;
    }

    /// <summary>A time as stored: whole microseconds since 1970-01-01T00:00:00Z (sub-microsecond ticks are dropped).</summary>
    public static long ToMicroseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    /// <summary>A stored time back as UTC.</summary>
    public static DateTimeOffset FromMicroseconds(long microseconds) =>
        DateTimeOffset.UnixEpoch.AddTicks(microseconds * TimeSpan.TicksPerMicrosecond);

    /// <summary>A time truncated to what a store keeps (UTC, whole microseconds).</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) => FromMicroseconds(ToMicroseconds(time));

    /// <summary>The hash of <paramref name="row"/> (its <see cref="EventRow.Hash"/> is ignored).</summary>
    public static EventHash Compute(in EventRow row)
    {
        var size = EventTagBytes.Length + 4
            + 8 + Utf8Size(row.Stream) + Utf8Size(row.Kind) + Utf8Size(row.Patient)
            + 8 + Utf8Size(row.Type) + 8 + 8 + Utf8Size(row.ActorId)
            + 4 + row.PreviousHash.Length + 4 + row.Payload.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var span = buffer.AsSpan(0, size);
            var at = 0;
            WriteBytes(span, ref at, EventTagBytes);
            WriteInt64(span, ref at, row.Position);
            WriteText(span, ref at, row.Stream);
            WriteText(span, ref at, row.Kind);
            WriteText(span, ref at, row.Patient);
            WriteInt64(span, ref at, row.Version);
            WriteText(span, ref at, row.Type);
            WriteInt64(span, ref at, row.SchemaVersion);
            WriteInt64(span, ref at, row.RecordedAtMicroseconds);
            WriteText(span, ref at, row.ActorId);
            WriteBytes(span, ref at, row.PreviousHash.Span);
            WriteBytes(span, ref at, row.Payload.Span);
            var hash = new byte[EventHash.Length];
            SHA256.HashData(span, hash);
            return EventHash.Own(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The checkpoint hash over stream heads: the tag <c>sot-workbench/checkpoint/1</c>, the position, the number
    /// of streams and of events (8 bytes big-endian each), then for every stream in ordinal order of its id: the id
    /// (length-prefixed UTF-8), its head version (8 bytes) and its head hash (32 bytes).
    /// </summary>
    /// <param name="position">The global position the checkpoint is taken at.</param>
    /// <param name="eventCount">The number of events up to and including that position.</param>
    /// <param name="heads">Every stream's head as of that position.</param>
    public static EventHash ComputeCheckpoint(long position, long eventCount, IEnumerable<KeyValuePair<string, (long Version, EventHash Hash)>> heads)
    {
        ArgumentNullException.ThrowIfNull(heads);
        var sorted = heads.OrderBy(h => h.Key, StringComparer.Ordinal).ToList();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[8];
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, CheckpointTagBytes.Length);
        sha.AppendData(length);
        sha.AppendData(CheckpointTagBytes);
        BinaryPrimitives.WriteInt64BigEndian(number, position);
        sha.AppendData(number);
        BinaryPrimitives.WriteInt64BigEndian(number, sorted.Count);
        sha.AppendData(number);
        BinaryPrimitives.WriteInt64BigEndian(number, eventCount);
        sha.AppendData(number);
        foreach (var (stream, head) in sorted)
        {
            var text = Encoding.UTF8.GetBytes(stream);
            BinaryPrimitives.WriteInt32BigEndian(length, text.Length);
            sha.AppendData(length);
            sha.AppendData(text);
            BinaryPrimitives.WriteInt64BigEndian(number, head.Version);
            sha.AppendData(number);
            sha.AppendData(head.Hash.Span);
        }

        return EventHash.Own(sha.GetHashAndReset());
    }

    private static int Utf8Size(string? text) => 4 + Encoding.UTF8.GetByteCount(text ?? string.Empty);

    private static void WriteInt64(Span<byte> span, ref int at, long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(span[at..], value);
        at += 8;
    }

    private static void WriteText(Span<byte> span, ref int at, string? text)
    {
        var written = Encoding.UTF8.GetBytes(text ?? string.Empty, span[(at + 4)..]);
        BinaryPrimitives.WriteInt32BigEndian(span[at..], written);
        at += 4 + written;
    }

    private static void WriteBytes(Span<byte> span, ref int at, ReadOnlySpan<byte> bytes)
    {
        BinaryPrimitives.WriteInt32BigEndian(span[at..], bytes.Length);
        bytes.CopyTo(span[(at + 4)..]);
        at += 4 + bytes.Length;
    }
}
