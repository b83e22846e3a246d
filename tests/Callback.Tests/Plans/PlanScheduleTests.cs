using Callback.Domain.Calls;
using Callback.Domain.Findings;
using Callback.Domain.Inspections;
using Callback.Domain.Plans;

namespace Callback.Tests.Plans;

/// <summary>What a verification plan does next for one person, under the calling policy (China time throughout).</summary>
public sealed class PlanScheduleTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2026, 12, day, hour, minute, 0, China);

    private static Inspection Inspection(CallingPolicy? policy = null) => new()
    {
        Title = "t", CreatedBy = "t", StartsOn = new DateOnly(2026, 12, 1), EndsOn = new DateOnly(2026, 12, 20),
        Policy = policy ?? new CallingPolicy { MinutesBetweenTries = 120 },
    };

    private static long _ids;

    private static CallAttempt Attempt(DateTimeOffset at, Disposition d, DateTimeOffset? callbackAt = null, bool byHand = false, long? textLink = null) => new()
    {
        Id = Interlocked.Increment(ref _ids), AttemptedAt = at, Disposition = d.Code, AaporCode = d.AaporCode, UnitCode = "150100", CertificateNumber = "x",
        RecordedBy = "t", CallId = byHand || textLink is not null ? null : 1, TextLinkId = textLink, CallbackAt = callbackAt,
    };

    private static PlanCase Person(
        IReadOnlyList<CallAttempt>? attempts = null, bool inFlight = false, DateTimeOffset? openLink = null, bool finding = false, bool byText = false,
        bool canText = true, DateTimeOffset? lastTouch = null) =>
        new(3, "x", attempts ?? [], lastTouch ?? (attempts is { Count: > 0 } ? attempts.Max(a => a.AttemptedAt) : null), inFlight, openLink, finding, byText, canText);

    [Fact]
    public void A_person_not_yet_tried_is_called_at_once_within_the_calling_hours()
    {
        var step = PlanSchedule.Next(Person(), Inspection(), At(2, 9));

        Assert.Equal(PlanMove.Call, step.Move);
        Assert.Equal(3, step.Position);
    }

    [Fact]
    public void Before_the_hours_open_the_plan_waits_for_the_opening_and_at_lunch_for_the_afternoon()
    {
        var early = PlanSchedule.Next(Person(), Inspection(), At(2, 7));
        var lunch = PlanSchedule.Next(Person(), Inspection(), At(2, 12, 30));
        var night = PlanSchedule.Next(Person(), Inspection(), At(2, 19));

        Assert.Equal((PlanMove.Wait, At(2, 8, 30)), (early.Move, early.At));
        Assert.Equal((PlanMove.Wait, At(2, 14, 30)), (lunch.Move, lunch.At));
        Assert.Equal((PlanMove.Wait, At(3, 8, 30)), (night.Move, night.At));
    }

    [Fact]
    public void No_call_before_the_inspection_starts_and_none_after_it_ends()
    {
        var before = PlanSchedule.Next(Person(), Inspection(), new DateTimeOffset(2026, 11, 30, 9, 0, 0, China));
        var after = PlanSchedule.Next(Person(), Inspection(), At(21, 9));

        Assert.Equal((PlanMove.Wait, At(1, 8, 30)), (before.Move, before.At));
        Assert.Equal(PlanMove.Settled, after.Move);
        Assert.Contains("2026-12-20", after.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_call_in_flight_is_waited_for_never_doubled()
    {
        var step = PlanSchedule.Next(Person(inFlight: true), Inspection(), At(2, 9));

        Assert.Equal((PlanMove.Wait, (DateTimeOffset?)null), (step.Move, step.At));
    }

    [Fact]
    public void A_no_answer_is_tried_again_only_after_the_policy_s_gap()
    {
        var attempts = new[] { Attempt(At(2, 14, 40), Disposition.NoAnswer) };

        var soon = PlanSchedule.Next(Person(attempts), Inspection(), At(2, 15));
        var later = PlanSchedule.Next(Person(attempts), Inspection(), At(2, 16, 40));

        Assert.Equal((PlanMove.Wait, At(2, 16, 40)), (soon.Move, soon.At));
        Assert.Equal(PlanMove.Call, later.Move);
    }

    [Fact]
    public void The_gap_runs_from_the_last_placement_even_one_that_failed_before_it_became_an_attempt()
    {
        var step = PlanSchedule.Next(Person(lastTouch: At(2, 9)), Inspection(), At(2, 9, 30));

        Assert.Equal((PlanMove.Wait, At(2, 11)), (step.Move, step.At));
    }

    [Fact]
    public void The_daily_limit_sends_the_next_try_to_the_next_day()
    {
        var attempts = new[] { Attempt(At(2, 8, 40), Disposition.Busy), Attempt(At(2, 10, 45), Disposition.NoAnswer) };

        var step = PlanSchedule.Next(Person(attempts), Inspection(), At(2, 15));

        Assert.Equal((PlanMove.Wait, At(3, 8, 30)), (step.Move, step.At));
    }

    [Fact]
    public void Tries_are_spread_so_the_policy_s_distinct_days_can_still_be_met()
    {
        // Three tries on two days, no gap, up to ten a day: the third cannot be on the first day.
        var policy = new CallingPolicy { AttemptsBeforeUnreachable = 3, DistinctDays = 2, MaxAttemptsPerDay = 10, MinutesBetweenTries = 0 };
        var two = new[] { Attempt(At(2, 9), Disposition.NoAnswer), Attempt(At(2, 9, 10), Disposition.NoAnswer) };
        var one = new[] { Attempt(At(2, 9), Disposition.NoAnswer) };

        var third = PlanSchedule.Next(Person(two), Inspection(policy), At(2, 9, 20));
        var second = PlanSchedule.Next(Person(one), Inspection(policy), At(2, 9, 20));
        var nextDay = PlanSchedule.Next(Person(two), Inspection(policy), At(3, 9));

        Assert.Equal((PlanMove.Wait, At(3, 8, 30)), (third.Move, third.At));
        Assert.Equal(PlanMove.Call, second.Move);
        Assert.Equal(PlanMove.Call, nextDay.Move);
    }

    [Fact]
    public void A_technical_failure_is_retried_without_spending_the_first_day_s_tries()
    {
        var policy = new CallingPolicy { AttemptsBeforeUnreachable = 3, DistinctDays = 2, MaxAttemptsPerDay = 10, MinutesBetweenTries = 0 };
        var attempts = new[] { Attempt(At(2, 9), Disposition.NoAnswer), Attempt(At(2, 9, 5), Disposition.TechnicalFailure), Attempt(At(2, 9, 10), Disposition.TechnicalFailure) };

        var step = PlanSchedule.Next(Person(attempts), Inspection(policy), At(2, 9, 20));

        Assert.Equal(PlanMove.Call, step.Move);
    }

    [Fact]
    public void An_appointment_is_kept_at_its_time_never_before()
    {
        var attempts = new[] { Attempt(At(2, 9), Disposition.Unavailable, callbackAt: At(2, 16)) };

        var before = PlanSchedule.Next(Person(attempts), Inspection(), At(2, 15));
        var due = PlanSchedule.Next(Person(attempts), Inspection(), At(2, 16));

        Assert.Equal((PlanMove.Wait, At(2, 16)), (before.Move, before.At));
        Assert.Equal("按约定时间回拨", before.Reason);
        Assert.Equal(PlanMove.Call, due.Move);
    }

    [Fact]
    public void An_appointment_typed_by_hand_is_kept_before_a_supervisor_confirms_it_and_only_the_latest_counts()
    {
        var typed = new[] { Attempt(At(2, 9), Disposition.Unavailable, callbackAt: At(2, 16), byHand: true) };
        var overtaken = new[] { Attempt(At(2, 9), Disposition.Unavailable, callbackAt: At(4, 16)), Attempt(At(3, 9), Disposition.NoAnswer) };

        var kept = PlanSchedule.Next(Person(typed), Inspection(), At(2, 15));
        var next = PlanSchedule.Next(Person(overtaken), Inspection(), At(3, 11, 30));

        Assert.Equal((PlanMove.Wait, At(2, 16)), (kept.Move, kept.At));
        // A later attempt (a call at the person's own request, say) replaces the old appointment: tried after the gap.
        Assert.Equal(PlanMove.Call, next.Move);
    }

    [Fact]
    public void A_person_reached_decided_or_unreachable_is_left_alone()
    {
        var completed = PlanSchedule.Next(Person([Attempt(At(2, 9), Disposition.Completed)]), Inspection(), At(2, 15));
        var refused = PlanSchedule.Next(Person([Attempt(At(2, 9), Disposition.Refused)]), Inspection(), At(2, 15));
        var withFinding = PlanSchedule.Next(Person(finding: true), Inspection(), At(2, 15));
        var dead = PlanSchedule.Next(Person([Attempt(At(2, 9), Disposition.NotInService)]), Inspection(), At(2, 15));
        var unreachable = PlanSchedule.Next(
            Person([Attempt(At(2, 9), Disposition.NoAnswer), Attempt(At(2, 15), Disposition.NoAnswer), Attempt(At(3, 9), Disposition.NoAnswer)]), Inspection(), At(3, 15));

        Assert.All(new[] { completed, refused, withFinding, dead, unreachable }, s => Assert.Equal(PlanMove.Settled, s.Move));
        Assert.StartsWith("无法联系", unreachable.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Attempts_typed_by_hand_count_only_once_confirmed_but_hold_the_daily_limit_at_once()
    {
        var unconfirmed = new[] { Attempt(At(2, 9), Disposition.Completed, byHand: true), Attempt(At(2, 10), Disposition.Completed, byHand: true) };

        var step = PlanSchedule.Next(Person(unconfirmed), Inspection(), At(2, 15));

        // Not settled by an unconfirmed "completed", and not rung a third time today either.
        Assert.Equal((PlanMove.Wait, At(3, 8, 30)), (step.Move, step.At));
    }

    [Fact]
    public void A_deaf_or_speech_impaired_person_gets_the_text_link_and_the_plan_waits_for_it()
    {
        var fresh = PlanSchedule.Next(Person(byText: true), Inspection(), At(2, 9));
        var noMobile = PlanSchedule.Next(Person(byText: true, canText: false), Inspection(), At(2, 9));
        var open = PlanSchedule.Next(Person(byText: true, openLink: At(9, 9)), Inspection(), At(2, 10));

        Assert.Equal(PlanMove.Text, fresh.Move);
        Assert.Equal(PlanMove.Call, noMobile.Move);
        Assert.Equal((PlanMove.Wait, At(9, 9)), (open.Move, open.At));
    }

    [Fact]
    public void A_call_that_finds_a_person_cannot_take_a_voice_call_turns_to_the_text_channel_once()
    {
        var unable = new[] { Attempt(At(2, 9), Disposition.UnableVoice) };
        // The link went unanswered: its no-contact attempt is the latest, and still no voice call follows.
        var textedToo = new[] { Attempt(At(2, 9), Disposition.UnableVoice), Attempt(At(3, 9), Disposition.NoAnswer, textLink: 5) };

        var text = PlanSchedule.Next(Person(unable), Inspection(), At(2, 11, 30));
        var noMobile = PlanSchedule.Next(Person(unable, canText: false), Inspection(), At(2, 11, 30));
        var again = PlanSchedule.Next(Person(textedToo), Inspection(), At(4, 9));

        Assert.Equal(PlanMove.Text, text.Move);
        Assert.Equal(PlanMove.Handover, noMobile.Move);
        Assert.Equal(PlanMove.Handover, again.Move);
    }

    [Fact]
    public void A_language_barrier_is_handed_to_an_inspector()
    {
        var step = PlanSchedule.Next(Person([Attempt(At(2, 9), Disposition.Language)]), Inspection(), At(2, 15));

        Assert.Equal(PlanMove.Handover, step.Move);
    }

    [Fact]
    public void A_person_reached_but_never_finished_is_not_rung_without_end()
    {
        var policy = new CallingPolicy { AttemptsBeforeUnreachable = 2, DistinctDays = 1, MinutesBetweenTries = 0 };
        var three = Enumerable.Range(0, 3).Select(i => Attempt(At(2 + i, 9), Disposition.Partial)).ToArray();
        var four = Enumerable.Range(0, 4).Select(i => Attempt(At(2 + i, 9), Disposition.Partial)).ToArray();

        Assert.Equal(PlanMove.Call, PlanSchedule.Next(Person(three), Inspection(policy), At(6, 9)).Move);
        Assert.Equal(PlanMove.Handover, PlanSchedule.Next(Person(four), Inspection(policy), At(6, 9)).Move);
    }

    [Fact]
    public void The_plan_is_done_only_when_every_person_is_settled_or_handed_over()
    {
        PlanStep Step(PlanMove move) => new(1, move, null, "");

        Assert.True(PlanSchedule.Done([Step(PlanMove.Settled), Step(PlanMove.Handover)]));
        Assert.False(PlanSchedule.Done([Step(PlanMove.Settled), Step(PlanMove.Wait)]));
        Assert.False(PlanSchedule.Done([Step(PlanMove.Call)]));
        Assert.False(PlanSchedule.Done([Step(PlanMove.Text)]));
    }

    [Fact]
    public void The_latest_attempt_decides_by_time_then_by_the_order_recorded_whatever_order_they_are_listed_in()
    {
        var language = Attempt(At(2, 9), Disposition.Language);
        var noAnswer = Attempt(At(2, 10), Disposition.NoAnswer);
        var sameTimeLanguage = Attempt(At(2, 9), Disposition.Language);
        var sameTimeNoAnswer = Attempt(At(2, 9), Disposition.NoAnswer); // recorded after: a larger id

        var roomy = Inspection(new CallingPolicy { MaxAttemptsPerDay = 10 });
        var byTime = PlanSchedule.Next(Person([noAnswer, language]), roomy, At(3, 9));
        var byId = PlanSchedule.Next(Person([sameTimeNoAnswer, sameTimeLanguage]), roomy, At(3, 9));

        Assert.Equal(PlanMove.Call, byTime.Move);
        Assert.Equal(PlanMove.Call, byId.Move);
    }

    [Fact]
    public void An_appointment_is_the_latest_attempt_s_by_the_order_recorded()
    {
        var appointment = Attempt(At(2, 9), Disposition.Unavailable, callbackAt: At(3, 16));
        var later = Attempt(At(2, 9), Disposition.NoAnswer); // same minute, recorded after

        var step = PlanSchedule.Next(Person([later, appointment]), Inspection(), At(3, 9));

        Assert.Equal(PlanMove.Call, step.Move);
    }

    [Fact]
    public void The_inspection_s_last_day_is_still_a_calling_day()
    {
        Assert.Equal(PlanMove.Call, PlanSchedule.Next(Person(), Inspection(), At(20, 17)).Move);
        Assert.Equal(PlanMove.Settled, PlanSchedule.Next(Person(), Inspection(), At(20, 18)).Move);
    }

    [Fact]
    public void Each_step_says_why_in_the_words_the_panel_shows()
    {
        var inspection = Inspection();
        string Why(PlanCase person, DateTimeOffset now) => PlanSchedule.Next(person, inspection, now).Reason;
        var many = Enumerable.Range(0, 6).Select(i => Attempt(At(2 + i, 9), Disposition.Partial)).ToArray();

        Assert.Equal("拨打", Why(Person(), At(2, 9)));
        Assert.Equal("发送短信链接", Why(Person(byText: true), At(2, 9)));
        Assert.Equal("等待下次拨打时间", Why(Person(), At(2, 7)));
        Assert.Equal("按约定时间回拨", Why(Person([Attempt(At(2, 9), Disposition.Unavailable, callbackAt: At(2, 16))]), At(2, 10)));
        Assert.Equal("通话中", Why(Person(inFlight: true), At(2, 9)));
        Assert.Equal("已发短信链接，等待填写", Why(Person(openLink: At(8, 9)), At(2, 9)));
        Assert.Equal("已有核查结论", Why(Person(finding: true), At(2, 9)));
        Assert.Equal("已联系：拒绝", Why(Person([Attempt(At(2, 9), Disposition.Refused)]), At(2, 10)));
        Assert.Equal("语言障碍：需用蒙古语或人工核查", Why(Person([Attempt(At(2, 9), Disposition.Language)]), At(2, 10)));
        Assert.Equal("无法接听语音电话，也无法用短信核实：需人工安排", Why(Person([Attempt(At(2, 9), Disposition.UnableVoice)], canText: false), At(2, 10)));
        Assert.Equal("已拨打 6 次仍未完成核实：需人工跟进", Why(Person(many), At(9, 9)));
        Assert.Equal("无法联系：号码无效：空号或停机", Why(Person([Attempt(At(2, 9), Disposition.NotInService)]), At(2, 10)));
    }

    [Fact]
    public void The_schedule_refuses_nothing_to_work_on()
    {
        Assert.Throws<ArgumentNullException>(() => PlanSchedule.Next(null!, Inspection(), At(2, 9)));
        Assert.Throws<ArgumentNullException>(() => PlanSchedule.Next(Person(), null!, At(2, 9)));
    }

    [Fact]
    public void An_appointment_is_kept_at_its_time_whatever_the_gap_the_days_or_the_outcome_that_noted_it()
    {
        // Two no-answers on two days, then the person rang back and asked for four o'clock today (typed by hand).
        var attempts = new[]
        {
            Attempt(At(2, 9), Disposition.NoAnswer), Attempt(At(3, 9), Disposition.NoAnswer),
            Attempt(At(4, 15, 30), Disposition.Unavailable, callbackAt: At(4, 16), byHand: true),
        };
        // A partial call in which the person said "ring me at five".
        var partial = new[] { Attempt(At(2, 16, 40), Disposition.Partial, callbackAt: At(2, 17)) };

        var kept = PlanSchedule.Next(Person(attempts), Inspection(), At(4, 16));
        var keptToo = PlanSchedule.Next(Person(partial), Inspection(), At(2, 16, 50));

        Assert.Equal(PlanMove.Call, kept.Move);
        Assert.Equal((PlanMove.Wait, At(2, 17)), (keptToo.Move, keptToo.At));
    }

    [Fact]
    public void The_gap_runs_from_an_attempt_typed_by_hand_too()
    {
        var typed = new[] { Attempt(At(2, 10), Disposition.NoAnswer, byHand: true) };

        var step = PlanSchedule.Next(Person(typed, lastTouch: null) with { LastTouch = null }, Inspection(), At(2, 10, 5));

        Assert.Equal((PlanMove.Wait, At(2, 14, 30)), (step.Move, step.At));
    }

    [Fact]
    public void Technical_failures_do_not_use_up_the_tries_before_a_person_is_handed_over()
    {
        var policy = new CallingPolicy { AttemptsBeforeUnreachable = 1, DistinctDays = 1, MaxAttemptsPerDay = 10, MinutesBetweenTries = 0 };
        var failures = Enumerable.Range(0, 3).Select(i => Attempt(At(2, 9 + i), Disposition.TechnicalFailure)).ToArray();

        Assert.Equal(PlanMove.Call, PlanSchedule.Next(Person(failures), Inspection(policy), At(2, 15)).Move);
    }

    [Fact]
    public void A_person_with_no_number_to_ring_is_handed_over_unless_a_text_can_reach_them()
    {
        var noNumber = PlanSchedule.Next(Person(canText: false) with { CanCall = false }, Inspection(), At(2, 9));
        var textable = PlanSchedule.Next(Person(byText: true) with { CanCall = false }, Inspection(), At(2, 9));

        Assert.Equal(PlanMove.Handover, noNumber.Move);
        Assert.Equal("没有可拨打的号码：需人工核实", noNumber.Reason);
        Assert.Equal(PlanMove.Text, textable.Move);
    }
}
