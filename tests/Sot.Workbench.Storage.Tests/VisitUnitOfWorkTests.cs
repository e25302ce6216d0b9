using Microsoft.Extensions.Time.Testing;
using Sot.Workbench.Domain;
using Sot.Workbench.Records;
using Sot.Workbench.Storage.Sqlite;
using Sot.Workbench.Workflow;
using static Sot.Workbench.Storage.Tests.RecordSamples;

namespace Sot.Workbench.Storage.Tests;

/// <summary><see cref="VisitUnitOfWork"/>: one loaded visit, several commands, one append with one audit entry per command.</summary>
public sealed class VisitUnitOfWorkTests : IDisposable
{
    private readonly string _directory = SqliteTestStores.NewDirectory();
    private readonly SqliteRecordStore _sqlite;
    private readonly InterceptingStore _store;
    private readonly FakeTimeProvider _time = Clock();
    private readonly RecordingNotifier _notifier;
    private readonly VisitRecordService _visits;

    public VisitUnitOfWorkTests()
    {
        _sqlite = new SqliteRecordStore(SqliteTestStores.Options(_directory));
        _store = new InterceptingStore(_sqlite);
        _notifier = new RecordingNotifier(_store);
        _visits = new VisitRecordService(_store, _time, new AuditTrail(_store, _time), _notifier);
    }

    public void Dispose()
    {
        _sqlite.Dispose();
        SqliteTestStores.DeleteQuietly(_directory);
    }

    private async Task<IReadOnlyList<AuditEntry>> AuditOf(PatientId patient) =>
        (await _store.QueryAuditAsync(new AuditQuery(patient), new PageRequest(0, PageRequest.MaxSize))).Items;

    [Fact]
    public async Task A_new_visit_and_its_commands_are_written_in_one_append_with_one_audit_entry_per_command()
    {
        var patient = PatientId.New();
        var id = VisitId.New();
        var commands = FullVisit().TakeWhile(c => c is not AddAddendum).ToArray();

        var work = _visits.Begin(id, new ScheduleVisit(Desk, patient));
        foreach (var command in commands)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            work.Execute(command);
        }

        Assert.Empty(await _store.ReadStreamAsync(StreamId.For(id)));
        var result = await work.CommitAsync();

        Assert.Equal(1, _store.Appends);
        Assert.Equal(commands.Length + 1, result.Stored.Count);
        Assert.Equal(VisitState.Signed, result.Visit.State);
        var loaded = await _visits.LoadAsync(id, Doc);
        Assert.Equal(result.Visit.Version, loaded.Version);
        Assert.Equal(result.Visit.Signer, loaded.Signer);
        var audit = (await AuditOf(patient)).Where(e => e.Record.Action != AuditActions.Read).ToArray();
        Assert.Equal(commands.Length + 1, audit.Length);
        Assert.Equal(
            [nameof(VisitTrigger.Schedule), .. commands.Select(c => c.Trigger.ToString())],
            audit.OrderBy(e => e.Sequence).Select(e => e.Record.Detail));
        Assert.Equal([VisitTrigger.Schedule, .. commands.Select(c => c.Trigger)], _notifier.Seen.Select(t => t.Command));
        Assert.All(_notifier.Heard, h => Assert.Equal(result.Visit.Version, h.StoredVersion)); // told after the one append
        Assert.True((await _store.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task The_sqlite_store_writes_the_events_and_their_audit_entries_in_one_transaction()
    {
        var patient = PatientId.New();
        var id = VisitId.New();
        var direct = new VisitRecordService(_sqlite, _time, new AuditTrail(_sqlite, _time));
        var work = direct.Begin(id, new ScheduleVisit(Desk, patient));
        work.Execute(new CheckIn(Desk));

        // Another writer starts the same visit first: the commit is refused and neither events nor audit entries are written.
        await _sqlite.AppendAsync(new AppendRequest(StreamId.For(id), StreamKind.Visit, patient, AppendRequest.NoStream,
            [.. VisitWorkflow.Schedule(id, new ScheduleVisit(Desk, patient), _time).Visit.Events.Select(RecordEventSerializer.Encode)]));
        await Assert.ThrowsAsync<StreamVersionConflictException>(() => work.CommitAsync());

        Assert.Single(await _sqlite.ReadStreamAsync(StreamId.For(id)));
        Assert.Empty(await AuditOf(patient));
    }

    [Fact]
    public async Task A_rejected_command_throws_changes_nothing_and_is_audited_with_the_commands_before_it()
    {
        var (patient, id) = (PatientId.New(), VisitId.New());
        await _visits.ScheduleAsync(id, new ScheduleVisit(Desk, patient));
        var work = await _visits.BeginAsync(id);
        work.Execute(new CheckIn(Desk));

        Assert.Throws<VisitCommandRejectedException>(() => work.Execute(new SignNote(Doc)));
        Assert.Equal(VisitState.CheckedIn, work.Visit.State);
        await work.CommitAsync();

        var stored = await _store.ReadStreamAsync(StreamId.For(id));
        Assert.Equal(2, stored.Count);
        var entries = await AuditOf(patient);
        Assert.Contains(entries, e => e.Record.Detail == nameof(VisitTrigger.CheckIn) && e.Record.Outcome == AuditOutcome.Succeeded);
        Assert.Contains(entries, e => e.Record.Detail == nameof(VisitTrigger.Sign) && e.Record.Outcome == AuditOutcome.Rejected);
    }

    [Fact]
    public async Task A_unit_of_work_on_an_unknown_visit_is_not_found()
    {
        await Assert.ThrowsAsync<RecordNotFoundException>(() => _visits.BeginAsync(VisitId.New()));
    }

    [Fact]
    public async Task A_later_unit_of_work_continues_the_stored_visit()
    {
        var (patient, id) = (PatientId.New(), VisitId.New());
        var first = _visits.Begin(id, new ScheduleVisit(Desk, patient));
        first.Execute(new CheckIn(Desk));
        await first.CommitAsync();

        var second = await _visits.BeginAsync(id);
        second.Execute(new RecordConsent(Desk, [Safety.ConsentScope.General]));
        second.Execute(new StartVisit(Doc));
        var result = await second.CommitAsync();

        Assert.Equal([3L, 4L], result.Stored.Select(e => e.Version));
        var loaded = await _visits.LoadAsync(id, Doc);
        Assert.Equal(4, loaded.Version);
        Assert.Equal(result.Visit.State, loaded.State);
        Assert.Equal(Doc.Id, loaded.ResponsiblePractitioner);
    }
}
