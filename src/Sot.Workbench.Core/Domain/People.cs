namespace Sot.Workbench.Domain;

/// <summary>Administrative sex as recorded for the patient record (FHIR AdministrativeGender).</summary>
public enum AdministrativeSex
{
    /// <summary>Unknown.</summary>
    Unknown = 0,
    /// <summary>Female.</summary>
    Female = 1,
    /// <summary>Male.</summary>
    Male = 2,
    /// <summary>Other.</summary>
    Other = 3,
}

/// <summary>
/// A patient's identifying data. This is patient data: it never appears in logs or exception messages —
/// only <see cref="Id"/> does.
/// </summary>
/// <param name="Id">The opaque id.</param>
/// <param name="GivenName">Given name.</param>
/// <param name="FamilyName">Family name.</param>
/// <param name="DateOfBirth">Date of birth.</param>
/// <param name="Sex">Administrative sex.</param>
public sealed record Patient(PatientId Id, string GivenName, string FamilyName, DateOnly DateOfBirth, AdministrativeSex Sex)
{
    /// <summary>Age in whole years on <paramref name="onDate"/>.</summary>
    public int AgeOn(DateOnly onDate)
    {
        var age = onDate.Year - DateOfBirth.Year;
        return DateOfBirth.AddYears(age) > onDate ? age - 1 : age;
    }

    /// <summary>Only the id: records print no patient data.</summary>
    public override string ToString() => Id.ToString();
}

/// <summary>A practitioner (or other staff member) of the clinic.</summary>
/// <param name="Id">The opaque id.</param>
/// <param name="DisplayName">Name shown on notes and signatures.</param>
/// <param name="Credentials">Credentials shown after the name (e.g. "DC, CSP"), if any.</param>
public sealed record Practitioner(PractitionerId Id, string DisplayName, string? Credentials = null)
{
    /// <summary>Only the id.</summary>
    public override string ToString() => Id.ToString();
}
