using Microsoft.Extensions.Time.Testing;
using Sot.Workbench.CarePlans;
using Sot.Workbench.Domain;
using Sot.Workbench.Patients;
using Sot.Workbench.Records;
using Sot.Workbench.Safety;
using Sot.Workbench.Storage.Sqlite;
using Sot.Workbench.Workflow;
using static Sot.Workbench.Storage.Tests.RecordSamples;

namespace Sot.Workbench.Storage.Tests;

/// <summary>A store that lets a test run something just before the next append (another writer getting there first).</summary>
internal sealed class InterceptingStore(IRecordStore inner) : IRecordStore
{
    public Func<Task>? BeforeNextAppend { get; set; }

    public int Appends { get; private set; }

    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public async Task<IReadOnlyList<StoredEvent>> AppendAsync(AppendRequest request, CancellationToken cancellationToken = default)
    {
        if (BeforeNextAppend is { } before)
        {
            BeforeNextAppend = null;
            await before();
        }

        Appends++;
        return await inner.AppendAsync(request, cancellationToken);
    }

    public Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(StreamId stream, long fromVersion = 1, CancellationToken cancellationToken = default) => inner.ReadStreamAsync(stream, fromVersion, cancellationToken);
    public Task<StreamInfo?> GetStreamAsync(StreamId stream, CancellationToken cancellationToken = default) => inner.GetStreamAsync(stream, cancellationToken);
    public Task<IReadOnlyList<StoredEvent>> ReadPatientHistoryAsync(PatientId patient, CancellationToken cancellationToken = default) => inner.ReadPatientHistoryAsync(patient, cancellationToken);
    public Task<IReadOnlyList<StoredEvent>> ReadAllAsync(long afterPosition, int maxCount, CancellationToken cancellationToken = default) => inner.ReadAllAsync(afterPosition, maxCount, cancellationToken);
    public Task<RecordPage<PatientIndexEntry>> FindPatientsAsync(PatientQuery query, PageRequest page, CancellationToken cancellationToken = default) => inner.FindPatientsAsync(query, page, cancellationToken);
    public Task<RecordPage<PatientIndexEntry>> ListPatientsAsync(PageRequest page, CancellationToken cancellationToken = default) => inner.ListPatientsAsync(page, cancellationToken);
    public Task<RecordPage<StreamInfo>> ListStreamsAsync(StreamKind kind, PatientId? patient, PageRequest page, CancellationToken cancellationToken = default) => inner.ListStreamsAsync(kind, patient, page, cancellationToken);
    public Task<IntegrityReport> VerifyAsync(RecordCheckpoint? kept = null, CancellationToken cancellationToken = default) => inner.VerifyAsync(kept, cancellationToken);
    public Task<AuditEntry> AppendAuditAsync(AuditRecord entry, CancellationToken cancellationToken = default) => inner.AppendAuditAsync(entry, cancellationToken);
    public Task<RecordPage<AuditEntry>> QueryAuditAsync(AuditQuery query, PageRequest page, CancellationToken cancellationToken = default) => inner.QueryAuditAsync(query, page, cancellationToken);
}

internal sealed class RecordingObserver : IVisitLifecycleObserver
{
    public List<VisitTransition> Seen { get; } = [];

    public ValueTask OnTransitionStoredAsync(VisitTransition transition, CancellationToken cancellationToken)
    {
        Seen.Add(transition);
        return ValueTask.CompletedTask;
    }
}

internal sealed class ThrowingObserver : IVisitLifecycleObserver
{
    public int Calls { get; private set; }

    public ValueTask OnTransitionStoredAsync(VisitTransition transition, CancellationToken cancellationToken)
    {
        Calls++;
        throw new InvalidOperationException("observer failure");
    }
}

/// <summary>An observer that reads the record when it is told, to show what an observer can see at that moment.</summary>
internal sealed class CommittedStateObserver : IVisitLifecycleObserver
{
    public IRecordStore? Store { get; set; }

    /// <summary>Each transition heard, with the visit's version in the store at that moment.</summary>
    public List<(VisitTransition Transition, long StoredVersion)> Heard { get; } = [];

    public async ValueTask OnTransitionStoredAsync(VisitTransition transition, CancellationToken cancellationToken)
    {
        var info = await Store!.GetStreamAsync(StreamId.For(transition.VisitId), cancellationToken);
        Heard.Add((transition, info?.Version ?? 0));
    }
}

/// <summary>A notifier that records each transition with the visit's version in the store at that moment.</summary>
internal sealed class RecordingNotifier(IRecordStore store) : IVisitLifecycleNotifier
{
    public List<(VisitTransition Transition, long StoredVersion)> Heard { get; } = [];

    public IReadOnlyList<VisitTransition> Seen => [.. Heard.Select(h => h.Transition)];

    public async ValueTask NotifyAsync(VisitTransition transition, CancellationToken cancellationToken = default)
    {
        var info = await store.GetStreamAsync(StreamId.For(transition.VisitId), cancellationToken);
        Heard.Add((transition, info?.Version ?? 0));
    }
}

/// <summary>A notifier that breaks its contract and throws.</summary>
internal sealed class ThrowingNotifier : IVisitLifecycleNotifier
{
    public int Calls { get; private set; }

    public ValueTask NotifyAsync(VisitTransition transition, CancellationToken cancellationToken = default)
    {
        Calls++;
        throw new InvalidOperationException("notifier failure");
    }
}

public sealed class RecordServiceTests : IDisposable
{
    private readonly string _directory = SqliteTestStores.NewDirectory();
    private readonly SqliteRecordStore _sqlite;
    private readonly InterceptingStore _store;
    private readonly FakeTimeProvider _time = Clock();
    private readonly AuditTrail _audit;
    private readonly RecordingNotifier _notifier;
    private readonly VisitRecordService _visits;
    private readonly PatientRecordService _patients;
    private readonly CarePlanRecordService _plans;

    public RecordServiceTests()
    {
        _sqlite = new SqliteRecordStore(SqliteTestStores.Options(_directory));
        _store = new InterceptingStore(_sqlite);
        _audit = new AuditTrail(_store, _time);
        _notifier = new RecordingNotifier(_store);
        _visits = new VisitRecordService(_store, _time, _audit, _notifier);
        _patients = new PatientRecordService(_store, _time, _audit);
        _plans = new CarePlanRecordService(_store, _time, _audit);
    }

    public void Dispose()
    {
        _sqlite.Dispose();
        SqliteTestStores.DeleteQuietly(_directory);
    }

    private async Task<(PatientId Patient, VisitId Visit)> ScheduledAsync()
    {
        var patient = PatientId.New();
        var visit = VisitId.New();
        await _visits.ScheduleAsync(visit, new ScheduleVisit(Desk, patient));
        return (patient, visit);
    }

    [Fact]
    public async Task Each_command_loads_the_visit_appends_one_event_and_returns_the_new_state()
    {
        var (patient, id) = await ScheduledAsync();

        Visit visit = null!;
        foreach (var command in FullVisit())
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            var result = await _visits.ExecuteAsync(id, command);
            Assert.Single(result.Stored);
            Assert.Equal(1, result.Attempts);
            Assert.Equal(result.Visit.Version, result.Stored[0].Version);
            visit = result.Visit;
        }

        var loaded = await _visits.LoadAsync(id, Doc);
        Assert.Equal(VisitState.EnteredInError, visit.State);
        Assert.Equal(visit.State, loaded.State);
        Assert.Equal(visit.Version, loaded.Version);
        Assert.Equal(visit.Signer, loaded.Signer);
        Assert.Equal(visit.Addenda, loaded.Addenda);
        Assert.Equal(patient, loaded.Patient);
        var info = Assert.Single((await _visits.ListAsync(patient, PageRequest.First())).Items);
        Assert.Equal(nameof(VisitState.EnteredInError), info.Status);
        Assert.True((await _store.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task Every_command_and_read_is_audited_by_patient_and_by_actor()
    {
        var (patient, id) = await ScheduledAsync();
        foreach (var command in FullVisit().Take(15))
        {
            await _visits.ExecuteAsync(id, command);
        }

        await _visits.ExecuteAsync(id, new AddAddendum(Doc, "Pain eased."));
        await _visits.LoadAsync(id, Supervisor);

        var forPatient = (await _audit.ForPatientAsync(patient, new PageRequest(0, 100))).Items;
        var byDoc = (await _audit.ByActorAsync(Doc.Id, new PageRequest(0, 100))).Items;
        var bySupervisor = Assert.Single((await _audit.ByActorAsync(Supervisor.Id, PageRequest.First())).Items);

        Assert.Equal(18, forPatient.Count);
        Assert.All(forPatient, e => Assert.Equal(StreamId.For(id), e.Record.Stream));
        Assert.Equal(AuditActions.Create, forPatient[^1].Record.Action);
        Assert.Equal(nameof(VisitTrigger.Schedule), forPatient[^1].Record.Detail);
        Assert.Equal(AuditActions.Read, bySupervisor.Record.Action);
        Assert.Contains(byDoc, e => e.Record.Action == AuditActions.Sign && e.Record.Detail == nameof(VisitTrigger.Sign));
        Assert.Contains(byDoc, e => e.Record.Action == AuditActions.Amend);
        Assert.All(forPatient, e => Assert.Equal(AuditOutcome.Succeeded, e.Record.Outcome));
        Assert.DoesNotContain(forPatient, e => e.Record.Detail is { } d && d.Contains("pain", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_rejected_command_writes_nothing_is_audited_as_rejected_and_tells_no_observer()
    {
        var (patient, id) = await ScheduledAsync();
        var before = await _store.VerifyAsync();
        var seen = _notifier.Heard.Count;

        var rejected = await Assert.ThrowsAsync<VisitCommandRejectedException>(() => _visits.ExecuteAsync(id, new SignNote(Doc)));

        Assert.Equal(VisitState.Scheduled, rejected.State);
        Assert.Equal(before.Checkpoint, (await _store.VerifyAsync()).Checkpoint);
        Assert.Equal(seen, _notifier.Heard.Count);
        var entry = (await _audit.ForPatientAsync(patient, PageRequest.First())).Items[0];
        Assert.Equal(AuditOutcome.Rejected, entry.Record.Outcome);
        Assert.Equal(AuditActions.Sign, entry.Record.Action);
    }

    [Fact]
    public async Task A_command_on_a_visit_that_does_not_exist_is_not_found()
    {
        var error = await Assert.ThrowsAsync<RecordNotFoundException>(() => _visits.ExecuteAsync(VisitId.New(), new CheckIn(Desk)));

        Assert.Equal(StreamKind.Visit, error.Kind);
        await Assert.ThrowsAsync<StreamVersionConflictException>(async () =>
        {
            var (patient, id) = await ScheduledAsync();
            await _visits.ScheduleAsync(id, new ScheduleVisit(Desk, patient));
        });
        await Assert.ThrowsAsync<ArgumentException>(() => _visits.ExecuteAsync(VisitId.New(), new ScheduleVisit(Desk, PatientId.New())));
    }

    [Fact]
    public async Task A_safe_command_meeting_a_concurrent_change_runs_again_on_the_newer_state()
    {
        var (_, id) = await ScheduledAsync();
        await _visits.ExecuteAsync(id, new CheckIn(Desk));
        var other = new VisitRecordService(_sqlite, _time, _audit);
        _store.BeforeNextAppend = () => other.ExecuteAsync(id, new RecordConsent(Desk, [ConsentScope.General]));

        var result = await _visits.ExecuteAsync(id, new StartVisit(Doc));

        Assert.Equal(2, result.Attempts);
        Assert.Equal(4, result.Visit.Version);
        Assert.Equal(VisitState.Intake, result.Visit.State);
        Assert.Contains(ConsentScope.General, result.Visit.ConsentScopes);
        Assert.Equal([VisitTrigger.Schedule, VisitTrigger.CheckIn, VisitTrigger.RecordConsent, VisitTrigger.StartVisit],
            (await _visits.LoadAsync(id, Doc)).Events.Select(e => e.Trigger));
    }

    [Fact]
    public async Task A_judgement_on_content_is_not_run_again_on_a_state_the_practitioner_did_not_see()
    {
        var (patient, id) = await ScheduledAsync();
        var commands = FullVisit();
        foreach (var command in commands.Take(7))
        {
            await _visits.ExecuteAsync(id, command);
        }

        var before = (await _visits.LoadAsync(id, Doc)).Version;
        var other = new VisitRecordService(_sqlite, _time, _audit);
        _store.BeforeNextAppend = () => other.ExecuteAsync(id, commands[7]); // another finding arrives first
        var determine = Assert.IsType<DetermineCategory>(commands[8]);

        var conflict = await Assert.ThrowsAsync<StreamVersionConflictException>(() => _visits.ExecuteAsync(id, determine));

        Assert.Equal(before, conflict.ExpectedVersion);
        var visit = await _visits.LoadAsync(id, Doc);
        Assert.Null(visit.Category);
        Assert.Equal(before + 1, visit.Version);
        Assert.False(VisitRecordService.IsSafeToRetry(determine));
        Assert.False(VisitRecordService.IsSafeToRetry(new SignNote(Doc)));
        Assert.False(VisitRecordService.IsSafeToRetry(new MarkEnteredInError(Supervisor, "x")));
        Assert.True(VisitRecordService.IsSafeToRetry(new RecordConsent(Desk, [ConsentScope.General])));
        Assert.Contains((await _audit.ForPatientAsync(patient, new PageRequest(0, 50))).Items,
            e => e.Record.Detail == nameof(VisitTrigger.DetermineCategory) && e.Record.Outcome == AuditOutcome.Rejected);
    }

    [Fact]
    public async Task The_notifier_hears_each_stored_transition_in_order_only_after_it_is_committed()
    {
        var (_, id) = await ScheduledAsync();

        var result = await _visits.ExecuteAsync(id, new CheckIn(Desk));

        Assert.Equal(VisitState.CheckedIn, result.Visit.State);
        Assert.Equal([VisitTrigger.Schedule, VisitTrigger.CheckIn], _notifier.Seen.Select(t => t.Command));
        Assert.All(_notifier.Heard, h => Assert.Equal(h.Transition.Version, h.StoredVersion));
        var transition = _notifier.Seen[^1];
        Assert.Equal((id, 2, VisitState.Scheduled, VisitState.CheckedIn, Desk), (transition.VisitId, transition.Version, transition.From, transition.To, transition.Actor));
    }

    [Fact]
    public async Task A_throwing_notifier_neither_fails_nor_undoes_a_stored_command()
    {
        var notifier = new ThrowingNotifier();
        var visits = new VisitRecordService(_store, _time, _audit, notifier);
        var patient = PatientId.New();
        var id = VisitId.New();

        await visits.ScheduleAsync(id, new ScheduleVisit(Desk, patient));
        var result = await visits.ExecuteAsync(id, new CheckIn(Desk));
        var work = await visits.BeginAsync(id);
        work.Execute(new RecordConsent(Desk, [ConsentScope.General]));
        var committed = await work.CommitAsync();

        Assert.Equal(3, notifier.Calls);
        Assert.Equal(VisitState.CheckedIn, result.Visit.State);
        Assert.Equal(3, committed.Visit.Version);
        var loaded = await visits.LoadAsync(id, Doc);
        Assert.Equal((VisitState.CheckedIn, 3), (loaded.State, loaded.Version));
        var audit = (await _audit.ForPatientAsync(patient, new PageRequest(0, 50))).Items;
        Assert.Equal(4, audit.Count); // schedule, check-in, consent, the read
        Assert.All(audit, e => Assert.Equal(AuditOutcome.Succeeded, e.Record.Outcome));
    }

    [Fact]
    public async Task Patients_are_registered_found_corrected_and_closed_with_their_history_in_one_read()
    {
        var id = PatientId.New();
        await _patients.RegisterAsync(id, "Zoë", "Müller", new DateOnly(1984, 7, 1), AdministrativeSex.Female, Desk);
        await _visits.ScheduleAsync(VisitId.New(), new ScheduleVisit(Desk, id));
        await _plans.CreateAsync(CarePlanId.New(), new CarePlanDefinition(id, [new CarePlanPhase(2, 2)], null), Doc);

        var found = await _patients.FindAsync(new PatientQuery("muller"), PageRequest.First(), Desk);
        await _patients.CorrectDetailsAsync(id, "Zoë", "Muller-Smith", new DateOnly(1984, 7, 1), AdministrativeSex.Female, "Married name", Desk);
        var closed = await _patients.MarkEnteredInErrorAsync(id, "Duplicate", Supervisor);
        var history = await _patients.ReadHistoryAsync(id, Doc);

        Assert.Equal(id, Assert.Single(found.Items).Patient);
        Assert.Equal("Muller-Smith", Assert.Single((await _patients.FindAsync(new PatientQuery("smith"), PageRequest.First(), Desk)).Items).FamilyName);
        Assert.True(closed.EnteredInError);
        Assert.Equal(3, closed.Version);
        await Assert.ThrowsAsync<PatientCommandRejectedException>(() => _patients.CorrectDetailsAsync(id, "A", "B", new DateOnly(1984, 7, 1), AdministrativeSex.Female, "again", Desk));
        Assert.Equal(5, history.Events.Count);
        Assert.Empty(history.Errors);
        Assert.Equal([typeof(PatientRegistered), typeof(VisitEvent), typeof(CarePlanEvent), typeof(PatientDetailsCorrected), typeof(PatientMarkedEnteredInError)],
            history.Events.Select(e => e.Event!.GetType()));
        var searches = (await _audit.ByActorAsync(Desk.Id, PageRequest.First())).Items.Where(e => e.Record.Action == AuditActions.Search).ToList();
        Assert.Equal(2, searches.Count);
        Assert.All(searches, s => Assert.DoesNotContain("mul", s.Record.Detail ?? string.Empty, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Registering_with_bad_details_is_rejected_and_writes_nothing()
    {
        var id = PatientId.New();

        await Assert.ThrowsAsync<PatientCommandRejectedException>(() => _patients.RegisterAsync(id, " ", "Smith", new DateOnly(1984, 7, 1), AdministrativeSex.Female, Desk));
        await Assert.ThrowsAsync<PatientCommandRejectedException>(() => _patients.RegisterAsync(id, "Ann", "Smith", new DateOnly(2999, 1, 1), AdministrativeSex.Female, Desk));

        Assert.Empty(await _store.ReadPatientHistoryAsync(id));
        await Assert.ThrowsAsync<RecordNotFoundException>(() => _patients.LoadAsync(id, Desk));
        Assert.All((await _audit.ForPatientAsync(id, PageRequest.First())).Items, e => Assert.Equal(AuditOutcome.Rejected, e.Record.Outcome));
    }

    [Fact]
    public async Task A_care_plan_runs_through_its_commands_and_is_reloaded_from_its_events()
    {
        var patient = PatientId.New();
        var id = CarePlanId.New();
        await _plans.CreateAsync(id, new CarePlanDefinition(patient, [new CarePlanPhase(1, 2)], new ReExamSchedule(2, "ODI")), Doc);

        await _plans.AcceptAsync(id, Doc);
        await _plans.RecordVisitAsync(id, VisitId.New(), Doc);
        await _plans.HoldAsync(id, "Travelling", Doc);
        await _plans.ResumeAsync(id, Doc);
        await _plans.RecordVisitAsync(id, VisitId.New(), Doc);
        var rejected = await Assert.ThrowsAsync<CarePlanCommandRejectedException>(() => _plans.RecordVisitAsync(id, VisitId.New(), Doc));
        var done = await _plans.CompleteAsync(id, null, Doc);

        Assert.Contains(CarePlanGuards.VisitsRemain, rejected.UnmetGuards);
        Assert.Equal(CarePlanState.Finished, done.State);
        var loaded = await _plans.LoadAsync(id, Doc);
        Assert.Equal(2, loaded.VisitCount);
        Assert.Equal(7, loaded.Events.Count);
        Assert.Equal(nameof(CarePlanState.Finished), Assert.Single((await _plans.ListAsync(patient, PageRequest.First())).Items).Status);
        Assert.Contains((await _audit.ForPatientAsync(patient, new PageRequest(0, 50))).Items, e => e.Record.Outcome == AuditOutcome.Rejected && e.Record.Detail == nameof(CarePlanTrigger.RecordVisit));
    }

    [Fact]
    public async Task Exports_and_report_views_are_recorded_by_the_services_that_do_them()
    {
        var (patient, id) = await ScheduledAsync();

        await _audit.RecordExportAsync(Doc, patient, StreamId.For(id), "fhir-json");
        await _audit.RecordReportViewAsync(Supervisor, patient, null, "visit-summary");

        var entries = (await _audit.ForPatientAsync(patient, PageRequest.First())).Items;
        Assert.Equal([AuditActions.ReportView, AuditActions.Export, AuditActions.Create], entries.Select(e => e.Record.Action));
        Assert.Equal("format=fhir-json", entries[1].Record.Detail);
        Assert.Equal(Supervisor.Id.ToString(), entries[0].Record.ActorId);
        await Assert.ThrowsAsync<ArgumentException>(() => _audit.RecordExportAsync(Doc, patient, null, "Jane Doe's file\n"));
    }
}
