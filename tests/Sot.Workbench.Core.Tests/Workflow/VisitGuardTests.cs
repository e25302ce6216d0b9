using Sot.Workbench.CarePlans;
using Sot.Workbench.Procedures;
using Sot.Workbench.Safety;
using Sot.Workbench.Workflow;
using static Sot.Workbench.Core.Tests.Workflow.VisitKit;
using G = Sot.Workbench.Workflow.VisitGuards;

namespace Sot.Workbench.Core.Tests.Workflow;

public class VisitGuardTests
{
    private static void Unmet(VisitWorkflow wf, VisitCommand command, params string[] expected)
    {
        var state = wf.Visit.State;
        var ex = Rejected(wf, command);
        Assert.Equal(state, ex.State);
        Assert.Equal(command.Trigger, ex.Command);
        Assert.Equal(expected.OrderBy(s => s, StringComparer.Ordinal), ex.UnmetGuards.OrderBy(s => s, StringComparer.Ordinal));
        foreach (var g in expected)
        {
            Assert.Contains(g, ex.Message, StringComparison.Ordinal);
        }

        var availability = wf.Evaluate(command);
        Assert.False(availability.Allowed);
        Assert.Equal(ex.UnmetGuards.Order(StringComparer.Ordinal), availability.UnmetGuards.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Cancel_is_rejected_without_a_reason()
    {
        Unmet(At(VisitState.Scheduled), new CancelVisit(Desk, " "), G.ReasonGiven);
        Unmet(At(VisitState.CheckedIn), new CancelVisit(Desk, ""), G.ReasonGiven);
    }

    [Fact]
    public void Start_is_rejected_for_front_desk_and_sets_the_responsible_practitioner_otherwise()
    {
        Unmet(At(VisitState.CheckedIn), new StartVisit(Desk), G.ActorIsPractitioner);
        var wf = At(VisitState.CheckedIn);
        wf.Execute(new StartVisit(OtherDoc));
        Assert.Equal(OtherDoc.Id, wf.Visit.ResponsiblePractitioner);
    }

    [Fact]
    public void Only_practitioners_record_clinical_data()
    {
        Unmet(At(VisitState.Intake), new RecordIntake(Desk, "x"), G.ActorIsPractitioner);
        Unmet(At(VisitState.Intake), new RecordRedFlagScreen(Desk, RedFlagScreen.Clear), G.ActorIsPractitioner);
        Unmet(At(VisitState.Examination), new RecordFinding(Desk, ExamFinding), G.ActorIsPractitioner);
        Unmet(At(VisitState.Treatment), new RecordProcedure(Desk, Blocking), G.ActorIsPractitioner);
        Unmet(At(VisitState.Signed), new AddAddendum(Desk, "x"), G.ActorIsPractitioner);
        Unmet(At(VisitState.Intake), new DiscontinueVisit(Desk, "x"), G.ActorIsPractitioner);
    }

    [Fact]
    public void Front_desk_may_record_consent()
    {
        var wf = At(VisitState.Intake);
        wf.Execute(new RecordConsent(Desk, [ConsentScope.Cranial]));
        Assert.True(wf.Visit.HasConsent(ConsentScope.Cranial));
        Unmet(wf, new RecordConsent(Desk, []), G.ConsentScopesGiven);
    }

    [Fact]
    public void Intake_is_rejected_without_a_chief_complaint()
    {
        Unmet(At(VisitState.Intake), new RecordIntake(Doc, ""), G.ChiefComplaintGiven);
    }

    [Fact]
    public void Pain_score_outside_zero_to_ten_is_rejected_before_the_workflow()
    {
        var wf = At(VisitState.Intake);
        var before = Snapshot(wf.Visit);
        Assert.Throws<ArgumentOutOfRangeException>(() => wf.Execute(new RecordIntake(Doc, "x", 11)));
        Assert.Equal(before, Snapshot(wf.Visit));
    }

    [Fact]
    public void Finding_is_rejected_when_its_phase_does_not_match_the_step()
    {
        Unmet(At(VisitState.Examination), new RecordFinding(Doc, BlockingFinding), G.FindingPhaseMatchesStep);
        Unmet(At(VisitState.Treatment), new RecordFinding(Doc, ExamFinding), G.FindingPhaseMatchesStep);
    }

    [Fact]
    public void Finding_that_breaks_a_catalogue_rule_is_rejected_and_changes_nothing()
    {
        var wf = At(VisitState.Examination);
        var before = Snapshot(wf.Visit);
        var bad = new Sot.Workbench.Findings.Finding("C1-HEEL", "Heel", Sot.Workbench.Domain.AnalysisPosition.Standing, Sot.Workbench.Domain.Side.Left, Sot.Workbench.Findings.FindingPhase.InitialAnalysis, []);
        Assert.Throws<Sot.Workbench.Catalogue.FindingValidationException>(() => wf.Execute(new RecordFinding(Doc, bad)));
        Assert.Equal(before, Snapshot(wf.Visit));
    }

    [Fact]
    public void Category_needs_examination_findings_and_a_rationale_for_an_own_choice()
    {
        var wf = At(VisitState.Examination);
        Unmet(wf, new DetermineCategory(Doc, CategoryDetermination.PractitionersChoice(Sot.Workbench.Domain.SotCategory.II, [], "")),
            G.ExaminationFindingsRecorded, G.RationaleGiven);
        wf.Execute(new RecordFinding(Doc, ExamFinding));
        Unmet(wf, new DetermineCategory(Doc, CategoryDetermination.PractitionersChoice(Sot.Workbench.Domain.SotCategory.II, [], "")), G.RationaleGiven);
        wf.Execute(new DetermineCategory(Doc, OwnChoice));
        Assert.Equal(Sot.Workbench.Domain.SotCategory.I, wf.Visit.Category!.Primary);
        Assert.Equal([Sot.Workbench.Domain.SotCategory.II], wf.Visit.Category.Secondary);
    }

    [Fact]
    public void Category_can_be_taken_from_the_analysis_suggestions()
    {
        var findings = new[] { ExamFinding };
        var result = Sot.Workbench.Analysis.CategoryAnalyzer.Core.Analyze(new Sot.Workbench.Analysis.AnalysisInput(findings));
        if (result.Suggestions.All(s => s.Category is null && s.Categories.Count == 0))
        {
            Assert.Throws<ArgumentException>(() => CategoryDetermination.FromSuggestions(result));
            return;
        }

        var determination = CategoryDetermination.FromSuggestions(result);
        Assert.Equal(CategorySource.AcceptedSuggestion, determination.Source);
        Assert.NotEmpty(determination.SuggestionRuleIds);
        var wf = At(VisitState.Examination);
        wf.Execute(new RecordFinding(Doc, ExamFinding));
        wf.Execute(new DetermineCategory(Doc, determination));
        Assert.Equal(determination, wf.Visit.Category);
    }

    [Fact]
    public void Begin_treatment_needs_consent_and_a_red_flag_screen()
    {
        var wf = New();
        wf.Execute(new CheckIn(Desk));
        wf.Execute(new StartVisit(Doc));
        wf.Execute(new BeginExamination(Doc));
        Unmet(wf, new BeginTreatment(Doc), G.ConsentOnFile, G.RedFlagScreenRecorded);
        Unmet(wf, new BeginTreatment(Desk), G.ActorIsPractitioner, G.ConsentOnFile, G.RedFlagScreenRecorded);
        wf.Execute(new RecordConsent(Doc, [ConsentScope.General]));
        Unmet(wf, new BeginTreatment(Doc), G.RedFlagScreenRecorded);
        wf.Execute(new RecordRedFlagScreen(Doc, RedFlagScreen.Clear));
        Assert.True(wf.Evaluate(new BeginTreatment(Doc)).Allowed);
    }

    [Fact]
    public void Consent_without_general_scope_is_not_consent_on_file()
    {
        var wf = New();
        wf.Execute(new CheckIn(Desk));
        wf.Execute(new RecordConsent(Desk, [ConsentScope.Blocking]));
        wf.Execute(new StartVisit(Doc));
        wf.Execute(new RecordRedFlagScreen(Doc, RedFlagScreen.Clear));
        wf.Execute(new BeginExamination(Doc));
        Unmet(wf, new BeginTreatment(Doc), G.ConsentOnFile);
    }

    [Fact]
    public void An_absolute_red_flag_permits_only_discontinue_with_referral()
    {
        var wf = At(VisitState.Intake);
        wf.Execute(new RecordRedFlagScreen(Doc, RedFlagScreen.Clear.With(RedFlag.CaudaEquina)));
        Assert.True(wf.Visit.HasAbsoluteRedFlag);
        Unmet(wf, new BeginExamination(Doc), G.NoAbsoluteRedFlag);
        Unmet(wf, new RecordIntake(Doc, "x"), G.NoAbsoluteRedFlag);
        Unmet(wf, new RecordRedFlagScreen(Doc, RedFlagScreen.Clear), G.NoAbsoluteRedFlag);
        Unmet(wf, new PauseVisit(Doc), G.NoAbsoluteRedFlag);
        Unmet(wf, new EndVisit(Doc, "x"), G.NoAbsoluteRedFlag);
        var allowed = wf.WhatCanIDo(Doc, new DiscontinueVisit(Doc, "Referred for imaging", Referred: true)).Where(a => a.Allowed).Select(a => a.Command);
        Assert.Equal([VisitTrigger.Discontinue], allowed);
        wf.Execute(new DiscontinueVisit(Doc, "Referred", Referred: true));
        Assert.Equal(VisitState.Discontinued, wf.Visit.State);
        Assert.True(wf.Visit.Referred);
    }

    [Fact]
    public void Blocking_needs_examination_findings_and_a_category()
    {
        var wf = New();
        foreach (var c in HappyPath().Take(6))
        {
            wf.Execute(c); // up to and including BeginExamination
        }

        wf.Execute(new BeginTreatment(Doc));
        Unmet(wf, new RecordProcedure(Doc, Blocking), G.ExaminationAndCategoryBeforeProcedure);
    }

    [Theory]
    [InlineData("CRANIAL-TEST")]
    [InlineData("INTRAORAL-TEST")]
    [InlineData("CMRT-TEST")]
    [InlineData(ProcedureKinds.Blocking)]
    public void Each_procedure_kind_needs_consent_covering_its_scopes(string kind)
    {
        var registry = TestProcedures.Registry;
        var procedure = kind == ProcedureKinds.Blocking ? Blocking : registry.Create(kind);
        var wf = TestProcedures.InTreatmentWithConsent(registry, ConsentScope.General);
        Unmet(wf, new RecordProcedure(Doc, procedure), G.ConsentCoversProcedure);
        wf.Execute(new RecordConsent(Doc, procedure.Scopes));
        wf.Execute(new RecordProcedure(Doc, procedure));
        Assert.Equal(procedure, wf.Visit.Procedures[^1]);
    }

    [Fact]
    public void A_paediatric_visit_needs_the_paediatric_scope_for_every_procedure()
    {
        var wf = At(VisitState.Treatment, paediatric: true);
        Unmet(wf, new RecordProcedure(Doc, Blocking), G.ConsentCoversProcedure);
        wf.Execute(new RecordConsent(Doc, [ConsentScope.Paediatric]));
        wf.Execute(new RecordProcedure(Doc, Blocking));
    }

    [Fact]
    public void Reassessment_needs_verification_indicators_retested()
    {
        Unmet(At(VisitState.Treatment), new Reassess(Doc, []), G.VerificationIndicatorsRetested);
        Unmet(At(VisitState.Treatment), new Reassess(Doc, [NonVerificationRetest]), G.VerificationIndicatorsRetested);
        Unmet(At(VisitState.Treatment), new Reassess(Doc, [ExamFinding]), G.VerificationIndicatorsRetested);
    }

    [Fact]
    public void End_visit_after_treatment_needs_a_reassessment()
    {
        var wf = At(VisitState.Treatment);
        wf.Execute(new RecordProcedure(Doc, Blocking));
        Unmet(wf, new EndVisit(Doc), G.ReassessedAfterTreatment);
        wf.Execute(new Reassess(Doc, [Retest]));
        wf.Execute(new EndVisit(Doc));
    }

    [Fact]
    public void Sign_is_rejected_when_signer_is_not_responsible()
    {
        Unmet(At(VisitState.PendingSignature), new SignNote(OtherDoc), G.SignerIsResponsible);
        Unmet(At(VisitState.PendingSignature), new SignNote(Supervisor), G.SignerIsResponsible);
        Unmet(At(VisitState.PendingSignature), new SignNote(Doc with { Role = ActorRole.FrontDesk }), G.SignerIsResponsible);
    }

    [Fact]
    public void Sign_is_rejected_for_an_incomplete_note_naming_every_missing_part()
    {
        var wf = New();
        wf.Execute(new CheckIn(Desk));
        wf.Execute(new StartVisit(Doc));
        wf.Execute(new EndVisit(Doc));
        Unmet(wf, new SignNote(OtherDoc), G.SignerIsResponsible, G.ChiefComplaintRecorded, G.AssessmentRecorded, G.ProcedureOrNoTreatmentReason);
    }

    [Fact]
    public void A_no_treatment_reason_completes_a_note_without_procedures()
    {
        var wf = At(VisitState.Examination);
        wf.Execute(new RecordFinding(Doc, ExamFinding));
        wf.Execute(new DetermineCategory(Doc, OwnChoice));
        wf.Execute(new EndVisit(Doc, "Patient declined blocking today"));
        wf.Execute(new SignNote(Doc));
        Assert.Equal(VisitState.Signed, wf.Visit.State);
    }

    [Fact]
    public void Sign_is_rejected_when_a_re_exam_is_due_and_the_outcome_questionnaire_is_not_scored()
    {
        var due = new ReExamRequirement(CarePlanId.New(), 12, "NDI");
        Unmet(At(VisitState.PendingSignature, reExam: due), new SignNote(Doc), G.OutcomeScoredWhenReExamDue);
        var scored = At(VisitState.PendingSignature, reExam: due with { Questionnaire = "ODI" });
        scored.Execute(new SignNote(Doc));
        Assert.Equal(VisitState.Signed, scored.Visit.State);
    }

    [Fact]
    public void Addendum_needs_text()
    {
        Unmet(At(VisitState.Signed), new AddAddendum(Doc, " "), G.AddendumTextGiven);
        var amended = At(VisitState.Signed);
        amended.Execute(new AddAddendum(Doc, "a"));
        Unmet(amended, new AddAddendum(Desk, ""), G.ActorIsPractitioner, G.AddendumTextGiven);
    }

    [Fact]
    public void Entered_in_error_before_signing_needs_the_responsible_or_a_supervising_practitioner_and_a_reason()
    {
        Unmet(At(VisitState.PendingSignature), new MarkEnteredInError(OtherDoc, ""), G.ActorIsResponsibleOrSupervising, G.ReasonGiven);
        var wf = At(VisitState.PendingSignature);
        wf.Execute(new MarkEnteredInError(Supervisor, "Wrong patient"));
        Assert.Equal(VisitState.EnteredInError, wf.Visit.State);
    }

    [Fact]
    public void Entered_in_error_after_signing_needs_the_supervising_role_and_a_reason()
    {
        Unmet(At(VisitState.Signed), new MarkEnteredInError(Doc, "Duplicate"), G.ActorIsSupervising);
        Unmet(At(VisitState.Signed), new MarkEnteredInError(Supervisor, ""), G.ReasonGiven);
        var wf = At(VisitState.Signed);
        var note = Note(wf.Visit);
        wf.Execute(new MarkEnteredInError(Supervisor, "Duplicate"));
        Assert.Equal("Duplicate", wf.Visit.ClosingReason);
        Assert.Equal(note, Note(wf.Visit));
        Assert.True(Rejected(wf, new AddAddendum(Doc, "x")).NotPermittedInState);
    }

    [Fact]
    public void Rejection_message_names_visit_state_and_command_but_no_record_content()
    {
        var wf = At(VisitState.Scheduled);
        var ex = Rejected(wf, new CancelVisit(Desk, ""));
        Assert.Equal("Visit visit_11111111111111111111111111111111: Cancel rejected in state Scheduled; unmet: Reason given.", ex.Message);
        var at = At(VisitState.Signed);
        var secret = "Patient Jane Example says";
        var ex2 = Rejected(at, new RecordIntake(Doc, secret));
        Assert.DoesNotContain(secret, ex2.Message, StringComparison.Ordinal);
        Assert.Equal("Visit visit_11111111111111111111111111111111: RecordIntake is not permitted in state Signed.", ex2.Message);
    }

    [Fact]
    public void What_can_i_do_lists_every_command_with_its_unmet_guards()
    {
        var wf = At(VisitState.Examination);
        var list = wf.WhatCanIDo(Doc);
        Assert.Equal(Enum.GetValues<VisitTrigger>().Length - 1, list.Count);
        var byCommand = list.ToDictionary(a => a.Command);
        Assert.True(byCommand[VisitTrigger.BeginTreatment].Allowed);
        Assert.False(byCommand[VisitTrigger.Sign].PermittedInState);
        Assert.Equal([G.ExaminationFindingsRecorded, G.RationaleGiven], byCommand[VisitTrigger.DetermineCategory].UnmetGuards.Order(StringComparer.Ordinal));
        Assert.Equal([G.ReasonGiven], byCommand[VisitTrigger.Discontinue].UnmetGuards);

        var withData = wf.WhatCanIDo(Doc, new DiscontinueVisit(Doc, "Felt unwell")).Single(a => a.Command == VisitTrigger.Discontinue);
        Assert.True(withData.Allowed);

        var desk = wf.WhatCanIDo(Desk).Single(a => a.Command == VisitTrigger.Pause);
        Assert.Equal([G.ActorIsPractitioner], desk.UnmetGuards);
    }

    [Fact]
    public void Guard_descriptions_are_fixed_protocol_text()
    {
        var descriptions = typeof(G).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToArray();
        Assert.Equal(descriptions.Length, descriptions.Distinct(StringComparer.Ordinal).Count());
        Assert.All(descriptions, d => Assert.InRange(d.Length, 5, 80));
    }
}

internal static class TestProcedures
{
    private sealed class Source : IProcedureSource
    {
        public string SourceName => "test-plugin";

        public IEnumerable<ProcedureDefinition> GetProcedures() =>
        [
            new("CRANIAL-TEST", "Cranial contact", [], [ConsentScope.General, ConsentScope.Cranial], new Sot.Workbench.Domain.Provenance(Sot.Workbench.Domain.ReliabilityTag.Gap, "test")),
            new("INTRAORAL-TEST", "Intra-oral contact", [], [ConsentScope.General, ConsentScope.IntraOral], new Sot.Workbench.Domain.Provenance(Sot.Workbench.Domain.ReliabilityTag.Gap, "test")),
            new("CMRT-TEST", "CMRT contact", [], [ConsentScope.General, ConsentScope.Cmrt], new Sot.Workbench.Domain.Provenance(Sot.Workbench.Domain.ReliabilityTag.Gap, "test")) { RequiresExaminationAndCategory = true },
        ];
    }

    public static ProcedureRegistry Registry { get; } = new([new CoreProcedures(), new Source()]);

    public static VisitWorkflow InTreatmentWithConsent(ProcedureRegistry registry, params ConsentScope[] scopes)
    {
        var wf = VisitWorkflow.Schedule(Sot.Workbench.Domain.VisitId.New(), new ScheduleVisit(Desk, Sot.Workbench.Domain.PatientId.New()), TimeProvider.System, procedures: registry);
        wf.Execute(new CheckIn(Desk));
        wf.Execute(new RecordConsent(Desk, scopes));
        wf.Execute(new StartVisit(Doc));
        wf.Execute(new RecordRedFlagScreen(Doc, RedFlagScreen.Clear));
        wf.Execute(new BeginExamination(Doc));
        wf.Execute(new RecordFinding(Doc, ExamFinding));
        wf.Execute(new DetermineCategory(Doc, OwnChoice));
        wf.Execute(new BeginTreatment(Doc));
        return wf;
    }
}
