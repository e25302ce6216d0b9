using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sot.Workbench.Analysis;
using Sot.Workbench.CarePlans;
using Sot.Workbench.Domain;
using Sot.Workbench.Patients;
using Sot.Workbench.Records;
using Sot.Workbench.Reports;
using Sot.Workbench.Workflow;
using AdministrativeRecord = Sot.Workbench.Patients.PatientRecord;
using ReportPatientRecord = Sot.Workbench.Reports.PatientRecord;

namespace Sot.Workbench.Cli.Records;

/// <summary>
/// The console's read side of the clinical record: every read goes through the application services a host uses
/// (and so is audited), visits are rebuilt from their events, analysis is re-run with the composed analyzer.
/// </summary>
internal sealed class ClinicRecord(WorkbenchSession session)
{
    /// <summary>The practitioner id the console acts as when <c>Workbench:Console:PractitionerId</c> is not set.</summary>
    public static readonly PractitionerId DefaultConsoleUser = new(new Guid("5c0e5c0e-0000-4000-8000-000000000001"));

    private readonly PatientRecordService _patients = session.Services.GetRequiredService<PatientRecordService>();
    private readonly VisitRecordService _visits = session.Services.GetRequiredService<VisitRecordService>();

    /// <summary>Who the console acts as (audited): <c>Workbench:Console:PractitionerId</c>, a practitioner.</summary>
    public Actor Actor { get; } = new(ConsoleUser(session.Configuration), ActorRole.Practitioner);

    public PatientRecordService Patients => _patients;

    public IClinicalDocuments Documents =>
        session.Services.GetService<IClinicalDocuments>()
        ?? throw new CliException("reports need the reports plugin (sot.reports): it is not active; see 'plugins' for the reason.", ExitCodes.Configuration);

    public static PatientId ParsePatient(string text) => Parse(text, PatientId.Parse, "patient");

    public static VisitId ParseVisit(string text) => Parse(text, VisitId.Parse, "visit");

    /// <summary>The visit with the patient's details and the analysis of its findings.</summary>
    public async Task<VisitRecord> LoadVisitAsync(VisitId id, CancellationToken cancellationToken)
    {
        Visit visit;
        try
        {
            visit = await _visits.LoadAsync(id, Actor, cancellationToken).ConfigureAwait(false);
        }
        catch (RecordNotFoundException)
        {
            throw new CliException($"no visit {id} in the record.", ExitCodes.InvalidInput);
        }

        var patient = await LoadPatientAsync(visit.Patient, cancellationToken).ConfigureAwait(false);
        return ToVisitRecord(visit, patient.Details);
    }

    /// <summary>The patient's administrative record.</summary>
    public async Task<AdministrativeRecord> LoadPatientAsync(PatientId id, CancellationToken cancellationToken)
    {
        try
        {
            return await _patients.LoadAsync(id, Actor, cancellationToken).ConfigureAwait(false);
        }
        catch (RecordNotFoundException)
        {
            throw new CliException($"no patient {id} in the record.", ExitCodes.InvalidInput);
        }
    }

    /// <summary>The patient's whole record (one query), rebuilt: details, visits (oldest first), care plan.</summary>
    public async Task<ReportPatientRecord> LoadWholeRecordAsync(PatientId id, CancellationToken cancellationToken)
    {
        var history = await _patients.ReadHistoryAsync(id, Actor, cancellationToken).ConfigureAwait(false);
        var firstError = history.Errors.FirstOrDefault();
        if (firstError is not null)
        {
            throw new CliException($"the record of patient {id} cannot be read: {firstError}", ExitCodes.InvalidInput);
        }

        var patientEvents = history.Events.Select(e => e.Event).OfType<PatientEvent>().ToArray();
        if (patientEvents.Length == 0)
        {
            throw new CliException($"no patient {id} in the record.", ExitCodes.InvalidInput);
        }

        var time = session.Services.GetRequiredService<TimeProvider>();
        var details = AdministrativeRecord.FromEvents(patientEvents, time).Details;
        var visits = history.Events.Select(e => e.Event).OfType<VisitEvent>()
            .GroupBy(e => e.VisitId)
            .Select(g => Visit.FromEvents(g.OrderBy(e => e.Version)))
            .OrderBy(v => v.Events[0].At)
            .Select(v => ToVisitRecord(v, details))
            .ToArray();
        var plan = history.Events.Select(e => e.Event).OfType<CarePlanEvent>()
            .GroupBy(e => e.PlanId)
            .Select(g => CarePlan.FromEvents(g.OrderBy(e => e.Version), time))
            .LastOrDefault();
        return new ReportPatientRecord(details, visits) { CarePlan = plan };
    }

    private VisitRecord ToVisitRecord(Visit visit, Patient patient)
    {
        AnalysisResult? analysis = visit.Findings.Count == 0 ? null : session.Analyzer.Analyze(new AnalysisInput(visit.Findings));
        return new VisitRecord(visit, patient, []) { Analysis = analysis };
    }

    private static PractitionerId ConsoleUser(IConfiguration configuration)
    {
        var text = configuration["Workbench:Console:PractitionerId"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultConsoleUser;
        }

        try
        {
            return PractitionerId.Parse(text.Trim());
        }
        catch (FormatException ex)
        {
            throw new CliException($"Workbench:Console:PractitionerId: {ex.Message}", ExitCodes.Configuration);
        }
    }

    private static T Parse<T>(string text, Func<string, T> parse, string what)
    {
        try
        {
            return parse(text.Trim());
        }
        catch (FormatException ex)
        {
            throw new CliException(ex.Message, ExitCodes.Usage);
        }
        catch (ArgumentException)
        {
            throw new CliException(string.Create(CultureInfo.InvariantCulture, $"'{text}' is not a valid {what} id."), ExitCodes.Usage);
        }
    }
}
