using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using static Sot.Workbench.Catalogue.IndicatorCodes;

namespace Sot.Workbench.Core.Tests.Analysis;

public class CategoryAnalysisTests
{
    private static readonly IndicatorCatalogue Catalogue = IndicatorCatalogue.Core;
    private static readonly CategoryAnalyzer Analyzer = CategoryAnalyzer.Core;

    private static Finding F(string code, AnalysisPosition position, Side side, params FindingValue[] values) =>
        Catalogue.CreateFinding(code, position, side, FindingPhase.InitialAnalysis, values);

    private static Finding Re(string code, AnalysisPosition position, Side side, params FindingValue[] values) =>
        Catalogue.CreateFinding(code, position, side, FindingPhase.Reassessment, values);

    private static AnalysisResult Run(params Finding[] findings) => Analyzer.Analyze(new AnalysisInput(findings));

    private static Finding Aft(Side side, string result) => F(ArmFossa, AnalysisPosition.Supine, side, new EnumValue("result", result));
    private static Finding Heel(Side side, Grade grade) => F(HeelTension, AnalysisPosition.Prone, side, new GradeValue("grade", grade));
    private static Finding ShortLeg(Side side, string kind = "Functional") =>
        F(ShortLegProne, AnalysisPosition.Prone, side, new LengthValue("difference", Length.EighthInches(3)), new EnumValue("kind", kind));
    private static Finding SciaticPain(Side side, int score) => F(Sciatic, AnalysisPosition.Prone, side, new PointsValue("points", [new PointScore("GLUTEAL", score)]));
    private static Finding SotoF(Side side, params string[] responses) => F(Soto, AnalysisPosition.Prone, side, new SequenceValue("responses", responses));

    [Fact]
    public void No_findings_give_no_suggestions()
    {
        var result = Run();
        Assert.Empty(result.Suggestions);
        Assert.Equal(RuleSets.SorsiSot, result.RuleSet);
        Assert.False(result.StopAndRefer);
    }

    [Fact]
    public void Negative_findings_give_no_suggestions()
    {
        var result = Run(Aft(Side.Left, "Negative"), Heel(Side.Left, Grade.None), SciaticPain(Side.Left, 0), SotoF(Side.Left, "Better"),
            F(Antalgic, AnalysisPosition.Standing, Side.None, new EnumValue("lean", "None")));
        Assert.Empty(result.Suggestions);
    }

    // ---- R1 ----
    [Fact]
    public void R1_sciatic_pain_suggests_category_III_on_the_sciatic_side()
    {
        var sciatic = SciaticPain(Side.Right, 6);
        var s = Assert.Single(Run(sciatic).Suggestions);
        Assert.Equal(("SOT-R1", SuggestionKind.Category, SotCategory.III, Side.Right), (s.RuleId, s.Kind, s.Category!.Value, s.Side));
        Assert.Equal([sciatic], s.Evidence);
        Assert.Equal("Protocol suggestion", s.Label);
        Assert.Equal(ReliabilityTag.SingleSource, s.Provenance.Reliability);
    }

    [Fact]
    public void R1_antalgic_posture_suggests_category_III()
    {
        var s = Assert.Single(Run(F(Antalgic, AnalysisPosition.Standing, Side.Left, new EnumValue("lean", "TowardPainSide"))).Suggestions);
        Assert.Equal((SotCategory.III, Side.Left), (s.Category, s.Side));
    }

    [Theory]
    [InlineData(new[] { "Same" }, true)]
    [InlineData(new[] { "Worse" }, true)]
    [InlineData(new[] { "Same", "Same", "Better" }, true)]
    [InlineData(new[] { "Same", "Better", "Better" }, true)]
    [InlineData(new[] { "Better" }, false)]
    [InlineData(new[] { "Better", "Better", "Better" }, false)]
    public void R1_disc_patterns_on_SOTO_suggest_category_III_and_a_piriformis_pattern_does_not(string[] responses, bool suggested)
    {
        var result = Run(SotoF(Side.Left, responses));
        Assert.Equal(suggested, result.Suggestions.Any(s => s.Category == SotCategory.III));
    }

    [Theory]
    [InlineData(new[] { "Same" }, SotoPattern.Disc)]
    [InlineData(new[] { "Better" }, SotoPattern.Piriformis)]
    [InlineData(new[] { "Same", "Same", "Better" }, SotoPattern.DiscFavourable)]
    [InlineData(new[] { "Same", "Better", "Better" }, SotoPattern.DiscFavourable)]
    [InlineData(new[] { "Same", "Worse" }, SotoPattern.DiscUnfavourable)]
    [InlineData(new[] { "Better", "Same", "Worse" }, SotoPattern.DiscUnfavourable)]
    [InlineData(new string[0], SotoPattern.Inconclusive)]
    public void SOTO_sequences_are_interpreted_per_the_public_description(string[] responses, SotoPattern expected)
    {
        Assert.Equal(expected, SotoInterpretation.Of(responses));
    }

    // ---- R2 ----
    [Theory]
    [InlineData("PositiveUpperFossa")]
    [InlineData("PositiveLowerFossa")]
    [InlineData("PositiveUnspecified")]
    public void R2_positive_arm_fossa_suggests_category_II_on_that_side(string result)
    {
        var s = Assert.Single(Run(Aft(Side.Left, result), Aft(Side.Right, "Negative")).Suggestions);
        Assert.Equal(("SOT-R2", SotCategory.II, Side.Left), (s.RuleId, s.Category!.Value, s.Side));
        Assert.Single(s.Evidence);
    }

    [Fact]
    public void R2_arm_fossa_positive_on_both_sides_is_bilateral()
    {
        Assert.Equal(Side.Bilateral, Assert.Single(Run(Aft(Side.Left, "PositiveUpperFossa"), Aft(Side.Right, "PositiveLowerFossa")).Suggestions).Side);
    }

    [Fact]
    public void R2_compaction_harder_suggests_category_II()
    {
        var s = Assert.Single(Run(F(CervicalCompaction, AnalysisPosition.Supine, Side.None, new EnumValue("result", "LegsHarderPelvicInstability"))).Suggestions);
        Assert.Equal(SotCategory.II, s.Category);
        Assert.Empty(Run(F(CervicalCompaction, AnalysisPosition.Supine, Side.None, new EnumValue("result", "LegsEasierCervical"))).Suggestions);
    }

    [Theory]
    [InlineData(12.0, null, false)]   // threshold is "more than 12 mm"
    [InlineData(12.1, null, true)]
    [InlineData(8.0, 13.0, true)]     // eyes closed counts
    [InlineData(20.0, null, true)]
    public void R2_sway_over_the_threshold_suggests_category_II(double eyesOpen, double? eyesClosed, bool suggested)
    {
        var values = new List<FindingValue> { new LengthValue("eyesOpen", Length.Millimetres((decimal)eyesOpen)) };
        if (eyesClosed is { } closed)
        {
            values.Add(new LengthValue("eyesClosed", Length.Millimetres((decimal)closed)));
        }

        Assert.Equal(suggested, Run(F(LateralSway, AnalysisPosition.Standing, Side.None, [.. values])).Suggestions.Count == 1);
    }

    [Fact]
    public void R2_practitioners_sway_judgement_overrides_the_threshold()
    {
        Assert.Empty(Run(F(LateralSway, AnalysisPosition.Standing, Side.None, new LengthValue("eyesOpen", Length.Millimetres(20)), new BooleanValue("positive", false))).Suggestions);
        Assert.Single(Run(F(LateralSway, AnalysisPosition.Standing, Side.None, new LengthValue("eyesOpen", Length.EighthInches(1)), new BooleanValue("positive", true))).Suggestions);
    }

    [Fact]
    public void R2_inguinal_and_first_rib_tenderness_on_the_same_side_suggest_category_II_on_that_side()
    {
        var inguinal = F(InguinalTenderness, AnalysisPosition.Supine, Side.Right, new GradeValue("grade", Grade.Moderate));
        var rib = F(FirstRibTubercle, AnalysisPosition.Supine, Side.Right, new ScoreValue("pain", 4));
        var s = Assert.Single(Run(inguinal, rib).Suggestions);
        Assert.Equal((SotCategory.II, Side.Right), (s.Category, s.Side));
        Assert.Equal([inguinal, rib], s.Evidence);
    }

    [Fact]
    public void R2_inguinal_and_first_rib_tenderness_on_opposite_sides_suggest_nothing()
    {
        Assert.Empty(Run(
            F(InguinalTenderness, AnalysisPosition.Supine, Side.Right, new GradeValue("grade", Grade.Moderate)),
            F(FirstRibTubercle, AnalysisPosition.Supine, Side.Left, new ScoreValue("pain", 4))).Suggestions);
    }

    // ---- R3 ----
    [Fact]
    public void R3_heel_tension_suggests_category_I_on_the_heel_side()
    {
        var s = Assert.Single(Run(Heel(Side.Left, Grade.Mild), ShortLeg(Side.Right)).Suggestions);
        Assert.Equal(("SOT-R3", SotCategory.I, Side.Left), (s.RuleId, s.Category!.Value, s.Side));
        Assert.Single(s.Evidence);
    }

    [Fact]
    public void R3_without_heel_tension_takes_the_side_from_the_short_leg()
    {
        var crest = F(CrestSign, AnalysisPosition.Prone, Side.Left);
        var leg = ShortLeg(Side.Right);
        var s = Assert.Single(Run(crest, leg).Suggestions);
        Assert.Equal((SotCategory.I, Side.Right), (s.Category, s.Side));
        Assert.Equal([crest, leg], s.Evidence);
    }

    [Theory]
    [InlineData(PelvicLock)]
    [InlineData(CrestSign)]
    [InlineData(DollarSign)]
    public void R3_each_category_I_indicator_suggests_category_I(string code)
    {
        var finding = code == PelvicLock
            ? F(code, AnalysisPosition.Standing, Side.None, new BooleanValue("present", true))
            : F(code, AnalysisPosition.Prone, Side.Right);
        Assert.Equal(SotCategory.I, Assert.Single(Run(finding).Suggestions).Category);
    }

    [Fact]
    public void R3_unlocked_pelvis_and_a_short_leg_alone_suggest_nothing()
    {
        Assert.Empty(Run(F(PelvicLock, AnalysisPosition.Standing, Side.None, new BooleanValue("present", false)), ShortLeg(Side.Left)).Suggestions);
    }

    // ---- R4 / R5 ----
    [Fact]
    public void R4_category_III_with_II_suggests_treating_II_first_then_III()
    {
        var result = Run(SciaticPain(Side.Left, 5), Aft(Side.Right, "PositiveUpperFossa"));
        var first = Assert.Single(result.Suggestions, s => s.Kind == SuggestionKind.TreatFirst);
        Assert.Equal(("SOT-R4", SotCategory.II, SotCategory.III, Side.Right), (first.RuleId, first.Category!.Value, first.Then!.Value, first.Side));
        Assert.Equal(2, first.Evidence.Count);
    }

    [Fact]
    public void R4_category_III_with_I_only_suggests_treating_I_first()
    {
        var first = Assert.Single(Run(SciaticPain(Side.Left, 5), Heel(Side.Left, Grade.Marked)).Suggestions, s => s.Kind == SuggestionKind.TreatFirst);
        Assert.Equal(SotCategory.I, first.Category);
    }

    [Fact]
    public void R4_does_not_fire_without_category_III()
    {
        Assert.DoesNotContain(Run(Heel(Side.Left, Grade.Marked), Aft(Side.Left, "PositiveUpperFossa")).Suggestions, s => s.Kind == SuggestionKind.TreatFirst);
    }

    [Fact]
    public void R5_coexisting_categories_are_listed_in_protocol_order_with_a_primary_only_when_III_is_involved()
    {
        var all = Run(SciaticPain(Side.Left, 5), Heel(Side.Left, Grade.Marked), Aft(Side.Left, "PositiveUpperFossa"));
        var co = Assert.Single(all.Suggestions, s => s.Kind == SuggestionKind.CoexistingCategories);
        Assert.Equal([SotCategory.II, SotCategory.I, SotCategory.III], co.Categories);
        Assert.Equal(SotCategory.II, co.Category);

        var twoAndOne = Assert.Single(Run(Heel(Side.Left, Grade.Marked), Aft(Side.Left, "PositiveUpperFossa")).Suggestions, s => s.Kind == SuggestionKind.CoexistingCategories);
        Assert.Equal([SotCategory.II, SotCategory.I], twoAndOne.Categories);
        Assert.Null(twoAndOne.Category);
    }

    // ---- R6 ----
    [Fact]
    public void R6_verification_indicators_that_did_not_ease_prompt_a_recheck()
    {
        var retest = Re(HeelTension, AnalysisPosition.Prone, Side.Left, new GradeValue("grade", Grade.Marked));
        var result = Run(Heel(Side.Left, Grade.Marked), retest);
        var prompt = Assert.Single(result.Suggestions, s => s.Kind == SuggestionKind.RecheckAfterBlocking);
        Assert.Equal(("SOT-R6", SotCategory.I), (prompt.RuleId, prompt.Category!.Value));
        Assert.Equal([retest], prompt.Evidence);
    }

    [Fact]
    public void R6_eased_indicators_prompt_nothing()
    {
        var result = Run(Heel(Side.Left, Grade.Marked), Re(HeelTension, AnalysisPosition.Prone, Side.Left, new GradeValue("grade", Grade.Mild)));
        Assert.DoesNotContain(result.Suggestions, s => s.Kind == SuggestionKind.RecheckAfterBlocking);
    }

    [Fact]
    public void R6_a_later_retest_that_eased_supersedes_an_earlier_one()
    {
        var during = Catalogue.CreateFinding(ArmFossa, AnalysisPosition.Supine, Side.Left, FindingPhase.DuringBlocking, new EnumValue("result", "PositiveUpperFossa"));
        var after = Re(ArmFossa, AnalysisPosition.Supine, Side.Left, new EnumValue("result", "Negative"));
        Assert.DoesNotContain(Run(Aft(Side.Left, "PositiveUpperFossa"), during, after).Suggestions, s => s.Kind == SuggestionKind.RecheckAfterBlocking);
    }

    [Fact]
    public void R6_straight_leg_raise_eases_when_the_angle_rises()
    {
        var initial = F(StraightLegRaise, AnalysisPosition.Supine, Side.Left, new DegreesValue("angle", 40));
        Assert.DoesNotContain(Run(initial, Re(StraightLegRaise, AnalysisPosition.Supine, Side.Left, new DegreesValue("angle", 60))).Suggestions, s => s.Kind == SuggestionKind.RecheckAfterBlocking);
        Assert.Contains(Run(initial, Re(StraightLegRaise, AnalysisPosition.Supine, Side.Left, new DegreesValue("angle", 35))).Suggestions, s => s.Kind == SuggestionKind.RecheckAfterBlocking);
    }

    [Fact]
    public void R6_with_an_anatomical_short_leg_adds_the_heel_lift_rule_at_half_the_difference_in_the_unit_entered()
    {
        var result = Run(ShortLeg(Side.Left, "Anatomical"), Heel(Side.Left, Grade.Marked), Re(HeelTension, AnalysisPosition.Prone, Side.Left, new GradeValue("grade", Grade.Marked)));
        var lift = Assert.Single(result.Suggestions, s => s.Kind == SuggestionKind.HeelLiftConsideration);
        Assert.Equal(Length.EighthInches(1.5m), lift.Amount);
        Assert.Equal(Side.Left, lift.Side);
    }

    [Fact]
    public void R6_a_functional_short_leg_gets_no_heel_lift()
    {
        var result = Run(ShortLeg(Side.Left), Heel(Side.Left, Grade.Marked), Re(HeelTension, AnalysisPosition.Prone, Side.Left, new GradeValue("grade", Grade.Marked)));
        Assert.DoesNotContain(result.Suggestions, s => s.Kind == SuggestionKind.HeelLiftConsideration);
    }

    [Fact]
    public void Reassessment_findings_do_not_count_as_initial_category_indicators()
    {
        Assert.Empty(Run(Re(HeelTension, AnalysisPosition.Prone, Side.Left, new GradeValue("grade", Grade.Marked))).Suggestions);
    }

    // ---- R7 ----
    [Fact]
    public void R7_a_red_flag_overrides_every_other_suggestion()
    {
        var input = new AnalysisInput([Heel(Side.Left, Grade.Marked), Aft(Side.Left, "PositiveUpperFossa")]) { RedFlags = ["CaudaEquina"] };
        var result = Analyzer.Analyze(input);
        var refer = Assert.Single(result.Suggestions);
        Assert.Equal((SuggestionKind.StopAndRefer, "SOT-R7", "CaudaEquina"), (refer.Kind, refer.RuleId, refer.Detail));
        Assert.True(result.StopAndRefer);
        Assert.Equal(3, result.Superseded.Count);
        Assert.Equal(ReliabilityTag.Firm, refer.Provenance.Reliability);
    }

    [Fact]
    public void R7_SOTO_worsening_on_repeats_is_a_referral_trigger()
    {
        var soto = SotoF(Side.Left, "Same", "Worse");
        var result = Run(soto);
        var refer = Assert.Single(result.Suggestions);
        Assert.Equal(SuggestionKind.StopAndRefer, refer.Kind);
        Assert.Equal([soto], refer.Evidence);
        Assert.Contains(result.Superseded, s => s.Category == SotCategory.III);
    }

    [Fact]
    public void R7_declining_neurology_is_a_referral_trigger()
    {
        var neuro = F(Neuro, AnalysisPosition.Supine, Side.Left, new EnumValue("reflexes", "Reduced"), new EnumValue("trend", "Declining"));
        Assert.Equal(SuggestionKind.StopAndRefer, Assert.Single(Run(neuro).Suggestions).Kind);
    }

    [Fact]
    public void R7_a_red_flag_screen_feeds_the_analysis()
    {
        var screen = Sot.Workbench.Safety.RedFlagScreen.Clear.With(Sot.Workbench.Safety.RedFlag.CaudaEquina).With(Sot.Workbench.Safety.ReferralTrigger.Peripheralisation);
        var result = Analyzer.Analyze(AnalysisInput.From([Heel(Side.Left, Grade.Marked)], screen));
        Assert.Equal(["CaudaEquina", "Peripheralisation"], result.Suggestions.Select(s => s.Detail));
        Assert.All(result.Suggestions, s => Assert.Equal(SuggestionKind.StopAndRefer, s.Kind));
        Assert.Empty(Analyzer.Analyze(AnalysisInput.From([], Sot.Workbench.Safety.RedFlagScreen.Clear)).Suggestions);
    }

    [Fact]
    public void R7_recorded_referral_triggers_stop_and_refer()
    {
        var result = Analyzer.Analyze(new AnalysisInput([]) { ReferralTriggers = ["Peripheralisation"] });
        Assert.Equal("Peripheralisation", Assert.Single(result.Suggestions).Detail);
    }

    // ---- registry ----
    [Fact]
    public void Unknown_rule_set_is_rejected_naming_the_known_sets()
    {
        var ex = Assert.Throws<UnknownRuleSetException>(() => Analyzer.Analyze(new AnalysisInput([]), "AK"));
        Assert.Equal("AK", ex.RuleSet);
        Assert.Contains(RuleSets.SorsiSot, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rule_sets_are_never_mixed()
    {
        var analyzer = new CategoryAnalyzer(Catalogue, [.. CoreRules.All, new FixedRule("AK-1", "AK", SuggestionKind.Category)]);
        var sot = analyzer.Analyze(new AnalysisInput([]));
        var ak = analyzer.Analyze(new AnalysisInput([Heel(Side.Left, Grade.Marked)]), "AK");
        Assert.Empty(sot.Suggestions);
        Assert.Equal("AK-1", Assert.Single(ak.Suggestions).RuleId);
        Assert.Equal("AK", ak.RuleSet);
    }

    [Fact]
    public void Duplicate_rule_ids_are_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CategoryAnalyzer(Catalogue, [.. CoreRules.All, new FixedRule("SOT-R1", RuleSets.SorsiSot, SuggestionKind.Technique)]));
        Assert.Contains("SOT-R1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_throwing_rule_is_isolated_and_reported_and_the_other_rules_still_run()
    {
        var analyzer = new CategoryAnalyzer(Catalogue, [new ThrowingRule(), .. CoreRules.All]);
        var result = analyzer.Analyze(new AnalysisInput([Heel(Side.Left, Grade.Marked)]));
        Assert.Equal(SotCategory.I, Assert.Single(result.Suggestions).Category);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(("VENDOR-BROKEN", nameof(InvalidOperationException)), (failure.RuleId, failure.ExceptionType));
    }

    [Fact]
    public void Plugin_rules_run_after_core_rules_of_an_earlier_stage_and_see_their_suggestions()
    {
        var observer = new ObservingRule();
        var analyzer = new CategoryAnalyzer(Catalogue, [observer, .. CoreRules.All]);
        analyzer.Analyze(new AnalysisInput([Heel(Side.Left, Grade.Marked)]));
        Assert.Equal(1, observer.Seen);
    }

    [Fact]
    public void Suggestion_texts_never_claim_a_diagnosis_or_an_effect()
    {
        var banned = new[] { "diagnos", "cure", "guarantee", "confirmed", "proven", "heals" };
        var visit = new Sot.Workbench.Testing.SotFakers(7).Visit(SotCategory.III, retest: Sot.Workbench.Testing.RetestOutcome.NotEased);
        var input = new AnalysisInput(visit.Findings) { RedFlags = ["RecentTrauma"], ReferralTriggers = ["NeuroDecline"] };
        var result = Analyzer.Analyze(input);
        foreach (var s in result.Suggestions.Concat(result.Superseded))
        {
            foreach (var word in banned)
            {
                Assert.DoesNotContain(word, s.Rationale, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    private sealed class FixedRule(string id, string set, SuggestionKind kind) : IAnalysisRule
    {
        public string Id => id;
        public string RuleSet => set;
        public AnalysisStage Stage => AnalysisStage.Findings;
        public Provenance Provenance { get; } = new(ReliabilityTag.Gap, "test");
        public void Evaluate(AnalysisContext context) => context.Add(new Suggestion(Id, kind, "fixed", Provenance));
    }

    private sealed class ThrowingRule : IAnalysisRule
    {
        public string Id => "VENDOR-BROKEN";
        public string RuleSet => RuleSets.SorsiSot;
        public AnalysisStage Stage => AnalysisStage.Findings;
        public Provenance Provenance { get; } = new(ReliabilityTag.Gap, "test");
        public void Evaluate(AnalysisContext context) => throw new InvalidOperationException("boom");
    }

    private sealed class ObservingRule : IAnalysisRule
    {
        public int Seen { get; private set; }
        public string Id => "VENDOR-OBSERVER";
        public string RuleSet => RuleSets.SorsiSot;
        public AnalysisStage Stage => AnalysisStage.Combination;
        public Provenance Provenance { get; } = new(ReliabilityTag.Gap, "test");
        public void Evaluate(AnalysisContext context) => Seen = context.Suggestions.Count;
    }
}
