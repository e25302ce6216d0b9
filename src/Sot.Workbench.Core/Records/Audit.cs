using Sot.Workbench.Domain;

namespace Sot.Workbench.Records;

/// <summary>The outcome of an audited action.</summary>
public enum AuditOutcome
{
    /// <summary>Done.</summary>
    Succeeded = 0,
    /// <summary>Refused by a rule (e.g. a workflow guard or a version conflict); the record is unchanged.</summary>
    Rejected = 1,
    /// <summary>Failed for another reason; the record is unchanged.</summary>
    Failed = 2,
}

/// <summary>Well-known audit action names (the trail accepts others: 1–64 characters from a–z, 0–9, '.', '-', '_').</summary>
public static class AuditActions
{
    /// <summary>A record (patient, visit, care plan) was created.</summary>
    public const string Create = "create";
    /// <summary>A command changed a record (events appended).</summary>
    public const string Update = "update";
    /// <summary>A record was read (opened, loaded for display).</summary>
    public const string Read = "read";
    /// <summary>Patients were searched.</summary>
    public const string Search = "search";
    /// <summary>A note was signed.</summary>
    public const string Sign = "sign";
    /// <summary>An addendum was added to a signed note.</summary>
    public const string Amend = "amend";
    /// <summary>A record was marked entered-in-error.</summary>
    public const string EnteredInError = "entered-in-error";
    /// <summary>A record was exported (e.g. FHIR, PDF).</summary>
    public const string Export = "export";
    /// <summary>A record was printed.</summary>
    public const string Print = "print";
    /// <summary>A report over a record was viewed.</summary>
    public const string ReportView = "report-view";
    /// <summary>The store's integrity was verified.</summary>
    public const string Verify = "verify";
    /// <summary>The store was backed up.</summary>
    public const string Backup = "backup";
}

/// <summary>
/// An audit entry to append: who did what to which record and when. No patient data: ids, action names, command
/// names and outcomes only (<paramref name="Detail"/> is for such codes, e.g. <c>CheckIn</c> or <c>format=fhir-json</c>).
/// </summary>
/// <param name="At">When (from a <see cref="TimeProvider"/>).</param>
/// <param name="ActorId">Who (opaque id).</param>
/// <param name="Action">What (see <see cref="AuditActions"/>).</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Patient">The patient whose record it concerns, if any.</param>
/// <param name="Stream">The stream it concerns, if any.</param>
/// <param name="Detail">A short code-like detail (≤ 200 characters), never record content.</param>
public sealed record AuditRecord(DateTimeOffset At, string ActorId, string Action, AuditOutcome Outcome, PatientId? Patient, StreamId? Stream, string? Detail);

/// <summary>A stored audit entry.</summary>
/// <param name="Sequence">Its place in the trail, from 1.</param>
/// <param name="Record">What was recorded.</param>
public sealed record AuditEntry(long Sequence, AuditRecord Record);

/// <summary>An audit query: by patient, by actor, in a time range; unset criteria match everything.</summary>
/// <param name="Patient">Only entries about this patient.</param>
/// <param name="ActorId">Only entries by this actor.</param>
/// <param name="From">Only entries at or after this time.</param>
/// <param name="To">Only entries before this time.</param>
public sealed record AuditQuery(PatientId? Patient = null, string? ActorId = null, DateTimeOffset? From = null, DateTimeOffset? To = null);
