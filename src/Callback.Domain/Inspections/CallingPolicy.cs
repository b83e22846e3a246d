using System.Globalization;

namespace Callback.Domain.Inspections;

/// <summary>What an unreachable person means for the unit's score.</summary>
public enum UnreachableRule
{
    /// <summary>The next reserve takes their place (default).</summary>
    ReplaceWithReserve = 1,

    /// <summary>They count as an untruthful record.</summary>
    CountAsUntruthful = 2,
}

/// <summary>The calling policy recorded with an inspection.</summary>
public sealed class CallingPolicy
{
    public int PersonsPerUnit { get; set; } = 10;
    public int Reserves { get; set; } = 10;

    /// <summary>Attempts without contact before a person counts as unreachable…</summary>
    public int AttemptsBeforeUnreachable { get; set; } = 3;

    /// <summary>…made on at least this many different days.</summary>
    public int DistinctDays { get; set; } = 2;

    /// <summary>Local calling windows, e.g. "08:30-12:00,14:30-18:00".</summary>
    public string CallingHours { get; set; } = "08:30-12:00,14:30-18:00";

    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>Attempts on one person in one local day, at most: these are disabled persons; their time is respected.</summary>
    public int MaxAttemptsPerDay { get; set; } = 2;

    /// <summary>
    /// Minutes between two tries on one person that a verification plan leaves at least: a person who did not answer
    /// at ten is not rung again at five past.
    /// </summary>
    public int MinutesBetweenTries { get; set; } = 120;

    public UnreachableRule Unreachable { get; set; } = UnreachableRule.ReplaceWithReserve;

    public IReadOnlyList<(TimeOnly From, TimeOnly To)> Windows() =>
        [.. CallingHours.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseWindow)];

    public bool IsWithinCallingHours(DateTimeOffset moment)
    {
        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, Zone()).DateTime);
        return Windows().Any(w => local >= w.From && local < w.To);
    }

    /// <summary>The next moment calling opens, local time (now itself when within the hours).</summary>
    public DateTime NextOpening(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, Zone()).DateTime;
        var windows = Windows().OrderBy(w => w.From).ToList();
        if (windows.Any(w => TimeOnly.FromDateTime(local) >= w.From && TimeOnly.FromDateTime(local) < w.To))
            return local;
        var later = windows.FirstOrDefault(w => w.From > TimeOnly.FromDateTime(local));
        return later != default ? local.Date + later.From.ToTimeSpan() : local.Date.AddDays(1) + windows[0].From.ToTimeSpan();
    }

    /// <summary>A local time in the policy's zone as an instant.</summary>
    public DateTimeOffset Instant(DateTime local) => new(local, Zone().GetUtcOffset(local));

    public DateOnly LocalDate(DateTimeOffset moment) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, Zone()).DateTime);

    /// <summary>Each problem with the policy, in the clerk's words; empty when it is sound.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (PersonsPerUnit is < 1 or > 100)
            problems.Add("每单位抽查人数应在 1 到 100 之间");
        if (Reserves is < 0 or > 100)
            problems.Add("候补人数应在 0 到 100 之间");
        if (AttemptsBeforeUnreachable < 1)
            problems.Add("认定无法联系前的拨打次数至少为 1");
        if (DistinctDays < 1 || DistinctDays > AttemptsBeforeUnreachable)
            problems.Add("拨打天数至少为 1，且不多于拨打次数");
        if (MaxAttemptsPerDay is < 1 or > 10)
            problems.Add("每人每天拨打次数上限应在 1 到 10 之间");
        if (MinutesBetweenTries is < 0 or > 1440)
            problems.Add("两次拨打的最小间隔应在 0 到 1440 分钟之间");
        try
        {
            if (Windows().Count == 0 || Windows().Any(w => w.From >= w.To))
                problems.Add("拨打时段应写作 08:30-12:00,14:30-18:00");
        }
        catch (FormatException)
        {
            problems.Add("拨打时段应写作 08:30-12:00,14:30-18:00");
        }

        try
        {
            Zone();
        }
        catch (TimeZoneNotFoundException)
        {
            problems.Add($"时区“{TimeZone}”无法识别");
        }

        return problems;
    }

    private TimeZoneInfo Zone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    private static (TimeOnly, TimeOnly) ParseWindow(string window)
    {
        var parts = window.Split('-');
        if (parts.Length != 2)
            throw new FormatException($"calling window '{window}' is not HH:mm-HH:mm");
        return (TimeOnly.ParseExact(parts[0], "HH:mm", CultureInfo.InvariantCulture), TimeOnly.ParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture));
    }
}
