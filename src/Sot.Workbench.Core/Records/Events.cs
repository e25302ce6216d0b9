using Sot.Workbench.Domain;

namespace Sot.Workbench.Records;

/// <summary>An event to append: what the writer supplies. The store adds position, stream, version and hashes.</summary>
/// <param name="Type">The event type name (e.g. <c>visit.check-in</c>); 1–100 characters from a–z, 0–9, '.', '-', '_'.</param>
/// <param name="SchemaVersion">The version of the type's payload schema, from 1.</param>
/// <param name="Payload">The JSON payload (UTF-8), stored and hashed exactly as given.</param>
/// <param name="RecordedAt">When the event was recorded (from a <see cref="TimeProvider"/>); stored in microseconds, UTC.</param>
/// <param name="ActorId">Who caused it: an opaque id (e.g. <c>prac_…</c>), never a name; 1–100 printable ASCII characters.</param>
public sealed record NewEvent(string Type, int SchemaVersion, ReadOnlyMemory<byte> Payload, DateTimeOffset RecordedAt, string ActorId);

/// <summary>A stored event: the envelope as kept in the store, with the payload bytes exactly as stored.</summary>
/// <param name="Position">The global append sequence: strictly increasing across the whole store in commit order, from 1.</param>
/// <param name="Stream">The stream.</param>
/// <param name="Kind">What the stream holds.</param>
/// <param name="Patient">The patient the stream belongs to.</param>
/// <param name="Version">The event's version in its stream, from 1 without gaps.</param>
/// <param name="Type">The event type name.</param>
/// <param name="SchemaVersion">The payload schema version it was written with.</param>
/// <param name="Payload">The JSON payload bytes as stored.</param>
/// <param name="RecordedAt">When it was recorded (UTC, microsecond precision).</param>
/// <param name="ActorId">Who caused it (opaque id).</param>
/// <param name="PreviousHash">The hash of the stream's previous event (<see cref="EventHash.Zero"/> for version 1).</param>
/// <param name="Hash">SHA-256 over the canonical encoding (see <see cref="EventHashing"/>).</param>
public sealed record StoredEvent(
    long Position,
    StreamId Stream,
    StreamKind Kind,
    PatientId Patient,
    long Version,
    string Type,
    int SchemaVersion,
    ReadOnlyMemory<byte> Payload,
    DateTimeOffset RecordedAt,
    string ActorId,
    EventHash PreviousHash,
    EventHash Hash)
{
    /// <summary>The envelope in its stored (raw) form, as hashed.</summary>
    public EventRow ToRow() => new(
        Position, Stream.Value, EventHashing.KindText(Kind), Patient.ToString(), Version, Type, SchemaVersion, Payload,
        EventHashing.ToMicroseconds(RecordedAt), ActorId, PreviousHash.Memory, Hash.Memory);

    /// <summary>Only ids and envelope data: never the payload (record content).</summary>
    public override string ToString() => $"{Stream} v{Version} ({Type} s{SchemaVersion}) at position {Position}";
}

/// <summary>
/// An event row in its stored form: every field as a store keeps it. Stores hand rows to
/// <see cref="RecordChainVerifier"/>, which re-computes each hash from exactly these values, so any changed byte
/// of any field is detected.
/// </summary>
/// <param name="Position">Global append sequence.</param>
/// <param name="Stream">Stream id text.</param>
/// <param name="Kind">Stream kind text (<c>patient</c>, <c>visit</c>, <c>care-plan</c>).</param>
/// <param name="Patient">Patient id text (<c>pat_</c> + 32 hexadecimal digits).</param>
/// <param name="Version">Version in the stream.</param>
/// <param name="Type">Event type name.</param>
/// <param name="SchemaVersion">Payload schema version.</param>
/// <param name="Payload">Payload bytes.</param>
/// <param name="RecordedAtMicroseconds">Recorded time: microseconds since 1970-01-01T00:00:00Z.</param>
/// <param name="ActorId">Actor id text.</param>
/// <param name="PreviousHash">Previous hash bytes as stored.</param>
/// <param name="Hash">Hash bytes as stored.</param>
public readonly record struct EventRow(
    long Position,
    string Stream,
    string Kind,
    string Patient,
    long Version,
    string Type,
    long SchemaVersion,
    ReadOnlyMemory<byte> Payload,
    long RecordedAtMicroseconds,
    string ActorId,
    ReadOnlyMemory<byte> PreviousHash,
    ReadOnlyMemory<byte> Hash)
{
    /// <summary>The typed event.</summary>
    /// <exception cref="RecordIntegrityException">A field does not parse (the row was damaged or changed outside the store).</exception>
    public StoredEvent ToStoredEvent()
    {
        if (!StreamId.IsValid(Stream))
        {
            throw Damaged("stream id");
        }

        if (!EventHashing.TryParseKind(Kind, out var kind))
        {
            throw Damaged("stream kind");
        }

        if (!Patient.StartsWith("pat_", StringComparison.Ordinal) || !Guid.TryParseExact(Patient.AsSpan(4), "N", out var patient))
        {
            throw Damaged("patient id");
        }

        if (SchemaVersion is < 1 or > int.MaxValue)
        {
            throw Damaged("schema version");
        }

        if (!EventHash.TryFromBytes(PreviousHash.Span, out var previous))
        {
            throw Damaged("previous hash");
        }

        if (!EventHash.TryFromBytes(Hash.Span, out var hash))
        {
            throw Damaged("hash");
        }

        if (RecordedAtMicroseconds < EventHashing.MinMicroseconds || RecordedAtMicroseconds > EventHashing.MaxMicroseconds)
        {
            throw Damaged("recorded time");
        }

        return new StoredEvent(
            Position, new StreamId(Stream), kind, new PatientId(patient), Version, Type, (int)SchemaVersion, Payload,
            EventHashing.FromMicroseconds(RecordedAtMicroseconds), ActorId, previous, hash);
    }

    /// <summary>Only the position and version (a damaged row may hold anything).</summary>
    public override string ToString() => $"event at position {Position} (version {Version})";

    private RecordIntegrityException Damaged(string field) =>
        new(new IntegrityFailure(StreamId.IsValid(Stream) ? new StreamId(Stream) : null, Version, Position, IntegrityFailureKind.Malformed,
            $"The stored {field} of the event at position {Position} is not valid."));
}
