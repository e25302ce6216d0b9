using Sot.Workbench.CarePlans;

namespace Sot.Workbench.Workflow;

/// <summary>The FHIR R4 statuses a visit state maps to.</summary>
/// <param name="Encounter">Encounter.status (R4): planned, arrived, in-progress, onleave, finished, cancelled, entered-in-error.</param>
/// <param name="Composition">The note's Composition.status (R4): preliminary, final, amended, entered-in-error; null when no note exists.</param>
public sealed record FhirVisitStatus(string Encounter, string? Composition);

/// <summary>The care plan's FHIR R4 statuses.</summary>
/// <param name="EpisodeOfCare">EpisodeOfCare.status: planned, active, onhold, finished, cancelled.</param>
/// <param name="CarePlan">CarePlan.status (RequestStatus): draft, active, on-hold, completed, revoked.</param>
public sealed record FhirCarePlanStatus(string EpisodeOfCare, string CarePlan);

/// <summary>
/// Maps workflow states to FHIR R4 status codes (plain strings: Core references no FHIR library). R4 has no
/// "clinically done, note pending" code, so <see cref="VisitState.PendingSignature"/> maps to "finished" with a
/// preliminary note; a discontinued visit is "finished" with the reason recorded.
/// </summary>
public static class FhirStatusMap
{
    /// <summary>The statuses of a visit state (superstates map like their substates).</summary>
    public static FhirVisitStatus ToFhir(this VisitState state) => state switch
    {
        VisitState.Scheduled => new("planned", null),
        VisitState.CheckedIn => new("arrived", null),
        VisitState.InProgress or VisitState.Intake or VisitState.Examination or VisitState.Treatment or VisitState.Reassessment
            => new("in-progress", "preliminary"),
        VisitState.OnHold => new("onleave", "preliminary"),
        VisitState.PendingSignature => new("finished", "preliminary"),
        VisitState.Locked or VisitState.Signed => new("finished", "final"),
        VisitState.Amended => new("finished", "amended"),
        VisitState.Cancelled => new("cancelled", null),
        VisitState.NoShow => new("cancelled", null),
        VisitState.Discontinued => new("finished", "preliminary"),
        VisitState.EnteredInError => new("entered-in-error", "entered-in-error"),
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown visit state."),
    };

    /// <summary>The statuses of a care-plan state.</summary>
    public static FhirCarePlanStatus ToFhir(this CarePlanState state) => state switch
    {
        CarePlanState.Planned => new("planned", "draft"),
        CarePlanState.Active => new("active", "active"),
        CarePlanState.OnHold => new("onhold", "on-hold"),
        CarePlanState.Finished => new("finished", "completed"),
        CarePlanState.Cancelled => new("cancelled", "revoked"),
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown care-plan state."),
    };
}
