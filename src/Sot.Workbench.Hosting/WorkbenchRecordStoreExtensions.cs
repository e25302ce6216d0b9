using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Procedures;
using Sot.Workbench.Records;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Hosting;

/// <summary>
/// Chooses the clinical-record store. <c>AddSotWorkbench()</c> registers the record services (visits, patients,
/// care plans, audit trail); the store itself comes from a storage package: <c>UseSqliteStore()</c>
/// (Sot.Workbench.Storage.Sqlite, the embedded default), <c>UsePostgreSqlStore()</c>
/// (Sot.Workbench.Storage.PostgreSql), or any store passing the record-store contract tests with
/// <see cref="UseRecordStore{TStore}"/>.
/// </summary>
public static class WorkbenchRecordStoreExtensions
{
    internal const string NoStoreMessage =
        "No clinical-record store is registered. Choose one on the workbench builder: UseSqliteStore() " +
        "(package Sot.Workbench.Storage.Sqlite, the embedded default) or UsePostgreSqlStore() " +
        "(package Sot.Workbench.Storage.PostgreSql), or UseRecordStore(...) for another store.";

    /// <summary>
    /// Uses another record store, created once by <paramref name="factory"/>. The store must pass the record-store
    /// contract tests.
    /// </summary>
    public static WorkbenchBuilder UseRecordStore<TStore>(this WorkbenchBuilder builder, Func<IServiceProvider, TStore> factory)
        where TStore : class, IRecordStore
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.Replace(ServiceDescriptor.Singleton<IRecordStore>(sp => factory(sp)));
        return builder;
    }

    private static IRecordStore Store(IServiceProvider sp) =>
        sp.GetService<IRecordStore>() ?? throw new InvalidOperationException(NoStoreMessage);

    /// <summary>Registers the application services, the audit trail and store start-up (the store comes from a storage package).</summary>
    internal static void AddRecords(IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<RecordServiceOptions>()
            .Bind(configuration.GetSection(RecordServiceOptions.SectionName))
            .Validate(o => o.MaxAttempts is >= 1 and <= 10, "Workbench:Records:MaxAttempts is 1–10.")
            .ValidateOnStart();
        services.TryAddSingleton(sp => new AuditTrail(Store(sp), sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<AuditTrail>>()));
        services.TryAddSingleton(sp => new VisitRecordService(
            Store(sp),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<AuditTrail>(),
            sp.GetRequiredService<IVisitLifecycleNotifier>(),
            sp.GetRequiredService<IndicatorCatalogue>(),
            sp.GetRequiredService<ProcedureRegistry>(),
            sp.GetRequiredService<IOptions<RecordServiceOptions>>().Value,
            sp.GetService<ILogger<VisitRecordService>>()));
        services.TryAddSingleton(sp => new PatientRecordService(
            Store(sp), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<AuditTrail>(),
            sp.GetRequiredService<IOptions<RecordServiceOptions>>().Value, sp.GetService<ILogger<PatientRecordService>>()));
        services.TryAddSingleton(sp => new CarePlanRecordService(
            Store(sp), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<AuditTrail>(),
            sp.GetRequiredService<IOptions<RecordServiceOptions>>().Value, sp.GetService<ILogger<CarePlanRecordService>>()));
        services.AddHostedService<RecordStoreStartup>();
    }
}

/// <summary>Opens the record store at host start: creates the schema or applies forward migrations before any command runs.</summary>
/// <remarks>A host without a store (e.g. one that only analyses findings) starts normally; the record services then explain how to choose one.</remarks>
internal sealed class RecordStoreStartup(IServiceProvider services, IOptions<RecordServiceOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.OpenStoreAtStart && services.GetService<IRecordStore>() is { } store ? store.InitializeAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
