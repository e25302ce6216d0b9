using Microsoft.Extensions.DependencyInjection;
using Sot.Workbench.Analysis;
using Sot.Workbench.CarePlans;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Procedures;
using Sot.Workbench.Protocols;
using Sot.Workbench.Questionnaires;
using Sot.Workbench.Records;
using Sot.Workbench.Reports;
using Sot.Workbench.Safety;
using Sot.Workbench.Testing;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Cli.Demo;

/// <summary>The demo's settings.</summary>
internal sealed record DemoSettings(int Seed, int Patients, int Days, int Practitioners, string OutputFolder);

/// <summary>
/// A seeded clinic: patients registered with care plans, visits over the days walked through the real workflow, every
/// command through the application services a host uses (<see cref="PatientRecordService"/>,
/// <see cref="CarePlanRecordService"/>, <see cref="VisitRecordService"/>), reports for the last day.
/// </summary>
internal sealed class ClinicSimulation
{
    /// <summary>The simulated clinic's first day (a Monday).</summary>
    public static readonly DateTimeOffset FirstDay = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    private static readonly string[] Complaints =
        ["Low back pain", "Neck pain and stiffness", "Pelvic pain after lifting", "Headache with neck stiffness", "Jaw clicking and pain", "Sciatica-like leg pain"];

    private static readonly string[] CancelReasons = ["Patient rang to cancel: unwell.", "Rescheduled at the patient's request.", "Clinic closed for training."];

    private static readonly string[] Addenda =
        ["Patient phoned: soreness settled the next morning.", "Late entry: home-care sheet given.", "Late entry: heel lift discussed and declined."];

    private readonly DemoSettings _settings;
    private readonly DemoClock _clock;
    private readonly SotFakers _fakers;
    private readonly PatientRecordService _patients;
    private readonly CarePlanRecordService _plans;
    private readonly VisitRecordService _visits;
    private readonly CategoryAnalyzer _analyzer;
    private readonly IndicatorCatalogue _catalogue;
    private readonly ProcedureRegistry _procedures;
    private readonly IClinicalDocuments? _documents;
    private readonly BlockProtocolSet _protocols = BlockProtocolSet.Defaults;
    private readonly ProcedureDefinition[] _pluginProcedures;
    private readonly ConsentScope[] _optionalScopes;
    private readonly List<Practitioner> _practitioners = [];
    private readonly List<ClinicPatient> _clinicPatients = [];
    private readonly Actor _desk;
    private AnalysisResult? _lastAnalysis;
    private TimeSpan _registrationStep;

    public ClinicSimulation(WorkbenchSession session, DemoClock clock, DemoSettings settings)
    {
        _settings = settings;
        _clock = clock;
        var services = session.Services;
        _catalogue = session.Catalogue;
        _fakers = new SotFakers(settings.Seed, _catalogue);
        _patients = services.GetRequiredService<PatientRecordService>();
        _plans = services.GetRequiredService<CarePlanRecordService>();
        _visits = services.GetRequiredService<VisitRecordService>();
        _analyzer = session.Analyzer;
        _procedures = services.GetRequiredService<ProcedureRegistry>();
        _documents = services.GetService<IClinicalDocuments>();
        _pluginProcedures = [.. _procedures.All.Where(d => d.Kind != ProcedureKinds.Blocking)];
        _optionalScopes = [.. _pluginProcedures
            .SelectMany(d => d.RequiredScopes.Concat(d.ScopesWhen.Select(w => w.Scope)))
            .Where(s => s != ConsentScope.General && s != ConsentScope.Blocking && s != ConsentScope.Paediatric)
            .Distinct()];
        _desk = new Actor(new PractitionerId(_fakers.NextGuid()), ActorRole.FrontDesk);
    }

    public DemoSummary Summary { get; } = new();

    /// <summary>Whether reports can be written (the reports plugin is active).</summary>
    public bool WritesReports => _documents is not null;

    /// <summary>Registers the patients with their care plans, then runs every day; <paramref name="progress"/> gets (done, total) units.</summary>
    public async Task RunAsync(Action<int, int> progress, CancellationToken cancellationToken)
    {
        var total = _settings.Patients + _settings.Days;
        for (var i = 0; i < _settings.Practitioners; i++)
        {
            _practitioners.Add(_fakers.Practitioner());
        }

        // Patients are registered (with consent forms and care plans) the day before the clinic's first day.
        _clock.Now = FirstDay.AddDays(-1);
        _registrationStep = TimeSpan.FromSeconds(Math.Min(30.0, 10 * 3600.0 / _settings.Patients));
        for (var i = 0; i < _settings.Patients; i++)
        {
            await RegisterAsync(i, cancellationToken).ConfigureAwait(false);
            progress(i + 1, total);
        }

        for (var day = 0; day < _settings.Days; day++)
        {
            await RunDayAsync(day, day == _settings.Days - 1, cancellationToken).ConfigureAwait(false);
            progress(_settings.Patients + day + 1, total);
        }
    }

    private async Task RegisterAsync(int index, CancellationToken cancellationToken)
    {
        var patient = _fakers.Patient();
        var doc = Doc(index % _practitioners.Count);
        _clock.Advance(_registrationStep);
        await _patients.RegisterAsync(patient.Id, patient.GivenName, patient.FamilyName, patient.DateOfBirth, patient.Sex, _desk, cancellationToken).ConfigureAwait(false);
        var plan = new CarePlanId(_fakers.NextGuid());
        var definition = new CarePlanDefinition(patient.Id, [new CarePlanPhase(_fakers.Faker.Random.Int(2, 3), _fakers.Faker.Random.Int(2, 4)), new CarePlanPhase(1, _fakers.Faker.Random.Int(4, 8))], new ReExamSchedule(6, "ODI"));
        await _plans.CreateAsync(plan, definition, doc, cancellationToken).ConfigureAwait(false);
        await _plans.AcceptAsync(plan, doc, cancellationToken).ConfigureAwait(false);
        Summary.Commands += 3;
        Summary.Patients++;
        Summary.CarePlans++;

        // Consent: general and blocking from everyone; each plugin technique's consent from most patients.
        ConsentScope[] consent = [ConsentScope.General, ConsentScope.Blocking, .. _optionalScopes.Where(_ => _fakers.Faker.Random.Double() < 0.75)];
        _clinicPatients.Add(new ClinicPatient(patient, index % _practitioners.Count, plan, definition.Phases.Sum(p => p.VisitsPerWeek * p.Weeks), consent));
    }

    private async Task RunDayAsync(int day, bool lastDay, CancellationToken cancellationToken)
    {
        var dayStart = FirstDay.AddDays(day);
        var visitsToday = _clinicPatients.Where(_ => _fakers.Faker.Random.Double() < 0.2).ToArray();
        var slots = new int[_practitioners.Count];
        var records = new List<VisitRecord>();

        // Appointments from 09:00, every 20 minutes, closer together on busy days so that the day ends by about 18:00.
        var busiest = visitsToday.GroupBy(p => p.Practitioner).Select(g => g.Count()).DefaultIfEmpty(1).Max();
        var slot = TimeSpan.FromMinutes(Math.Clamp(540.0 / busiest, 5, 20));
        foreach (var patient in visitsToday)
        {
            var practitioner = patient.Practitioner;
            _clock.Now = dayStart.AddHours(1) + slot * slots[practitioner]++;
            var record = await VisitAsync(patient, cancellationToken).ConfigureAwait(false);
            if (lastDay)
            {
                records.Add(record);
            }
        }

        if (lastDay && _documents is not null)
        {
            await WriteReportsAsync(_documents, records, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<VisitRecord> VisitAsync(ClinicPatient patient, CancellationToken cancellationToken)
    {
        var id = new VisitId(_fakers.NextGuid());
        var practitioner = _practitioners[patient.Practitioner];
        var doc = Doc(patient.Practitioner);
        var generated = _fakers.Visit(_fakers.RandomCategory(), retest: RetestOutcome.Eased);
        var plan = patient.PlanOpen ? patient.Plan : (CarePlanId?)null;
        var work = _visits.Begin(id, new ScheduleVisit(_desk, patient.Patient.Id));
        Summary.Commands++;
        var visit = await RunVisitAsync(work, patient, generated, cancellationToken).ConfigureAwait(false);
        AnalysisResult? analysis = visit.Findings.Count == 0 ? null : _lastAnalysis;
        if (visit.State == VisitState.Signed && _fakers.Faker.Random.Double() < 0.05)
        {
            // A later addendum: a new unit of work on the stored visit.
            _clock.Advance(TimeSpan.FromHours(4));
            var later = await _visits.BeginAsync(id, cancellationToken).ConfigureAwait(false);
            visit = Do(later, new AddAddendum(doc, _fakers.Faker.PickRandom(Addenda)));
            await later.CommitAsync(cancellationToken).ConfigureAwait(false);
            Summary.Addenda++;
        }

        if (plan is { } planId && visit.TreatmentGiven)
        {
            await _plans.RecordVisitAsync(planId, id, doc, cancellationToken).ConfigureAwait(false);
            Summary.Commands++;
            patient.VisitsOnPlan++;
            if (patient.VisitsOnPlan >= patient.PlannedVisits)
            {
                await _plans.CompleteAsync(planId, null, doc, cancellationToken).ConfigureAwait(false);
                Summary.Commands++;
                patient.PlanOpen = false;
            }
        }

        foreach (var p in visit.Procedures)
        {
            DemoSummary.Count(Summary.ProceduresByKind, p.Kind);
        }

        DemoSummary.Count(Summary.VisitsByState, visit.State);
        if (visit.Referred)
        {
            Summary.Referrals++;
        }

        return new VisitRecord(visit, patient.Patient, [practitioner])
        {
            Analysis = analysis,
            HomeCare = visit.TreatmentGiven ? "Walk 20 minutes daily; avoid prolonged sitting." : null,
        };
    }

    /// <summary>The visit's day, command by command, on one loaded visit; written in one commit at the end.</summary>
    private async Task<Visit> RunVisitAsync(VisitUnitOfWork work, ClinicPatient patient, GeneratedVisit generated, CancellationToken cancellationToken)
    {
        var doc = Doc(patient.Practitioner);
        _lastAnalysis = null;
        var visit = Walk(work, patient, generated, doc);
        await work.CommitAsync(cancellationToken).ConfigureAwait(false);
        return visit;
    }

    private Visit Walk(VisitUnitOfWork work, ClinicPatient patient, GeneratedVisit generated, Actor doc)
    {
        var roll = _fakers.Faker.Random.Double();
        if (roll < 0.04)
        {
            return Do(work, new CancelVisit(_desk, _fakers.Faker.PickRandom(CancelReasons)));
        }

        if (roll < 0.08)
        {
            return Do(work, new MarkNoShow(_desk));
        }

        Do(work, new CheckIn(_desk));
        Do(work, new RecordConsent(_desk, patient.Consent));
        Do(work, new StartVisit(doc));
        var odi = _fakers.Faker.Random.Int(4, 60);
        Do(work, new RecordIntake(doc, _fakers.Faker.PickRandom(Complaints), _fakers.Faker.Random.Int(1, 8))
        {
            Questionnaires = [new QuestionnaireScore(OutcomeInstrument.Oswestry, odi, OswestryDisabilityIndex.BandFor(odi).ToString())],
        });
        var redFlag = roll < 0.10;
        Do(work, new RecordRedFlagScreen(doc, redFlag ? new RedFlagScreen([RedFlag.CaudaEquina], null) : RedFlagScreen.Clear));
        if (redFlag)
        {
            return Do(work, new DiscontinueVisit(doc, "Saddle numbness reported; sent for same-day assessment.", Referred: true));
        }

        Do(work, new BeginExamination(doc));
        Visit? visit = null;
        foreach (var finding in generated.Findings.Where(f => f.Phase == FindingPhase.InitialAnalysis))
        {
            visit = Do(work, new RecordFinding(doc, finding));
        }

        if (visit is null)
        {
            visit = Do(work, new EndVisit(doc, "No examination findings today; plan discussed."));
        }
        else
        {
            var analysis = _analyzer.Analyze(new AnalysisInput(visit.Findings));
            _lastAnalysis = analysis;
            CategoryDetermination determination;
            try
            {
                determination = CategoryDetermination.FromSuggestions(analysis);
            }
            catch (ArgumentException)
            {
                determination = CategoryDetermination.PractitionersChoice(generated.Category ?? SotCategory.I, [], "Pelvic findings dominate on palpation.");
            }

            Do(work, new DetermineCategory(doc, determination));
            SummaryCount(Summary.Categories, determination.Primary);
            Do(work, new BeginTreatment(doc));
            var shortLeg = generated.ShortLegSide.IsSingle() ? generated.ShortLegSide : Side.Right;
            var blocking = _protocols.Plan(determination.Primary, shortLeg);
            var minutes = _fakers.Faker.Random.Int(blocking.SuggestedMinutes.Minimum, blocking.SuggestedMinutes.Maximum);
            Do(work, new RecordProcedure(doc, BlockingRecord.Create(blocking.Placements, blocking.Protocol.Breath, minutes, blocking.Protocol.Adjuncts, _procedures)));

            // Most visits add one or two techniques of the active plugins (CMRT, cranial, TMJ) that the patient consented to.
            var techniques = _pluginProcedures.Length == 0 ? 0 : _fakers.Faker.Random.WeightedRandom([0, 1, 2], [0.35f, 0.45f, 0.2f]);
            foreach (var definition in _fakers.Faker.PickRandom(_pluginProcedures, techniques))
            {
                if (PluginProcedure(definition, patient.Consent) is { } procedure)
                {
                    Do(work, new RecordProcedure(doc, procedure));
                }
            }

            var retests = generated.Findings.Where(f => f.Phase == FindingPhase.Reassessment).ToList();
            retests.Add(_catalogue.CreateFinding(IndicatorCodes.HeelTension, AnalysisPosition.Prone, shortLeg, FindingPhase.Reassessment, new GradeValue("grade", Grade.None)));
            Do(work, new Reassess(doc, retests));
            visit = Do(work, new EndVisit(doc));
        }

        return _fakers.Faker.Random.Double() < 0.95 ? Do(work, new SignNote(doc)) : visit;
    }

    private RecordedProcedure? PluginProcedure(ProcedureDefinition definition, IReadOnlyList<ConsentScope> consent)
    {
        RecordedProcedure procedure;
        try
        {
            procedure = _procedures.Create(definition.Kind, [.. definition.Values.Select(_fakers.Draw)]);
        }
        catch (ProcedureValidationException)
        {
            return null;
        }

        return procedure.Scopes.All(consent.Contains) ? procedure : null;
    }

    private Visit Do(VisitUnitOfWork work, VisitCommand command)
    {
        _clock.Advance(TimeSpan.FromSeconds(10));
        Summary.Commands++;
        return work.Execute(command);
    }

    private async Task WriteReportsAsync(IClinicalDocuments documents, List<VisitRecord> records, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_settings.OutputFolder);
        var reader = Doc(0);
        foreach (var record in records)
        {
            if (record.Visit.State is VisitState.Cancelled or VisitState.NoShow)
            {
                continue;
            }

            foreach (var format in DocumentFormats.Readable)
            {
                await WriteAsync(await documents.VisitNoteAsync(record, format, reader, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                if (record.Visit.Referred)
                {
                    await WriteAsync(await documents.ReferralLetterAsync(record, format, reader, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                }
            }

            if (record.Visit.Signer is not null)
            {
                await WriteAsync(await documents.FhirVisitDocumentAsync(record, reader, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task WriteAsync(RenderedDocument document, CancellationToken cancellationToken)
    {
        await File.WriteAllBytesAsync(Path.Combine(_settings.OutputFolder, document.FileName), document.Content.ToArray(), cancellationToken).ConfigureAwait(false);
        DemoSummary.Count(Summary.ReportsByFormat, document.Format);
    }

    private Actor Doc(int practitioner) => new(_practitioners[practitioner].Id, ActorRole.Practitioner);

    private static void SummaryCount(Dictionary<SotCategory, int> counts, SotCategory category) => DemoSummary.Count(counts, category);

    private sealed class ClinicPatient(Patient patient, int practitioner, CarePlanId plan, int plannedVisits, IReadOnlyList<ConsentScope> consent)
    {
        public Patient Patient { get; } = patient;

        public int Practitioner { get; } = practitioner;

        public CarePlanId Plan { get; } = plan;

        public int PlannedVisits { get; } = plannedVisits;

        public IReadOnlyList<ConsentScope> Consent { get; } = consent;

        public bool PlanOpen { get; set; } = true;

        public int VisitsOnPlan { get; set; }
    }
}
