using Callback.Domain.Calls;
using Callback.Domain.Findings;
using Callback.Domain.Inspections;
using Callback.Domain.Registry;
using Callback.Domain.Scoring;

namespace Callback.Tests.Calls;

/// <summary>Reachability and disposition rules mutation testing showed no test pinned (issue 13).</summary>
public sealed class ReachabilityPinnedTests
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
            ("silent-line", "3.13", AaporGroup.UnknownEligibility, false, false, "接通但无人应答"),
            ("technical-failure", "3.16", AaporGroup.UnknownEligibility, false, false, "线路或系统故障（稍后重拨）"),
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
}
