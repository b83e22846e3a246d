using Callback.Domain.Findings;
using Callback.Domain.Inspections;

namespace Callback.Tests.Inspections;

/// <summary>The rules of when an attempt may be said to have happened, at their edges.</summary>
public sealed class AttemptRulesTests
{
    private static readonly DateTimeOffset Drawn = new(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly Inspection Inspection = new()
    {
        Title = "t", CreatedBy = "t", StartsOn = new DateOnly(2026, 11, 20), EndsOn = new DateOnly(2026, 11, 24),
    };

    private static string? Check(DateTimeOffset at, DateTimeOffset? now = null, params DateTimeOffset[] previous) =>
        AttemptRules.Check(Inspection, Drawn, previous, at, now ?? at.AddHours(1))?.Code;

    [Fact]
    public void The_moment_of_the_draw_is_allowed_a_second_before_it_is_not()
    {
        Assert.Null(Check(Drawn));
        Assert.Equal("attempt-before-draw", Check(Drawn.AddSeconds(-1)));
    }

    [Fact]
    public void A_minute_of_clock_difference_is_tolerated_not_more()
    {
        var now = Drawn.AddHours(1);
        Assert.Null(Check(now.Add(AttemptRules.ClockTolerance), now));
        Assert.Equal("attempt-in-future", Check(now.Add(AttemptRules.ClockTolerance).AddSeconds(1), now));
    }

    [Fact]
    public void The_last_day_of_the_inspection_counts_the_day_after_does_not()
    {
        Assert.Null(Check(new DateTimeOffset(2026, 11, 24, 17, 59, 0, TimeSpan.FromHours(8))));
        Assert.Equal("attempt-outside-inspection", Check(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(8))));
    }

    [Fact]
    public void Calling_hours_are_checked_after_the_dates()
    {
        Assert.Equal("outside-calling-hours", Check(new DateTimeOffset(2026, 11, 23, 12, 30, 0, TimeSpan.FromHours(8))));
        Assert.Equal("outside-calling-hours", Check(new DateTimeOffset(2026, 11, 23, 18, 0, 0, TimeSpan.FromHours(8))));
    }

    [Fact]
    public void An_attempt_at_the_same_moment_as_the_previous_is_allowed_an_earlier_one_is_not()
    {
        var previous = Drawn.AddHours(1);
        Assert.Null(Check(previous, null, previous));
        Assert.Equal("attempt-before-previous", Check(previous.AddSeconds(-1), null, previous));
    }

    [Fact]
    public void Two_attempts_a_day_are_allowed_by_default_a_third_waits_for_the_next_day()
    {
        var first = Drawn.AddMinutes(10);
        var second = Drawn.AddMinutes(20);
        Assert.Null(Check(second, null, first));
        Assert.Equal("daily-limit-reached", Check(Drawn.AddMinutes(30), null, first, second));
        Assert.Null(Check(Drawn.AddDays(1), null, first, second));
        Assert.Equal(2, new CallingPolicy().MaxAttemptsPerDay);
    }

    [Fact]
    public void The_daily_limit_is_a_policy_with_bounds()
    {
        Assert.Contains(new CallingPolicy { MaxAttemptsPerDay = 0 }.Problems(), p => p.Contains("每人每天", StringComparison.Ordinal));
        Assert.Contains(new CallingPolicy { MaxAttemptsPerDay = 11 }.Problems(), p => p.Contains("每人每天", StringComparison.Ordinal));
        Assert.Empty(new CallingPolicy { MaxAttemptsPerDay = 10 }.Problems());
    }

    [Fact]
    public void Calling_opens_next_at_the_afternoon_window_or_the_next_morning()
    {
        var policy = new CallingPolicy();
        Assert.Equal(new DateTime(2026, 11, 23, 14, 30, 0), policy.NextOpening(new DateTimeOffset(2026, 11, 23, 12, 5, 0, TimeSpan.FromHours(8))));
        Assert.Equal(new DateTime(2026, 11, 24, 8, 30, 0), policy.NextOpening(new DateTimeOffset(2026, 11, 23, 20, 0, 0, TimeSpan.FromHours(8))));
    }

    [Fact]
    public void An_attempt_between_two_earlier_ones_is_before_the_latest_and_refused()
    {
        var first = Drawn.AddMinutes(10);
        var latest = Drawn.AddDays(1);
        Assert.Equal("attempt-before-previous", Check(Drawn.AddHours(2), Drawn.AddDays(2), latest, first));
    }

    [Fact]
    public void The_first_day_of_the_inspection_counts_the_day_before_does_not()
    {
        var early = new Inspection { Title = "t", CreatedBy = "t", StartsOn = new DateOnly(2026, 11, 24), EndsOn = new DateOnly(2026, 11, 30) };
        var firstMorning = new DateTimeOffset(2026, 11, 24, 8, 30, 0, TimeSpan.FromHours(8));
        var drawn = firstMorning.AddDays(-10);
        Assert.Null(AttemptRules.Check(early, drawn, [], firstMorning, firstMorning));
        Assert.Equal("attempt-outside-inspection", AttemptRules.Check(early, drawn, [], firstMorning.AddDays(-1), firstMorning)?.Code);
    }
}
