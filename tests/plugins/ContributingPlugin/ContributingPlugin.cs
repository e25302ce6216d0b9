using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Plugins;
using Sot.Workbench.Procedures;
using Sot.Workbench.Safety;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.TestPlugins;

/// <summary>
/// Contributes a procedure kind, a report format and a visit lifecycle observer. Its options (the plugin's
/// section) change them: <c>ProcedureKind</c> names the kind (default derived from the plugin id, e.g.
/// TEST-CONTRIB-PROC; "BLOCKING" collides with Core's), and <c>Throw</c> lists the contributions that throw
/// at run time ("procedures", "format", "observer").
/// </summary>
public sealed class ContributingPlugin : IWorkbenchPlugin
{
    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
        var prefix = context.Id.ToUpperInvariant().Replace('.', '-').Replace('_', '-');
        var kind = context.Configuration["ProcedureKind"] ?? prefix + "-PROC";
        var throwing = (context.Configuration["Throw"] ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        services.AddSingleton<IProcedureSource>(new Procedures(context.Id, kind, throwing.Contains("procedures")));
        services.AddSingleton<IReportFormat>(new Format(context.Id.Replace('.', '-') + "-text", throwing.Contains("format")));
        services.AddSingleton<IVisitLifecycleObserver>(new Observer(throwing.Contains("observer")));
    }

    private sealed class Procedures(string source, string kind, bool fail) : IProcedureSource
    {
        public string SourceName => source;

        public IEnumerable<ProcedureDefinition> GetProcedures() => fail
            ? throw new InvalidOperationException("broken procedure source")
            :
            [
                new(kind, "Test procedure", [new IndicatorValueSpec("minutes", IndicatorValueType.WholeNumber) { Min = 1, Max = 10 }],
                    [ConsentScope.General], Provenance.Clinic("Test plugin")),
            ];
    }

    private sealed class Format(string id, bool fail) : IReportFormat
    {
        public string FormatId => id;

        public string MediaType => "text/plain";

        public string FileExtension => ".txt";

        public void Write(ReportDocument document, Stream output)
        {
            if (fail)
            {
                throw new InvalidOperationException("broken format");
            }

            using var writer = new StreamWriter(output, leaveOpen: true);
            writer.Write(document.Title);
        }
    }

    private sealed class Observer(bool fail) : IVisitLifecycleObserver
    {
        public ValueTask OnTransitionStoredAsync(VisitTransition transition, CancellationToken cancellationToken) =>
            fail ? throw new InvalidOperationException("broken observer") : ValueTask.CompletedTask;
    }
}
