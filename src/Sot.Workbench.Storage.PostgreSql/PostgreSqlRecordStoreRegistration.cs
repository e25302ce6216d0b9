using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sot.Workbench.Hosting;
using Sot.Workbench.Records;

namespace Sot.Workbench.Storage.PostgreSql;

/// <summary>Registers the PostgreSQL record store with the workbench.</summary>
public static class PostgreSqlRecordStoreWorkbenchBuilderExtensions
{
    /// <summary>
    /// Makes the PostgreSQL store the workbench's <see cref="IRecordStore"/> (and <see cref="IRecordImport"/>) in place
    /// of the embedded SQLite default: binds <see cref="PostgreSqlRecordStoreOptions.SectionName"/> and validates the
    /// options when the host starts; the host opens the store at start, applying the clinic schema's pending migrations.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddSotWorkbench</c>.</param>
    /// <param name="configure">Changes to the bound options (e.g. the connection string from a secret store).</param>
    public static WorkbenchBuilder UsePostgreSqlStore(this WorkbenchBuilder builder, Action<PostgreSqlRecordStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<PostgreSqlRecordStoreOptions>().Bind(builder.Configuration.GetSection(PostgreSqlRecordStoreOptions.SectionName));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlRecordStoreOptions>, PostgreSqlRecordStoreOptionsValidator>());
        services.TryAddSingleton(sp => new PostgreSqlRecordStore(sp.GetRequiredService<IOptions<PostgreSqlRecordStoreOptions>>().Value));
        services.Replace(ServiceDescriptor.Singleton<IRecordImport>(sp => sp.GetRequiredService<PostgreSqlRecordStore>()));
        return builder.UseRecordStore(sp => sp.GetRequiredService<PostgreSqlRecordStore>());
    }
}

/// <summary>Checks the options at host start; the messages name the setting, never the connection string.</summary>
internal sealed class PostgreSqlRecordStoreOptionsValidator : IValidateOptions<PostgreSqlRecordStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgreSqlRecordStoreOptions options)
    {
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
