using Sot.Workbench.Domain;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Patients;

/// <summary>An event of a patient's administrative record: who (<see cref="Actor"/>), when, what.</summary>
/// <param name="PatientId">The patient.</param>
/// <param name="Version">The event's position in the patient's stream, from 1.</param>
/// <param name="At">When it was recorded (from a <see cref="TimeProvider"/>).</param>
/// <param name="Actor">Who recorded it.</param>
public abstract record PatientEvent(PatientId PatientId, int Version, DateTimeOffset At, Actor Actor)
{
    /// <summary>Only ids and the event kind: events carry patient data.</summary>
    public override string ToString() => $"{GetType().Name} {PatientId} v{Version}";
}

/// <summary>The patient was registered with these details (patient data).</summary>
/// <param name="PatientId">The patient.</param>
/// <param name="Version">Always 1.</param>
/// <param name="At">When.</param>
/// <param name="Actor">Who registered the patient.</param>
/// <param name="GivenName">Given name(s).</param>
/// <param name="FamilyName">Family name.</param>
/// <param name="DateOfBirth">Date of birth.</param>
/// <param name="Sex">Administrative sex.</param>
public sealed record PatientRegistered(PatientId PatientId, int Version, DateTimeOffset At, Actor Actor, string GivenName, string FamilyName, DateOnly DateOfBirth, AdministrativeSex Sex)
    : PatientEvent(PatientId, Version, At, Actor)
{
    /// <inheritdoc />
    public override string ToString() => base.ToString();
}

/// <summary>The patient's details were corrected; the earlier details stay in the record.</summary>
/// <param name="PatientId">The patient.</param>
/// <param name="Version">The event's version.</param>
/// <param name="At">When.</param>
/// <param name="Actor">Who corrected them.</param>
/// <param name="GivenName">Corrected given name(s).</param>
/// <param name="FamilyName">Corrected family name.</param>
/// <param name="DateOfBirth">Corrected date of birth.</param>
/// <param name="Sex">Corrected administrative sex.</param>
/// <param name="Reason">Why (record content).</param>
public sealed record PatientDetailsCorrected(PatientId PatientId, int Version, DateTimeOffset At, Actor Actor, string GivenName, string FamilyName, DateOnly DateOfBirth, AdministrativeSex Sex, string Reason)
    : PatientEvent(PatientId, Version, At, Actor)
{
    /// <inheritdoc />
    public override string ToString() => base.ToString();
}

/// <summary>The registration was a mistake (e.g. a duplicate). Nothing is deleted; the record is closed.</summary>
/// <param name="PatientId">The patient.</param>
/// <param name="Version">The event's version.</param>
/// <param name="At">When.</param>
/// <param name="Actor">Who marked it.</param>
/// <param name="Reason">Why (record content).</param>
public sealed record PatientMarkedEnteredInError(PatientId PatientId, int Version, DateTimeOffset At, Actor Actor, string Reason)
    : PatientEvent(PatientId, Version, At, Actor)
{
    /// <inheritdoc />
    public override string ToString() => base.ToString();
}

/// <summary>A patient command was rejected (the record is closed, or the data breaks a rule). Names ids and the rule only.</summary>
public sealed class PatientCommandRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PatientCommandRejectedException(PatientId patientId, string rule)
        : base($"Patient {patientId}: {rule}")
    {
        PatientId = patientId;
        Rule = rule;
    }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public PatientCommandRejectedException() : this("Patient command rejected.") { }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public PatientCommandRejectedException(string message) : base(message) { Rule = message; }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public PatientCommandRejectedException(string message, Exception innerException) : base(message, innerException) { Rule = message; }

    /// <summary>The patient.</summary>
    public PatientId PatientId { get; }

    /// <summary>The rule broken (no patient data).</summary>
    public string Rule { get; } = string.Empty;
}
