using Sot.Workbench.CarePlans;
using Sot.Workbench.Domain;

namespace Sot.Workbench.Workflow;

/// <summary>
/// A domain event: one accepted command with who (the command's actor), when (from the workflow's
/// <see cref="TimeProvider"/>) and what (the command and the state change). A visit's state is derived only
/// from its events; storage appends them in order.
/// </summary>
/// <param name="VisitId">The visit.</param>
/// <param name="Version">The event's position in the visit's stream, from 1.</param>
/// <param name="At">When it was accepted.</param>
/// <param name="From">The state before.</param>
/// <param name="To">The state after (equal to <paramref name="From"/> for commands that record data and stay).</param>
/// <param name="Command">What was done, with its data.</param>
public sealed record VisitEvent(VisitId VisitId, int Version, DateTimeOffset At, VisitState From, VisitState To, VisitCommand Command)
{
    /// <summary>Who did it.</summary>
    public Actor Actor => Command.Actor;

    /// <summary>The trigger fired.</summary>
    public VisitTrigger Trigger => Command.Trigger;
}

/// <summary>A care-plan re-exam due on a visit: signing that visit needs the outcome questionnaire scored.</summary>
/// <param name="CarePlan">The care plan.</param>
/// <param name="VisitNumber">The visit's number in the plan.</param>
/// <param name="Questionnaire">The instrument that must be scored (e.g. "ODI").</param>
public sealed record ReExamRequirement(CarePlanId CarePlan, int VisitNumber, string Questionnaire);

/// <summary>An addendum to a signed note: dated, attributed, appended; the original stays as it was.</summary>
/// <param name="Author">Who wrote it.</param>
/// <param name="At">When.</param>
/// <param name="Text">The text (record content).</param>
public sealed record Addendum(PractitionerId Author, DateTimeOffset At, string Text);
