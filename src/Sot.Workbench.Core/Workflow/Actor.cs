using Sot.Workbench.Domain;

namespace Sot.Workbench.Workflow;

/// <summary>The role an actor acts in.</summary>
public enum ActorRole
{
    /// <summary>Front desk: check-in, cancellations, no-shows, consent forms. Records no clinical data.</summary>
    FrontDesk = 0,
    /// <summary>A practitioner: records clinical data.</summary>
    Practitioner = 1,
    /// <summary>A supervising practitioner: a practitioner with the privileged role (e.g. marking a signed note entered-in-error).</summary>
    SupervisingPractitioner = 2,
}

/// <summary>Who issues a command: an opaque id and the role acted in. Never a name.</summary>
/// <param name="Id">The actor's opaque id.</param>
/// <param name="Role">The role acted in.</param>
public readonly record struct Actor(PractitionerId Id, ActorRole Role)
{
    /// <summary>True for <see cref="ActorRole.Practitioner"/> and <see cref="ActorRole.SupervisingPractitioner"/>.</summary>
    public bool IsPractitioner => Role is ActorRole.Practitioner or ActorRole.SupervisingPractitioner;

    /// <summary>True for <see cref="ActorRole.SupervisingPractitioner"/>.</summary>
    public bool IsSupervising => Role == ActorRole.SupervisingPractitioner;

    /// <inheritdoc />
    public override string ToString() => $"{Id} ({Role})";
}
