using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Procedures;
using Sot.Workbench.Records;
using Sot.Workbench.Storage.Sqlite;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Hosting;

/// <summary>
/// Chooses the clinical-record store. <c>AddSotWorkbench()</c> registers the SQLite store (one file in the host's
/// data folder, configured by <c>Workbench:Records:Sqlite</c>) unless another is chosen here.
/// </summary>
public static class WorkbenchRecordStoreExtensions
{
    /// <summary>Uses the embedded SQLite store (the default), with changes to its bound options.</summary>
    public static WorkbenchBuilder UseSqliteStore(this WorkbenchBuilder builder, Action<SqliteRecordStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        builder.Services.Replace(ServiceDescriptor.Singleton<IRecordStore>(sp => sp.GetRequiredService<SqliteRecordStore>()));
        return builder;
    }

    /// <summary>
    /// Uses another record store (e.g. PostgreSQL), created once by <paramref name="factory"/>. The store must pass the
    /// record-store contract tests.
    /// </summary>
    public static WorkbenchBuilder UseRecordStore<TStore>(this WorkbenchBuilder builder, Func<IServiceProvider, TStore> factory)
        where TStore : class, IRecordStore
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.Replace(ServiceDescriptor.Singleton<IRecordStore>(sp => factory(sp)));
        return builder;
    }

    /// <summary>Registers the record store (SQLite by default), the application services, the audit trail and store start-up.</summary>
    internal static void AddRecords(IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<SqliteRecordStoreOptions>().Bind(configuration.GetSection(SqliteRecordStoreOptions.SectionName));
        services.AddOptions<RecordServiceOptions>()
            .Bind(configuration.GetSection(RecordServiceOptions.SectionName))
            .Validate(o => o.MaxAttempts is >= 1 and <= 10, "Workbench:Records:MaxAttempts is 1–10.")
            .ValidateOnStart();
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SqliteRecordStoreOptions>>().Value;
            if (string.IsNullOrWhiteSpace(options.DataDirectory) && sp.GetService<IHostEnvironment>() is { } host)
            {
                options.DataDirectory = Path.Combine(host.ContentRootPath, "data");
            }

            return new SqliteRecordStore(options, sp.GetService<ILogger<SqliteRecordStore>>());
        });
        services.TryAddSingleton<IRecordStore>(sp => sp.GetRequiredService<SqliteRecordStore>());
        services.TryAddSingleton(sp => new AuditTrail(sp.GetRequiredService<IRecordStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<AuditTrail>>()));
        services.TryAddSingleton(sp => new VisitRecordService(
            sp.GetRequiredService<IRecordStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<AuditTrail>(),
            sp.GetServices<IVisitLifecycleObserver>(),
            sp.GetRequiredService<IndicatorCatalogue>(),
            sp.GetRequiredService<ProcedureRegistry>(),
            sp.GetRequiredService<IOptions<RecordServiceOptions>>().Value,
            sp.GetService<ILogger<VisitRecordService>>()));
        services.TryAddSingleton(sp => new PatientRecordService(
            sp.GetRequiredService<IRecordStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<AuditTrail>(),
            sp.GetRequiredService<IOptions<RecordServiceOptions>>().Value, sp.GetService<ILogger<PatientRecordService>>()));
        services.TryAddSingleton(sp => new CarePlanRecordService(
            sp.GetRequiredService<IRecordStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<AuditTrail>(),
            sp.GetRequiredService<IOptions<RecordServiceOptions>>().Value, sp.GetService<ILogger<CarePlanRecordService>>()));
        services.AddHostedService<RecordStoreStartup>();
    }
}

/// <summary>Opens the record store at host start: creates the schema or applies forward migrations before any command runs.</summary>
internal sealed class RecordStoreStartup(IRecordStore store, IOptions<RecordServiceOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.OpenStoreAtStart ? store.InitializeAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
