using Microsoft.Extensions.DependencyInjection;
using Sot.Workbench.Plugins.Shared;

namespace Sot.Workbench.Plugins.Craniopathy;

/// <summary>
/// The craniopathy plugin. Options (<c>Workbench:Plugins:sot.craniopathy:Options</c>): <c>Procedures</c>, the path
/// of a clinic's own cranial procedure file (absolute, or relative to the host's base directory) replacing the
/// embedded default. A malformed file stops the plugin with an error naming the file and line. The embedded default is
/// read on first use (when the host builds its procedure registry or a report), not at host start.
/// </summary>
public sealed class CraniopathyPlugin : IWorkbenchPlugin
{
    /// <summary>Option key: the clinic's cranial procedure file.</summary>
    public const string ProceduresOption = "Procedures";

    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(context);
        var procedures = DataFile.Read(context.Configuration[ProceduresOption], typeof(CraniopathyPlugin).Assembly, CranialProcedureSet.DefaultResource, CranialProcedureSet.Read);
        services.ContributeIndicators(new CranialIndicators());
        services.AddSingleton<Procedures.IProcedureSource>(new CranialProcedureSource(procedures));
        services.AddSingleton<IReportSectionContributor>(new CranialReportSection(procedures));
    }
}
