using Callback.Domain.Calls;
using Callback.Domain.Findings;
using Callback.Domain.Inspections;
using Callback.Domain.Registry;

namespace Callback.Tests.Inspections;

public sealed class DomainRulesTests
{
    private static Inspection Mutual() => new() { Title = "互查", Kind = InspectionKind.MutualCheck, UnitCodes = ["150100", "150200"], CreatedBy = "t" };

    [Fact]
    public void In_a_mutual_check_nobody_inspects_their_own_unit()
    {
        Assert.Equal("self-assignment", AssignmentRules.Check(Mutual(), "150100", "150100")?.Code);
        Assert.Null(AssignmentRules.Check(Mutual(), "150200", "150100"));
    }

    [Fact]
    public void In_a_self_check_inspecting_ones_own_unit_is_the_point()
    {
        var self = Mutual();
        self.Kind = InspectionKind.SelfCheck;
        Assert.Null(AssignmentRules.Check(self, "150100", "150100"));
        Assert.Equal("unit-not-in-inspection", AssignmentRules.Check(self, "150100", "150300")?.Code);
    }

    [Fact]
    public void Calling_hours_are_kept_in_Asia_Shanghai()
    {
        var policy = new CallingPolicy();
        Assert.True(policy.IsWithinCallingHours(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.FromHours(8))));
        Assert.False(policy.IsWithinCallingHours(new DateTimeOffset(2026, 11, 30, 12, 30, 0, TimeSpan.FromHours(8))));
        Assert.True(policy.IsWithinCallingHours(new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.Zero)));  // 15:00 in Shanghai
        Assert.False(policy.IsWithinCallingHours(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero))); // 20:00 in Shanghai
    }

    [Fact]
    public void A_bad_policy_is_refused_with_its_problems()
    {
        var policy = new CallingPolicy { PersonsPerUnit = 0, CallingHours = "morning", DistinctDays = 5 };
        Assert.Equal(3, policy.Problems().Count);
    }

    [Fact]
    public void Three_unanswered_attempts_on_two_days_make_a_person_unreachable()
    {
        var policy = new CallingPolicy();
        var day1 = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.FromHours(8));
        CallAttempt Attempt(DateTimeOffset at, Disposition d) => new()
        {
            AttemptedAt = at, Disposition = d.Code, AaporCode = d.AaporCode, UnitCode = "150100", CertificateNumber = "x", RecordedBy = "t",
        };

        Assert.Null(Reachability.Unreachable([Attempt(day1, Disposition.NoAnswer), Attempt(day1.AddHours(1), Disposition.Busy), Attempt(day1.AddHours(2), Disposition.NoAnswer)], policy));
        Assert.NotNull(Reachability.Unreachable([Attempt(day1, Disposition.NoAnswer), Attempt(day1.AddHours(1), Disposition.Busy), Attempt(day1.AddDays(1), Disposition.NoAnswer)], policy));
        Assert.Null(Reachability.Unreachable([Attempt(day1, Disposition.Refused), Attempt(day1.AddHours(1), Disposition.NoAnswer), Attempt(day1.AddDays(1), Disposition.NoAnswer)], policy));
        Assert.NotNull(Reachability.Unreachable([Attempt(day1, Disposition.NotInService)], policy));
    }

    private static PersonRevision Registry(EmploymentStatus status, EmploymentForm? form, bool trained, int? year) => new()
    {
        CertificateNumber = "15010519740427431862", Name = "万建", CountyCode = "150105", UnitCode = "150100", ContentHash = new byte[16],
        EmploymentStatus = status, EmploymentForm = form, Trained = trained, TrainingYear = year,
    };

    [Fact]
    public void A_wrong_employment_status_makes_the_record_untruthful()
    {
        var comparison = ComparisonRules.Default.Compare(
            Registry(EmploymentStatus.Employed, EmploymentForm.Flexible, false, null), new Answers(EmploymentStatus.NotEmployed, null, false, null));
        Assert.Contains(comparison, c => c.Field == "employmentStatus" && c.MakesUntruthful);
    }

    [Fact]
    public void A_wrong_form_counts_only_for_an_employed_person()
    {
        var employed = ComparisonRules.Default.Compare(
            Registry(EmploymentStatus.Employed, EmploymentForm.Flexible, false, null), new Answers(EmploymentStatus.Employed, EmploymentForm.Concentrated, false, null));
        var unemployed = ComparisonRules.Default.Compare(
            Registry(EmploymentStatus.NotEmployed, null, false, null), new Answers(EmploymentStatus.NotEmployed, EmploymentForm.Concentrated, false, null));
        Assert.Contains(employed, c => c.Field == "employmentForm" && c.MakesUntruthful);
        Assert.DoesNotContain(unemployed, c => c.MakesUntruthful);
    }

    [Fact]
    public void Wrong_training_makes_the_record_untruthful_and_matching_answers_do_not()
    {
        var registry = Registry(EmploymentStatus.NotEmployed, null, true, 2025);
        Assert.Contains(ComparisonRules.Default.Compare(registry, new Answers(EmploymentStatus.NotEmployed, null, true, 2023)), c => c.Field == "trainingYear" && c.MakesUntruthful);
        Assert.Contains(ComparisonRules.Default.Compare(registry, new Answers(EmploymentStatus.NotEmployed, null, false, null)), c => c.Field == "trained" && c.MakesUntruthful);
        Assert.DoesNotContain(ComparisonRules.Default.Compare(registry, new Answers(EmploymentStatus.NotEmployed, null, true, 2025)), c => c.MakesUntruthful);
    }

    [Fact]
    public void A_rules_file_naming_an_unknown_field_is_refused()
    {
        var error = Assert.Throws<FormatException>(() => ComparisonRules.Parse("""{"rules":[{"field":"salary","appliesWhen":"always","untruthfulWhenDifferent":true}]}"""));
        Assert.Contains("salary", error.Message, StringComparison.Ordinal);
    }
}
