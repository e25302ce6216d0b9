using Microsoft.Extensions.Configuration;
using Sot.Workbench.Hosting;
using Sot.Workbench.Storage.PostgreSql;

namespace Sot.Workbench.Cli;

/// <summary>
/// The PostgreSQL store choice: the connection string comes from <c>Workbench:Records:PostgreSql:ConnectionString</c>
/// or, when that is not set, <c>ConnectionStrings:Workbench</c> (appsettings.json, the environment, e.g.
/// <c>Workbench__Records__PostgreSql__ConnectionString</c>, or <c>--set</c>); the clinic's schema from
/// <c>Workbench:Records:PostgreSql:Clinic</c>.
/// </summary>
internal static class PostgreSqlStore
{
    public static void Apply(WorkbenchBuilder workbench, IConfiguration configuration)
    {
        var fallback = configuration.GetConnectionString("Workbench");
        workbench.UsePostgreSqlStore(o =>
        {
            if (string.IsNullOrWhiteSpace(o.ConnectionString) && !string.IsNullOrWhiteSpace(fallback))
            {
                o.ConnectionString = fallback;
            }
        });
    }
}
