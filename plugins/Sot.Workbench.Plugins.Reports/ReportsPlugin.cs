using Microsoft.Extensions.DependencyInjection;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Procedures;
using Sot.Workbench.Records;
using Sot.Workbench.Reports;

namespace Sot.Workbench.Plugins.Reports;

/// <summary>
/// The reports plugin: registers <see cref="IClinicalDocuments"/> (SOAP notes, progress reports, referral letters,
/// FHIR R4 exports) and its Markdown, HTML and PDF <see cref="IReportFormat"/>s. Hosts reach it only through these
/// Core interfaces. Sections other plugins contribute (<see cref="IReportSectionContributor"/>) appear in visit
/// notes at their <see cref="IReportSectionContributor.Order"/> (see <see cref="ReportSectionOrder"/>). Exports are
/// recorded through the host's <see cref="IClinicalDocumentAudit"/>, or else the record store's audit trail.
/// </summary>
public sealed class ReportsPlugin : IWorkbenchPlugin
{
    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(context);
        services.ContributeReportFormat<MarkdownFormat>();
        services.ContributeReportFormat<HtmlFormat>();
        services.ContributeReportFormat<PdfFormat>();
        services.AddSingleton(sp => new DocumentComposer(
            sp.GetServices<IReportSectionContributor>(),
            sp.GetService<IndicatorCatalogue>(),
            sp.GetService<ProcedureRegistry>()));
        services.AddSingleton<IClinicalDocuments>(sp => new ClinicalDocuments(
            sp.GetRequiredService<DocumentComposer>(),
            sp.GetServices<IReportFormat>(),
            sp.GetService<IClinicalDocumentAudit>() ?? (sp.GetService<IRecordStore>() is { } store ? new RecordStoreDocumentAudit(store) : null),
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
    }
}
