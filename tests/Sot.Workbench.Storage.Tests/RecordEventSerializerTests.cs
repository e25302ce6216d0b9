using System.Text;
using System.Text.Json.Nodes;
using Sot.Workbench.CarePlans;
using Sot.Workbench.Domain;
using Sot.Workbench.Patients;
using Sot.Workbench.Records;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Storage.Tests;

public sealed class RecordEventSerializerTests
{
    private static readonly string SchemaFolder = Path.Combine(AppContext.BaseDirectory, "EventSchemas", "v1");

    internal static List<(StreamId Stream, StreamKind Kind, PatientId Patient, object Event, NewEvent Encoded)> Samples()
    {
        var time = RecordSamples.Clock();
        var patient = PatientId.New();
        var list = new List<(StreamId, StreamKind, PatientId, object, NewEvent)>();
        foreach (var visit in RecordSamples.EveryVisitEventType(time, patient))
        {
            list.AddRange(visit.Events.Select(e => (StreamId.For(e.VisitId), StreamKind.Visit, patient, (object)e, RecordEventSerializer.Encode(e))));
        }

        list.AddRange(RecordSamples.EveryCarePlanEventType(time, patient).Select(e => (StreamId.For(e.PlanId), StreamKind.CarePlan, patient, (object)e, RecordEventSerializer.Encode(e))));
        list.AddRange(RecordSamples.EveryPatientEventType(time, patient).Events.Select(e => (StreamId.For(e.PatientId), StreamKind.Patient, patient, (object)e, RecordEventSerializer.Encode(e))));
        return list;
    }

    internal static StoredEvent Stored(StreamId stream, StreamKind kind, PatientId patient, long version, NewEvent e) =>
        new(version, stream, kind, patient, version, e.Type, e.SchemaVersion, e.Payload, e.RecordedAt, e.ActorId, EventHash.Zero, EventHash.Zero);

    internal static long VersionOf(object e) => e switch
    {
        VisitEvent v => v.Version,
        CarePlanEvent c => c.Version,
        PatientEvent p => p.Version,
        _ => throw new ArgumentOutOfRangeException(nameof(e)),
    };

    internal static NewEvent Encode(object e) => e switch
    {
        VisitEvent v => RecordEventSerializer.Encode(v),
        CarePlanEvent c => RecordEventSerializer.Encode(c),
        PatientEvent p => RecordEventSerializer.Encode(p),
        _ => throw new ArgumentOutOfRangeException(nameof(e)),
    };

    [Fact]
    public void The_samples_cover_every_stored_event_type()
    {
        Assert.Equal(RecordEventSerializer.CurrentSchemaVersions.Keys.Order(StringComparer.Ordinal), Samples().Select(s => s.Encoded.Type).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_event_type_decodes_to_an_event_that_encodes_to_the_same_bytes()
    {
        foreach (var (stream, kind, patient, original, encoded) in Samples())
        {
            var decoded = RecordEventSerializer.Decode(Stored(stream, kind, patient, VersionOf(original), encoded));

            Assert.True(decoded.IsDecoded, decoded.Error?.ToString());
            Assert.Equal(original.GetType(), decoded.Event!.GetType());
            Assert.Equal(Encoding.UTF8.GetString(encoded.Payload.Span), Encoding.UTF8.GetString(Encode(decoded.Event).Payload.Span));
            Assert.Equal(encoded with { Payload = default }, Encode(decoded.Event) with { Payload = default });
        }
    }

    [Fact]
    public void Decoded_events_rebuild_the_same_visits_care_plans_and_patients()
    {
        var time = RecordSamples.Clock();
        var patient = PatientId.New();
        foreach (var visit in RecordSamples.EveryVisitEventType(time, patient))
        {
            var stream = StreamId.For(visit.Id);
            var stored = visit.Events.Select(e => Stored(stream, StreamKind.Visit, patient, e.Version, RecordEventSerializer.Encode(e)));
            var rebuilt = Visit.FromEvents(RecordEventSerializer.DecodeVisit(stored));

            Assert.Equal(visit.State, rebuilt.State);
            Assert.Equal(visit.ChiefComplaint, rebuilt.ChiefComplaint);
            Assert.Equal(visit.Findings, rebuilt.Findings);
            Assert.Equal(visit.Procedures.Select(p => (p.Kind, p.Label)), rebuilt.Procedures.Select(p => (p.Kind, p.Label)));
            Assert.Equal(visit.Procedures.SelectMany(p => p.Values), rebuilt.Procedures.SelectMany(p => p.Values));
            Assert.Equal(visit.ConsentScopes, rebuilt.ConsentScopes);
            Assert.Equal(visit.RedFlagScreen, rebuilt.RedFlagScreen);
            Assert.Equal(visit.Questionnaires, rebuilt.Questionnaires);
            Assert.Equal(visit.Addenda, rebuilt.Addenda);
            Assert.Equal(visit.SignedAt, rebuilt.SignedAt);
            Assert.Equal(visit.ReExam, rebuilt.ReExam);
            Assert.Equal(visit.ClosingReason, rebuilt.ClosingReason);
            Assert.Equal(visit.Category?.Primary, rebuilt.Category?.Primary);
        }

        var plans = RecordSamples.EveryCarePlanEventType(time, patient).GroupBy(e => e.PlanId);
        foreach (var plan in plans)
        {
            var stream = StreamId.For(plan.Key);
            var rebuilt = CarePlan.FromEvents(RecordEventSerializer.DecodeCarePlan(plan.Select(e => Stored(stream, StreamKind.CarePlan, patient, e.Version, RecordEventSerializer.Encode(e)))), time);
            var original = CarePlan.FromEvents(plan, time);
            Assert.Equal(original.State, rebuilt.State);
            Assert.Equal(original.VisitCount, rebuilt.VisitCount);
            Assert.Equal(original.PlannedVisits, rebuilt.PlannedVisits);
            Assert.Equal(original.Events.Select(e => (e.Reason, e.Visit, e.At, e.Actor)), rebuilt.Events.Select(e => (e.Reason, e.Visit, e.At, e.Actor)));
        }

        var record = RecordSamples.EveryPatientEventType(time, patient);
        var patientStream = StreamId.For(patient);
        var rebuiltRecord = PatientRecord.FromEvents(RecordEventSerializer.DecodePatient(record.Events.Select(e => Stored(patientStream, StreamKind.Patient, patient, e.Version, RecordEventSerializer.Encode(e)))), time);
        Assert.Equal(record.Details, rebuiltRecord.Details);
        Assert.True(rebuiltRecord.EnteredInError);
        Assert.Equal(record.Events, rebuiltRecord.Events);
    }

    public static TheoryData<string> VersionOneFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(SchemaFolder, "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    internal static StoredEvent ReadSchemaFile(string file)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(SchemaFolder, file)))!.AsObject();
        Assert.True(EventHashing.TryParseKind(json["kind"]!.GetValue<string>(), out var kind));
        return new StoredEvent(
            json["version"]!.GetValue<long>(), new StreamId(json["stream"]!.GetValue<string>()), kind, PatientId.Parse(json["patient"]!.GetValue<string>()),
            json["version"]!.GetValue<long>(), json["type"]!.GetValue<string>(), json["schemaVersion"]!.GetValue<int>(),
            Encoding.UTF8.GetBytes(json["payload"]!.ToJsonString()), json["recordedAt"]!.GetValue<DateTimeOffset>(), json["actor"]!.GetValue<string>(),
            EventHash.Zero, EventHash.Zero);
    }

    [Fact]
    public void Every_stored_event_type_has_a_checked_in_version_one_file()
    {
        var files = Directory.EnumerateFiles(SchemaFolder, "*.json").Select(f => ReadSchemaFile(Path.GetFileName(f)));

        Assert.All(files, f => Assert.Equal(1, f.SchemaVersion));
        Assert.Equal(RecordEventSerializer.CurrentSchemaVersions.Keys.Order(StringComparer.Ordinal), files.Select(f => f.Type).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(VersionOneFiles))]
    public void A_checked_in_version_one_event_is_read_through_the_upgraders(string file)
    {
        var stored = ReadSchemaFile(file);

        var decoded = RecordEventSerializer.Decode(stored);

        Assert.True(decoded.IsDecoded, decoded.Error?.ToString());
        var again = Encode(decoded.Event!);
        Assert.Equal(stored.Type, again.Type);
        Assert.Equal(RecordEventSerializer.CurrentSchemaVersions[stored.Type], again.SchemaVersion);
        Assert.Equal(stored.ActorId, again.ActorId);
        Assert.Equal(VersionOf(decoded.Event!), stored.Version);
        var redecoded = RecordEventSerializer.Decode(stored with { SchemaVersion = again.SchemaVersion, Payload = again.Payload });
        Assert.True(redecoded.IsDecoded, redecoded.Error?.ToString());
        Assert.Equal(Encoding.UTF8.GetString(again.Payload.Span), Encoding.UTF8.GetString(Encode(redecoded.Event!).Payload.Span));
    }

    [Fact]
    public void A_version_one_registration_is_upgraded_from_fhir_names_to_the_domains()
    {
        var stored = ReadSchemaFile("patient.registered.json");
        var v1 = JsonNode.Parse(stored.Payload.Span)!;

        var registered = Assert.IsType<PatientRegistered>(RecordEventSerializer.Decode(stored).Event);

        Assert.Equal(DateOnly.Parse(v1["birthDate"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), registered.DateOfBirth);
        Assert.Equal(v1["gender"]!.GetValue<string>(), registered.Sex.ToString().ToLowerInvariant());
        Assert.Equal(v1["givenName"]!.GetValue<string>(), registered.GivenName);
        Assert.Equal(2, RecordEventSerializer.CurrentSchemaVersions["patient.registered"]);
    }

    public static TheoryData<string, EventDecodingFailure> BadEvents => new()
    {
        { "unknown type", EventDecodingFailure.UnknownType },
        { "newer schema", EventDecodingFailure.NewerSchemaVersion },
        { "missing member", EventDecodingFailure.MalformedPayload },
        { "extra member", EventDecodingFailure.MalformedPayload },
        { "wrong value type", EventDecodingFailure.MalformedPayload },
        { "unknown enum name", EventDecodingFailure.MalformedPayload },
        { "invalid consent code", EventDecodingFailure.MalformedPayload },
        { "null command", EventDecodingFailure.MalformedPayload },
        { "bad v1 gender", EventDecodingFailure.MalformedPayload },
        { "visit event in a care-plan stream", EventDecodingFailure.WrongStreamKind },
    };

    [Theory]
    [MemberData(nameof(BadEvents))]
    public void An_undecodable_event_is_reported_with_its_stream_version_type_and_reason_but_no_content(string problem, EventDecodingFailure expected)
    {
        var intake = ReadSchemaFile("visit.record-intake.json");
        var payload = JsonNode.Parse(intake.Payload.Span)!.AsObject();
        var complaint = payload["command"]!["chiefComplaint"]!.GetValue<string>();
        StoredEvent Change(Action<JsonObject> change)
        {
            var copy = payload.DeepClone().AsObject();
            change(copy);
            return intake with { Payload = Encoding.UTF8.GetBytes(copy.ToJsonString()) };
        }

        var stored = problem switch
        {
            "unknown type" => intake with { Type = "visit.teleport" },
            "newer schema" => intake with { SchemaVersion = 7 },
            "missing member" => Change(p => p["command"]!.AsObject().Remove("chiefComplaint")),
            "extra member" => Change(p => p["command"]!["mood"] = "cheerful"),
            "wrong value type" => Change(p => p["command"]!["painScore"] = "six"),
            "unknown enum name" => Change(p => p["from"] = "Teleported"),
            "invalid consent code" => ReadSchemaFile("visit.record-consent.json") is var consent
                ? consent with { Payload = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(consent.Payload.Span).Replace("\"BLOCKING\"", "\"blocking!\"", StringComparison.Ordinal)) }
                : throw new InvalidOperationException(),
            "null command" => Change(p => p["command"] = null),
            "bad v1 gender" => ReadSchemaFile("patient.registered.json") is var reg
                ? reg with { Payload = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(reg.Payload.Span).Replace("\"female\"", "\"F\"", StringComparison.Ordinal)) }
                : throw new InvalidOperationException(),
            "visit event in a care-plan stream" => intake with { Kind = StreamKind.CarePlan },
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };

        var decoded = RecordEventSerializer.Decode(stored);

        Assert.False(decoded.IsDecoded);
        Assert.Null(decoded.Event);
        var error = decoded.Error!;
        Assert.Equal(expected, error.Failure);
        Assert.Equal(stored.Stream, error.Stream);
        Assert.Equal(stored.Version, error.Version);
        Assert.Equal(stored.Type, error.Type);
        Assert.DoesNotContain(complaint, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("cheerful", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("six", error.ToString(), StringComparison.Ordinal);
        var thrown = Assert.Throws<RecordDecodingException>(() => RecordEventSerializer.DecodeVisit([stored]));
        Assert.Equal(error, thrown.Error);
    }
}
