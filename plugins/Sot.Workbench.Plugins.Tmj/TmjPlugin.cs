using Microsoft.Extensions.DependencyInjection;
using Sot.Workbench.Plugins.Shared;

namespace Sot.Workbench.Plugins.Tmj;

/// <summary>
/// The TMJ plugin. Options (<c>Workbench:Plugins:sot.tmj:Options</c>): <c>ReferenceRanges</c>, the path of a
/// clinic's own range file (absolute, or relative to the host's base directory) replacing the embedded default.
/// A malformed file stops the plugin with an error naming the file and line. The embedded default is read on first use
/// (the first analysis or report), not at host start.
/// </summary>
public sealed class TmjPlugin : IWorkbenchPlugin
{
    /// <summary>Option key: the clinic's reference range file.</summary>
    public const string ReferenceRangesOption = "ReferenceRanges";

    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(context);
        var ranges = DataFile.Read(context.Configuration[ReferenceRangesOption], typeof(TmjPlugin).Assembly, TmjReferenceRanges.DefaultResource, TmjReferenceRanges.Read);
        services.ContributeIndicators(new TmjIndicators());
        services.ContributeRule(new TmjRangeRule(ranges));
        services.ContributeRule(new TmjCategoryTwoRule(ranges));
        services.ContributeProcedures<TmjProcedures>();
        services.AddSingleton<IReportSectionContributor>(new TmjReportSection(ranges));
    }
}
