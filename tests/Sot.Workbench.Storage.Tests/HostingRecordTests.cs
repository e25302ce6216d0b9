using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sot.Workbench.Domain;
using Sot.Workbench.Hosting;
using Sot.Workbench.Records;
using Sot.Workbench.Storage.Sqlite;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Storage.Tests;

public sealed class HostingRecordTests : IDisposable
{
    private readonly string _root = SqliteTestStores.NewDirectory();

    public void Dispose() => SqliteTestStores.DeleteQuietly(_root);

    private HostApplicationBuilder Builder(Dictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _root });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings ?? []) { ["Workbench:PluginDirectories:0"] = Path.Combine(_root, "plugins") });
        return builder;
    }

    [Fact]
    public async Task Without_a_chosen_store_the_host_starts_and_the_record_services_say_how_to_choose_one()
    {
        var builder = Builder();
        builder.AddSotWorkbench();
        using var host = builder.Build();
        await host.StartAsync();

        Assert.Null(host.Services.GetService<IRecordStore>());
        var error = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<VisitRecordService>());
        Assert.Contains("UseSqliteStore()", error.Message, StringComparison.Ordinal);
        Assert.Contains("UsePostgreSqlStore()", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root, "data")));
        await host.StopAsync();
    }

    [Fact]
    public async Task UseSqliteStore_keeps_the_record_in_one_file_under_the_hosts_data_folder()
    {
        var builder = Builder();
        var observer = new RecordingObserver();
        builder.AddSotWorkbench().UseSqliteStore().ConfigureServices(s => s.AddSingleton<IVisitLifecycleObserver>(observer));
        using var host = builder.Build();
        await host.StartAsync();

        var store = Assert.IsType<SqliteRecordStore>(host.Services.GetRequiredService<IRecordStore>());
        Assert.Equal(Path.Combine(_root, "data", "records.db"), store.DatabasePath);
        Assert.True(File.Exists(store.DatabasePath)); // opened (and migrated) at start
        var visits = host.Services.GetRequiredService<VisitRecordService>();
        var id = VisitId.New();
        await visits.ScheduleAsync(id, new ScheduleVisit(RecordSamples.Desk, PatientId.New()));
        var result = await visits.ExecuteAsync(id, new CheckIn(RecordSamples.Desk));
        Assert.Equal(VisitState.CheckedIn, result.Visit.State);
        Assert.Equal(2, observer.Seen.Count);
        Assert.NotNull(host.Services.GetRequiredService<PatientRecordService>());
        Assert.NotNull(host.Services.GetRequiredService<CarePlanRecordService>());
        await host.StopAsync();
    }

    [Fact]
    public async Task A_throwing_observer_neither_fails_nor_undoes_a_command_and_the_next_observer_sees_the_committed_record()
    {
        var builder = Builder();
        var throwing = new ThrowingObserver();
        var reading = new CommittedStateObserver();
        builder.AddSotWorkbench().UseSqliteStore().ConfigureServices(s =>
        {
            s.AddSingleton<IVisitLifecycleObserver>(throwing);
            s.AddSingleton<IVisitLifecycleObserver>(reading);
        });
        using var host = builder.Build();
        await host.StartAsync();
        reading.Store = host.Services.GetRequiredService<IRecordStore>();
        var visits = host.Services.GetRequiredService<VisitRecordService>();
        var patient = PatientId.New();
        var id = VisitId.New();

        await visits.ScheduleAsync(id, new ScheduleVisit(RecordSamples.Desk, patient));
        var result = await visits.ExecuteAsync(id, new CheckIn(RecordSamples.Desk));

        Assert.Equal(VisitState.CheckedIn, result.Visit.State);
        Assert.Equal(2, throwing.Calls);
        Assert.Equal([VisitTrigger.Schedule, VisitTrigger.CheckIn], reading.Heard.Select(h => h.Transition.Command));
        Assert.All(reading.Heard, h => Assert.Equal(h.Transition.Version, h.StoredVersion));
        var loaded = await visits.LoadAsync(id, RecordSamples.Doc);
        Assert.Equal((VisitState.CheckedIn, result.Visit.Version), (loaded.State, loaded.Version));
        var audit = (await host.Services.GetRequiredService<AuditTrail>().ForPatientAsync(patient, PageRequest.First())).Items;
        Assert.Equal(3, audit.Count); // schedule, check-in, the read
        Assert.All(audit, e => Assert.Equal(AuditOutcome.Succeeded, e.Record.Outcome));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_chosen_store_replaces_the_default_and_sqlite_settings_come_from_configuration()
    {
        var custom = new SqliteRecordStore(new SqliteRecordStoreOptions { DataDirectory = Path.Combine(_root, "elsewhere") });
        var builder = Builder();
        builder.AddSotWorkbench().UseRecordStore(_ => custom);
        using (var host = builder.Build())
        {
            await host.StartAsync();
            Assert.Same(custom, host.Services.GetRequiredService<IRecordStore>());
            var id = VisitId.New();
            await host.Services.GetRequiredService<VisitRecordService>().ScheduleAsync(id, new ScheduleVisit(RecordSamples.Desk, PatientId.New()));
            Assert.Single(await custom.ReadStreamAsync(StreamId.For(id)));
            Assert.False(File.Exists(Path.Combine(_root, "data", "records.db")));
            await host.StopAsync();
        }

        custom.Dispose();
        var configured = Builder(new() { ["Workbench:Records:Sqlite:DatabasePath"] = "clinic.db", ["Workbench:Records:Sqlite:Durability"] = "Normal" });
        configured.AddSotWorkbench().UseSqliteStore(o => o.DataDirectory = Path.Combine(_root, "clinic"));
        using var second = configured.Build();
        var store = Assert.IsType<SqliteRecordStore>(second.Services.GetRequiredService<IRecordStore>());
        Assert.Equal(Path.Combine(_root, "clinic", "clinic.db"), store.DatabasePath);
    }

    [Fact]
    public async Task Bad_record_settings_stop_the_host_at_start()
    {
        var builder = Builder(new() { ["Workbench:Records:MaxAttempts"] = "0" });
        builder.AddSotWorkbench().UseSqliteStore();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("MaxAttempts", error.Message, StringComparison.Ordinal);
    }
}
