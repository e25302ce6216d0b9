using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Plugins;
using Sot.Workbench.Procedures;
using Sot.Workbench.Records;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Hosting;

/// <summary>Wraps a plugin's contributions so that one that throws at run time is isolated, logged and reported with the plugin id.</summary>
internal static class ContributionIsolation
{
    public const string RuleKind = "analysis rule";
    public const string SectionKind = "report section";
    public const string IndicatorKind = "indicator source";
    public const string ProcedureKind = "procedure source";
    public const string FormatKind = "report format";
    public const string ObserverKind = "visit lifecycle observer";

    public static void WrapNewRegistrations(IServiceCollection services, ServiceDescriptor[] before, string pluginId)
    {
        var old = new HashSet<ServiceDescriptor>(before, ReferenceEqualityComparer.Instance);
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (old.Contains(descriptor) || descriptor.IsKeyedService)
            {
                continue;
            }

            Func<IServiceProvider, object, object>? wrap = descriptor.ServiceType switch
            {
                var t when t == typeof(IAnalysisRule) => (sp, o) => new PluginAnalysisRule((IAnalysisRule)o, pluginId, Sink(sp)),
                var t when t == typeof(IReportSectionContributor) => (sp, o) => new PluginReportSection((IReportSectionContributor)o, pluginId, Sink(sp)),
                var t when t == typeof(IIndicatorSource) => (sp, o) => new PluginIndicatorSource((IIndicatorSource)o, pluginId, Sink(sp)),
                var t when t == typeof(IProcedureSource) => (sp, o) => new PluginProcedureSource((IProcedureSource)o, pluginId, Sink(sp)),
                var t when t == typeof(IReportFormat) => (sp, o) => new PluginReportFormat((IReportFormat)o, pluginId, Sink(sp)),
                var t when t == typeof(IVisitLifecycleObserver) => (sp, o) => new PluginLifecycleObserver((IVisitLifecycleObserver)o, pluginId, Sink(sp)),
                _ => null,
            };
            if (wrap is not null)
            {
                services[i] = Wrap(descriptor, wrap);
            }
        }
    }

    private static FaultSink Sink(IServiceProvider services) => services.GetRequiredService<FaultSink>();

    private static ServiceDescriptor Wrap(ServiceDescriptor d, Func<IServiceProvider, object, object> wrap)
    {
        if (d.ImplementationInstance is { } instance)
        {
            return new ServiceDescriptor(d.ServiceType, sp => wrap(sp, instance), d.Lifetime);
        }

        if (d.ImplementationFactory is { } factory)
        {
            return new ServiceDescriptor(d.ServiceType, sp => wrap(sp, factory(sp)), d.Lifetime);
        }

        var type = d.ImplementationType!;
        return new ServiceDescriptor(d.ServiceType, sp => wrap(sp, ActivatorUtilities.CreateInstance(sp, type)), d.Lifetime);
    }
}

/// <summary>Where isolated failures go: the log (with the plugin id) and the catalog's fault list.</summary>
internal sealed class FaultSink(PluginCatalog catalog, ILogger<PluginCatalog> logger)
{
    public void Failed(string pluginId, string kind, string contributionId, Exception exception)
    {
        Log.ContributionFailed(logger, pluginId, kind, contributionId, exception.GetType().Name, exception);
        catalog.AddFault(new PluginFault(pluginId, kind, contributionId, exception.GetType().Name));
    }

    /// <summary>A contribution left out at composition (a conflict or a malformed definition); <paramref name="problem"/> names both sources of a conflict.</summary>
    public void Rejected(string pluginId, string kind, string contributionId, string problem, Exception? exception = null)
    {
        Log.ContributionRejected(logger, pluginId, kind, contributionId, problem);
        catalog.AddFault(new PluginFault(pluginId, kind, contributionId, exception?.GetType().Name ?? PluginFault.NoException) { Reason = problem });
    }

    /// <summary>A lifecycle observer the host registered itself (no plugin) threw.</summary>
    public void HostObserverFailed(string observer, VisitTransition transition, Exception exception) =>
        Log.HostObserverFailed(logger, observer, exception.GetType().Name, StreamId.For(transition.VisitId).Value, transition.Version, exception);
}

/// <summary>A plugin's rule: a failure is logged and recorded with the plugin id, then rethrown so the analysis reports it too.</summary>
internal sealed class PluginAnalysisRule(IAnalysisRule inner, string pluginId, FaultSink sink) : IAnalysisRule, IPluginContribution
{
    public string PluginId { get; } = pluginId;

    public string Id => inner.Id;

    public string RuleSet => inner.RuleSet;

    public AnalysisStage Stage => inner.Stage;

    public Provenance Provenance => inner.Provenance;

    public void Evaluate(AnalysisContext context)
    {
        try
        {
            inner.Evaluate(context);
        }
        catch (Exception ex)
        {
            sink.Failed(PluginId, ContributionIsolation.RuleKind, inner.Id, ex);
            throw;
        }
    }
}

/// <summary>A plugin's report section: a failure is replaced by a notice naming the plugin.</summary>
internal sealed class PluginReportSection(IReportSectionContributor inner, string pluginId, FaultSink sink) : IReportSectionContributor, IPluginContribution
{
    public string PluginId { get; } = pluginId;

    public string SectionId => inner.SectionId;

    public int Order => inner.Order;

    public ReportSection? Build(ReportContext context)
    {
        try
        {
            return inner.Build(context) is { } section ? section with { Source = PluginId } : null;
        }
#pragma warning disable CA1031 // a faulty plugin section must not take the report down
        catch (Exception ex)
#pragma warning restore CA1031
        {
            sink.Failed(PluginId, ContributionIsolation.SectionKind, inner.SectionId, ex);
            return new ReportSection($"Section unavailable: {inner.SectionId}")
            {
                Paragraphs = [$"The plugin '{PluginId}' could not produce this section ({ex.GetType().Name}). The rest of the report is complete."],
                Source = PluginId,
            };
        }
    }
}

/// <summary>A plugin's indicator source: definitions are read once; a source that throws contributes nothing.</summary>
internal sealed class PluginIndicatorSource(IIndicatorSource inner, string pluginId, FaultSink sink) : IIndicatorSource, IPluginContribution
{
    private IndicatorDefinition[]? _definitions;

    public string PluginId { get; } = pluginId;

    public string SourceName => PluginId;

    public IEnumerable<IndicatorDefinition> GetIndicators()
    {
        if (_definitions is null)
        {
            try
            {
                _definitions = inner.GetIndicators().ToArray();
            }
#pragma warning disable CA1031 // a faulty plugin source must not take the catalogue down
            catch (Exception ex)
#pragma warning restore CA1031
            {
                sink.Failed(PluginId, ContributionIsolation.IndicatorKind, inner.GetType().Name, ex);
                _definitions = [];
            }
        }

        return _definitions;
    }
}

/// <summary>A plugin's procedure source: definitions are read once; a source that throws contributes nothing.</summary>
internal sealed class PluginProcedureSource(IProcedureSource inner, string pluginId, FaultSink sink) : IProcedureSource, IPluginContribution
{
    private ProcedureDefinition[]? _definitions;

    public string PluginId { get; } = pluginId;

    public string SourceName => PluginId;

    public IEnumerable<ProcedureDefinition> GetProcedures()
    {
        if (_definitions is null)
        {
            try
            {
                _definitions = inner.GetProcedures().ToArray();
            }
#pragma warning disable CA1031 // a faulty plugin source must not take the procedure registry down
            catch (Exception ex)
#pragma warning restore CA1031
            {
                sink.Failed(PluginId, ContributionIsolation.ProcedureKind, inner.GetType().Name, ex);
                _definitions = [];
            }
        }

        return _definitions;
    }
}

/// <summary>A plugin's report format: a failure while writing is logged and recorded with the plugin id, then rethrown so the caller knows the output is incomplete.</summary>
internal sealed class PluginReportFormat(IReportFormat inner, string pluginId, FaultSink sink) : IReportFormat, IPluginContribution
{
    public string PluginId { get; } = pluginId;

    public string FormatId => inner.FormatId;

    public string MediaType => inner.MediaType;

    public string FileExtension => inner.FileExtension;

    public void Write(ReportDocument document, Stream output)
    {
        try
        {
            inner.Write(document, output);
        }
        catch (Exception ex)
        {
            sink.Failed(PluginId, ContributionIsolation.FormatKind, SafeFormatId(), ex);
            throw;
        }
    }

    private string SafeFormatId()
    {
        try
        {
            return inner.FormatId ?? "?";
        }
#pragma warning disable CA1031 // only used to name the format in a log line
        catch (Exception)
#pragma warning restore CA1031
        {
            return "?";
        }
    }
}

/// <summary>A plugin's lifecycle observer: a failure is logged and recorded with the plugin id; the transition stays stored and the other observers are still called.</summary>
internal sealed class PluginLifecycleObserver(IVisitLifecycleObserver inner, string pluginId, FaultSink sink) : IVisitLifecycleObserver, IPluginContribution
{
    public string PluginId { get; } = pluginId;

    public async ValueTask OnTransitionStoredAsync(VisitTransition transition, CancellationToken cancellationToken)
    {
        try
        {
            await inner.OnTransitionStoredAsync(transition, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // a faulty plugin observer must not affect the visit or the other observers
        catch (Exception ex)
#pragma warning restore CA1031
        {
            sink.Failed(PluginId, ContributionIsolation.ObserverKind, inner.GetType().Name, ex);
        }
    }
}

/// <summary>Calls every registered lifecycle observer in order, each isolated from the others.</summary>
internal sealed class VisitLifecycleNotifier(IEnumerable<IVisitLifecycleObserver> observers, FaultSink sink) : IVisitLifecycleNotifier
{
    private readonly IVisitLifecycleObserver[] _observers = observers.ToArray();

    public async ValueTask NotifyAsync(VisitTransition transition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transition);
        foreach (var observer in _observers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await observer.OnTransitionStoredAsync(transition, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // one failing observer must not keep the others from being told
            catch (Exception ex)
#pragma warning restore CA1031
            {
                sink.HostObserverFailed(observer.GetType().Name, transition, ex);
            }
        }
    }
}
