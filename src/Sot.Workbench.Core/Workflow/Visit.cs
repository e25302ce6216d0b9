using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Procedures;
using Sot.Workbench.Safety;

namespace Sot.Workbench.Workflow;

/// <summary>
/// The visit aggregate: its state and record, derived only by applying its <see cref="VisitEvent"/>s in order.
/// Change it through <see cref="VisitWorkflow"/>; rebuild it from storage with <see cref="FromEvents"/>.
/// </summary>
public sealed class Visit
{
    private readonly List<VisitEvent> _events = new(16); // a complete visit has about 16 events
    private readonly List<ConsentScope> _consent = [];
    private readonly List<Finding> _findings = [];
    private readonly List<Finding> _retests = [];
    private readonly List<RecordedProcedure> _procedures = [];
    private readonly List<QuestionnaireScore> _questionnaires = [];
    private readonly List<Addendum> _addenda = [];

    private Visit(VisitId id) => Id = id;

    /// <summary>The visit's id.</summary>
    public VisitId Id { get; }

    /// <summary>The patient's opaque id.</summary>
    public PatientId Patient { get; private set; }

    /// <summary>Whether the patient is a child (every procedure also needs the paediatric consent scope).</summary>
    public bool Paediatric { get; private set; }

    /// <summary>A care-plan re-exam due on this visit, if any.</summary>
    public ReExamRequirement? ReExam { get; private set; }

    /// <summary>The current state (always a leaf state, never a superstate).</summary>
    public VisitState State { get; private set; }

    /// <summary>The number of events applied.</summary>
    public int Version => _events.Count;

    /// <summary>The events, in order.</summary>
    public IReadOnlyList<VisitEvent> Events => _events;

    /// <summary>The responsible practitioner, set when the visit starts.</summary>
    public PractitionerId? ResponsiblePractitioner { get; private set; }

    /// <summary>The latest chief complaint recorded.</summary>
    public string? ChiefComplaint { get; private set; }

    /// <summary>The latest pain score (0–10) recorded.</summary>
    public int? PainScore { get; private set; }

    /// <summary>Questionnaire scores recorded at intake.</summary>
    public IReadOnlyList<QuestionnaireScore> Questionnaires => _questionnaires;

    /// <summary>The consent scopes on file (the union of consents recorded).</summary>
    public IReadOnlyList<ConsentScope> ConsentScopes => _consent;

    /// <summary>The latest red-flag screen, if one was recorded.</summary>
    public RedFlagScreen? RedFlagScreen { get; private set; }

    /// <summary>True when the latest red-flag screen has an absolute red flag: only discontinue (refer) is allowed.</summary>
    public bool HasAbsoluteRedFlag => RedFlagScreen?.HasAbsoluteRedFlag == true;

    /// <summary>Findings recorded in the examination and during treatment.</summary>
    public IReadOnlyList<Finding> Findings => _findings;

    /// <summary>The latest category determination.</summary>
    public CategoryDetermination? Category { get; private set; }

    /// <summary>Procedures recorded.</summary>
    public IReadOnlyList<RecordedProcedure> Procedures => _procedures;

    /// <summary>Re-test findings recorded in reassessment.</summary>
    public IReadOnlyList<Finding> Retests => _retests;

    /// <summary>The step the visit was paused from (while <see cref="VisitState.OnHold"/>).</summary>
    public VisitState? PausedFrom { get; private set; }

    /// <summary>Why no procedure was done, if given when the visit ended.</summary>
    public string? NoTreatmentReason { get; private set; }

    /// <summary>The reason given for cancel, discontinue or entered-in-error.</summary>
    public string? ClosingReason { get; private set; }

    /// <summary>Whether the patient was referred when the visit was discontinued.</summary>
    public bool Referred { get; private set; }

    /// <summary>Who signed the note.</summary>
    public PractitionerId? Signer { get; private set; }

    /// <summary>When the note was signed.</summary>
    public DateTimeOffset? SignedAt { get; private set; }

    /// <summary>Addenda appended after signing.</summary>
    public IReadOnlyList<Addendum> Addenda => _addenda;

    /// <summary>True when at least one procedure was recorded.</summary>
    public bool TreatmentGiven => _procedures.Count > 0;

    /// <summary>True when at least one initial-analysis finding was recorded.</summary>
    public bool HasExaminationFindings
    {
        get
        {
            foreach (var f in _findings)
            {
                if (f.Phase == FindingPhase.InitialAnalysis)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>True when the consent on file includes <paramref name="scope"/>.</summary>
    public bool HasConsent(ConsentScope scope) => _consent.Contains(scope);

    /// <summary>Rebuilds a visit from its stored events.</summary>
    /// <exception cref="ArgumentException">The stream is empty, does not start with a schedule event, mixes visits or is out of order.</exception>
    public static Visit FromEvents(IEnumerable<VisitEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        Visit? visit = null;
        foreach (var e in events)
        {
            visit ??= new Visit(e.VisitId);
            visit.Apply(e);
        }

        return visit ?? throw new ArgumentException("A visit stream has at least one event.", nameof(events));
    }

    internal static Visit Empty(VisitId id) => new(id);

    /// <summary>Applies one event. Called for stored events and for events just accepted by the workflow.</summary>
    internal void Apply(VisitEvent e)
    {
        if (e.VisitId != Id || e.Version != _events.Count + 1 || (_events.Count == 0) != (e.Command is ScheduleVisit) || (_events.Count > 0 && e.From != State))
        {
            throw new ArgumentException($"Event {e.Version} ({e.Trigger}) does not follow version {_events.Count} of visit {Id}.", nameof(e));
        }

        switch (e.Command)
        {
            case ScheduleVisit s:
                Patient = s.Patient;
                Paediatric = s.Paediatric;
                ReExam = s.ReExam;
                break;
            case CancelVisit c:
                ClosingReason = c.Reason;
                break;
            case StartVisit s:
                ResponsiblePractitioner = s.Actor.Id;
                break;
            case RecordIntake i:
                ChiefComplaint = i.ChiefComplaint;
                PainScore = i.PainScore ?? PainScore;
                _questionnaires.AddRange(i.Questionnaires);
                break;
            case RecordConsent c:
                foreach (var scope in c.Scopes)
                {
                    if (!_consent.Contains(scope))
                    {
                        _consent.Add(scope);
                    }
                }

                break;
            case RecordRedFlagScreen r:
                RedFlagScreen = r.Screen;
                break;
            case RecordFinding f:
                _findings.Add(f.Finding);
                break;
            case DetermineCategory d:
                Category = d.Determination;
                break;
            case RecordProcedure p:
                _procedures.Add(p.Procedure);
                break;
            case Reassess r:
                _retests.AddRange(r.Retests);
                break;
            case PauseVisit:
                PausedFrom = e.From;
                break;
            case ResumeVisit:
                PausedFrom = null;
                break;
            case DiscontinueVisit d:
                ClosingReason = d.Reason;
                Referred = d.Referred;
                break;
            case EndVisit end:
                NoTreatmentReason = end.NoTreatmentReason;
                break;
            case SignNote s:
                Signer = s.Actor.Id;
                SignedAt = e.At;
                break;
            case AddAddendum a:
                _addenda.Add(new Addendum(a.Actor.Id, e.At, a.Text));
                break;
            case MarkEnteredInError m:
                ClosingReason = m.Reason;
                break;
        }

        State = e.To;
        _events.Add(e);
    }
}
