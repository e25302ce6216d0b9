using Microsoft.Extensions.Configuration;
using Sot.Workbench.Hosting;

namespace Sot.Workbench.Cli;

/// <summary>The PostgreSQL store choice.</summary>
internal static class PostgreSqlStore
{
    public static void Apply(WorkbenchBuilder workbench, IConfiguration configuration)
    {
        _ = workbench;
        _ = configuration;
        throw new CliException(
            "Workbench:Records:Provider=postgresql needs the PostgreSQL store (Sot.Workbench.Storage.PostgreSql), which this build does not include; use 'sqlite'.",
            ExitCodes.Configuration);
    }
}
