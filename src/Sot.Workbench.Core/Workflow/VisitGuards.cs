namespace Sot.Workbench.Workflow;

/// <summary>
/// The guard descriptions of the visit workflow, exactly as they appear in rejections, in "what can I do now"
/// answers and in the diagrams. They name rules only and never contain patient data.
/// </summary>
public static class VisitGuards
{
    /// <summary>Only practitioners record clinical data.</summary>
    public const string ActorIsPractitioner = "Actor is a practitioner";
    /// <summary>A reason is required (cancel, discontinue, entered-in-error).</summary>
    public const string ReasonGiven = "Reason given";
    /// <summary>An absolute red flag permits only discontinue (with referral).</summary>
    public const string NoAbsoluteRedFlag = "No absolute red flag (discontinue or refer only)";
    /// <summary>Consent with the general scope is on file.</summary>
    public const string ConsentOnFile = "Consent on file";
    /// <summary>The consent given names at least one scope.</summary>
    public const string ConsentScopesGiven = "Consent scopes given";
    /// <summary>A red-flag screen has been recorded.</summary>
    public const string RedFlagScreenRecorded = "Red-flag screen recorded";
    /// <summary>A chief complaint is given with the intake.</summary>
    public const string ChiefComplaintGiven = "Chief complaint given";
    /// <summary>At least one initial-analysis finding has been recorded.</summary>
    public const string ExaminationFindingsRecorded = "Examination findings recorded";
    /// <summary>A finding's phase matches the visit step (initial analysis, during blocking, reassessment).</summary>
    public const string FindingPhaseMatchesStep = "Finding phase matches the visit step";
    /// <summary>The practitioner's own category choice carries a rationale.</summary>
    public const string RationaleGiven = "Rationale given for an own category choice";
    /// <summary>An SOT category has been determined.</summary>
    public const string CategoryDetermined = "SOT category determined";
    /// <summary>The consent on file covers every scope the procedure needs (blocking, cranial, intra-oral, CMRT, paediatric).</summary>
    public const string ConsentCoversProcedure = "Consent covers the procedure's scopes";
    /// <summary>Procedures such as blocking need examination findings and a category first.</summary>
    public const string ExaminationAndCategoryBeforeProcedure = "Examination findings and a category recorded before this procedure";
    /// <summary>Reassessment re-tests at least one verification indicator, in the reassessment phase.</summary>
    public const string VerificationIndicatorsRetested = "Verification indicators re-tested";
    /// <summary>A visit in which treatment was given is reassessed before it ends.</summary>
    public const string ReassessedAfterTreatment = "Reassessment recorded when treatment was given";
    /// <summary>Only the responsible practitioner signs.</summary>
    public const string SignerIsResponsible = "Signer is the responsible practitioner";
    /// <summary>Note completeness: a chief complaint.</summary>
    public const string ChiefComplaintRecorded = "Chief complaint recorded";
    /// <summary>Note completeness: an assessment (the SOT category).</summary>
    public const string AssessmentRecorded = "Assessment (SOT category) recorded";
    /// <summary>Note completeness: at least one procedure or a no-treatment reason.</summary>
    public const string ProcedureOrNoTreatmentReason = "Procedure or no-treatment reason recorded";
    /// <summary>Note completeness when a care-plan re-exam is due on this visit.</summary>
    public const string OutcomeScoredWhenReExamDue = "Outcome questionnaire scored when a re-exam is due";
    /// <summary>An addendum has text.</summary>
    public const string AddendumTextGiven = "Addendum text given";
    /// <summary>Before signing, the responsible practitioner or a supervising practitioner may mark the visit entered-in-error.</summary>
    public const string ActorIsResponsibleOrSupervising = "Actor is the responsible or a supervising practitioner";
    /// <summary>After signing, only the privileged role may mark the visit entered-in-error.</summary>
    public const string ActorIsSupervising = "Actor has the supervising role";
}
