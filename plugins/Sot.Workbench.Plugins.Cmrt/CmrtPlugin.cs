using Microsoft.Extensions.DependencyInjection;
using Sot.Workbench.Plugins.Shared;

namespace Sot.Workbench.Plugins.Cmrt;

/// <summary>
/// The CMRT plugin. Options (<c>Workbench:Plugins:sot.cmrt:Options</c>): <c>FibreChart</c> and <c>ReflexChart</c>,
/// each the path of a clinic's own chart file (absolute, or relative to the host's base directory) replacing the
/// embedded default. A malformed file stops the plugin with an error naming the file and line. The embedded defaults
/// are read on first use (the first analysis or report), not at host start.
/// </summary>
public sealed class CmrtPlugin : IWorkbenchPlugin
{
    /// <summary>Option key: the clinic's occipital-fibre chart file.</summary>
    public const string FibreChartOption = "FibreChart";

    /// <summary>Option key: the clinic's reflex chart file.</summary>
    public const string ReflexChartOption = "ReflexChart";

    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(context);
        var assembly = typeof(CmrtPlugin).Assembly;
        var fibres = DataFile.Read(context.Configuration[FibreChartOption], assembly, FibreChart.DefaultResource, FibreChart.Read);
        var reflexes = DataFile.Read(context.Configuration[ReflexChartOption], assembly, ReflexChart.DefaultResource, ReflexChart.Read);

        services.ContributeIndicators(new CmrtIndicators());
        services.ContributeRule(new LineTwoFibreRule(fibres, reflexes));
        services.ContributeRule(new TsPointRule(reflexes));
        services.ContributeProcedures<CmrtProcedures>();
        services.AddSingleton<IReportSectionContributor>(new CmrtReportSection(fibres, reflexes));
    }
}
