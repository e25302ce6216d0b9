using Npgsql;
using Sot.Workbench.Storage.PostgreSql.Testing;

namespace Sot.Workbench.Storage.PostgreSql.Tests;

[RequiresPostgreSql]
[Collection(PostgreSqlServerGroup.Name)]
public sealed class ServerFixtureTests(PostgreSqlServerFixture server)
{
    [Fact]
    public async Task The_test_server_answers_queries_in_its_own_database()
    {
        var connectionString = server.CreateDatabase();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_database(), current_setting('server_version_num')::int", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(new NpgsqlConnectionStringBuilder(connectionString).Database, reader.GetString(0));
        Assert.True(reader.GetInt32(1) >= 120000, "the store needs PostgreSQL 12 or later");
    }
}
