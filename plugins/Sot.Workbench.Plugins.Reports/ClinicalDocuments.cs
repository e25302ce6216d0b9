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

    public RenderedDocument VisitNote(VisitRecord visit, string format, Actor requestedBy)
    {
        ArgumentNullException.ThrowIfNull(visit);
        visit.Validate();
        var writer = Format(format);
        return Emit(ClinicalDocumentKind.VisitNote, writer, _composer.VisitNote(visit), "visit-note_" + visit.Visit.Id, visit.Patient.Id, visit.Visit.Id, requestedBy);
    }

    public RenderedDocument ProgressReport(PatientRecord record, string format, Actor requestedBy)
    {
        ArgumentNullException.ThrowIfNull(record);
        record.Validate();
        var writer = Format(format);
        return Emit(ClinicalDocumentKind.ProgressReport, writer, _composer.ProgressReport(record), "progress-report_" + record.Patient.Id, record.Patient.Id, null, requestedBy);
    }

    public RenderedDocument ReferralLetter(VisitRecord visit, string format, Actor requestedBy)
    {
        ArgumentNullException.ThrowIfNull(visit);
        visit.Validate();
        var writer = Format(format);
        return Emit(ClinicalDocumentKind.ReferralLetter, writer, _composer.ReferralLetter(visit), "referral-letter_" + visit.Visit.Id, visit.Patient.Id, visit.Visit.Id, requestedBy);
    }

    public RenderedDocument FhirVisitDocument(VisitRecord visit, Actor requestedBy)
    {
        ArgumentNullException.ThrowIfNull(visit);
        visit.Validate();
        var json = FhirExporter.Serialize(_fhir.VisitDocument(visit));
        return Record(new RenderedDocument(ClinicalDocumentKind.FhirVisitDocument, DocumentFormats.FhirJson, "application/fhir+json",
            "fhir-document_" + visit.Visit.Id + ".json", System.Text.Encoding.UTF8.GetBytes(json)), visit.Patient.Id, visit.Visit.Id, requestedBy);
    }

    public RenderedDocument FhirPatientRecord(PatientRecord record, Actor requestedBy)
    {
        ArgumentNullException.ThrowIfNull(record);
        record.Validate();
        var json = FhirExporter.Serialize(_fhir.PatientRecord(record, _time.GetUtcNow()));
        return Record(new RenderedDocument(ClinicalDocumentKind.FhirPatientRecord, DocumentFormats.FhirJson, "application/fhir+json",
            "fhir-record_" + record.Patient.Id + ".json", System.Text.Encoding.UTF8.GetBytes(json)), record.Patient.Id, null, requestedBy);
    }

    private IReportFormat Format(string format)
    {
        ArgumentNullException.ThrowIfNull(format);
        return _formats.TryGetValue(format, out var writer)
            ? writer
            : throw new ArgumentException($"Unknown document format '{format}'. Known formats: {string.Join(", ", Formats)}.", nameof(format));
    }

    private RenderedDocument Emit(ClinicalDocumentKind kind, IReportFormat writer, ReportDocument document, string baseName, Domain.PatientId patient, Domain.VisitId? visit, Actor requestedBy)
    {
        using var buffer = new MemoryStream();
        writer.Write(document, buffer);
        return Record(new RenderedDocument(kind, writer.FormatId, writer.MediaType, baseName + writer.FileExtension, buffer.ToArray()), patient, visit, requestedBy);
    }

    private RenderedDocument Record(RenderedDocument document, Domain.PatientId patient, Domain.VisitId? visit, Actor requestedBy)
    {
        var audit = _audit ?? throw new InvalidOperationException(
            $"{document.Kind} for patient {patient} was not produced: no audit trail is registered. Register an {nameof(IClinicalDocumentAudit)} (the clinical-record store provides one) so every export is recorded.");
        var hash = Convert.ToHexStringLower(SHA256.HashData(document.Content.Span));
        audit.Record(new DocumentAuditEntry(_time.GetUtcNow(), requestedBy, document.Kind, document.Format, patient, visit, hash));
        return document;
    }
}
