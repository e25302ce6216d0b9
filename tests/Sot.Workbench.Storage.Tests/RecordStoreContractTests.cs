using System.Text;
using Sot.Workbench.Domain;
using Sot.Workbench.Records;

namespace Sot.Workbench.Storage.Tests;

/// <summary>A field of a stored event, for tampering tests.</summary>
public enum EventField
{
    Position,
    Stream,
    Kind,
    Patient,
    Version,
    Type,
    SchemaVersion,
    Payload,
    RecordedAt,
    Actor,
    PreviousHash,
    Hash,
}

/// <summary>
/// The contract every record store passes. A store's test class derives from this and supplies fresh, empty
/// stores and the raw-storage hooks that tests use to play an attacker (or a damaged disk) behind the store's back.
/// </summary>
public abstract class RecordStoreContractTests : IAsyncLifetime
{
    private readonly List<IRecordStore> _stores = [];

    protected static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    protected static readonly string Actor = PractitionerId.New().ToString();

    /// <summary>A fresh, empty, initialised store (a new database, schema or clinic each call).</summary>
    protected abstract Task<IRecordStore> CreateStoreAsync();

    /// <summary>Another store instance over the same data as <paramref name="store"/> (another connection, as another process would have).</summary>
    protected abstract Task<IRecordStore> OpenSecondWriterAsync(IRecordStore store);

    /// <summary>Changes exactly one byte of one field of the stored event at <paramref name="position"/>, bypassing the store (drop its guards if needed).</summary>
    protected abstract Task TamperAsync(IRecordStore store, long position, EventField field);

    /// <summary>
    /// Overwrites the stored events at the given positions with these values, bypassing the store, and sets each
    /// touched stream's recorded head to its last given event (an attacker rewriting and re-hashing history).
    /// </summary>
    protected abstract Task OverwriteEventsAsync(IRecordStore store, IReadOnlyList<StoredEvent> events);

    /// <summary>Deletes a stream's events from <paramref name="fromVersion"/> on, bypassing the store, and sets its recorded head to the event before.</summary>
    protected abstract Task TruncateStreamAsync(IRecordStore store, StreamId stream, long fromVersion);

    /// <summary>Makes every later audit entry insert into <paramref name="store"/> fail inside the database (a trigger that raises), bypassing the store.</summary>
    protected abstract Task BreakAuditWritesAsync(IRecordStore store);

    /// <summary>Disposes a store created by <see cref="CreateStoreAsync"/> (and its data).</summary>
    protected virtual ValueTask DisposeStoreAsync(IRecordStore store) => store is IAsyncDisposable d ? d.DisposeAsync() : ValueTask.CompletedTask;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await DisposeStoreAsync(store);
        }
    }

    protected async Task<IRecordStore> StoreAsync()
    {
        var store = await CreateStoreAsync();
        _stores.Add(store);
        return store;
    }

    protected async Task<IRecordStore> SecondWriterAsync(IRecordStore store)
    {
        var second = await OpenSecondWriterAsync(store);
        if (!ReferenceEquals(second, store))
        {
            _stores.Add(second);
        }

        return second;
    }

    protected static NewEvent Event(string type, string json, int minute = 0, string? actor = null, int schemaVersion = 1) =>
        new(type, schemaVersion, Encoding.UTF8.GetBytes(json), T0.AddMinutes(minute), actor ?? Actor);

    protected static AppendRequest Append(StreamId stream, StreamKind kind, PatientId patient, long expected, params NewEvent[] events) =>
        new(stream, kind, patient, expected, events);

    protected static async Task<(PatientId Patient, StreamId Visit)> SeedVisitAsync(IRecordStore store, int events = 3)
    {
        var patient = PatientId.New();
        var visit = StreamId.For(VisitId.New());
        var list = Enumerable.Range(1, events).Select(i => Event("test.step", $$"""{"n":{{i}}}""", i)).ToArray();
        await store.AppendAsync(Append(visit, StreamKind.Visit, patient, AppendRequest.NoStream, list));
        return (patient, visit);
    }

    [Fact]
    public async Task Appended_events_read_back_with_versions_positions_and_a_hash_chain()
    {
        var store = await StoreAsync();
        var patient = PatientId.New();
        var stream = StreamId.For(VisitId.New());
        var payload = """{"b":2,  "a":"ü"}""";

        var stored = await store.AppendAsync(Append(stream, StreamKind.Visit, patient, 0, Event("visit.scheduled", payload, actor: "prac_1"), Event("visit.checked-in", "{}", 5)));
        var read = await store.ReadStreamAsync(stream);

        Assert.Equal(2, read.Count);
        Assert.Equal([1L, 2L], read.Select(e => e.Version));
        Assert.True(read[1].Position > read[0].Position);
        Assert.Equal(payload, Encoding.UTF8.GetString(read[0].Payload.Span)); // bytes exactly as written
        Assert.Equal("visit.scheduled", read[0].Type);
        Assert.Equal("prac_1", read[0].ActorId);
        Assert.Equal(T0, read[0].RecordedAt);
        Assert.Equal(T0.AddMinutes(5), read[1].RecordedAt);
        Assert.Equal(StreamKind.Visit, read[0].Kind);
        Assert.Equal(patient, read[1].Patient);
        Assert.True(read[0].PreviousHash.IsZero);
        Assert.Equal(read[0].Hash, read[1].PreviousHash);
        Assert.Equal(EventHashing.Compute(read[1].ToRow()), read[1].Hash);
        Assert.Equal(stored.Select(e => e.Hash), read.Select(e => e.Hash));
        Assert.Equal(stored.Select(e => e.Position), read.Select(e => e.Position));
        var info = await store.GetStreamAsync(stream);
        Assert.NotNull(info);
        Assert.Equal(2, info.Version);
        Assert.Equal(read[1].Hash, info.HeadHash);
        Assert.Equal(T0, info.CreatedAt);
        Assert.Equal(T0.AddMinutes(5), info.UpdatedAt);
    }

    [Fact]
    public async Task Every_event_type_round_trips_through_the_store()
    {
        var store = await StoreAsync();
        var samples = RecordEventSerializerTests.Samples();
        var patient = samples[0].Patient;
        foreach (var stream in samples.GroupBy(s => s.Stream))
        {
            var first = stream.First();
            await store.AppendAsync(new AppendRequest(stream.Key, first.Kind, first.Patient, AppendRequest.NoStream, stream.Select(s => s.Encoded).ToList()));
        }

        var history = await store.ReadPatientHistoryAsync(patient);
        var decoded = history.Select(RecordEventSerializer.Decode).ToList();

        Assert.Equal(samples.Count, history.Count);
        Assert.All(decoded, d => Assert.True(d.IsDecoded, d.Error?.ToString()));
        var byKey = samples.ToDictionary(s => (s.Stream, RecordEventSerializerTests.VersionOf(s.Event)));
        foreach (var d in decoded)
        {
            var sample = byKey[(d.Stored.Stream, d.Stored.Version)];
            Assert.Equal(sample.Event.GetType(), d.Event!.GetType());
            Assert.Equal(sample.Encoded.Payload.ToArray(), d.Stored.Payload.ToArray());
            Assert.Equal(sample.Encoded.Payload.ToArray(), RecordEventSerializerTests.Encode(d.Event).Payload.ToArray());
        }

        Assert.Equal(RecordEventSerializer.CurrentSchemaVersions.Count, history.Select(e => e.Type).Distinct().Count());
        Assert.True((await store.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task Unknown_and_malformed_stored_events_are_reported_and_the_rest_of_the_history_still_reads()
    {
        var store = await StoreAsync();
        var samples = RecordEventSerializerTests.Samples().Where(s => s.Kind == StreamKind.Patient).ToList();
        var patient = samples[0].Patient;
        var stream = samples[0].Stream;
        var unknown = Event("patient.teleported", "{\"to\":\"mars\"}");
        var malformed = samples[1].Encoded with { Payload = "{\"at\":\"not a time\"}"u8.ToArray() };
        var newer = samples[1].Encoded with { SchemaVersion = 99 };
        await store.AppendAsync(Append(stream, StreamKind.Patient, patient, 0, samples[0].Encoded, unknown, malformed, newer, samples[1].Encoded, samples[2].Encoded));

        var decoded = (await store.ReadPatientHistoryAsync(patient)).Select(RecordEventSerializer.Decode).ToList();

        Assert.Equal(6, decoded.Count);
        Assert.Equal([true, false, false, false, true, true], decoded.Select(d => d.IsDecoded));
        Assert.Equal([EventDecodingFailure.UnknownType, EventDecodingFailure.MalformedPayload, EventDecodingFailure.NewerSchemaVersion],
            decoded.Where(d => !d.IsDecoded).Select(d => d.Error!.Failure));
        Assert.Equal([2L, 3L, 4L], decoded.Where(d => !d.IsDecoded).Select(d => d.Error!.Version));
        Assert.All(decoded.Where(d => !d.IsDecoded), d => Assert.Equal(stream, d.Error!.Stream));
        Assert.DoesNotContain("mars", decoded[1].Error!.ToString(), StringComparison.Ordinal);
        Assert.True((await store.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task Recorded_time_is_kept_to_the_microsecond_in_utc()
    {
        var store = await StoreAsync();
        var at = new DateTimeOffset(2026, 3, 2, 10, 15, 30, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        var stream = StreamId.For(VisitId.New());

        var stored = await store.AppendAsync(Append(stream, StreamKind.Visit, PatientId.New(), 0, new NewEvent("t", 1, "{}"u8.ToArray(), at, Actor)));
        var read = (await store.ReadStreamAsync(stream)).Single();

        Assert.Equal(at.AddTicks(-7).UtcDateTime, read.RecordedAt.UtcDateTime);
        Assert.Equal(TimeSpan.Zero, read.RecordedAt.Offset);
        Assert.Equal(stored[0].Hash, read.Hash);
    }

    [Fact]
    public async Task Reading_an_unknown_stream_gives_nothing()
    {
        var store = await StoreAsync();
        var stream = StreamId.For(VisitId.New());

        Assert.Empty(await store.ReadStreamAsync(stream));
        Assert.Null(await store.GetStreamAsync(stream));
    }

    [Fact]
    public async Task Reading_from_a_version_skips_earlier_events()
    {
        var store = await StoreAsync();
        var (_, visit) = await SeedVisitAsync(store, 5);

        var read = await store.ReadStreamAsync(visit, 4);

        Assert.Equal([4L, 5L], read.Select(e => e.Version));
    }

    [Fact]
    public async Task A_stale_expected_version_is_a_conflict_and_writes_nothing()
    {
        var store = await StoreAsync();
        var (patient, visit) = await SeedVisitAsync(store, 2);
        var before = await store.VerifyAsync();

        var conflict = await Assert.ThrowsAsync<StreamVersionConflictException>(() =>
            store.AppendAsync(Append(visit, StreamKind.Visit, patient, 1, Event("late", "{}"), Event("late", "{}"))));

        Assert.Equal(visit, conflict.Stream);
        Assert.Equal(1, conflict.ExpectedVersion);
        Assert.Equal(2, conflict.ActualVersion);
        Assert.Equal(2, (await store.ReadStreamAsync(visit)).Count);
        Assert.Equal(before.Checkpoint, (await store.VerifyAsync()).Checkpoint);
    }

    [Fact]
    public async Task Creating_a_stream_that_exists_is_a_conflict()
    {
        var store = await StoreAsync();
        var (patient, visit) = await SeedVisitAsync(store, 1);

        var conflict = await Assert.ThrowsAsync<StreamVersionConflictException>(() =>
            store.AppendAsync(Append(visit, StreamKind.Visit, patient, AppendRequest.NoStream, Event("again", "{}"))));

        Assert.Equal(0, conflict.ExpectedVersion);
        Assert.Equal(1, conflict.ActualVersion);
    }

    [Fact]
    public async Task Expecting_events_in_a_stream_that_has_none_is_a_conflict()
    {
        var store = await StoreAsync();
        var stream = StreamId.For(VisitId.New());

        var conflict = await Assert.ThrowsAsync<StreamVersionConflictException>(() =>
            store.AppendAsync(Append(stream, StreamKind.Visit, PatientId.New(), 3, Event("x", "{}"))));

        Assert.Equal(0, conflict.ActualVersion);
        Assert.Null(await store.GetStreamAsync(stream));
    }

    [Fact]
    public async Task A_stream_keeps_the_patient_and_kind_it_was_created_with()
    {
        var store = await StoreAsync();
        var (patient, visit) = await SeedVisitAsync(store, 1);

        var otherPatient = await Assert.ThrowsAsync<StreamOwnershipException>(() =>
            store.AppendAsync(Append(visit, StreamKind.Visit, PatientId.New(), 1, Event("x", "{}"))));
        var otherKind = await Assert.ThrowsAsync<StreamOwnershipException>(() =>
            store.AppendAsync(Append(visit, StreamKind.CarePlan, patient, 1, Event("x", "{}"))));

        Assert.True(otherPatient.PatientDiffers);
        Assert.Equal(StreamKind.CarePlan, otherKind.RequestedKind);
        Assert.Single(await store.ReadStreamAsync(visit));
    }

    public static TheoryData<string> MalformedAppends => new()
    {
        "no events", "bad type", "empty type", "schema version 0", "no actor", "actor with a space", "payload not json",
        "payload an array", "payload two objects", "payload truncated", "negative expected version", "status too long",
        "index for another patient", "index without names", "recorded before 1970", "undefined kind",
    };

    [Theory]
    [MemberData(nameof(MalformedAppends))]
    public async Task A_malformed_append_is_refused_with_a_clear_error_and_writes_nothing(string problem)
    {
        var store = await StoreAsync();
        var (patient, visit) = await SeedVisitAsync(store, 1);
        var good = Event("ok", "{}");
        var request = problem switch
        {
            "no events" => Append(visit, StreamKind.Visit, patient, 1),
            "bad type" => Append(visit, StreamKind.Visit, patient, 1, good, Event("Visit Started!", "{}")),
            "empty type" => Append(visit, StreamKind.Visit, patient, 1, Event("", "{}")),
            "schema version 0" => Append(visit, StreamKind.Visit, patient, 1, Event("ok", "{}", schemaVersion: 0)),
            "no actor" => Append(visit, StreamKind.Visit, patient, 1, Event("ok", "{}", actor: "")),
            "actor with a space" => Append(visit, StreamKind.Visit, patient, 1, Event("ok", "{}", actor: "Jane Doe")),
            "payload not json" => Append(visit, StreamKind.Visit, patient, 1, good, Event("ok", "not json")),
            "payload an array" => Append(visit, StreamKind.Visit, patient, 1, Event("ok", "[1,2]")),
            "payload two objects" => Append(visit, StreamKind.Visit, patient, 1, Event("ok", "{}{}")),
            "payload truncated" => Append(visit, StreamKind.Visit, patient, 1, Event("ok", "{\"a\":")),
            "negative expected version" => Append(visit, StreamKind.Visit, patient, -1, good),
            "status too long" => Append(visit, StreamKind.Visit, patient, 1, good) with { Status = new string('s', 65) },
            "index for another patient" => Append(visit, StreamKind.Visit, patient, 1, good) with { PatientIndex = new PatientIndexEntry(PatientId.New(), "A", "B", new DateOnly(1990, 1, 1)) },
            "index without names" => Append(visit, StreamKind.Visit, patient, 1, good) with { PatientIndex = new PatientIndexEntry(patient, " ", "", new DateOnly(1990, 1, 1)) },
            "recorded before 1970" => Append(visit, StreamKind.Visit, patient, 1, new NewEvent("ok", 1, "{}"u8.ToArray(), new DateTimeOffset(1969, 12, 31, 0, 0, 0, TimeSpan.Zero), Actor)),
            "undefined kind" => Append(visit, (StreamKind)42, patient, 1, good),
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };
        var before = await store.VerifyAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAsync(request));

        Assert.Contains(visit.Value, error.Message, StringComparison.Ordinal);
        Assert.Single(await store.ReadStreamAsync(visit));
        Assert.Equal(before.Checkpoint, (await store.VerifyAsync()).Checkpoint);
    }

    [Fact]
    public async Task Eight_writers_appending_a_thousand_times_to_one_stream_lose_and_duplicate_nothing()
    {
        var store = await StoreAsync();
        var patient = PatientId.New();
        var stream = StreamId.For(VisitId.New());
        var writers = new IRecordStore[8];
        for (var w = 0; w < writers.Length; w++)
        {
            writers[w] = w % 2 == 0 ? store : await SecondWriterAsync(store);
        }

        await Task.WhenAll(writers.Select((writer, w) => Task.Run(async () =>
        {
            for (var i = 0; i < 1000; i++)
            {
                while (true)
                {
                    var version = (await writer.GetStreamAsync(stream))?.Version ?? 0;
                    try
                    {
                        await writer.AppendAsync(Append(stream, StreamKind.Visit, patient, version, Event("test.write", $$"""{"w":{{w}},"i":{{i}}}""")));
                        break;
                    }
                    catch (StreamVersionConflictException)
                    {
                        // another writer got there first: reload and try again
                    }
                }
            }
        })));

        var events = await store.ReadStreamAsync(stream);
        Assert.Equal(Enumerable.Range(1, 8000).Select(v => (long)v), events.Select(e => e.Version));
        var written = events.Select(e => Encoding.UTF8.GetString(e.Payload.Span)).ToHashSet();
        Assert.Equal(8000, written.Count);
        Assert.Equal(8000, events.Select(e => e.Position).Distinct().Count());
        Assert.True((await store.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task Eight_writers_appending_a_thousand_times_to_their_own_streams_lose_and_duplicate_nothing()
    {
        var store = await StoreAsync();
        var patient = PatientId.New();
        var streams = Enumerable.Range(0, 8).Select(_ => StreamId.For(VisitId.New())).ToArray();
        var writers = new IRecordStore[8];
        for (var w = 0; w < writers.Length; w++)
        {
            writers[w] = w % 2 == 0 ? store : await SecondWriterAsync(store);
        }

        await Task.WhenAll(writers.Select((writer, w) => Task.Run(async () =>
        {
            for (var i = 0; i < 1000; i++)
            {
                await writer.AppendAsync(Append(streams[w], StreamKind.Visit, patient, i, Event("test.write", $$"""{"i":{{i}}}""")));
            }
        })));

        var all = new List<StoredEvent>();
        foreach (var stream in streams)
        {
            var events = await store.ReadStreamAsync(stream);
            Assert.Equal(Enumerable.Range(1, 1000).Select(v => (long)v), events.Select(e => e.Version));
            Assert.Equal(Enumerable.Range(0, 1000).Select(i => $$"""{"i":{{i}}}"""), events.Select(e => Encoding.UTF8.GetString(e.Payload.Span)));
            all.AddRange(events);
        }

        Assert.Equal(8000, all.Select(e => e.Position).Distinct().Count());
        var report = await store.VerifyAsync();
        Assert.True(report.IsIntact);
        Assert.Equal(8000, report.EventsChecked);
        Assert.Equal(8, report.StreamsChecked);
    }

    [Fact]
    public async Task A_patients_history_holds_every_stream_of_that_patient_in_append_order_and_nothing_else()
    {
        var store = await StoreAsync();
        var patient = PatientId.New();
        var other = PatientId.New();
        var visit1 = StreamId.For(VisitId.New());
        var visit2 = StreamId.For(VisitId.New());
        await store.AppendAsync(Append(StreamId.For(patient), StreamKind.Patient, patient, 0, Event("patient.registered", "{}")));
        await store.AppendAsync(Append(visit1, StreamKind.Visit, patient, 0, Event("v", "{}"), Event("v", "{}")));
        await store.AppendAsync(Append(StreamId.For(other), StreamKind.Patient, other, 0, Event("patient.registered", "{}")));
        await store.AppendAsync(Append(StreamId.For(Sot.Workbench.CarePlans.CarePlanId.New()), StreamKind.CarePlan, patient, 0, Event("c", "{}")));
        await store.AppendAsync(Append(visit2, StreamKind.Visit, patient, 0, Event("v", "{}")));
        await store.AppendAsync(Append(visit1, StreamKind.Visit, patient, 2, Event("v", "{}")));

        var history = await store.ReadPatientHistoryAsync(patient);

        Assert.Equal(6, history.Count);
        Assert.All(history, e => Assert.Equal(patient, e.Patient));
        Assert.Equal(history.Select(e => e.Position).Order(), history.Select(e => e.Position));
        Assert.Equal([StreamKind.Patient, StreamKind.Visit, StreamKind.Visit, StreamKind.CarePlan, StreamKind.Visit, StreamKind.Visit], history.Select(e => e.Kind));
        Assert.Empty(await store.ReadPatientHistoryAsync(PatientId.New()));
    }

    private static async Task<PatientId> RegisterAsync(IRecordStore store, string given, string family, DateOnly born)
    {
        var patient = PatientId.New();
        await store.AppendAsync(Append(StreamId.For(patient), StreamKind.Patient, patient, 0, Event("patient.registered", "{}"))
            with { PatientIndex = new PatientIndexEntry(patient, given, family, born) });
        return patient;
    }

    [Fact]
    public async Task Patients_are_found_by_any_part_of_the_name_ignoring_case_and_accents()
    {
        var store = await StoreAsync();
        var zoe = await RegisterAsync(store, "Zoë", "Müller-Lüdenscheidt", new DateOnly(1984, 7, 1));
        var anna = await RegisterAsync(store, "Anna", "Muller", new DateOnly(1990, 2, 3));
        await RegisterAsync(store, "Bob", "Smith", new DateOnly(1984, 7, 1));

        Assert.Equal([anna, zoe], (await store.FindPatientsAsync(new PatientQuery("MULLER"), PageRequest.First())).Items.Select(p => p.Patient));
        Assert.Equal([zoe], (await store.FindPatientsAsync(new PatientQuery("zoe muller"), PageRequest.First())).Items.Select(p => p.Patient));
        Assert.Equal([zoe], (await store.FindPatientsAsync(new PatientQuery("  lüdenscheidt   zoë "), PageRequest.First())).Items.Select(p => p.Patient));
        Assert.Empty((await store.FindPatientsAsync(new PatientQuery("%"), PageRequest.First())).Items);
        Assert.Empty((await store.FindPatientsAsync(new PatientQuery("_"), PageRequest.First())).Items);
        Assert.Empty((await store.FindPatientsAsync(new PatientQuery("nobody"), PageRequest.First())).Items);
    }

    [Fact]
    public async Task Patients_are_found_by_date_of_birth_and_by_name_and_date_together()
    {
        var store = await StoreAsync();
        var zoe = await RegisterAsync(store, "Zoë", "Adams", new DateOnly(1984, 7, 1));
        var bob = await RegisterAsync(store, "Bob", "Smith", new DateOnly(1984, 7, 1));
        await RegisterAsync(store, "Bob", "Jones", new DateOnly(1990, 7, 1));

        Assert.Equal([zoe, bob], (await store.FindPatientsAsync(new PatientQuery(DateOfBirth: new DateOnly(1984, 7, 1)), PageRequest.First())).Items.Select(p => p.Patient));
        Assert.Equal([bob], (await store.FindPatientsAsync(new PatientQuery("bob", new DateOnly(1984, 7, 1)), PageRequest.First())).Items.Select(p => p.Patient));
        await Assert.ThrowsAsync<ArgumentException>(() => store.FindPatientsAsync(new PatientQuery(), PageRequest.First()));
        await Assert.ThrowsAsync<ArgumentException>(() => store.FindPatientsAsync(new PatientQuery("   "), PageRequest.First()));
    }

    [Fact]
    public async Task Corrected_details_replace_the_patients_index_entry()
    {
        var store = await StoreAsync();
        var patient = await RegisterAsync(store, "Ann", "Smith", new DateOnly(1984, 7, 1));

        await store.AppendAsync(Append(StreamId.For(patient), StreamKind.Patient, patient, 1, Event("patient.details-corrected", "{}"))
            with { PatientIndex = new PatientIndexEntry(patient, "Anne", "Smythe", new DateOnly(1984, 7, 2)) });

        Assert.Empty((await store.FindPatientsAsync(new PatientQuery("smith"), PageRequest.First())).Items);
        var found = Assert.Single((await store.FindPatientsAsync(new PatientQuery("smythe"), PageRequest.First())).Items);
        Assert.Equal(new PatientIndexEntry(patient, "Anne", "Smythe", new DateOnly(1984, 7, 2)), found);
    }

    [Fact]
    public async Task Patients_are_listed_in_pages_by_family_then_given_name()
    {
        var store = await StoreAsync();
        var names = new[] { ("Carl", "Brown"), ("Ann", "Brown"), ("Eve", "Adams"), ("Dan", "Young"), ("Bea", "Crane") };
        foreach (var (given, family) in names)
        {
            await RegisterAsync(store, given, family, new DateOnly(1980, 1, 1));
        }

        var first = await store.ListPatientsAsync(new PageRequest(0, 2));
        var second = await store.ListPatientsAsync(first.Next!.Value);
        var third = await store.ListPatientsAsync(second.Next!.Value);

        Assert.Equal(["Adams", "Brown"], first.Items.Select(p => p.FamilyName));
        Assert.Equal(["Brown", "Crane"], second.Items.Select(p => p.FamilyName));
        Assert.Equal(["Young"], third.Items.Select(p => p.FamilyName));
        Assert.Equal(["Ann", "Carl"], new[] { first.Items[1], second.Items[0] }.Select(p => p.GivenName));
        Assert.Null(third.Next);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListPatientsAsync(new PageRequest(0, 0)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListPatientsAsync(new PageRequest(-1, 10)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListPatientsAsync(new PageRequest(0, PageRequest.MaxSize + 1)));
    }

    [Fact]
    public async Task Visits_are_listed_newest_first_per_patient_and_for_everyone_with_their_status()
    {
        var store = await StoreAsync();
        var patient = PatientId.New();
        var other = PatientId.New();
        var visits = new List<StreamId>();
        for (var i = 0; i < 5; i++)
        {
            var visit = StreamId.For(VisitId.New());
            visits.Add(visit);
            await store.AppendAsync(Append(visit, StreamKind.Visit, patient, 0, Event("v", "{}")) with { Status = "Scheduled" });
        }

        await store.AppendAsync(Append(visits[1], StreamKind.Visit, patient, 1, Event("v", "{}")) with { Status = "CheckedIn" });
        await store.AppendAsync(Append(visits[1], StreamKind.Visit, patient, 2, Event("v", "{}")));
        await store.AppendAsync(Append(StreamId.For(VisitId.New()), StreamKind.Visit, other, 0, Event("v", "{}")));
        await store.AppendAsync(Append(StreamId.For(patient), StreamKind.Patient, patient, 0, Event("p", "{}")));

        var page1 = await store.ListStreamsAsync(StreamKind.Visit, patient, new PageRequest(0, 3));
        var page2 = await store.ListStreamsAsync(StreamKind.Visit, patient, page1.Next!.Value);
        var everyone = await store.ListStreamsAsync(StreamKind.Visit, null, PageRequest.First());

        Assert.Equal(visits.AsEnumerable().Reverse(), page1.Items.Concat(page2.Items).Select(s => s.Stream));
        Assert.Null(page2.Next);
        Assert.Equal("CheckedIn", page2.Items.Single(s => s.Stream == visits[1]).Status);
        Assert.Equal(3, page2.Items.Single(s => s.Stream == visits[1]).Version);
        Assert.Equal("Scheduled", page2.Items.Single(s => s.Stream == visits[0]).Status);
        Assert.Equal(6, everyone.Items.Count);
        Assert.All(everyone.Items, s => Assert.Equal(StreamKind.Visit, s.Kind));
    }

    [Fact]
    public async Task All_events_are_read_in_global_order_in_batches()
    {
        var store = await StoreAsync();
        for (var i = 0; i < 4; i++)
        {
            await SeedVisitAsync(store, 3);
        }

        var read = new List<StoredEvent>();
        var after = 0L;
        while (true)
        {
            var batch = await store.ReadAllAsync(after, 5);
            if (batch.Count == 0)
            {
                break;
            }

            read.AddRange(batch);
            after = batch[^1].Position;
        }

        Assert.Equal(12, read.Count);
        Assert.Equal(read.Select(e => e.Position).Order(), read.Select(e => e.Position));
    }

    [Fact]
    public async Task An_empty_store_verifies_with_a_checkpoint_at_position_zero()
    {
        var store = await StoreAsync();

        var report = await store.VerifyAsync();

        Assert.True(report.IsIntact);
        Assert.Equal(0, report.EventsChecked);
        Assert.Equal(0, report.Checkpoint!.Position);
        Assert.True((await store.VerifyAsync(report.Checkpoint)).KeptCheckpointMatches);
    }

    [Fact]
    public async Task An_untouched_store_verifies_and_matches_a_kept_checkpoint_after_later_appends()
    {
        var store = await StoreAsync();
        var (patient, visit) = await SeedVisitAsync(store, 3);
        await SeedVisitAsync(store, 2);
        var kept = RecordCheckpoint.Parse((await store.VerifyAsync()).Checkpoint!.ToString());

        await store.AppendAsync(Append(visit, StreamKind.Visit, patient, 3, Event("more", "{}")));
        await SeedVisitAsync(store, 1);
        var report = await store.VerifyAsync(kept);

        Assert.True(report.IsIntact);
        Assert.True(report.KeptCheckpointMatches);
        Assert.Equal(7, report.EventsChecked);
        Assert.Equal(3, report.StreamsChecked);
        Assert.Equal(5, kept.EventCount);
        Assert.NotEqual(kept.Hash, report.Checkpoint!.Hash);
        Assert.Equal(report.Checkpoint, (await store.VerifyAsync()).Checkpoint);
    }

    [Theory]
    [InlineData(EventField.Position)]
    [InlineData(EventField.Stream)]
    [InlineData(EventField.Kind)]
    [InlineData(EventField.Patient)]
    [InlineData(EventField.Version)]
    [InlineData(EventField.Type)]
    [InlineData(EventField.SchemaVersion)]
    [InlineData(EventField.Payload)]
    [InlineData(EventField.RecordedAt)]
    [InlineData(EventField.Actor)]
    [InlineData(EventField.PreviousHash)]
    [InlineData(EventField.Hash)]
    public async Task Changing_one_byte_of_any_field_of_a_stored_event_is_detected(EventField field)
    {
        var store = await StoreAsync();
        await SeedVisitAsync(store, 3);
        var (_, visit) = await SeedVisitAsync(store, 4);
        await SeedVisitAsync(store, 2);
        var target = (await store.ReadStreamAsync(visit))[2];
        Assert.True((await store.VerifyAsync()).IsIntact);

        await TamperAsync(store, target.Position, field);
        var report = await store.VerifyAsync();

        Assert.False(report.IsIntact);
        var failure = report.FirstFailure!;
        Assert.Null(report.Checkpoint);
        Assert.False(string.IsNullOrWhiteSpace(failure.Detail));
        if (field == EventField.Position)
        {
            // The event moved away: the stream's next event is the first that no longer follows its chain.
            Assert.Equal(visit, failure.Stream);
            Assert.Equal(target.Version + 1, failure.Version);
            Assert.Equal(IntegrityFailureKind.VersionGap, failure.Kind);
            return;
        }

        Assert.Equal(target.Position, failure.Position);
        if (field != EventField.Stream)
        {
            Assert.Equal(visit, failure.Stream);
        }

        if (field != EventField.Version)
        {
            Assert.Equal(target.Version, failure.Version);
        }

        if (field == EventField.Stream)
        {
            // The event now claims another stream id (valid or not, depending on the byte changed).
            Assert.Contains(failure.Kind, new[] { IntegrityFailureKind.VersionGap, IntegrityFailureKind.Malformed });
            return;
        }

        var expectedKind = field switch
        {
            EventField.Version => IntegrityFailureKind.VersionGap,
            EventField.Kind => IntegrityFailureKind.Malformed,
            EventField.Patient => IntegrityFailureKind.StreamMismatch,
            EventField.PreviousHash => IntegrityFailureKind.PreviousHashMismatch,
            _ => IntegrityFailureKind.HashMismatch,
        };
        Assert.Equal(expectedKind, failure.Kind);
    }

    [Fact]
    public async Task History_rewritten_and_rehashed_verifies_as_chains_but_no_longer_matches_a_kept_checkpoint()
    {
        var store = await StoreAsync();
        var (_, visit) = await SeedVisitAsync(store, 4);
        await SeedVisitAsync(store, 2);
        var kept = (await store.VerifyAsync()).Checkpoint!;
        var events = await store.ReadStreamAsync(visit);

        // An attacker changes version 2's payload and recomputes every later hash of the stream.
        var rewritten = new List<StoredEvent>();
        var previous = events[0].Hash;
        foreach (var e in events.Skip(1))
        {
            var changed = e with { Payload = e.Version == 2 ? """{"n":99}"""u8.ToArray() : e.Payload, PreviousHash = previous };
            changed = changed with { Hash = EventHashing.Compute(changed.ToRow()) };
            rewritten.Add(changed);
            previous = changed.Hash;
        }

        await OverwriteEventsAsync(store, rewritten);
        var chainsOnly = await store.VerifyAsync();
        var withKept = await store.VerifyAsync(kept);

        Assert.True(chainsOnly.IsIntact);
        Assert.False(withKept.IsIntact);
        Assert.Equal(IntegrityFailureKind.CheckpointMismatch, withKept.FirstFailure!.Kind);
        Assert.False(withKept.KeptCheckpointMatches);
    }

    [Fact]
    public async Task Truncated_history_no_longer_matches_a_kept_checkpoint()
    {
        var store = await StoreAsync();
        await SeedVisitAsync(store, 2);
        var (_, visit) = await SeedVisitAsync(store, 4);
        var kept = (await store.VerifyAsync()).Checkpoint!;

        await TruncateStreamAsync(store, visit, 3);
        var report = await store.VerifyAsync(kept);

        Assert.False(report.IsIntact);
        Assert.Equal(IntegrityFailureKind.CheckpointMismatch, report.FirstFailure!.Kind);
        Assert.True((await store.VerifyAsync()).IsIntact); // the remaining chains are whole: only the kept checkpoint shows the loss
    }

    [Fact]
    public async Task Audit_entries_are_queried_by_patient_and_by_actor_newest_first()
    {
        var store = await StoreAsync();
        var patient = PatientId.New();
        var other = PatientId.New();
        var visit = StreamId.For(VisitId.New());
        var a = "prac_a";
        var b = "prac_b";
        await store.AppendAuditAsync(new AuditRecord(T0, a, AuditActions.Create, AuditOutcome.Succeeded, patient, StreamId.For(patient), null));
        await store.AppendAuditAsync(new AuditRecord(T0.AddMinutes(1), b, AuditActions.Update, AuditOutcome.Succeeded, patient, visit, "CheckIn"));
        await store.AppendAuditAsync(new AuditRecord(T0.AddMinutes(2), a, AuditActions.Export, AuditOutcome.Succeeded, other, null, "format=fhir-json"));
        var last = await store.AppendAuditAsync(new AuditRecord(T0.AddMinutes(3), a, AuditActions.Update, AuditOutcome.Rejected, patient, visit, "Sign"));

        var byPatient = await store.QueryAuditAsync(new AuditQuery(Patient: patient), PageRequest.First());
        var byActor = await store.QueryAuditAsync(new AuditQuery(ActorId: a), new PageRequest(0, 2));
        var both = await store.QueryAuditAsync(new AuditQuery(patient, b), PageRequest.First());
        var inRange = await store.QueryAuditAsync(new AuditQuery(From: T0.AddMinutes(1), To: T0.AddMinutes(3)), PageRequest.First());

        Assert.Equal([T0.AddMinutes(3), T0.AddMinutes(1), T0], byPatient.Items.Select(e => e.Record.At));
        Assert.Equal(last, byPatient.Items[0]);
        Assert.Equal(["Sign", "format=fhir-json"], byActor.Items.Select(e => e.Record.Detail));
        Assert.NotNull(byActor.Next);
        Assert.Equal(AuditActions.Create, (await store.QueryAuditAsync(new AuditQuery(ActorId: a), byActor.Next!.Value)).Items.Single().Record.Action);
        Assert.Equal(visit, both.Items.Single().Record.Stream);
        Assert.Equal(2, inRange.Items.Count);
        Assert.True(byPatient.Items[0].Sequence > byPatient.Items[1].Sequence);
    }

    public static TheoryData<string> MalformedAuditEntries => new() { "no actor", "bad action", "detail with newline", "detail too long", "undefined outcome" };

    [Theory]
    [MemberData(nameof(MalformedAuditEntries))]
    public async Task A_malformed_audit_entry_is_refused_and_writes_nothing(string problem)
    {
        var store = await StoreAsync();
        var good = new AuditRecord(T0, "prac_a", AuditActions.Read, AuditOutcome.Succeeded, PatientId.New(), null, null);
        var entry = problem switch
        {
            "no actor" => good with { ActorId = "" },
            "bad action" => good with { Action = "Read Record" },
            "detail with newline" => good with { Detail = "a\nb" },
            "detail too long" => good with { Detail = new string('d', 201) },
            "undefined outcome" => good with { Outcome = (AuditOutcome)9 },
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };

        await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAuditAsync(entry));

        Assert.Empty((await store.QueryAuditAsync(new AuditQuery(), PageRequest.First())).Items);
    }

    [Fact]
    public async Task An_audited_append_writes_the_events_and_every_audit_entry()
    {
        var store = await StoreAsync();
        var (patient, visit) = await SeedVisitAsync(store, 2);
        var audit = new[]
        {
            new AuditRecord(T0, "prac_a", AuditActions.Update, AuditOutcome.Succeeded, patient, visit, "CheckIn"),
            new AuditRecord(T0.AddMinutes(1), "prac_a", AuditActions.Update, AuditOutcome.Succeeded, patient, visit, "Start"),
        };

        var stored = await store.AppendAuditedAsync(Append(visit, StreamKind.Visit, patient, 2, Event("checked-in", "{}"), Event("started", "{}")), audit);

        Assert.Equal([3L, 4L], stored.Select(e => e.Version));
        Assert.Equal(4, (await store.ReadStreamAsync(visit)).Count);
        var trail = (await store.QueryAuditAsync(new AuditQuery(Patient: patient), PageRequest.First())).Items;
        Assert.Equal(["Start", "CheckIn"], trail.Select(e => e.Record.Detail));
        Assert.True(trail[0].Sequence > trail[1].Sequence);
        Assert.True((await store.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task A_conflicting_audited_append_writes_neither_events_nor_audit_entries()
    {
        var store = await StoreAsync();
        var (patient, visit) = await SeedVisitAsync(store, 2);
        var before = await store.VerifyAsync();
        var audit = new[] { new AuditRecord(T0, "prac_a", AuditActions.Update, AuditOutcome.Succeeded, patient, visit, "Sign") };

        var conflict = await Assert.ThrowsAsync<StreamVersionConflictException>(() =>
            store.AppendAuditedAsync(Append(visit, StreamKind.Visit, patient, 1, Event("late", "{}")), audit));

        Assert.Equal(2, conflict.ActualVersion);
        Assert.Equal(2, (await store.ReadStreamAsync(visit)).Count);
        Assert.Empty((await store.QueryAuditAsync(new AuditQuery(), PageRequest.First())).Items);
        Assert.Equal(before.Checkpoint, (await store.VerifyAsync()).Checkpoint);
    }

    [Fact]
    public async Task A_malformed_audit_entry_in_an_audited_append_writes_neither_events_nor_audit_entries()
    {
        var store = await StoreAsync();
        var patient = PatientId.New();
        var visit = StreamId.For(VisitId.New());
        var good = new AuditRecord(T0, "prac_a", AuditActions.Update, AuditOutcome.Succeeded, patient, visit, "CheckIn");

        await Assert.ThrowsAsync<ArgumentException>(() =>
            store.AppendAuditedAsync(Append(visit, StreamKind.Visit, patient, 0, Event("checked-in", "{}")), [good, good with { Action = "Check In" }]));

        Assert.Null(await store.GetStreamAsync(visit));
        Assert.Empty(await store.ReadAllAsync(0, 10));
        Assert.Empty((await store.QueryAuditAsync(new AuditQuery(), PageRequest.First())).Items);
    }

    [Fact]
    public async Task An_audit_write_failing_in_the_database_leaves_neither_the_events_nor_any_audit_entry()
    {
        var store = await StoreAsync();
        var (patient, visit) = await SeedVisitAsync(store, 2);
        var before = await store.VerifyAsync();
        await BreakAuditWritesAsync(store);
        var audit = new[] { new AuditRecord(T0, "prac_a", AuditActions.Update, AuditOutcome.Succeeded, patient, visit, "Sign") };
        var newVisit = StreamId.For(VisitId.New());

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => store.AppendAuditedAsync(Append(visit, StreamKind.Visit, patient, 2, Event("signed", "{}")), audit));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => store.AppendAuditedAsync(Append(newVisit, StreamKind.Visit, patient, 0, Event("scheduled", "{}")), audit));

        Assert.Equal(2, (await store.ReadStreamAsync(visit)).Count);
        Assert.Equal(2, (await store.GetStreamAsync(visit))!.Version);
        Assert.Null(await store.GetStreamAsync(newVisit));
        Assert.Empty((await store.QueryAuditAsync(new AuditQuery(), PageRequest.First())).Items);
        var after = await store.VerifyAsync();
        Assert.True(after.IsIntact);
        Assert.Equal(before.Checkpoint, after.Checkpoint);

        // The store still appends afterwards, continuing the same chain and positions.
        var next = await store.AppendAsync(Append(visit, StreamKind.Visit, patient, 2, Event("signed", "{}")));
        Assert.Equal(3, next.Single().Version);
        Assert.Equal(before.Checkpoint!.Position + 1, next.Single().Position);
    }

    [Fact]
    public async Task Two_writers_taking_turns_on_one_stream_keep_one_chain_and_a_stale_turn_is_a_conflict()
    {
        var first = await StoreAsync();
        var second = await SecondWriterAsync(first);
        var patient = PatientId.New();
        var stream = StreamId.For(VisitId.New());
        var other = StreamId.For(VisitId.New());
        for (var i = 0; i < 20; i++)
        {
            var writer = i % 2 == 0 ? first : second;
            var stored = await writer.AppendAsync(Append(stream, StreamKind.Visit, patient, i, Event("test.turn", $$"""{"i":{{i}}}""")));
            await writer.AppendAsync(Append(other, StreamKind.Visit, patient, i, Event("test.other", $$"""{"i":{{i}}}""")));
            Assert.Equal(i + 1, stored.Single().Version);
        }

        // The first writer last appended at version 19; the second since moved the stream to 20.
        var conflict = await Assert.ThrowsAsync<StreamVersionConflictException>(() =>
            first.AppendAsync(Append(stream, StreamKind.Visit, patient, 19, Event("test.stale", "{}"))));
        Assert.Equal(20, conflict.ActualVersion);

        var events = await first.ReadStreamAsync(stream);
        Assert.Equal(Enumerable.Range(1, 20).Select(v => (long)v), events.Select(e => e.Version));
        var all = await second.ReadAllAsync(0, 100);
        Assert.Equal(Enumerable.Range(1, 40).Select(p => (long)p), all.Select(e => e.Position));
        var report = await first.VerifyAsync();
        Assert.True(report.IsIntact, report.FirstFailure?.ToString());
        Assert.Equal(40, report.EventsChecked);
    }

    [Fact]
    public async Task A_whole_record_copied_into_another_store_verifies_against_the_sources_checkpoint()
    {
        var source = await StoreAsync();
        var target = await StoreAsync();
        if (target is not IRecordImport import)
        {
            Assert.Fail($"{target.GetType().Name} does not implement {nameof(IRecordImport)}.");
            return;
        }

        var patient = await RegisterAsync(source, "Ann", "Smith", new DateOnly(1984, 7, 1));
        var visit = StreamId.For(VisitId.New());
        await source.AppendAsync(Append(visit, StreamKind.Visit, patient, 0, Event("v", "{}"), Event("v", "{}")) with { Status = "Signed" });
        await SeedVisitAsync(source, 3);
        await source.AppendAuditAsync(new AuditRecord(T0, "prac_a", AuditActions.Export, AuditOutcome.Succeeded, patient, visit, "format=pdf"));
        var kept = (await source.VerifyAsync()).Checkpoint!;

        var events = await source.ReadAllAsync(0, 1000);
        var streams = (await source.ListStreamsAsync(StreamKind.Visit, null, PageRequest.First())).Items
            .Concat((await source.ListStreamsAsync(StreamKind.Patient, null, PageRequest.First())).Items).ToList();
        var patients = (await source.ListPatientsAsync(PageRequest.First())).Items;
        var audit = (await source.QueryAuditAsync(new AuditQuery(), PageRequest.First())).Items.Reverse().ToList();
        await import.ImportAsync(new RecordImportBatch(events.Take(2).ToList(), [], [], []));
        await import.ImportAsync(new RecordImportBatch(events.Skip(2).ToList(), streams, patients, audit));

        var report = await target.VerifyAsync(kept);
        Assert.True(report.IsIntact, report.FirstFailure?.ToString());
        Assert.True(report.KeptCheckpointMatches);
        Assert.Equal(kept, report.Checkpoint);
        Assert.Equal("Signed", (await target.GetStreamAsync(visit))!.Status);
        Assert.Single((await target.FindPatientsAsync(new PatientQuery("smith"), PageRequest.First())).Items);
        Assert.Equal(audit, (await target.QueryAuditAsync(new AuditQuery(Patient: patient), PageRequest.First())).Items);
    }

    [Fact]
    public async Task An_import_that_breaks_a_chain_is_refused_and_writes_nothing()
    {
        var source = await StoreAsync();
        var target = await StoreAsync();
        var import = Assert.IsAssignableFrom<IRecordImport>(target);
        await SeedVisitAsync(source, 3);
        var events = (await source.ReadAllAsync(0, 100)).ToList();
        events[1] = events[1] with { Payload = """{"n":7}"""u8.ToArray() };

        await Assert.ThrowsAsync<RecordIntegrityException>(() => import.ImportAsync(new RecordImportBatch(events, [], [], [])));

        Assert.Empty(await target.ReadAllAsync(0, 100));
    }
}
