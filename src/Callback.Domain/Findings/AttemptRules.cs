using Callback.Domain.Inspections;

namespace Callback.Domain.Findings;

/// <summary>A rule an attempt breaks: an English code and the Chinese reason.</summary>
public sealed record AttemptProblem(string Code, string Message);

/// <summary>
/// When an attempt may be said to have happened. An inspection's score rests on its attempts, so an attempt
/// cannot be dated before the draw that chose the person, outside the inspection or the calling hours, in the
/// future, or before the person's previous attempt; and a person is rung at most so many times a day.
/// </summary>
public static class AttemptRules
{
    /// <summary>How far ahead of the server's clock an attempt's time may be (clocks differ a little).</summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromMinutes(1);

    /// <param name="previous">Every earlier attempt on this person, whatever became of it.</param>
    public static AttemptProblem? Check(Inspection inspection, DateTimeOffset drawnAt, IReadOnlyCollection<DateTimeOffset> previous, DateTimeOffset at, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        ArgumentNullException.ThrowIfNull(previous);
        var policy = inspection.Policy;
        if (at > now + ClockTolerance)
            return new("attempt-in-future", "拨打时间晚于当前时间");
        if (at < drawnAt)
            return new("attempt-before-draw", $"拨打时间早于抽取封存的时间（{Local(policy, drawnAt)}）：抽取之前不可能拨打被抽中的人");
        var day = policy.LocalDate(at);
        if (day < inspection.StartsOn || day > inspection.EndsOn)
            return new("attempt-outside-inspection", $"拨打日期 {day:yyyy-MM-dd} 不在检查期间（{inspection.StartsOn:yyyy-MM-dd} 至 {inspection.EndsOn:yyyy-MM-dd}）内");
        if (!policy.IsWithinCallingHours(at))
            return new("outside-calling-hours", $"拨打时间不在允许的时段内（{policy.TimeZone} {policy.CallingHours}），请尊重被访者的作息");
        if (previous.Count > 0 && at < previous.Max())
            return new("attempt-before-previous", $"拨打时间早于此人上一次拨打（{Local(policy, previous.Max())}）：拨打只能按时间顺序登记");
        return DailyLimit(policy, previous, at);
    }

    /// <summary>The per-person daily limit alone: what placing a call checks (its time is now, in the hours already).</summary>
    public static AttemptProblem? DailyLimit(CallingPolicy policy, IEnumerable<DateTimeOffset> previous, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(previous);
        var day = policy.LocalDate(at);
        return previous.Count(p => policy.LocalDate(p) == day) >= policy.MaxAttemptsPerDay
            ? new("daily-limit-reached", $"{day:yyyy-MM-dd} 已拨打此人 {policy.MaxAttemptsPerDay} 次（每人每天上限）：请改日再拨，尊重被访者的时间")
            : null;
    }

    private static string Local(CallingPolicy policy, DateTimeOffset moment) =>
        TimeZoneInfo.ConvertTime(moment, TimeZoneInfo.FindSystemTimeZoneById(policy.TimeZone)).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
