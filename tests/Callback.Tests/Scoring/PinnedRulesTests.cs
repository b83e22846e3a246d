using Callback.Domain.Calls;
using Callback.Domain.Findings;
using Callback.Domain.Inspections;
using Callback.Domain.Registry;
using Callback.Domain.Scoring;

namespace Callback.Tests.Scoring;

/// <summary>Scoring rules mutation testing showed no test pinned (issue 13): each assertion fails when its rule changes.</summary>
public sealed class PinnedRulesTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 11, 30, 9, 0, 0, TimeSpan.FromHours(8));

    private static CallAttempt Attempt(DateTimeOffset at, Disposition d) => new()
    {
        AttemptedAt = at, Disposition = d.Code, AaporCode = d.AaporCode, UnitCode = "150100", CertificateNumber = "x", RecordedBy = "t",
    };


    [Theory]
    [InlineData(0.95, 19.0)]
    [InlineData(0.9499, 10.0)]
    [InlineData(0.999, 20.0)]
    [InlineData(1.0, 20.0)]
    public void An_entry_rate_of_exactly_95_percent_scores_19_of_20_and_just_below_scores_10(double rate, double points) =>
        Assert.Equal((decimal)points, ItemFormulas.EntryStandardPoints((decimal)rate));

    [Fact]
    public void Each_item_says_where_its_score_comes_from_and_only_scored_items_are_counted()
    {
        var form = EvaluationForm.Notice2015;
        var inputs = new ScorecardInputs(1, "150100", true, [], [],
            [new ItemScoreEntry { UnitCode = "150100", ItemCode = "1.1", Score = 3m, Note = "有制度", Evidence = "文件", RecordedBy = "inspector" }],
            new UnitFiguresEntry { UnitCode = "150100", EntryRate = 1m, CoverageRate = 0.8m, Evidence = "系统统计", RecordedBy = "admin" },
            [], null);

        var card = ScorecardCalculator.Compute(form, new RubricRules(), inputs);

        var sources = card.Items.ToDictionary(i => i.Code, i => i.Source);
        Assert.Equal("inspector", sources["1.1"]);
        Assert.Equal(["4.1", "4.2", "4.4"], sources.Where(s => s.Value == "computed").Select(s => s.Key).Order());
        Assert.Equal(form.Items.Count - 4, sources.Count(s => s.Value == "not-scored"));
        Assert.Equal(4, card.ItemsScored);
        Assert.Equal(3m + 4m + 15m + 20m, card.Total);
        var coverage = card.Items.Single(i => i.Code == "4.1");
        Assert.Equal(("系统统计", 4m), (coverage.Evidence, coverage.Score));
        Assert.Equal(("有制度", "文件"), (card.Items.Single(i => i.Code == "1.1").Note, card.Items.Single(i => i.Code == "1.1").Evidence));
    }

    [Theory]
    [InlineData(TotalRule.AsPrinted, EntryItemRule.ScaleToMaximum, "Scoring:Total = AsPrinted", "Scoring:EntryItem = ScaleToMaximum")]
    [InlineData(TotalRule.ScaleTo100, EntryItemRule.CapAtMaximum, "Scoring:Total = ScaleTo100", "Scoring:EntryItem = CapAtMaximum")]
    public void The_rules_shown_with_a_scorecard_are_the_configured_ones(TotalRule total, EntryItemRule entry, string totalText, string entryText)
    {
        var rules = new RubricRules { Total = total, EntryItem = entry };

        var card = ScorecardCalculator.Compute(EvaluationForm.Notice2015, rules, new ScorecardInputs(1, "150100", true, [], [], [], null, [], null));

        Assert.Equal(3, card.Rules.Count);
        Assert.StartsWith(totalText, card.Rules[0], StringComparison.Ordinal);
        Assert.StartsWith(entryText, card.Rules[1], StringComparison.Ordinal);
        Assert.Equal(rules.Describe(), card.Rules);
    }

    [Fact]
    public void Deductions_name_the_masked_person_the_reason_and_the_finding_and_unreachable_persons_count_when_the_policy_says()
    {
        var finding = new FindingEntry
        {
            Id = 42, UnitCode = "150100", CertificateNumber = "15010519740427431862", ComparisonJson = "[]", Verdict = Verdict.Untruthful,
            Reason = "就业状况不符", RecordedBy = "inspector",
        };
        var truthful = new FindingEntry
        {
            Id = 43, UnitCode = "150100", CertificateNumber = "15010519740427432662", ComparisonJson = "[]", Verdict = Verdict.Truthful,
            Reason = "一致", RecordedBy = "inspector",
        };

        var card = ScorecardCalculator.Compute(EvaluationForm.Notice2015, new RubricRules(),
            new ScorecardInputs(1, "150100", true, [finding, truthful], ["15060219950722179351"], [], null, [], null));

        var item = card.Items.Single(i => i.Code == "4.4");
        Assert.Equal(16m, item.Score);
        Assert.Equal(2, item.Deductions.Count);
        Assert.Equal(new Deduction("1501************1862", 2m, "就业状况不符", 42), item.Deductions[0]);
        Assert.Null(item.Deductions[1].FindingEntryId);
        Assert.Contains("已核实 2 人，不真实 2 人", item.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Partial_and_non_contact_cases_count_in_the_aapor_rates_and_a_case_never_attempted_is_of_unknown_eligibility()
    {
        Disposition?[] cases =
        [
            Disposition.Completed, Disposition.Completed, Disposition.Partial, Disposition.Refused, Disposition.Unavailable, Disposition.Unavailable,
            Disposition.UnableVoice, null, Disposition.NotInService,
        ];

        var rates = AaporRates.Compute(cases);

        Assert.Equal(9, rates.Cases);
        Assert.Equal(0.25m, rates.ResponseRate1);    // I / 8
        Assert.Equal(0.625m, rates.ContactRate1);    // (I + P + R + O) / 8
        Assert.Equal(0.125m, rates.RefusalRate1);    // R / 8
        Assert.Throws<ArgumentNullException>(() => AaporRates.Compute(null!));
    }

    [Fact]
    public void The_form_finds_an_item_by_its_code_and_nothing_for_a_code_it_does_not_have()
    {
        Assert.Equal(20, EvaluationForm.Notice2015.Find("4.4")!.Maximum);
        Assert.Null(EvaluationForm.Notice2015.Find("9.9"));
    }

    [Fact]
    public void The_computed_items_say_their_figures_and_a_locked_scorecard_says_who_locked_it()
    {
        var locked = new ScorecardLock { InspectionId = 1, UnitCode = "150100", LockedAt = Day1, LockedBy = "supervisor" };
        var inputs = new ScorecardInputs(1, "150100", true, [], [], [],
            new UnitFiguresEntry { UnitCode = "150100", EntryRate = 0.97m, CoverageRate = 0.8m, Evidence = "系统统计", RecordedBy = "admin" }, [], locked);

        var card = ScorecardCalculator.Compute(EvaluationForm.Notice2015, new RubricRules(), inputs);
        var open = ScorecardCalculator.Compute(EvaluationForm.Notice2015, new RubricRules(), inputs with { Lock = null });

        Assert.Equal("录入比例 97.0%", card.Items.Single(i => i.Code == "4.2").Note?.Replace(" %", "%", StringComparison.Ordinal));
        Assert.Equal("覆盖率 80.0%", card.Items.Single(i => i.Code == "4.1").Note?.Replace(" %", "%", StringComparison.Ordinal));
        Assert.Equal((true, Day1, "supervisor"), (card.Locked, card.LockedAt, card.LockedBy));
        Assert.Equal((false, (DateTimeOffset?)null, (string?)null), (open.Locked, open.LockedAt, open.LockedBy));
        Assert.Equal("4.1 项按覆盖率 × 5 分计；4.4 项 = max(0, 20 − 2 × 不真实人数)", card.Rules[2]);
    }

    [Fact]
    public void Before_the_draw_item_4_4_says_why_it_has_no_score_and_an_unreachable_deduction_says_why_it_counts()
    {
        var form = EvaluationForm.Notice2015;
        var before = ScorecardCalculator.Compute(form, new RubricRules(), new ScorecardInputs(1, "150100", false, [], [], [], null, [], null));
        var after = ScorecardCalculator.Compute(form, new RubricRules(), new ScorecardInputs(1, "150100", true, [], ["15060219950722179351"], [], null, [], null));

        Assert.Equal("尚未抽取核实对象", before.Items.Single(i => i.Code == "4.4").Note);
        Assert.Equal("多次拨打无法联系，按检查政策计为不真实", after.Items.Single(i => i.Code == "4.4").Deductions.Single().Reason);
        Assert.Throws<ArgumentNullException>(() => ScorecardCalculator.Compute(null!, new RubricRules(), new ScorecardInputs(1, "x", true, [], [], [], null, [], null)));
        Assert.Throws<ArgumentNullException>(() => ScorecardCalculator.Compute(form, null!, new ScorecardInputs(1, "x", true, [], [], [], null, [], null)));
        Assert.Throws<ArgumentNullException>(() => ScorecardCalculator.Compute(form, new RubricRules(), null!));
    }
}
