using Microsoft.Extensions.DependencyInjection;
using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;

namespace Sot.Workbench.Plugins;

/// <summary>
/// Registers contributions through the Core contracts. Plugins use these in
/// <see cref="IWorkbenchPlugin.ConfigureServices"/>; the host registers Core's own contributions the same way
/// (<see cref="ContributeCore"/>). Contributions are singletons.
/// </summary>
public static class ContributionServiceCollectionExtensions
{
    /// <summary>Contributes indicator definitions to the catalogue.</summary>
    public static IServiceCollection ContributeIndicators<TSource>(this IServiceCollection services)
        where TSource : class, IIndicatorSource
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IIndicatorSource, TSource>();
        return services;
    }

    /// <summary>Contributes an indicator source instance to the catalogue.</summary>
    public static IServiceCollection ContributeIndicators(this IServiceCollection services, IIndicatorSource source)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(source);
        services.AddSingleton(source);
        return services;
    }

    /// <summary>Contributes an analysis rule.</summary>
    public static IServiceCollection ContributeRule<TRule>(this IServiceCollection services)
        where TRule : class, IAnalysisRule
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IAnalysisRule, TRule>();
        return services;
    }

    /// <summary>Contributes an analysis rule instance.</summary>
    public static IServiceCollection ContributeRule(this IServiceCollection services, IAnalysisRule rule)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(rule);
        services.AddSingleton(rule);
        return services;
    }

    /// <summary>Contributes a report section.</summary>
    public static IServiceCollection ContributeReportSection<TSection>(this IServiceCollection services)
        where TSection : class, IReportSectionContributor
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IReportSectionContributor, TSection>();
        return services;
    }

    /// <summary>Contributes a report format.</summary>
    public static IServiceCollection ContributeReportFormat<TFormat>(this IServiceCollection services)
        where TFormat : class, IReportFormat
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IReportFormat, TFormat>();
        return services;
    }

    /// <summary>Contributes procedure definitions (what the Treatment step can record, with the consent scopes each needs).</summary>
    public static IServiceCollection ContributeProcedures<TSource>(this IServiceCollection services)
        where TSource : class, Sot.Workbench.Procedures.IProcedureSource
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<Sot.Workbench.Procedures.IProcedureSource, TSource>();
        return services;
    }

    /// <summary>Contributes a visit lifecycle observer (called after each stored transition; see <see cref="Workflow.IVisitLifecycleNotifier"/>).</summary>
    public static IServiceCollection ContributeLifecycleObserver<TObserver>(this IServiceCollection services)
        where TObserver : class, Workflow.IVisitLifecycleObserver
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<Workflow.IVisitLifecycleObserver, TObserver>();
        return services;
    }

    /// <summary>
    /// Contributes Core's own SOT indicators (<see cref="CoreIndicators"/>) and analysis rules
    /// (<see cref="CoreRules.All"/>) and its blocking procedure (<see cref="Sot.Workbench.Procedures.CoreProcedures"/>)
    /// through the same contracts plugins use.
    /// </summary>
    public static IServiceCollection ContributeCore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.ContributeIndicators<CoreIndicators>();
        services.ContributeProcedures<Sot.Workbench.Procedures.CoreProcedures>();
        foreach (var rule in CoreRules.All)
        {
            services.ContributeRule(rule);
        }

        return services;
    }
}
