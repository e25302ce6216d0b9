using Sot.Workbench.CarePlans;
using Sot.Workbench.Domain;
using Sot.Workbench.Questionnaires;
using Sot.Workbench.Workflow;
using static Sot.Workbench.Core.Tests.Workflow.VisitKit;

namespace Sot.Workbench.Core.Tests.Workflow;

public class IntakeQuestionnaireTests
{
    private static readonly int?[] OdiAnswers = [3, 3, 2, 1, 2, 1, 1, 1, 1, 1];
    private static readonly int?[] NdiAnswers = [2, 2, 1, 1, 2, 1, 1, 1, null, 1];

    [Fact]
    public void Intake_carries_the_questionnaire_module_results_with_instrument_score_and_band()
    {
        var odi = OswestryDisabilityIndex.Score(OdiAnswers);
        var ndi = NeckDisabilityIndex.Score(NdiAnswers, MissingItemPolicy.AddMeanOfAnswered);
        var wf = At(VisitState.Intake);

        wf.Execute(new RecordIntake(Doc, "Neck and low back pain", 5)
        {
            Questionnaires = [QuestionnaireScore.From(odi), QuestionnaireScore.From(ndi), QuestionnaireScore.From(new NrsScore(5)), QuestionnaireScore.From(new VasScore(42.5m))],
        });

        Assert.Collection(
            wf.Visit.Questionnaires,
            q => Assert.Equal(new QuestionnaireScore(OutcomeInstrument.Oswestry, odi.Percent, odi.Band.ToString()), q),
            q => Assert.Equal(new QuestionnaireScore(OutcomeInstrument.NeckDisabilityIndex, ndi.Score, ndi.Band.ToString()), q),
            q => Assert.Equal(new QuestionnaireScore(OutcomeInstrument.NumericRatingScale, 5, null), q),
            q => Assert.Equal(new QuestionnaireScore(OutcomeInstrument.VisualAnalogueScale, 42.5m, null), q));
        var recorded = Assert.IsType<RecordIntake>(wf.Visit.Events[^1].Command);
        Assert.Equal(wf.Visit.Questionnaires, recorded.Questionnaires);
    }

    [Theory]
    [InlineData(OutcomeInstrument.Oswestry, 32, "Minimal", "the Oswestry band does not match the score (score it through the Questionnaires module)")]
    [InlineData(OutcomeInstrument.Oswestry, 32, null, "the Oswestry band does not match the score (score it through the Questionnaires module)")]
    [InlineData(OutcomeInstrument.Oswestry, 101, "BedBoundOrExaggerating", "the Oswestry score is outside the instrument's range")]
    [InlineData(OutcomeInstrument.NeckDisabilityIndex, 51, "Complete", "the NeckDisabilityIndex score is outside the instrument's range")]
    [InlineData(OutcomeInstrument.NumericRatingScale, 6.5, null, "the NumericRatingScale score is outside the instrument's range")]
    [InlineData(OutcomeInstrument.NumericRatingScale, 6, "Moderate", "the NumericRatingScale score has no band")]
    [InlineData(OutcomeInstrument.VisualAnalogueScale, -1, null, "the VisualAnalogueScale score is outside the instrument's range")]
    [InlineData((OutcomeInstrument)99, 10, null, "questionnaire instrument 99 is not defined")]
    public void Intake_with_an_inconsistent_questionnaire_score_is_rejected_and_changes_nothing(OutcomeInstrument instrument, double score, string? band, string problem)
    {
        var wf = At(VisitState.Intake);
        var before = Snapshot(wf.Visit);
        var command = new RecordIntake(Doc, "Low back pain", 6) { Questionnaires = [new QuestionnaireScore(instrument, (decimal)score, band)] };

        var ex = Assert.Throws<ArgumentException>(() => wf.Execute(command));

        Assert.Equal("command", ex.ParamName);
        Assert.StartsWith($"The intake's questionnaire cannot be recorded: {problem}.", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(wf.Visit));
    }

    [Fact]
    public void Intake_with_a_missing_questionnaire_entry_is_rejected()
    {
        var wf = At(VisitState.Intake);
        var before = Snapshot(wf.Visit);

        Assert.Throws<ArgumentNullException>(() => wf.Execute(new RecordIntake(Doc, "Low back pain") { Questionnaires = [null!] }));
        Assert.Equal(before, Snapshot(wf.Visit));
    }

    [Fact]
    public void A_result_of_an_instrument_without_bands_cannot_be_turned_into_an_intake_score_by_mistake()
    {
        var odi = OswestryDisabilityIndex.Score(OdiAnswers);
        var forged = new ForgedResult(odi);

        var ex = Assert.Throws<ArgumentException>(() => QuestionnaireScore.From(forged));
        Assert.Equal("result", ex.ParamName);
    }

    [Fact]
    public void A_re_exam_due_for_the_ndi_is_satisfied_by_an_ndi_result_recorded_at_intake()
    {
        var due = new ReExamRequirement(CarePlanId.New(), 12, OutcomeInstruments.Code(OutcomeInstrument.NeckDisabilityIndex));
        var wf = New(reExam: due);
        foreach (var c in HappyPath())
        {
            wf.Execute(c is RecordIntake i
                ? i with { Questionnaires = [QuestionnaireScore.From(NeckDisabilityIndex.Score(NdiAnswers, MissingItemPolicy.ReduceDenominator))] }
                : c);
        }

        Assert.Equal(VisitState.Signed, wf.Visit.State);
    }

    [Theory]
    [InlineData("ODI", OutcomeInstrument.Oswestry)]
    [InlineData("ndi", OutcomeInstrument.NeckDisabilityIndex)]
    [InlineData("NumericRatingScale", OutcomeInstrument.NumericRatingScale)]
    [InlineData("VAS", OutcomeInstrument.VisualAnalogueScale)]
    public void Instrument_codes_read_back_to_their_instrument(string code, OutcomeInstrument expected)
    {
        Assert.True(OutcomeInstruments.TryParse(code, out var instrument));
        Assert.Equal(expected, instrument);
    }

    [Fact]
    public void A_re_exam_schedule_naming_no_outcome_instrument_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ReExamSchedule(12, "SF-36"));
        Assert.Equal("questionnaire", ex.ParamName);
        Assert.StartsWith("The re-exam questionnaire is not an outcome instrument's code (ODI, NDI, NRS or VAS).", ex.Message, StringComparison.Ordinal);
    }

    private sealed record ForgedResult : QuestionnaireResult
    {
        public ForgedResult(OdiResult source)
            : base(OutcomeInstrument.NumericRatingScale, source.AnsweredSum, source.Raw, source.MaximumRaw, source.Percent, source.Score, source.AnsweredCount, source.MissingCount, source.Policy, source.Provenance)
        {
        }

        public override decimal ChangeThreshold => 1;
    }
}
