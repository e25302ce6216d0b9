using Microsoft.Extensions.DependencyInjection;
using Sot.Workbench.Domain;
using Sot.Workbench.Plugins;
using Sot.Workbench.Procedures;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Hosting.Tests;

public class ContributionIsolationTests
{
    private static readonly VisitTransition Transition = new(
        new VisitId(Guid.Parse("33333333-3333-3333-3333-333333333333")), 2, VisitTrigger.CheckIn, VisitState.Scheduled, VisitState.CheckedIn,
        new Actor(new PractitionerId(Guid.Parse("00000000-0000-0000-0000-0000000000d1")), ActorRole.FrontDesk),
        new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    private static Dictionary<string, string?> Options(string pluginId, string key, string value) =>
        new() { [$"Workbench:Plugins:{pluginId}:Options:{key}"] = value };

    private static string CopyAs(PluginFolder folder, string id)
    {
        var path = folder.Copy("test.contrib", id);
        folder.EditManifest(id, "id", $"\"{id}\"");
        return path;
    }

    [Fact]
    public async Task A_plugin_procedure_kind_that_core_already_defines_is_left_out_and_the_fault_names_both_sources()
    {
        using var folder = new PluginFolder();
        folder.Copy("test.good");
        folder.Copy("test.contrib");
        await using var host = await TestHost.StartAsync(folder, ["test.good", "test.contrib"], Options("test.contrib", "ProcedureKind", ProcedureKinds.Blocking));

        var registry = host.Host.Services.GetRequiredService<ProcedureRegistry>();

        Assert.Same(CoreProcedures.Blocking, registry.Get(ProcedureKinds.Blocking));
        Assert.Equal([CoreProcedures.Blocking], registry.All);
        var fault = Assert.Single(host.Catalog.Faults);
        Assert.Equal(new PluginFault("test.contrib", "procedure source", "test.contrib", nameof(DuplicateProcedureKindException))
        {
            Reason = "Procedure kind 'BLOCKING' is defined twice: by 'Sot.Workbench.Core' and by 'test.contrib'. Kinds must be unique across Core and every plugin.",
        }, fault);
        Assert.Equal(PluginStatus.Active, host.Plugin("test.contrib").Status);
        Assert.Contains(host.Host.Services.GetServices<IReportFormat>(), f => f.FormatId == "test-contrib-text");
        host.AssertGoodPluginWorks();
    }

    [Fact]
    public async Task A_procedure_kind_defined_by_two_plugins_is_kept_from_the_first_and_the_fault_names_both()
    {
        using var folder = new PluginFolder();
        folder.Copy("test.contrib");
        CopyAs(folder, "test.contrib2");
        var settings = new Dictionary<string, string?>
        {
            ["Workbench:Plugins:test.contrib:Options:ProcedureKind"] = "TEST-SHARED",
            ["Workbench:Plugins:test.contrib2:Options:ProcedureKind"] = "TEST-SHARED",
        };
        await using var host = await TestHost.StartAsync(folder, ["test.contrib", "test.contrib2"], settings);

        var registry = host.Host.Services.GetRequiredService<ProcedureRegistry>();

        Assert.Equal([ProcedureKinds.Blocking, "TEST-SHARED"], registry.All.Select(d => d.Kind));
        var fault = Assert.Single(host.Catalog.Faults);
        Assert.Equal("test.contrib2", fault.PluginId);
        Assert.Equal("Procedure kind 'TEST-SHARED' is defined twice: by 'test.contrib' and by 'test.contrib2'. Kinds must be unique across Core and every plugin.", fault.Reason);
    }

    [Fact]
    public async Task A_procedure_source_that_throws_contributes_nothing_and_is_reported_with_the_plugin_id()
    {
        using var folder = new PluginFolder();
        folder.Copy("test.contrib");
        CopyAs(folder, "test.contrib2");
        await using var host = await TestHost.StartAsync(folder, ["test.contrib", "test.contrib2"], Options("test.contrib", "Throw", "procedures"));

        var registry = host.Host.Services.GetRequiredService<ProcedureRegistry>();

        Assert.Equal([ProcedureKinds.Blocking, "TEST-CONTRIB2-PROC"], registry.All.Select(d => d.Kind));
        Assert.Equal([new PluginFault("test.contrib", "procedure source", "Procedures", nameof(InvalidOperationException))], host.Catalog.Faults);
    }

    [Fact]
    public async Task A_report_format_that_throws_is_reported_with_the_plugin_id_and_other_formats_still_write()
    {
        using var folder = new PluginFolder();
        folder.Copy("test.contrib");
        CopyAs(folder, "test.contrib2");
        await using var host = await TestHost.StartAsync(folder, ["test.contrib", "test.contrib2"], Options("test.contrib", "Throw", "format"));
        var formats = host.Host.Services.GetServices<IReportFormat>().ToDictionary(f => f.FormatId);
        var document = new ReportDocument("Visit report", []);

        using (var broken = new MemoryStream())
        {
            Assert.Throws<InvalidOperationException>(() => formats["test-contrib-text"].Write(document, broken));
        }

        using var output = new MemoryStream();
        formats["test-contrib2-text"].Write(document, output);

        Assert.Equal("Visit report", System.Text.Encoding.UTF8.GetString(output.ToArray()));
        Assert.Equal([new PluginFault("test.contrib", "report format", "test-contrib-text", nameof(InvalidOperationException))], host.Catalog.Faults);
        Assert.All(formats.Values, f => Assert.Equal(f.FormatId.StartsWith("test-contrib2", StringComparison.Ordinal) ? "test.contrib2" : "test.contrib", Assert.IsAssignableFrom<IPluginContribution>(f).PluginId));
    }

    [Fact]
    public async Task The_notifier_tells_every_observer_and_isolates_one_that_throws()
    {
        using var folder = new PluginFolder();
        folder.Copy("test.contrib");
        var recorder = new RecordingObserver();
        await using var host = await TestHost.StartAsync(folder, ["test.contrib"], Options("test.contrib", "Throw", "observer"),
            w => w.ConfigureServices(s =>
            {
                s.AddSingleton<IVisitLifecycleObserver>(new ThrowingObserver());
                s.AddSingleton<IVisitLifecycleObserver>(recorder);
            }));
        var notifier = host.Host.Services.GetRequiredService<IVisitLifecycleNotifier>();

        await notifier.NotifyAsync(Transition);

        Assert.Equal([Transition], recorder.Seen);
        Assert.Equal([new PluginFault("test.contrib", "visit lifecycle observer", "Observer", nameof(InvalidOperationException))], host.Catalog.Faults);
    }

    [Fact]
    public async Task The_notifier_stops_when_cancelled()
    {
        using var folder = new PluginFolder();
        var recorder = new RecordingObserver();
        await using var host = await TestHost.StartAsync(folder, [], [], w => w.ConfigureServices(s => s.AddSingleton<IVisitLifecycleObserver>(recorder)));
        var notifier = host.Host.Services.GetRequiredService<IVisitLifecycleNotifier>();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await notifier.NotifyAsync(Transition, cancelled.Token));
        Assert.Empty(recorder.Seen);
    }

    private sealed class RecordingObserver : IVisitLifecycleObserver
    {
        public List<VisitTransition> Seen { get; } = [];

        public ValueTask OnTransitionStoredAsync(VisitTransition transition, CancellationToken cancellationToken)
        {
            Seen.Add(transition);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class ThrowingObserver : IVisitLifecycleObserver
    {
        public ValueTask OnTransitionStoredAsync(VisitTransition transition, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("host observer broke");
    }
}
