using Callback.Domain.Calls;
using Callback.Domain.Findings;
using Callback.Domain.Inspections;
using Callback.Domain.Registry;
using Callback.Domain.Scoring;

namespace Callback.Tests.Scoring;

/// <summary>Rules mutation testing showed no test pinned (issue 13): each assertion fails when its rule changes.</summary>
public sealed class PinnedRulesTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 11, 30, 9, 0, 0, TimeSpan.FromHours(8));

    private static CallAttempt Attempt(DateTimeOffset at, Disposition d) => new()
    {
        AttemptedAt = at, Disposition = d.Code, AaporCode = d.AaporCode, UnitCode = "150100", CertificateNumber = "x", RecordedBy = "t",
    };

    [Fact]
    public void With_several_attempts_the_latest_decides_that_a_number_is_not_in_service()
    {
        var policy = new CallingPolicy();

        var lastNotInService = Reachability.Unreachable([Attempt(Day1, Disposition.NoAnswer), Attempt(Day1.AddDays(1), Disposition.NotInService)], policy);
        // Listed out of order: the latest by time decides, not the last in the list.
        var earlierNotInService = Reachability.Unreachable([Attempt(Day1.AddDays(1), Disposition.NoAnswer), Attempt(Day1, Disposition.NotInService)], policy);
        var wrongPerson = Reachability.Unreachable([Attempt(Day1, Disposition.Busy), Attempt(Day1.AddHours(2), Disposition.WrongPerson)], policy);

        Assert.Equal("号码无效：空号或停机", lastNotInService);
        Assert.Null(earlierNotInService);
        Assert.Equal("号码无效：号码已易主（接听者不是本人）", wrongPerson);
        Assert.Null(Reachability.Unreachable([], policy));
    }

    [Fact]
    public void Unreachable_needs_both_the_attempts_and_the_distinct_days_of_the_policy_and_says_them()
    {
        var policy = new CallingPolicy { AttemptsBeforeUnreachable = 3, DistinctDays = 2 };

        var twoAttemptsTwoDays = Reachability.Unreachable([Attempt(Day1, Disposition.NoAnswer), Attempt(Day1.AddDays(1), Disposition.NoAnswer)], policy);
        var threeOnTwoDays = Reachability.Unreachable(
            [Attempt(Day1, Disposition.NoAnswer), Attempt(Day1.AddHours(1), Disposition.Busy), Attempt(Day1.AddDays(1), Disposition.AnsweringMachine)], policy);

        Assert.Null(twoAttemptsTwoDays);
        Assert.Equal("已拨打 3 次（2 天）均未接通", threeOnTwoDays);
    }

    private static PersonRevision Registry(bool trained, int? year) => new()
    {
        CertificateNumber = "15010519740427431862", Name = "万建", CountyCode = "150105", UnitCode = "150100", ContentHash = new byte[16],
        EmploymentStatus = EmploymentStatus.NotEmployed, Trained = trained, TrainingYear = year,
    };

    [Fact]
    public void The_training_year_is_compared_only_when_the_registry_says_trained()
    {
        var untrained = ComparisonRules.Default.Compare(Registry(false, null), new Answers(EmploymentStatus.NotEmployed, null, false, 2024));
        var trained = ComparisonRules.Default.Compare(Registry(true, 2025), new Answers(EmploymentStatus.NotEmployed, null, true, 2024));

        var year = Assert.Single(untrained, c => c.Field == "trainingYear");
        Assert.False(year.Compared);
        Assert.True(year.Matches);
        Assert.False(year.MakesUntruthful);
        var compared = Assert.Single(trained, c => c.Field == "trainingYear");
        Assert.Equal(("2025", "2024", true, false, true), (compared.Registry, compared.Answer, compared.Compared, compared.Matches, compared.MakesUntruthful));
    }

    [Fact]
    public void An_unanswered_field_is_not_compared_and_a_rule_may_say_a_difference_is_not_untruthful()
    {
        var rules = ComparisonRules.Parse("""{"rules":[{"field":"trained","appliesWhen":"always","untruthfulWhenDifferent":false},{"field":"employmentStatus","appliesWhen":"always","untruthfulWhenDifferent":true}]}""");

        var result = rules.Compare(Registry(true, 2025), new Answers(null, null, false, null));

        var trained = Assert.Single(result, c => c.Field == "trained");
        Assert.Equal((true, false, false), (trained.Compared, trained.Matches, trained.MakesUntruthful));
        var status = Assert.Single(result, c => c.Field == "employmentStatus");
        Assert.Equal(("未就业", null, false, true), (status.Registry, status.Answer, status.Compared, status.Matches));
        Assert.Equal(["employmentStatus"], rules.Unanswered(Registry(true, 2025), new Answers(null, null, false, null)));
    }

    [Theory]
    [InlineData("registryEmploye")]
    [InlineData("")]
    [InlineData("Always")]
    public void A_rules_file_with_an_unknown_condition_is_refused_when_it_loads(string condition)
    {
        var error = Assert.Throws<FormatException>(() =>
            ComparisonRules.Parse($$"""{"rules":[{"field":"trained","appliesWhen":"always","untruthfulWhenDifferent":true},{"field":"trainingYear","appliesWhen":"{{condition}}","untruthfulWhenDifferent":true}]}"""));

        Assert.Contains("rule 2", error.Message, StringComparison.Ordinal);
        Assert.Contains($"unknown condition '{condition}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_form_of_employment_and_the_year_are_unanswered_only_when_the_answers_ask_for_them()
    {
        var employedTrained = new PersonRevision
        {
            CertificateNumber = "15010519740427431862", Name = "万建", CountyCode = "150105", UnitCode = "150100", ContentHash = new byte[16],
            EmploymentStatus = EmploymentStatus.Employed, EmploymentForm = EmploymentForm.Flexible, Trained = true, TrainingYear = 2025,
        };

        Assert.Equal(["employmentForm", "trainingYear"],
            ComparisonRules.Default.Unanswered(employedTrained, new Answers(EmploymentStatus.Employed, null, true, null)));
        Assert.Empty(ComparisonRules.Default.Unanswered(employedTrained, new Answers(EmploymentStatus.NotEmployed, null, false, null)));
    }

    [Fact]
    public void A_given_form_is_not_unanswered_while_a_missing_year_is()
    {
        var employedTrained = new PersonRevision
        {
            CertificateNumber = "15010519740427431862", Name = "万建", CountyCode = "150105", UnitCode = "150100", ContentHash = new byte[16],
            EmploymentStatus = EmploymentStatus.Employed, EmploymentForm = EmploymentForm.Flexible, Trained = true, TrainingYear = 2025,
        };

        Assert.Equal(["trainingYear"], ComparisonRules.Default.Unanswered(employedTrained, new Answers(EmploymentStatus.Employed, EmploymentForm.Flexible, true, null)));
        Assert.Equal(["employmentForm"], ComparisonRules.Default.Unanswered(employedTrained, new Answers(EmploymentStatus.Employed, null, true, 2025)));
    }

    [Fact]
    public void A_rules_file_that_is_empty_or_names_an_unknown_field_is_refused_naming_the_rule()
    {
        Assert.Contains("the file is empty", Assert.Throws<FormatException>(() => ComparisonRules.Parse("null")).Message, StringComparison.Ordinal);
        var error = Assert.Throws<FormatException>(() => ComparisonRules.Parse(
            """{"rules":[{"field":"trained","appliesWhen":"always","untruthfulWhenDifferent":true},{"field":"salary","appliesWhen":"always","untruthfulWhenDifferent":true}]}"""));
        Assert.StartsWith("comparison rules, rule 2: unknown field 'salary' (known: employmentStatus, employmentForm, trained, trainingYear).", error.Message, StringComparison.Ordinal);
        var condition = Assert.Throws<FormatException>(() => ComparisonRules.Parse(
            """{"rules":[{"field":"trained","appliesWhen":"never","untruthfulWhenDifferent":true}]}"""));
        Assert.Equal("comparison rules, rule 1: unknown condition 'never' (known: always, registryEmployed, registryTrained).", condition.Message);
    }

    [Theory]
    [InlineData("employmentStatus", "就业状况")]
    [InlineData("employmentForm", "就业形式")]
    [InlineData("trained", "是否参加培训")]
    [InlineData("trainingYear", "培训年度")]
    [InlineData("salary", "salary")]
    public void Each_compared_field_has_its_chinese_name(string field, string chinese) =>
        Assert.Equal(chinese, ComparisonRules.Chinese(field));

    [Fact]
    public void Comparing_without_a_record_or_answers_is_a_programming_error_said_at_once()
    {
        var registry = Registry(true, 2025);
        var answers = new Answers(null, null, null, null);
        Assert.Throws<ArgumentNullException>(() => ComparisonRules.Default.Compare(null!, answers));
        Assert.Throws<ArgumentNullException>(() => ComparisonRules.Default.Compare(registry, null!));
        Assert.Throws<ArgumentNullException>(() => ComparisonRules.Default.Unanswered(null!, answers));
        Assert.Throws<ArgumentNullException>(() => ComparisonRules.Default.Unanswered(registry, null!));
    }

    [Fact]
    public void Blanks_inside_a_certificate_are_dropped_and_a_lower_case_check_character_raised()
    {
        Assert.Equal("15010519740427431862", CertificateNumber.Normalise(" 150105 1974 0427 4318 62 "));
        Assert.Equal("15010519740427431X62", CertificateNumber.Normalise("15010519740427431x62"));
        Assert.Equal("15010519740427431", CertificateNumber.Normalise("15010519740427431"));
        Assert.Equal("", CertificateNumber.Normalise(null));
    }

    [Theory]
    [InlineData("15010519740427431")]
    [InlineData("1501051974042743")]
    [InlineData("150105197404274318")]
    public void A_certificate_too_short_is_reported_with_its_length_not_a_crash(string shortNumber)
    {
        var validator = new RegistryRowValidator(Domain.Regions.RegionCatalog.InnerMongolia, new PhoneListParser());
        var cells = Support.Fixtures.ValidRow.Split(',').Select(c => (string?)c).ToArray();
        cells[(int)RegistryColumn.Certificate] = shortNumber;

        var verdict = validator.Validate(1, cells, new DateOnly(2026, 11, 29));

        Assert.Null(verdict.Record);
        var problem = Assert.Single(verdict.Problems, p => p.Column == RegistryColumn.Certificate);
        Assert.Equal(RowProblemCodes.CertificateLength, problem.Code);
        Assert.Contains($"实际为 {shortNumber.Length} 位", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(16)]
    [InlineData(18)]
    [InlineData(19)]
    public void Numbers_that_differ_in_any_digit_the_key_reads_have_different_keys(int position)
    {
        const string number = "15010519740427431862";
        var other = number.ToCharArray();
        other[position] = other[position] == '9' ? '8' : (char)(other[position] + 1);

        Assert.NotEqual(CertificateNumber.Key(number), CertificateNumber.Key(new string(other)));
        Assert.Equal(CertificateNumber.Key(number), CertificateNumber.Key(string.Concat(number.AsSpan(0, 17), "0", number.AsSpan(18))));
    }

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

    [Fact]
    public void The_dispositions_are_the_aapor_table_code_for_code()
    {
        var expected = new (string Code, string Aapor, AaporGroup Group, bool Final, bool Reached, string Chinese)[]
        {
            ("completed", "1.1", AaporGroup.Complete, true, true, "完成核实"),
            ("partial", "1.2", AaporGroup.Partial, false, true, "部分完成"),
            ("refused", "2.11", AaporGroup.Refusal, true, true, "拒绝"),
            ("break-off", "2.12", AaporGroup.Refusal, true, true, "中途挂断"),
            ("respondent-unavailable", "2.21", AaporGroup.NonContact, false, true, "本人暂不在（已约回拨）"),
            ("unable-voice-call", "2.32", AaporGroup.Other, true, true, "无法接听语音电话（聋、言语障碍等，需监护人或其他方式）"),
            ("language-barrier", "2.33", AaporGroup.Other, false, true, "语言障碍（需蒙古语等）"),
            ("busy", "3.12", AaporGroup.UnknownEligibility, false, false, "占线"),
            ("no-answer", "3.13", AaporGroup.UnknownEligibility, false, false, "无人接听"),
            ("answering-machine", "3.14", AaporGroup.UnknownEligibility, false, false, "语音信箱"),
            ("not-in-service", "4.31", AaporGroup.NotEligible, true, false, "空号或停机"),
            ("wrong-person", "4.41", AaporGroup.NotEligible, true, false, "号码已易主（接听者不是本人）"),
        };

        Assert.Equal(expected, Disposition.All.Select(d => (d.Code, d.AaporCode, d.Group, d.Final, d.Reached, d.Chinese)));
        Assert.All(Disposition.All, d => Assert.Same(d, Disposition.Find(d.Code)));
        Assert.Null(Disposition.Find(null));
        Assert.Null(Disposition.Find("voicemail"));
        Assert.Throws<ArgumentNullException>(() => Reachability.Unreachable(null!, new CallingPolicy()));
        Assert.Throws<ArgumentNullException>(() => Reachability.Unreachable([], null!));
    }

    [Theory]
    [InlineData("1.50105E+19", true)]
    [InlineData("1E5", true)]
    [InlineData("15E", false)]
    [InlineData("1501051974042700", true)]   // 16 digits, the tail beyond 15 all zeros
    [InlineData("150105197404270", false)]   // 15 digits: a spreadsheet keeps them all
    [InlineData("1501051974042a00", false)]
    [InlineData("15010519740427431862", false)]
    public void A_number_looks_stored_by_a_spreadsheet_only_in_scientific_notation_or_with_a_zero_tail(string text, bool stored)
    {
        Assert.Equal(stored, CertificateNumber.LooksStoredAsNumber(text));
        Assert.Throws<ArgumentNullException>(() => CertificateNumber.LooksStoredAsNumber(null!));
    }

    [Fact]
    public void The_key_packs_the_first_17_digits_and_the_last_two_exactly_and_only_for_certificate_shapes()
    {
        Assert.Equal(960673263387355634L, CertificateNumber.Key("15010519740427431862"));
        Assert.True(CertificateNumber.TryKey("15010519740427431862", out var key));
        Assert.Equal(960673263387355634L, key);
        Assert.True(CertificateNumber.TryKey("15010519740427431X62", out _));
        Assert.True(CertificateNumber.HasDigitsAndCheckShape("15010519740427431X62"));
        Assert.False(CertificateNumber.HasDigitsAndCheckShape("1501051974042743AX62"));
        foreach (var bad in new[] { "1501051974042743186", "150105197404274318622", "1501051974042743A862", "150105197404274318A2", "1501051974042743186A", "15010519740427431Y62" })
        {
            Assert.False(CertificateNumber.TryKey(bad, out var none));
            Assert.Equal(0, none);
        }

        Assert.Throws<ArgumentNullException>(() => CertificateNumber.TryKey(null!, out _));
    }

    [Theory]
    [InlineData("15010519000101431862", "1900-01-01")]
    [InlineData("15010518991231431862", null)]
    [InlineData("15010519800131431862", "1980-01-31")]
    [InlineData("15010519800132431862", null)]
    [InlineData("15010519810229431862", null)]
    [InlineData("15010519840229431862", "1984-02-29")]
    public void A_birth_date_is_read_only_when_it_is_a_calendar_date_from_1900(string number, string? date) =>
        Assert.Equal(date is null ? null : DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), CertificateNumber.BirthDate(number));

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("12345678", "********")]
    [InlineData("123456789", "1234*6789")]
    [InlineData("15010519740427431862", "1501************1862")]
    public void A_masked_number_keeps_the_region_and_last_four_and_a_short_one_is_hidden_whole(string? number, string masked) =>
        Assert.Equal(masked, CertificateNumber.Mask(number));
}
