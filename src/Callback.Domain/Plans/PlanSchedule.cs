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
/// <param name="CanCall">Whether the person has a number this installation may ring (a callable number; no synthetic record on a real provider).</param>
public sealed record PlanCase(
    int Position, string Certificate, IReadOnlyList<CallAttempt> Attempts, DateTimeOffset? LastTouch, bool InFlight,
    DateTimeOffset? OpenLinkUntil, bool HasFinding, bool ByText, bool CanText, bool CanCall = true);

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
        var ordered = person.Attempts.OrderBy(a => a.AttemptedAt).ThenBy(a => a.Id).ToList();
        if (counting.Any(a => a.Disposition == Disposition.UnableVoice.Code))
        {
            // A call found the person cannot take a voice call: the text channel, once, if there is a mobile; never
            // another voice call (an unanswered link is not a reason to ring them again).
            if (!person.CanText || counting.Any(a => a.TextLinkId is not null))
                return new(person.Position, PlanMove.Handover, null, "无法接听语音电话，也无法用短信核实：需人工安排");
            byText = true;
        }
        else if (counting.LastOrDefault() is { } last && Disposition.Find(last.Disposition) is { } latest)
        {
            if (latest == Disposition.Language)
                return new(person.Position, PlanMove.Handover, null, "语言障碍：需用蒙古语或人工核查");
            if (latest.Final && latest.Reached)
                return Settled(person, $"已联系：{latest.Chinese}");
        }

        if (!byText && !person.CanCall)
            return new(person.Position, PlanMove.Handover, null, "没有可拨打的号码：需人工核实");

        // An appointment the person asked for, with the latest attempt whatever its outcome, is kept even while that
        // attempt awaits a supervisor's confirmation: it is no evidence, but it is the person's wish. It is kept at its
        // time: neither the gap after the last try nor the spreading over days moves it later.
        var appointment = ordered.LastOrDefault()?.CallbackAt;

        // Tried and tried without finishing (not at home, broke off part-way): tried again, but not without end.
        var tries = counting.Count(a => a.Disposition != Disposition.TechnicalFailure.Code);
        if (tries >= policy.AttemptsBeforeUnreachable * 2)
            return new(person.Position, PlanMove.Handover, null, $"已拨打 {tries} 次仍未完成核实：需人工跟进");

        var lastTouch = ordered.Select(a => (DateTimeOffset?)a.AttemptedAt).Append(person.LastTouch).Max();
        var earliest = Later(now, appointment ?? lastTouch?.AddMinutes(policy.MinutesBetweenTries));
        if (EarliestTry(person, inspection, counting, earliest, spread: appointment is null) is not { } at)
            return Settled(person, $"检查期（至 {inspection.EndsOn:yyyy-MM-dd}）内已无可拨打的时间");
        var move = byText ? PlanMove.Text : PlanMove.Call;
        return at <= now
            ? new(person.Position, move, at, byText ? "发送短信链接" : "拨打")
            : new(person.Position, PlanMove.Wait, at, appointment is null ? "等待下次拨打时间" : "按约定时间回拨");
    }

    /// <summary>Whether every person is settled or handed over: the plan has nothing more to do.</summary>
    public static bool Done(IEnumerable<PlanStep> steps) => steps.All(s => s.Move is PlanMove.Settled or PlanMove.Handover);

    /// <summary>The first moment from <paramref name="from"/> at which a try obeys every rule, or null when none is left before the inspection ends.</summary>
    /// <param name="spread">Whether tries must be spread over the policy's distinct days (not for a person reached: they can never count as unreachable).</param>
    private static DateTimeOffset? EarliestTry(PlanCase person, Inspection inspection, List<CallAttempt> counting, DateTimeOffset from, bool spread)
    {
        var policy = inspection.Policy;
        spread &= !counting.Any(a => Disposition.Find(a.Disposition) is { Reached: true });
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
            var spreads = !spread || !triedOn.Contains(day) || policy.AttemptsBeforeUnreachable - (tries.Count + 1) >= needDays;
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

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset? b) => b > a ? b.Value : a;
}
