using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sot.Workbench.Records;
using Sot.Workbench.Storage.Sqlite;

namespace Sot.Workbench.Hosting;

/// <summary>Chooses the embedded SQLite clinical-record store for a workbench host.</summary>
public static class SqliteWorkbenchBuilderExtensions
{
    /// <summary>
    /// Uses the embedded SQLite store: one database file, by default <c>data/records.db</c> under the host's content
    /// root, configured by the <c>Workbench:Records:Sqlite</c> section (<see cref="SqliteRecordStoreOptions"/>) and
    /// then by <paramref name="configure"/>. The store is opened (schema created or migrated) when the host starts.
    /// </summary>
    /// <param name="builder">The workbench builder from <c>AddSotWorkbench()</c>.</param>
    /// <param name="configure">Changes to the bound options, applied after configuration.</param>
    /// <returns>The builder.</returns>
    public static WorkbenchBuilder UseSqliteStore(this WorkbenchBuilder builder, Action<SqliteRecordStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<SqliteRecordStoreOptions>().Bind(builder.Configuration.GetSection(SqliteRecordStoreOptions.SectionName));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddSingleton(sp =>
        {
            var value = sp.GetRequiredService<IOptions<SqliteRecordStoreOptions>>().Value;
            if (string.IsNullOrWhiteSpace(value.DataDirectory) && sp.GetService<IHostEnvironment>() is { } host)
            {
                value.DataDirectory = Path.Combine(host.ContentRootPath, "data");
            }

            return new SqliteRecordStore(value, sp.GetService<ILogger<SqliteRecordStore>>());
        });
        builder.Services.Replace(ServiceDescriptor.Singleton<IRecordStore>(sp => sp.GetRequiredService<SqliteRecordStore>()));
        return builder;
    }
}
