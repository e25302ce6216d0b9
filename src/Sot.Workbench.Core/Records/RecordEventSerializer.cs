using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sot.Workbench.CarePlans;
using Sot.Workbench.Domain;
using Sot.Workbench.Patients;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Records;

/// <summary>Why a stored event could not be decoded.</summary>
public enum EventDecodingFailure
{
    /// <summary>No schema knows the event type (e.g. written by a newer version or a removed plugin).</summary>
    UnknownType = 1,
    /// <summary>The event was written with a newer schema version than this code knows.</summary>
    NewerSchemaVersion = 2,
    /// <summary>The payload does not match the type's schema (missing, extra or invalid members).</summary>
    MalformedPayload = 3,
    /// <summary>The event type does not belong in the kind of stream it was found in.</summary>
    WrongStreamKind = 4,
}

/// <summary>A stored event that could not be decoded: names ids, the type, the schema version and where the payload breaks the schema, never payload content.</summary>
/// <param name="Stream">The stream.</param>
/// <param name="Version">The event's version.</param>
/// <param name="Position">The event's global position.</param>
/// <param name="Type">The stored type name.</param>
/// <param name="SchemaVersion">The stored schema version.</param>
/// <param name="Failure">Why.</param>
/// <param name="Detail">Where (e.g. the JSON path of the offending member).</param>
public sealed record EventDecodingError(StreamId Stream, long Version, long Position, string Type, int SchemaVersion, EventDecodingFailure Failure, string Detail)
{
    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"Stream {Stream} version {Version}: event type '{Type}' schema {SchemaVersion}: {Failure}: {Detail}");
}

/// <summary>A stored event and its decoded domain event (a <see cref="VisitEvent"/>, <see cref="CarePlanEvent"/> or <see cref="PatientEvent"/>), or why it could not be decoded.</summary>
/// <param name="Stored">The stored event.</param>
/// <param name="Event">The domain event, or null when decoding failed.</param>
/// <param name="Error">Why decoding failed, or null.</param>
public sealed record DecodedEvent(StoredEvent Stored, object? Event, EventDecodingError? Error)
{
    /// <summary>True when <see cref="Event"/> is set.</summary>
    public bool IsDecoded => Error is null;
}

/// <summary>A stored event could not be decoded; a read of one aggregate (a visit, a plan, a patient) cannot go on without it.</summary>
public sealed class RecordDecodingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RecordDecodingException(EventDecodingError error)
        : base((error ?? throw new ArgumentNullException(nameof(error))).ToString())
    {
        Error = error;
    }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public RecordDecodingException() : base("A stored event could not be decoded.") { }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public RecordDecodingException(string message) : base(message) { }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public RecordDecodingException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>What could not be decoded, and why.</summary>
    public EventDecodingError? Error { get; }
}

/// <summary>
/// Encodes domain events (visit, care plan, patient) as stored events with versioned JSON payloads, and decodes
/// stored events back, upgrading payloads written with older schema versions step by step. Event type names
/// are stable and independent of CLR type names (see <c>docs/record-store.md</c>).
/// </summary>
public static class RecordEventSerializer
{
    private static readonly Dictionary<Type, string> VisitTypeNames = new()
    {
        [typeof(ScheduleVisit)] = "visit.schedule",
        [typeof(CheckIn)] = "visit.check-in",
        [typeof(CancelVisit)] = "visit.cancel",
        [typeof(MarkNoShow)] = "visit.mark-no-show",
        [typeof(StartVisit)] = "visit.start",
        [typeof(RecordIntake)] = "visit.record-intake",
        [typeof(RecordConsent)] = "visit.record-consent",
        [typeof(RecordRedFlagScreen)] = "visit.record-red-flag-screen",
        [typeof(BeginExamination)] = "visit.begin-examination",
        [typeof(RecordFinding)] = "visit.record-finding",
        [typeof(DetermineCategory)] = "visit.determine-category",
        [typeof(BeginTreatment)] = "visit.begin-treatment",
        [typeof(RecordProcedure)] = "visit.record-procedure",
        [typeof(Reassess)] = "visit.reassess",
        [typeof(PauseVisit)] = "visit.pause",
        [typeof(ResumeVisit)] = "visit.resume",
        [typeof(DiscontinueVisit)] = "visit.discontinue",
        [typeof(EndVisit)] = "visit.end",
        [typeof(SignNote)] = "visit.sign",
        [typeof(AddAddendum)] = "visit.add-addendum",
        [typeof(MarkEnteredInError)] = "visit.mark-entered-in-error",
    };

    private static readonly Dictionary<CarePlanTrigger, string> CarePlanTypeNames = new()
    {
        [CarePlanTrigger.Create] = "care-plan.create",
        [CarePlanTrigger.Accept] = "care-plan.accept",
        [CarePlanTrigger.RecordVisit] = "care-plan.record-visit",
        [CarePlanTrigger.Hold] = "care-plan.hold",
        [CarePlanTrigger.Resume] = "care-plan.resume",
        [CarePlanTrigger.Complete] = "care-plan.complete",
        [CarePlanTrigger.Cancel] = "care-plan.cancel",
    };

    private const string PatientRegisteredType = "patient.registered";
    private const string PatientDetailsCorrectedType = "patient.details-corrected";
    private const string PatientEnteredInErrorType = "patient.entered-in-error";

    private static readonly Dictionary<string, Schema> Schemas = BuildSchemas();

    /// <summary>Every event type name this code reads, with its current schema version.</summary>
    public static IReadOnlyDictionary<string, int> CurrentSchemaVersions { get; } =
        Schemas.ToDictionary(s => s.Key, s => s.Value.Current, StringComparer.Ordinal);

    /// <summary>The stored type name of a visit command's event.</summary>
    public static string TypeOf(VisitCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return VisitTypeNames.TryGetValue(command.GetType(), out var name)
            ? name
            : throw new ArgumentException($"Visit command type {command.GetType().Name} has no stored event type.", nameof(command));
    }

    /// <summary>Encodes a visit event (the payload holds the time, the states and the command with its data).</summary>
    public static NewEvent Encode(VisitEvent visitEvent)
    {
        ArgumentNullException.ThrowIfNull(visitEvent);
        var type = TypeOf(visitEvent.Command);
        var payload = Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("at", visitEvent.At);
            w.WriteString("from", visitEvent.From.ToString());
            w.WriteString("to", visitEvent.To.ToString());
            w.WritePropertyName("command");
            JsonSerializer.Serialize(w, visitEvent.Command, visitEvent.Command.GetType(), RecordJson.Options);
            w.WriteEndObject();
        });
        return new NewEvent(type, Schemas[type].Current, payload, visitEvent.At, visitEvent.Actor.Id.ToString());
    }

    /// <summary>Encodes a care-plan event.</summary>
    public static NewEvent Encode(CarePlanEvent carePlanEvent)
    {
        ArgumentNullException.ThrowIfNull(carePlanEvent);
        var type = CarePlanTypeNames[carePlanEvent.Trigger];
        var payload = new CarePlanPayload(carePlanEvent.At, carePlanEvent.From, carePlanEvent.To, carePlanEvent.Actor, carePlanEvent.Reason, carePlanEvent.Visit, carePlanEvent.Definition);
        return new NewEvent(type, Schemas[type].Current, JsonSerializer.SerializeToUtf8Bytes(payload, RecordJson.Options), carePlanEvent.At, carePlanEvent.Actor.Id.ToString());
    }

    /// <summary>Encodes a patient event.</summary>
    public static NewEvent Encode(PatientEvent patientEvent)
    {
        ArgumentNullException.ThrowIfNull(patientEvent);
        var (type, payload) = patientEvent switch
        {
            PatientRegistered r => (PatientRegisteredType, JsonSerializer.SerializeToUtf8Bytes(new PatientRegisteredPayload(r.At, r.Actor, r.GivenName, r.FamilyName, r.DateOfBirth, r.Sex), RecordJson.Options)),
            PatientDetailsCorrected c => (PatientDetailsCorrectedType, JsonSerializer.SerializeToUtf8Bytes(new PatientDetailsPayload(c.At, c.Actor, c.GivenName, c.FamilyName, c.DateOfBirth, c.Sex, c.Reason), RecordJson.Options)),
            PatientMarkedEnteredInError m => (PatientEnteredInErrorType, JsonSerializer.SerializeToUtf8Bytes(new PatientReasonPayload(m.At, m.Actor, m.Reason), RecordJson.Options)),
            _ => throw new ArgumentException($"Patient event type {patientEvent.GetType().Name} has no stored event type.", nameof(patientEvent)),
        };
        return new NewEvent(type, Schemas[type].Current, payload, patientEvent.At, patientEvent.Actor.Id.ToString());
    }

    /// <summary>Decodes a stored event. Never throws for unknown types or malformed payloads: the result names the problem.</summary>
    public static DecodedEvent Decode(StoredEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!Schemas.TryGetValue(stored.Type, out var schema))
        {
            return Failed(stored, EventDecodingFailure.UnknownType, "no schema knows this event type");
        }

        if (stored.Kind != schema.Kind)
        {
            return Failed(stored, EventDecodingFailure.WrongStreamKind, $"a {EventHashing.KindText(schema.Kind)} event in a {EventHashing.KindText(stored.Kind)} stream");
        }

        if (stored.SchemaVersion > schema.Current)
        {
            return Failed(stored, EventDecodingFailure.NewerSchemaVersion, string.Create(CultureInfo.InvariantCulture, $"this code reads schema versions up to {schema.Current}"));
        }

        var payload = stored.Payload;
        try
        {
            if (stored.SchemaVersion < schema.Current)
            {
                payload = Upgrade(stored.Type, stored.SchemaVersion, schema.Current, payload);
            }

            var decoded = schema.Decode(stored, payload.Span);
            return decoded is null
                ? Failed(stored, EventDecodingFailure.MalformedPayload, "the payload is null")
                : new DecodedEvent(stored, decoded, null);
        }
        catch (JsonException e)
        {
            return Failed(stored, EventDecodingFailure.MalformedPayload, e.Path is { Length: > 0 } path ? $"the payload does not match the schema at {path}" : "the payload does not match the schema");
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or NotSupportedException or InvalidCastException)
        {
            return Failed(stored, EventDecodingFailure.MalformedPayload, $"a payload value breaks a domain rule ({e.GetType().Name})");
        }
    }

    /// <summary>Decodes a visit's stored events into its domain events.</summary>
    /// <exception cref="RecordDecodingException">An event cannot be decoded.</exception>
    public static IReadOnlyList<VisitEvent> DecodeVisit(IEnumerable<StoredEvent> stored) => DecodeAll<VisitEvent>(stored);

    /// <summary>Decodes a care plan's stored events into its domain events.</summary>
    /// <exception cref="RecordDecodingException">An event cannot be decoded.</exception>
    public static IReadOnlyList<CarePlanEvent> DecodeCarePlan(IEnumerable<StoredEvent> stored) => DecodeAll<CarePlanEvent>(stored);

    /// <summary>Decodes a patient's stored events into domain events.</summary>
    /// <exception cref="RecordDecodingException">An event cannot be decoded.</exception>
    public static IReadOnlyList<PatientEvent> DecodePatient(IEnumerable<StoredEvent> stored) => DecodeAll<PatientEvent>(stored);

    private static T[] DecodeAll<T>(IEnumerable<StoredEvent> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var list = new List<T>();
        foreach (var e in stored)
        {
            var decoded = Decode(e);
            if (decoded.Error is { } error)
            {
                throw new RecordDecodingException(error);
            }

            if (decoded.Event is not T typed)
            {
                throw new RecordDecodingException(new EventDecodingError(e.Stream, e.Version, e.Position, e.Type, e.SchemaVersion, EventDecodingFailure.WrongStreamKind, $"not a {typeof(T).Name}"));
            }

            list.Add(typed);
        }

        return [.. list];
    }

    private static DecodedEvent Failed(StoredEvent stored, EventDecodingFailure failure, string detail) =>
        new(stored, null, new EventDecodingError(stored.Stream, stored.Version, stored.Position, stored.Type, stored.SchemaVersion, failure, detail));

    private static byte[] Upgrade(string type, int from, int to, ReadOnlyMemory<byte> payload)
    {
        var node = JsonNode.Parse(payload.Span) as JsonObject ?? throw new JsonException("The payload is not a JSON object.");
        for (var version = from; version < to; version++)
        {
            if (!EventUpgraders.All.TryGetValue((type, version), out var upgrade))
            {
                throw new InvalidOperationException($"No upgrader from schema {version}.");
            }

            node = upgrade(node);
        }

        return JsonSerializer.SerializeToUtf8Bytes(node, RecordJson.Options);
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static Dictionary<string, Schema> BuildSchemas()
    {
        var schemas = new Dictionary<string, Schema>(StringComparer.Ordinal);
        foreach (var (clr, name) in VisitTypeNames)
        {
            schemas[name] = new Schema(1, StreamKind.Visit, (stored, payload) => DecodeVisitEvent(stored, payload, clr));
        }

        foreach (var (trigger, name) in CarePlanTypeNames)
        {
            schemas[name] = new Schema(1, StreamKind.CarePlan, (stored, payload) => DecodeCarePlanEvent(stored, payload, trigger));
        }

        schemas[PatientRegisteredType] = new Schema(2, StreamKind.Patient, (stored, payload) =>
        {
            var p = JsonSerializer.Deserialize<PatientRegisteredPayload>(payload, RecordJson.Options) ?? throw new JsonException("null");
            return new PatientRegistered(PatientOf(stored), (int)stored.Version, p.At, p.Actor, p.GivenName, p.FamilyName, p.DateOfBirth, p.Sex);
        });
        schemas[PatientDetailsCorrectedType] = new Schema(2, StreamKind.Patient, (stored, payload) =>
        {
            var p = JsonSerializer.Deserialize<PatientDetailsPayload>(payload, RecordJson.Options) ?? throw new JsonException("null");
            return new PatientDetailsCorrected(PatientOf(stored), (int)stored.Version, p.At, p.Actor, p.GivenName, p.FamilyName, p.DateOfBirth, p.Sex, p.Reason);
        });
        schemas[PatientEnteredInErrorType] = new Schema(1, StreamKind.Patient, (stored, payload) =>
        {
            var p = JsonSerializer.Deserialize<PatientReasonPayload>(payload, RecordJson.Options) ?? throw new JsonException("null");
            return new PatientMarkedEnteredInError(PatientOf(stored), (int)stored.Version, p.At, p.Actor, p.Reason);
        });
        return schemas;
    }

    private static VisitEvent DecodeVisitEvent(StoredEvent stored, ReadOnlySpan<byte> payload, Type commandType)
    {
        var p = JsonSerializer.Deserialize<VisitPayload>(payload, RecordJson.Options) ?? throw new JsonException("null");
        var command = p.Command.Deserialize(commandType, RecordJson.Options) as VisitCommand ?? throw new JsonException("The command is null.", "$.command", null, null);
        return new VisitEvent(VisitId.Parse(stored.Stream.Value), (int)stored.Version, p.At, p.From, p.To, command);
    }

    private static CarePlanEvent DecodeCarePlanEvent(StoredEvent stored, ReadOnlySpan<byte> payload, CarePlanTrigger trigger)
    {
        var p = JsonSerializer.Deserialize<CarePlanPayload>(payload, RecordJson.Options) ?? throw new JsonException("null");
        var text = stored.Stream.Value;
        if (!text.StartsWith("plan_", StringComparison.Ordinal) || !Guid.TryParseExact(text.AsSpan(5), "N", out var plan))
        {
            throw new FormatException("The stream id is not a care-plan id.");
        }

        return new CarePlanEvent(new CarePlanId(plan), (int)stored.Version, p.At, p.From, p.To, trigger, p.Actor)
        {
            Reason = p.Reason,
            Visit = p.Visit,
            Definition = p.Definition,
        };
    }

    private static PatientId PatientOf(StoredEvent stored) => PatientId.Parse(stored.Stream.Value) is var id && id == stored.Patient
        ? id
        : throw new FormatException("The patient stream's id differs from its patient.");

    private sealed record Schema(int Current, StreamKind Kind, Func<StoredEvent, ReadOnlySpan<byte>, object?> Decode);

    private sealed record VisitPayload(DateTimeOffset At, VisitState From, VisitState To, JsonElement Command);

    private sealed record CarePlanPayload(DateTimeOffset At, CarePlanState From, CarePlanState To, Actor Actor, string? Reason = null, VisitId? Visit = null, CarePlanDefinition? Definition = null);

    private sealed record PatientRegisteredPayload(DateTimeOffset At, Actor Actor, string GivenName, string FamilyName, DateOnly DateOfBirth, AdministrativeSex Sex);

    private sealed record PatientDetailsPayload(DateTimeOffset At, Actor Actor, string GivenName, string FamilyName, DateOnly DateOfBirth, AdministrativeSex Sex, string Reason);

    private sealed record PatientReasonPayload(DateTimeOffset At, Actor Actor, string Reason);
}
