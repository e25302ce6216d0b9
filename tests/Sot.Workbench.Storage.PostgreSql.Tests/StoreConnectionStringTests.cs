using Npgsql;

namespace Sot.Workbench.Storage.PostgreSql.Tests;

public sealed class StoreConnectionStringTests
{
    [Fact]
    public void The_store_skips_the_session_reset_when_the_connection_string_does_not_ask_for_it()
    {
        var result = new NpgsqlConnectionStringBuilder(PostgreSqlRecordStore.StoreConnectionString("Host=db;Database=clinic;Username=app"));

        Assert.True(result.NoResetOnClose);
        Assert.Equal("db", result.Host);
        Assert.Equal("clinic", result.Database);
        Assert.Equal("app", result.Username);
    }

    [Theory]
    [InlineData("Host=db;No Reset On Close=false", false)]
    [InlineData("Host=db;NoResetOnClose=false", false)]
    [InlineData("Host=db;no reset on close=False", false)]
    [InlineData("Host=db;No Reset On Close=true", true)]
    public void A_reset_setting_named_in_the_connection_string_is_kept(string connectionString, bool expected)
    {
        var result = PostgreSqlRecordStore.StoreConnectionString(connectionString);

        Assert.Equal(connectionString, result);
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(result).NoResetOnClose);
    }
}
