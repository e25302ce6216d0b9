using Sot.Workbench.Domain;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Patients;

/// <summary>
/// A patient's administrative record: the details as registered and corrected, derived only from its events.
/// Register with <see cref="Register"/>; rebuild from storage with <see cref="FromEvents"/>.
/// </summary>
public sealed class PatientRecord
{
    /// <summary>The longest name part accepted.</summary>
    public const int MaxNameLength = 200;

    private readonly List<PatientEvent> _events = [];
    private readonly TimeProvider _time;

    private PatientRecord(PatientId id, TimeProvider time)
    {
        Id = id;
        _time = time;
    }

    /// <summary>The patient's id.</summary>
    public PatientId Id { get; }

    /// <summary>The current details.</summary>
    public Patient Details { get; private set; } = null!;

    /// <summary>True once the record was marked entered-in-error (it takes no further corrections).</summary>
    public bool EnteredInError { get; private set; }

    /// <summary>The number of events applied.</summary>
    public int Version => _events.Count;

    /// <summary>The events, in order.</summary>
    public IReadOnlyList<PatientEvent> Events => _events;

    /// <summary>Registers a patient.</summary>
    /// <exception cref="PatientCommandRejectedException">A detail breaks a rule (empty or too long name, date of birth in the future or before 1900, undefined sex).</exception>
    public static PatientRecord Register(PatientId id, string givenName, string familyName, DateOnly dateOfBirth, AdministrativeSex sex, Actor actor, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var at = time.GetUtcNow();
        Check(id, givenName, familyName, dateOfBirth, sex, at);
        var record = new PatientRecord(id, time);
        record.Apply(new PatientRegistered(id, 1, at, actor, givenName.Trim(), familyName.Trim(), dateOfBirth, sex));
        return record;
    }

    /// <summary>Rebuilds a record from its stored events.</summary>
    /// <exception cref="ArgumentException">The stream is empty, does not start with a registration, mixes patients or is out of order.</exception>
    public static PatientRecord FromEvents(IEnumerable<PatientEvent> events, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(time);
        PatientRecord? record = null;
        foreach (var e in events)
        {
            record ??= new PatientRecord(e.PatientId, time);
            record.Apply(e);
        }

        return record ?? throw new ArgumentException("A patient stream has at least one event.", nameof(events));
    }

    /// <summary>Corrects the details; the earlier details stay in the record.</summary>
    /// <exception cref="PatientCommandRejectedException">The record is closed, no reason is given, or a detail breaks a rule.</exception>
    public PatientDetailsCorrected CorrectDetails(string givenName, string familyName, DateOnly dateOfBirth, AdministrativeSex sex, string reason, Actor actor)
    {
        RequireOpen();
        RequireReason(reason);
        var at = _time.GetUtcNow();
        Check(Id, givenName, familyName, dateOfBirth, sex, at);
        var e = new PatientDetailsCorrected(Id, Version + 1, at, actor, givenName.Trim(), familyName.Trim(), dateOfBirth, sex, reason);
        Apply(e);
        return e;
    }

    /// <summary>Marks the registration entered-in-error. Nothing is deleted.</summary>
    /// <exception cref="PatientCommandRejectedException">Already marked, or no reason given.</exception>
    public PatientMarkedEnteredInError MarkEnteredInError(string reason, Actor actor)
    {
        RequireOpen();
        RequireReason(reason);
        var e = new PatientMarkedEnteredInError(Id, Version + 1, _time.GetUtcNow(), actor, reason);
        Apply(e);
        return e;
    }

    /// <summary>Only the id.</summary>
    public override string ToString() => Id.ToString();

    private void RequireOpen()
    {
        if (EnteredInError)
        {
            throw new PatientCommandRejectedException(Id, "the record is marked entered-in-error and takes no further changes.");
        }
    }

    private void RequireReason(string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new PatientCommandRejectedException(Id, "a reason is required.");
        }
    }

    private static void Check(PatientId id, string givenName, string familyName, DateOnly dateOfBirth, AdministrativeSex sex, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(givenName) || string.IsNullOrWhiteSpace(familyName))
        {
            throw new PatientCommandRejectedException(id, "given and family name are required.");
        }

        if (givenName.Trim().Length > MaxNameLength || familyName.Trim().Length > MaxNameLength)
        {
            throw new PatientCommandRejectedException(id, $"a name part has at most {MaxNameLength} characters.");
        }

        if (dateOfBirth > DateOnly.FromDateTime(now.UtcDateTime.AddDays(1)) || dateOfBirth.Year < 1900)
        {
            throw new PatientCommandRejectedException(id, "the date of birth is not in the future and not before 1900.");
        }

        if (!Enum.IsDefined(sex))
        {
            throw new PatientCommandRejectedException(id, $"administrative sex {(int)sex} is not defined.");
        }
    }

    private void Apply(PatientEvent e)
    {
        if (e.PatientId != Id || e.Version != _events.Count + 1 || (_events.Count == 0) != (e is PatientRegistered))
        {
            throw new ArgumentException($"Event {e.Version} ({e.GetType().Name}) does not follow version {_events.Count} of patient {Id}.", nameof(e));
        }

        switch (e)
        {
            case PatientRegistered r:
                Details = new Patient(Id, r.GivenName, r.FamilyName, r.DateOfBirth, r.Sex);
                break;
            case PatientDetailsCorrected c:
                Details = new Patient(Id, c.GivenName, c.FamilyName, c.DateOfBirth, c.Sex);
                break;
            case PatientMarkedEnteredInError:
                EnteredInError = true;
                break;
        }

        _events.Add(e);
    }
}
