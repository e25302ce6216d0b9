using System.Security.Cryptography;
using Sot.Workbench.Reports;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Plugins.Reports;

/// <summary>
/// The reports plugin's <see cref="IClinicalDocuments"/>: composes the structured document, renders it in the
/// format asked for, records the export in the audit trail, then hands out the bytes.
/// </summary>
internal sealed class ClinicalDocuments : IClinicalDocuments
{
    private readonly DocumentComposer _composer;
    private readonly FhirExporter _fhir;
    private readonly Dictionary<string, IReportFormat> _formats;
    private readonly IClinicalDocumentAudit? _audit;
    private readonly TimeProvider _time;

    public ClinicalDocuments(DocumentComposer composer, IEnumerable<IReportFormat> formats, IClinicalDocumentAudit? audit, TimeProvider time)
    {
        _composer = composer;
        _fhir = new FhirExporter(composer);
        _formats = new Dictionary<string, IReportFormat>(StringComparer.Ordinal);
        foreach (var format in formats)
        {
            _formats.TryAdd(format.FormatId, format);
        }

        _audit = audit;
        _time = time;
        Formats = [.. DocumentFormats.Readable.Where(_formats.ContainsKey), .. _formats.Keys.Where(k => !DocumentFormats.Readable.Contains(k)).Order(StringComparer.Ordinal)];
    }

    public IReadOnlyList<string> Formats { get; }

    public Task<RenderedDocument> VisitNoteAsync(VisitRecord visit, string format, Actor requestedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(visit);
        visit.Validate();
        var writer = Format(format);
        return Emit(ClinicalDocumentKind.VisitNote, writer, _composer.VisitNote(visit), "visit-note_" + visit.Visit.Id, visit.Patient.Id, visit.Visit.Id, requestedBy, cancellationToken);
    }

    public Task<RenderedDocument> ProgressReportAsync(PatientRecord record, string format, Actor requestedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        record.Validate();
        var writer = Format(format);
        return Emit(ClinicalDocumentKind.ProgressReport, writer, _composer.ProgressReport(record), "progress-report_" + record.Patient.Id, record.Patient.Id, null, requestedBy, cancellationToken);
    }

    public Task<RenderedDocument> ReferralLetterAsync(VisitRecord visit, string format, Actor requestedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(visit);
        visit.Validate();
        var writer = Format(format);
        return Emit(ClinicalDocumentKind.ReferralLetter, writer, _composer.ReferralLetter(visit), "referral-letter_" + visit.Visit.Id, visit.Patient.Id, visit.Visit.Id, requestedBy, cancellationToken);
    }

    public Task<RenderedDocument> FhirVisitDocumentAsync(VisitRecord visit, Actor requestedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(visit);
        visit.Validate();
        var json = FhirExporter.Serialize(_fhir.VisitDocument(visit));
        return Record(new RenderedDocument(ClinicalDocumentKind.FhirVisitDocument, DocumentFormats.FhirJson, "application/fhir+json",
            "fhir-document_" + visit.Visit.Id + ".json", json), visit.Patient.Id, visit.Visit.Id, requestedBy, cancellationToken);
    }

    public Task<RenderedDocument> FhirPatientRecordAsync(PatientRecord record, Actor requestedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        record.Validate();
        var json = FhirExporter.Serialize(_fhir.PatientRecord(record, _time.GetUtcNow()));
        return Record(new RenderedDocument(ClinicalDocumentKind.FhirPatientRecord, DocumentFormats.FhirJson, "application/fhir+json",
            "fhir-record_" + record.Patient.Id + ".json", json), record.Patient.Id, null, requestedBy, cancellationToken);
    }

    private IReportFormat Format(string format)
    {
        ArgumentNullException.ThrowIfNull(format);
        return _formats.TryGetValue(format, out var writer)
            ? writer
            : throw new ArgumentException($"Unknown document format '{format}'. Known formats: {string.Join(", ", Formats)}.", nameof(format));
    }

    private Task<RenderedDocument> Emit(ClinicalDocumentKind kind, IReportFormat writer, ReportDocument document, string baseName, Domain.PatientId patient, Domain.VisitId? visit, Actor requestedBy, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        writer.Write(document, buffer);
        return Record(new RenderedDocument(kind, writer.FormatId, writer.MediaType, baseName + writer.FileExtension, buffer.ToArray()), patient, visit, requestedBy, cancellationToken);
    }

    private async Task<RenderedDocument> Record(RenderedDocument document, Domain.PatientId patient, Domain.VisitId? visit, Actor requestedBy, CancellationToken cancellationToken)
    {
        var audit = _audit ?? throw new InvalidOperationException(
            $"{document.Kind} for patient {patient} was not produced: no audit trail is registered. Register an {nameof(IClinicalDocumentAudit)} or an IRecordStore (the clinical-record store) so every export is recorded.");
        var hash = Convert.ToHexStringLower(SHA256.HashData(document.Content.Span));
        await audit.RecordAsync(new DocumentAuditEntry(_time.GetUtcNow(), requestedBy, document.Kind, document.Format, patient, visit, hash), cancellationToken).ConfigureAwait(false);
        return document;
    }
}
