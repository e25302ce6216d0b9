using System.Globalization;
using System.Text.Json;

namespace Sot.Workbench.Records;

/// <summary>
/// The rules every store applies before writing (so bad input gets the same clear error from every store and
/// leaves the record unchanged), and the sealing of new events into hashed, stored events.
/// </summary>
public static class RecordRules
{
    /// <summary>The longest event type name, actor id and audit action accepted.</summary>
    public const int MaxNameLength = 100;

    /// <summary>The longest stream status accepted.</summary>
    public const int MaxStatusLength = 64;

    /// <summary>The longest audit detail accepted.</summary>
    public const int MaxAuditDetailLength = 200;

    /// <summary>The most events one append takes.</summary>
    public const int MaxEventsPerAppend = 10_000;

    /// <summary>The largest payload accepted (bytes).</summary>
    public const int MaxPayloadBytes = 4 * 1024 * 1024;

    /// <summary>Checks an append request.</summary>
    /// <exception cref="ArgumentException">The request is malformed; the message names the rule and the event's index, never content.</exception>
    public static void Validate(AppendRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Stream.Value is null)
        {
            throw new ArgumentException("An append names a stream.", nameof(request));
        }

        if (!Enum.IsDefined(request.Kind))
        {
            throw new ArgumentException($"Stream {request.Stream}: stream kind {(int)request.Kind} is not defined.", nameof(request));
        }

        if (request.ExpectedVersion < 0)
        {
            throw new ArgumentException($"Stream {request.Stream}: the expected version is 0 (no stream) or more.", nameof(request));
        }

        if (request.Events is null || request.Events.Count == 0)
        {
            throw new ArgumentException($"Stream {request.Stream}: an append has at least one event.", nameof(request));
        }

        if (request.Events.Count > MaxEventsPerAppend)
        {
            throw new ArgumentException($"Stream {request.Stream}: an append has at most {MaxEventsPerAppend} events.", nameof(request));
        }

        if (request.Status is { } status && (status.Length is 0 or > MaxStatusLength || !IsPrintableAscii(status)))
        {
            throw new ArgumentException($"Stream {request.Stream}: a status has 1–{MaxStatusLength} printable ASCII characters.", nameof(request));
        }

        if (request.PatientIndex is { } index)
        {
            if (index.Patient != request.Patient)
            {
                throw new ArgumentException($"Stream {request.Stream}: the patient index entry is for {index.Patient}, the stream for {request.Patient}.", nameof(request));
            }

            if (string.IsNullOrWhiteSpace(index.GivenName) && string.IsNullOrWhiteSpace(index.FamilyName))
            {
                throw new ArgumentException($"Stream {request.Stream}: the patient index entry for {index.Patient} has a given or family name.", nameof(request));
            }

            if ((index.GivenName?.Length ?? 0) > PatientIndexEntry.MaxNameLength || (index.FamilyName?.Length ?? 0) > PatientIndexEntry.MaxNameLength
                || index.GivenName is null || index.FamilyName is null)
            {
                throw new ArgumentException($"Stream {request.Stream}: each name part of the patient index entry for {index.Patient} is given and has at most {PatientIndexEntry.MaxNameLength} characters.", nameof(request));
            }
        }

        for (var i = 0; i < request.Events.Count; i++)
        {
            ValidateEvent(request, i);
        }
    }

    /// <summary>Checks an audit entry.</summary>
    /// <exception cref="ArgumentException">The entry is malformed.</exception>
    public static void Validate(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!IsActorId(record.ActorId))
        {
            throw new ArgumentException($"An audit entry's actor id has 1–{MaxNameLength} printable ASCII characters.", nameof(record));
        }

        if (!IsName(record.Action, 64))
        {
            throw new ArgumentException("An audit action has 1–64 characters from a–z, 0–9, '.', '-' and '_'.", nameof(record));
        }

        if (!Enum.IsDefined(record.Outcome))
        {
            throw new ArgumentException($"Audit outcome {(int)record.Outcome} is not defined.", nameof(record));
        }

        if (record.Detail is { } detail && (detail.Length > MaxAuditDetailLength || !IsPrintableAscii(detail)))
        {
            throw new ArgumentException($"An audit detail has at most {MaxAuditDetailLength} printable ASCII characters (codes, not record content).", nameof(record));
        }

        if (record.Stream is { Value: null })
        {
            throw new ArgumentException("An audit entry's stream id is not set.", nameof(record));
        }
    }

    /// <summary>
    /// Seals new events into stored events: assigns positions from <paramref name="firstPosition"/> and versions after
    /// <paramref name="headVersion"/>, chains them to <paramref name="headHash"/>, truncates recorded times to
    /// microseconds and computes the hashes.
    /// </summary>
    public static StoredEvent[] Seal(AppendRequest request, long headVersion, EventHash headHash, long firstPosition)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sealedEvents = new StoredEvent[request.Events.Count];
        var previous = headHash;
        var kind = EventHashing.KindText(request.Kind);
        var patient = request.Patient.ToString();
        for (var i = 0; i < sealedEvents.Length; i++)
        {
            var e = request.Events[i];
            var row = new EventRow(
                firstPosition + i, request.Stream.Value, kind, patient, headVersion + 1 + i, e.Type, e.SchemaVersion, e.Payload,
                EventHashing.ToMicroseconds(e.RecordedAt), e.ActorId, previous.Memory, default);
            var hash = EventHashing.Compute(row);
            sealedEvents[i] = new StoredEvent(
                row.Position, request.Stream, request.Kind, request.Patient, row.Version, e.Type, e.SchemaVersion, e.Payload,
                EventHashing.FromMicroseconds(row.RecordedAtMicroseconds), e.ActorId, previous, hash);
            previous = hash;
        }

        return sealedEvents;
    }

    /// <summary>True for a valid event type name: 1–100 characters from a–z, 0–9, '.', '-', '_'.</summary>
    public static bool IsEventType(string? type) => IsName(type, MaxNameLength);

    /// <summary>True for a valid actor id: 1–100 printable ASCII characters without spaces.</summary>
    public static bool IsActorId(string? actorId) =>
        !string.IsNullOrEmpty(actorId) && actorId.Length <= MaxNameLength && IsPrintableAscii(actorId) && !actorId.Contains(' ', StringComparison.Ordinal);

    private static void ValidateEvent(AppendRequest request, int index)
    {
        var e = request.Events[index];
        var at = string.Create(CultureInfo.InvariantCulture, $"Stream {request.Stream}, event {index + 1}");
        if (e is null)
        {
            throw new ArgumentException($"{at}: the event is missing.", nameof(request));
        }

        if (!IsEventType(e.Type))
        {
            throw new ArgumentException($"{at}: an event type has 1–{MaxNameLength} characters from a–z, 0–9, '.', '-' and '_'.", nameof(request));
        }

        if (e.SchemaVersion < 1)
        {
            throw new ArgumentException($"{at} ({e.Type}): the schema version is 1 or more.", nameof(request));
        }

        if (!IsActorId(e.ActorId))
        {
            throw new ArgumentException($"{at} ({e.Type}): an actor id has 1–{MaxNameLength} printable ASCII characters without spaces.", nameof(request));
        }

        var micros = EventHashing.ToMicroseconds(e.RecordedAt);
        if (micros < 0)
        {
            throw new ArgumentException($"{at} ({e.Type}): the recorded time is before 1970.", nameof(request));
        }

        if (e.Payload.Length > MaxPayloadBytes)
        {
            throw new ArgumentException($"{at} ({e.Type}): the payload has {e.Payload.Length} bytes, more than {MaxPayloadBytes}.", nameof(request));
        }

        if (!IsJsonObject(e.Payload.Span))
        {
            throw new ArgumentException($"{at} ({e.Type}): the payload is not one UTF-8 JSON object.", nameof(request));
        }
    }

    private static bool IsJsonObject(ReadOnlySpan<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsName(string? text, int max)
    {
        if (string.IsNullOrEmpty(text) || text.Length > max)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPrintableAscii(string text)
    {
        foreach (var c in text)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }
}
