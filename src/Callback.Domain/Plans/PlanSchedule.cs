using Callback.Domain.Calls;
using Callback.Domain.Findings;
using Callback.Domain.Inspections;

namespace Callback.Domain.Plans;

/// <summary>What a verification plan does next for one sampled person.</summary>
public enum PlanMove
{
    /// <summary>Place an IVR-led call now.</summary>
    Call = 1,

    /// <summary>Send the text channel's link now (persons a voice call cannot verify).</summary>
    Text = 2,

    /// <summary>Nothing yet: a call is in flight, a link is open, or the next try is not due.</summary>
    Wait = 3,

    /// <summary>Nothing more to do: reached, decided, or unreachable under the policy.</summary>
    Settled = 4,

    /// <summary>The plan cannot go on alone (a language it does not speak, a person neither a call nor a text can reach).</summary>
    Handover = 5,
}

/// <summary>One sampled person as the plan sees them.</summary>
/// <param name="Attempts">Every attempt recorded on the person, confirmed or not.</param>
/// <param name="LastTouch">When a call was last placed or a link last sent to them (placements that failed included).</param>
/// <param name="OpenLinkUntil">The expiry of a text link sent and not yet used, if any.</param>
/// <param name="ByText">Whether the person is reached by text rather than by voice (their category, or the inspector's choice).</param>
/// <param name="CanText">Whether the person or their guardian has a mobile number.</param>
public sealed record PlanCase(
    int Position, string Certificate, IReadOnlyList<CallAttempt> Attempts, DateTimeOffset? LastTouch, bool InFlight,
    DateTimeOffset? OpenLinkUntil, bool HasFinding, bool ByText, bool CanText);

/// <param name="At">For <see cref="PlanMove.Wait"/>, when the next try falls due (null: when the call or link ends).</param>
public sealed record PlanStep(int Position, PlanMove Move, DateTimeOffset? At, string Reason);

/// <summary>
/// The rules a verification plan follows, as the calling policy states them: calls only within the calling hours and
/// the inspection's dates; never two at once to one person; no more than the daily limit per person; tries at least
/// <see cref="CallingPolicy.MinutesBetweenTries"/> apart and spread so that the required number of distinct days can
/// still be met; an appointment kept at its time (never before); a person reached, decided or unreachable left alone.
/// Plain rules over the recorded attempts: the schedule lives in the database, not in timers.
/// </summary>
public static class PlanSchedule
{
    public static PlanStep Next(PlanCase person, Inspection inspection, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(inspection);
        var policy = inspection.Policy;
        var counting = person.Attempts.Where(a => a.Counts).OrderBy(a => a.AttemptedAt).ThenBy(a => a.Id).ToList();
        if (person.HasFinding)
            return Settled(person, "已有核查结论");
        if (Reachability.Unreachable(counting, policy) is { } unreachable)
            return Settled(person, $"无法联系：{unreachable}");
        if (person.InFlight)
            return new(person.Position, PlanMove.Wait, null, "通话中");
        if (person.OpenLinkUntil is { } until)
            return new(person.Position, PlanMove.Wait, until, "已发短信链接，等待填写");

        var byText = person.ByText && person.CanText;
        DateTimeOffset? appointment = null;
        if (counting.LastOrDefault() is { } last && Disposition.Find(last.Disposition) is { } latest)
        {
            if (latest == Disposition.UnableVoice)
            {
                // The call found the person cannot take a voice call: the text channel, once, if there is a mobile.
                if (!person.CanText || counting.Any(a => a.TextLinkId is not null))
                    return new(person.Position, PlanMove.Handover, null, "无法接听语音电话，也无法用短信核实：需人工安排");
                byText = true;
            }
            else if (latest == Disposition.Language)
            {
                return new(person.Position, PlanMove.Handover, null, "语言障碍：需用蒙古语或人工核查");
            }
            else if (latest.Final && latest.Reached)
            {
                return Settled(person, $"已联系：{latest.Chinese}");
            }

        }

        // An appointment the person asked for is kept even while the attempt that noted it awaits a supervisor's
        // confirmation: it is no evidence, but it is the person's wish.
        if (person.Attempts.OrderBy(a => a.AttemptedAt).ThenBy(a => a.Id).LastOrDefault() is { CallbackAt: { } callbackAt } noted
            && noted.Disposition == Disposition.Unavailable.Code)
        {
            appointment = callbackAt;
        }

        // Reached but never finished (not at home, broke off part-way): tried again, but not without end.
        if (counting.Count >= policy.AttemptsBeforeUnreachable * 2)
            return new(person.Position, PlanMove.Handover, null, $"已拨打 {counting.Count} 次仍未完成核实：需人工跟进");

        var earliest = Max(now, person.LastTouch?.AddMinutes(policy.MinutesBetweenTries), appointment);
        if (EarliestTry(person, inspection, counting, earliest) is not { } at)
            return Settled(person, $"检查期（至 {inspection.EndsOn:yyyy-MM-dd}）内已无可拨打的时间");
        var move = byText ? PlanMove.Text : PlanMove.Call;
        return at <= now
            ? new(person.Position, move, at, byText ? "发送短信链接" : "拨打")
            : new(person.Position, PlanMove.Wait, at, appointment is null ? "等待下次拨打时间" : "按约定时间回拨");
    }

    /// <summary>Whether every person is settled or handed over: the plan has nothing more to do.</summary>
    public static bool Done(IEnumerable<PlanStep> steps) => steps.All(s => s.Move is PlanMove.Settled or PlanMove.Handover);

    /// <summary>The first moment from <paramref name="from"/> at which a try obeys every rule, or null when none is left before the inspection ends.</summary>
    private static DateTimeOffset? EarliestTry(PlanCase person, Inspection inspection, List<CallAttempt> counting, DateTimeOffset from)
    {
        var policy = inspection.Policy;
        var tries = counting.Where(a => a.Disposition != Disposition.TechnicalFailure.Code).ToList();
        var triedOn = tries.Select(a => policy.LocalDate(a.AttemptedAt)).ToHashSet();
        var needDays = Math.Max(0, policy.DistinctDays - triedOn.Count);
        // Each turn moves to the next opening or to the next day, and the inspection's last day ends the search.
        for (var candidate = from; ;)
        {
            candidate = policy.Instant(policy.NextOpening(candidate));
            var day = policy.LocalDate(candidate);
            if (day > inspection.EndsOn)
                return null;
            // A try on a day not yet tried always helps toward the distinct days; on a day already tried, only while
            // enough tries are left for the days still needed.
            var spreads = !triedOn.Contains(day) || policy.AttemptsBeforeUnreachable - (tries.Count + 1) >= needDays;
            if (day >= inspection.StartsOn
                && AttemptRules.DailyLimit(policy, person.Attempts.Select(a => a.AttemptedAt), candidate) is null
                && spreads)
            {
                return candidate;
            }

            candidate = policy.Instant(day.AddDays(1).ToDateTime(TimeOnly.MinValue));
        }
    }

    private static PlanStep Settled(PlanCase person, string reason) => new(person.Position, PlanMove.Settled, null, reason);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset? b, DateTimeOffset? c) => new[] { a, b ?? a, c ?? a }.Max();
}
