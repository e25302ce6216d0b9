using Microsoft.Extensions.Time.Testing;
using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Procedures;
using Sot.Workbench.Protocols;
using Sot.Workbench.Questionnaires;
using Sot.Workbench.Safety;
using Sot.Workbench.Testing;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Reports.Tests;

/// <summary>How far a generated visit goes.</summary>
internal enum VisitShape
{
    /// <summary>Examined, treated, reassessed and signed.</summary>
    Signed,
    /// <summary>Like <see cref="Signed"/> but still awaiting signature.</summary>
    Draft,
    /// <summary>Signed, then two addenda by different practitioners.</summary>
    Amended,
    /// <summary>No examination findings: the visit ends without treatment and awaits signature.</summary>
    NoFindings,
    /// <summary>An absolute red flag at intake: discontinued and referred.</summary>
    RedFlag,
    /// <summary>Signed, with a Category III referral trigger recorded at intake.</summary>
    ReferralTrigger,
}

/// <summary>Seeded visits driven through the real workflow (fake clock: one minute per command), validated by the host's catalogue and registry.</summary>
internal sealed class ClinicVisits(ReportsHost host)
{
    public static readonly DateTimeOffset FirstDay = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly string[] Complaints = ["Low back pain", "Neck pain and stiffness", "Pelvic pain after lifting", "Headache with neck stiffness"];

    public VisitRecord Build(int seed, VisitShape shape, Patient? patient = null, Practitioner? practitioner = null, DateTimeOffset? start = null,
        Action<VisitWorkflow, Actor>? duringTreatment = null, Action<VisitWorkflow, Actor>? duringExamination = null)
    {
        var fakers = new SotFakers(seed, host.Indicators);
        patient ??= fakers.Patient();
        practitioner ??= fakers.Practitioner();
        var generated = fakers.Visit(fakers.RandomCategory(), retest: RetestOutcome.Eased);
        var complaint = fakers.Faker.PickRandom(Complaints);
        var pain = fakers.Faker.Random.Int(2, 8);
        var odi = fakers.Faker.Random.Int(8, 60);
        var ndi = fakers.Faker.Random.Int(4, 30);

        var time = new FakeTimeProvider(start ?? FirstDay);
        var desk = new Actor(new PractitionerId(fakers.NextGuid()), ActorRole.FrontDesk);
        var doc = new Actor(practitioner.Id, ActorRole.Practitioner);
        var wf = VisitWorkflow.Schedule(generated.Id, new ScheduleVisit(desk, patient.Id), time, host.Indicators, host.Procedures);
        void Do(VisitCommand command)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            wf.Execute(command);
        }

        Do(new CheckIn(desk));
        Do(new RecordConsent(desk, [ConsentScope.General, ConsentScope.Blocking]));
        Do(new StartVisit(doc));
        Do(new RecordIntake(doc, complaint, pain) { Questionnaires = [new QuestionnaireScore(OutcomeInstrument.Oswestry, odi, OswestryDisabilityIndex.BandFor(odi).ToString()), new QuestionnaireScore(OutcomeInstrument.NeckDisabilityIndex, ndi, NeckDisabilityIndex.BandFor(ndi).ToString())] });
        var screen = shape switch
        {
            VisitShape.RedFlag => new RedFlagScreen([RedFlag.CaudaEquina], [Precaution.Osteoporosis]),
            VisitShape.ReferralTrigger => new RedFlagScreen(null, null, [ReferralTrigger.NeuroDecline]),
            VisitShape.Amended => new RedFlagScreen(null, [Precaution.HighFearAvoidance]),
            _ => RedFlagScreen.Clear,
        };
        Do(new RecordRedFlagScreen(doc, screen));
        if (shape == VisitShape.RedFlag)
        {
            Do(new DiscontinueVisit(doc, "Saddle numbness reported; sent for same-day assessment.", Referred: true));
            return new VisitRecord(wf.Visit, patient, [practitioner]);
        }

        Do(new BeginExamination(doc));
        AnalysisResult? analysis = null;
        if (shape != VisitShape.NoFindings)
        {
            var initial = generated.Findings.Where(f => f.Phase == FindingPhase.InitialAnalysis).ToArray();
            foreach (var finding in initial)
            {
                Do(new RecordFinding(doc, finding));
            }

            duringExamination?.Invoke(wf, doc);
            analysis = host.Analyzer.Analyze(new AnalysisInput(wf.Visit.Findings));
            CategoryDetermination determination;
            try
            {
                determination = CategoryDetermination.FromSuggestions(analysis);
            }
            catch (ArgumentException)
            {
                determination = CategoryDetermination.PractitionersChoice(generated.Category ?? SotCategory.I, [], "Pelvic findings dominate on palpation.");
            }

            Do(new DetermineCategory(doc, determination));
            Do(new BeginTreatment(doc));
            var shortLeg = generated.ShortLegSide;
            Do(new RecordProcedure(doc, BlockingRecord.Create(Placements(determination.Primary, shortLeg), BreathPhase.SlowDeep, fakers.Faker.Random.Int(2, 6),
                [BlockingAdjunct.Pumping], host.Procedures)));
            duringTreatment?.Invoke(wf, doc);
            var retests = generated.Findings.Where(f => f.Phase == FindingPhase.Reassessment).ToList();
            retests.Add(host.Indicators.CreateFinding(IndicatorCodes.HeelTension, AnalysisPosition.Prone, shortLeg, FindingPhase.Reassessment, new GradeValue("grade", Grade.None)));
            Do(new Reassess(doc, retests));
            Do(new EndVisit(doc));
        }
        else
        {
            Do(new EndVisit(doc, "Patient preferred to discuss the plan first; no examination today."));
        }

        if (shape is VisitShape.Signed or VisitShape.Amended or VisitShape.ReferralTrigger)
        {
            Do(new SignNote(doc));
        }

        var practitioners = new List<Practitioner> { practitioner };
        if (shape == VisitShape.Amended)
        {
            var colleague = fakers.Practitioner();
            practitioners.Add(colleague);
            time.Advance(TimeSpan.FromDays(1));
            Do(new AddAddendum(doc, "Patient phoned: soreness settled the next morning."));
            time.Advance(TimeSpan.FromDays(1));
            Do(new AddAddendum(new Actor(colleague.Id, ActorRole.Practitioner), "Late entry: heel lift discussed and declined."));
        }

        return new VisitRecord(wf.Visit, patient, practitioners)
        {
            Analysis = analysis,
            HomeCare = shape == VisitShape.NoFindings ? null : "Walk 20 minutes daily; avoid prolonged sitting.",
            NextReExam = shape == VisitShape.NoFindings ? null : DateOnly.FromDateTime((start ?? FirstDay).UtcDateTime).AddDays(14),
        };
    }

    private static BlockPlacement[] Placements(SotCategory category, Side shortLeg) => category switch
    {
        SotCategory.I => [new BlockPlacement(shortLeg, BlockAnatomicalSite.IliacCrest, BlockOrientation.Oblique, 45m), new BlockPlacement(shortLeg.Opposite(), BlockAnatomicalSite.Acetabulum, BlockOrientation.Unspecified, null)],
        SotCategory.II => [new BlockPlacement(shortLeg, BlockAnatomicalSite.GreaterTrochanter, BlockOrientation.Level, null), new BlockPlacement(shortLeg.Opposite(), BlockAnatomicalSite.Asis, BlockOrientation.TowardOppositeShoulder, null)],
        _ => [new BlockPlacement(shortLeg, BlockAnatomicalSite.Ilium, BlockOrientation.Caudal, null)],
    };
}
