namespace Sot.Workbench.Workflow;

/// <summary>
/// A visit command was rejected: the message names the visit (by id), the state, the command and every unmet
/// guard (or that the state has no such command). Guard descriptions hold no patient data. The visit is unchanged.
/// </summary>
public sealed class VisitCommandRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public VisitCommandRejectedException(Domain.VisitId visitId, VisitState state, VisitTrigger command, IReadOnlyList<string> unmetGuards)
        : base(Describe(visitId, state, command, unmetGuards))
    {
        ArgumentNullException.ThrowIfNull(unmetGuards);
        VisitId = visitId;
        State = state;
        Command = command;
        UnmetGuards = unmetGuards;
    }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public VisitCommandRejectedException() : this("Visit command rejected.") { }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public VisitCommandRejectedException(string message) : base(message) { UnmetGuards = []; }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public VisitCommandRejectedException(string message, Exception innerException) : base(message, innerException) { UnmetGuards = []; }

    /// <summary>The visit.</summary>
    public Domain.VisitId VisitId { get; }

    /// <summary>The state the visit was (and still is) in.</summary>
    public VisitState State { get; }

    /// <summary>The command rejected.</summary>
    public VisitTrigger Command { get; }

    /// <summary>Every unmet guard's description; empty when the state has no such command.</summary>
    public IReadOnlyList<string> UnmetGuards { get; }

    /// <summary>True when the state has no transition for the command at all.</summary>
    public bool NotPermittedInState => UnmetGuards.Count == 0;

    private static string Describe(Domain.VisitId visitId, VisitState state, VisitTrigger command, IReadOnlyList<string> unmet) =>
        unmet is null || unmet.Count == 0
            ? $"Visit {visitId}: {command} is not permitted in state {state}."
            : $"Visit {visitId}: {command} rejected in state {state}; unmet: {string.Join("; ", unmet)}.";
}
