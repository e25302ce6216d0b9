using Sot.Workbench.Analysis;
using Sot.Workbench.CarePlans;
using Sot.Workbench.Domain;
using Sot.Workbench.Records;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Reports;

/// <summary>The documents the clinic produces from the record.</summary>
public enum ClinicalDocumentKind
{
    /// <summary>The SOAP note of one visit.</summary>
    VisitNote = 0,
    /// <summary>A patient's progress across visits.</summary>
    ProgressReport = 1,
    /// <summary>A referral letter for a visit stopped by a red flag or a Category III referral trigger.</summary>
    ReferralLetter = 2,
    /// <summary>A FHIR R4 <c>document</c> Bundle of one signed visit note.</summary>
    FhirVisitDocument = 3,
    /// <summary>A FHIR R4 <c>collection</c> Bundle of a patient's whole record.</summary>
    FhirPatientRecord = 4,
}

/// <summary>The format ids every <see cref="IClinicalDocuments"/> implementation understands for readable documents.</summary>
public static class DocumentFormats
{
    /// <summary>Markdown (text/markdown).</summary>
    public const string Markdown = "markdown";

    /// <summary>Self-contained HTML with inline CSS and SVG (text/html).</summary>
    public const string Html = "html";

    /// <summary>PDF (application/pdf).</summary>
    public const string Pdf = "pdf";

    /// <summary>FHIR R4 JSON (application/fhir+json); the format of the FHIR exports.</summary>
    public const string FhirJson = "fhir+json";

    /// <summary>The readable formats, in the order hosts should offer them.</summary>
    public static IReadOnlyList<string> Readable { get; } = [Markdown, Html, Pdf];
}

/// <summary>
/// One visit as the documents need it: the visit aggregate (rebuilt from its events), the patient, the
/// practitioners it names (to show names on signatures), and the analysis run for it, if any.
/// </summary>
/// <param name="Visit">The visit.</param>
/// <param name="Patient">The patient; its id must be the visit's patient.</param>
/// <param name="Practitioners">Practitioners named by the visit (responsible practitioner, signer, addendum authors). A missing one is shown by id.</param>
public sealed record VisitRecord(Visit Visit, Patient Patient, IReadOnlyList<Practitioner> Practitioners)
{
    /// <summary>The category analysis run for the visit, if any (its suggestions are shown as protocol suggestions).</summary>
    public AnalysisResult? Analysis { get; init; }

    /// <summary>Home-care advice given (record content), if any.</summary>
    public string? HomeCare { get; init; }

    /// <summary>The date of the next re-examination, if one is booked.</summary>
    public DateOnly? NextReExam { get; init; }

    /// <summary>The practitioner with <paramref name="id"/>, or null.</summary>
    public Practitioner? PractitionerOf(PractitionerId? id) => id is { } value ? Practitioners.FirstOrDefault(p => p.Id == value) : null;

    /// <summary>Checks that the record is consistent.</summary>
    /// <exception cref="ArgumentException">The patient is not the visit's patient.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Visit);
        ArgumentNullException.ThrowIfNull(Patient);
        ArgumentNullException.ThrowIfNull(Practitioners);
        if (Visit.Patient != Patient.Id)
        {
            throw new ArgumentException($"Visit {Visit.Id} belongs to patient {Visit.Patient}, not to {Patient.Id}.", nameof(Patient));
        }
    }
}

/// <summary>A patient's whole record as the progress report and the FHIR collection need it.</summary>
/// <param name="Patient">The patient.</param>
/// <param name="Visits">The patient's visits, in any order (documents sort them by time).</param>
public sealed record PatientRecord(Patient Patient, IReadOnlyList<VisitRecord> Visits)
{
    /// <summary>The patient's care plan, if any (visits against the plan).</summary>
    public CarePlan? CarePlan { get; init; }

    /// <summary>Checks that every visit belongs to the patient.</summary>
    /// <exception cref="ArgumentException">A visit belongs to another patient.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Patient);
        ArgumentNullException.ThrowIfNull(Visits);
        foreach (var visit in Visits)
        {
            ArgumentNullException.ThrowIfNull(visit, nameof(Visits));
            if (visit.Patient.Id != Patient.Id)
            {
                throw new ArgumentException($"Visit {visit.Visit.Id} belongs to patient {visit.Patient.Id}, not to {Patient.Id}.", nameof(Visits));
            }

            visit.Validate();
        }
    }
}

/// <summary>A rendered document: its bytes, media type and a file name that carries ids only (never a patient's name).</summary>
/// <param name="Kind">What the document is.</param>
/// <param name="Format">The format id (see <see cref="DocumentFormats"/>).</param>
/// <param name="MediaType">The media type (e.g. "application/pdf").</param>
/// <param name="FileName">A suggested file name, e.g. "visit-note_visit_….pdf".</param>
/// <param name="Content">The bytes.</param>
public sealed record RenderedDocument(ClinicalDocumentKind Kind, string Format, string MediaType, string FileName, ReadOnlyMemory<byte> Content);

/// <summary>
/// The clinic's documents: SOAP notes, progress reports, referral letters and FHIR R4 exports. A reports plugin
/// registers the implementation into DI; hosts resolve it through this interface (they never see the plugin's
/// types). Every call records one entry in the <see cref="IClinicalDocumentAudit"/> before it returns the bytes;
/// when no audit trail is registered, nothing is rendered. Rendering is synchronous work; only the audit write is
/// awaited.
/// </summary>
public interface IClinicalDocuments
{
    /// <summary>The readable format ids supported (see <see cref="DocumentFormats"/>).</summary>
    IReadOnlyList<string> Formats { get; }

    /// <summary>The visit's SOAP note. An unsigned visit is marked DRAFT; addenda follow the original.</summary>
    /// <exception cref="ArgumentException">Unknown format, or the record is inconsistent.</exception>
    Task<RenderedDocument> VisitNoteAsync(VisitRecord visit, string format, Actor requestedBy, CancellationToken cancellationToken = default);

    /// <summary>The patient's progress across visits: scores and pain over time, category history, visits against the care plan.</summary>
    /// <exception cref="ArgumentException">Unknown format, or the record is inconsistent.</exception>
    Task<RenderedDocument> ProgressReportAsync(PatientRecord record, string format, Actor requestedBy, CancellationToken cancellationToken = default);

    /// <summary>A referral letter for a visit stopped by a red flag or a Category III referral trigger.</summary>
    /// <exception cref="ArgumentException">Unknown format, or the record is inconsistent.</exception>
    /// <exception cref="DocumentNotAvailableException">The visit has no red flag or referral trigger.</exception>
    Task<RenderedDocument> ReferralLetterAsync(VisitRecord visit, string format, Actor requestedBy, CancellationToken cancellationToken = default);

    /// <summary>A FHIR R4 <c>document</c> Bundle (Composition first) for one signed visit.</summary>
    /// <exception cref="DocumentNotAvailableException">The visit's note is not signed.</exception>
    Task<RenderedDocument> FhirVisitDocumentAsync(VisitRecord visit, Actor requestedBy, CancellationToken cancellationToken = default);

    /// <summary>A FHIR R4 <c>collection</c> Bundle of the patient's whole record.</summary>
    /// <exception cref="ArgumentException">The record is inconsistent.</exception>
    Task<RenderedDocument> FhirPatientRecordAsync(PatientRecord record, Actor requestedBy, CancellationToken cancellationToken = default);
}

/// <summary>A document could not be produced from this record (e.g. a FHIR document for an unsigned note). The message names ids and the rule only.</summary>
public sealed class DocumentNotAvailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DocumentNotAvailableException(ClinicalDocumentKind kind, VisitId visit, string rule)
        : base($"{kind} for visit {visit} is not available: {rule}")
    {
        Kind = kind;
        Visit = visit;
    }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public DocumentNotAvailableException() : base("The document is not available.") { }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public DocumentNotAvailableException(string message) : base(message) { }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public DocumentNotAvailableException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The document asked for.</summary>
    public ClinicalDocumentKind Kind { get; }

    /// <summary>The visit concerned.</summary>
    public VisitId Visit { get; }
}

/// <summary>
/// One export recorded in the audit trail: who, when, what (kind, format, SHA-256 of the bytes) and about whom,
/// by id only. No patient data.
/// </summary>
/// <param name="At">When the document was produced.</param>
/// <param name="Actor">Who asked for it.</param>
/// <param name="Kind">What was produced.</param>
/// <param name="Format">The format id.</param>
/// <param name="Patient">The patient the document is about.</param>
/// <param name="Visit">The visit, for one-visit documents.</param>
/// <param name="Sha256">The lower-case hex SHA-256 of the document's bytes.</param>
public sealed record DocumentAuditEntry(DateTimeOffset At, Actor Actor, ClinicalDocumentKind Kind, string Format, PatientId Patient, VisitId? Visit, string Sha256);

/// <summary>
/// Where document exports are recorded. The clinical-record store's audit trail is used through
/// <see cref="RecordStoreDocumentAudit"/> (the reports plugin does this when the host registers an
/// <see cref="IRecordStore"/> and no audit of its own); a host without either cannot export.
/// <see cref="RecordAsync"/> must be durable when it completes: a document whose export could not be recorded is
/// not handed out.
/// </summary>
public interface IClinicalDocumentAudit
{
    /// <summary>Records one export.</summary>
    Task RecordAsync(DocumentAuditEntry entry, CancellationToken cancellationToken = default);
}

/// <summary>
/// Records exports in the clinical-record store's audit trail: action <see cref="AuditActions.Export"/>, the
/// visit's stream (or the patient's), and a code-only detail <c>document=VisitNote;format=pdf;sha256=…</c>.
/// </summary>
/// <param name="store">The record store.</param>
public sealed class RecordStoreDocumentAudit(IRecordStore store) : IClinicalDocumentAudit
{
    private readonly IRecordStore _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <inheritdoc />
    public async Task RecordAsync(DocumentAuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await _store.AppendAuditAsync(ToAuditRecord(entry), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The store's audit record for <paramref name="entry"/>.</summary>
    public static AuditRecord ToAuditRecord(DocumentAuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var stream = entry.Visit is { } visit ? StreamId.For(visit) : StreamId.For(entry.Patient);
        var detail = "document=" + entry.Kind + ";format=" + entry.Format + ";sha256=" + entry.Sha256;
        return new AuditRecord(entry.At, entry.Actor.Id.ToString(), AuditActions.Export, AuditOutcome.Succeeded, entry.Patient, stream, detail);
    }
}
