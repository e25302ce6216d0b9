using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Sot.Workbench.Hosting;
using Sot.Workbench.Records;
using Sot.Workbench.Storage.PostgreSql.Testing;

namespace Sot.Workbench.Storage.PostgreSql.Tests;

[RequiresPostgreSql]
[Collection(PostgreSqlServerGroup.Name)]
public sealed class RegistrationTests(PostgreSqlServerFixture server)
{
    [Fact]
    public async Task A_host_using_the_PostgreSQL_store_migrates_the_clinic_schema_at_start_and_serves_it_as_the_record_store()
    {
        var clinic = "host" + Guid.NewGuid().ToString("N")[..8];
        using var host = Build(new()
        {
            ["Workbench:Records:PostgreSql:ConnectionString"] = server.SharedDatabase,
            ["Workbench:Records:PostgreSql:Clinic"] = clinic,
        });
        await host.StartAsync();
        try
        {
            await using (var connection = new NpgsqlConnection(server.SharedDatabase))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT max(version) FROM sotwb_" + clinic + ".schema_migrations", connection);
                Assert.Equal(PostgreSqlSchema.CurrentVersion, Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
            }

            var store = host.Services.GetRequiredService<IRecordStore>();
            var postgres = Assert.IsType<PostgreSqlRecordStore>(store);
            Assert.Equal(clinic, postgres.Clinic);
            Assert.Same(store, host.Services.GetRequiredService<IRecordImport>());
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task A_host_without_a_connection_string_does_not_start_and_names_the_setting()
    {
        using var host = Build(new() { ["Workbench:Records:PostgreSql:Clinic"] = "north" });
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Workbench:Records:PostgreSql:ConnectionString is required.", error.Failures);
    }

    [Fact]
    public async Task A_host_with_a_bad_clinic_id_does_not_start_and_does_not_echo_the_connection_string()
    {
        using var host = Build(new()
        {
            ["Workbench:Records:PostgreSql:ConnectionString"] = "Host=127.0.0.1;Username=u;Password=secret-word",
            ["Workbench:Records:PostgreSql:Clinic"] = "North Clinic",
        });
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(error.Failures, f => f.StartsWith("Workbench:Records:PostgreSql:Clinic", StringComparison.Ordinal));
        Assert.DoesNotContain("secret-word", error.Message, StringComparison.Ordinal);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddSotWorkbench().UsePostgreSqlStore();
        return builder.Build();
    }
}
