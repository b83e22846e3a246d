using Callback.Domain.Calls;
using Callback.Domain.Findings;
using Callback.Domain.Inspections;
using Callback.Domain.Registry;
using Callback.Domain.Scoring;

namespace Callback.Tests.Inspections;

/// <summary>Comparison rules mutation testing showed no test pinned (issue 13).</summary>
public sealed class ComparisonPinnedTests
{
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
        Assert.Equal(chinese, AnswerFields.Chinese(field));

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
}
