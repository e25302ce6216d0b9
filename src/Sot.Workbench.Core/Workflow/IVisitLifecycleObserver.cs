using Sot.Workbench.Domain;

namespace Sot.Workbench.Workflow;

/// <summary>
/// A transition after it was stored: ids, states and command only (never record content), so observers cannot
/// leak patient data by accident.
/// </summary>
/// <param name="VisitId">The visit.</param>
/// <param name="Version">The stored event's version.</param>
/// <param name="Command">The command accepted.</param>
/// <param name="From">The state before.</param>
/// <param name="To">The state after.</param>
/// <param name="Actor">Who issued it.</param>
/// <param name="At">When it was accepted.</param>
public sealed record VisitTransition(VisitId VisitId, int Version, VisitTrigger Command, VisitState From, VisitState To, Actor Actor, DateTimeOffset At)
{
    /// <summary>The transition an event describes.</summary>
    public static VisitTransition Of(VisitEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.VisitId, e.Version, e.Trigger, e.From, e.To, e.Actor, e.At);
    }
}

/// <summary>
/// Tells every registered <see cref="IVisitLifecycleObserver"/> about a stored transition. The clinical-record
/// store's application services call it once a command's events are appended (one call per event, in order).
/// Each observer is isolated: one that throws is logged and reported (with its plugin id for plugin observers)
/// and the others are still called; the stored transition is never undone. Registered by the host as a
/// singleton.
/// </summary>
public interface IVisitLifecycleNotifier
{
    /// <summary>Calls every observer, in registration order, with <paramref name="transition"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (observers not yet called are skipped).</exception>
    ValueTask NotifyAsync(VisitTransition transition, CancellationToken cancellationToken = default);
}

/// <summary>
/// Reacts after a visit transition has been stored (the host calls every registered observer, in registration
/// order, once the events are appended). Plugins register implementations through dependency injection. An
/// observer cannot veto or change the record; a failing observer does not undo the stored transition.
/// </summary>
public interface IVisitLifecycleObserver
{
    /// <summary>Called once per stored transition.</summary>
    ValueTask OnTransitionStoredAsync(VisitTransition transition, CancellationToken cancellationToken);
}
