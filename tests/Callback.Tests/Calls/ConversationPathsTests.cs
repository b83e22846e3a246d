using Callback.Domain.Calls;
using Callback.Domain.Calls.Scripts;

namespace Callback.Tests.Calls;

/// <summary>
/// The script engine's paths no other test ran (issue 13): unclear answers at every step, the inspector never dialled
/// before or without consent, speech sent with an empty Digits field, keys that are not digits.
/// </summary>
public sealed class ConversationPathsTests
{
    private static readonly CallScript Script =
        ScriptLoader.LoadFolder(Path.Combine(AppContext.BaseDirectory, "call-scripts")).Single(s => s.Id == "verification");

    private static readonly Dictionary<string, string> Fill = new() { ["centre"] = "呼和浩特市残疾人就业服务中心", ["name"] = "万建" };

    private static InputResult Apply(ConversationState state, string step, string? digits, string? speech, CallMode mode = CallMode.Ivr) =>
        Conversation.Apply(Script, state, mode, Fill, step, digits, speech);

    private static ConversationState Started(CallMode mode = CallMode.Ivr)
    {
        var state = new ConversationState();
        Conversation.Start(Script, state, mode, Fill);
        return state;
    }

    [Fact]
    public void A_wrong_person_ends_the_call_politely_and_an_agent_led_call_never_dials_the_inspector()
    {
        var state = Started(CallMode.Agent);

        var result = Apply(state, "who", "3", null, CallMode.Agent);

        Assert.False(result.Next.Dial);
        Assert.True(result.Next.Hangup);
        Assert.Null(result.Next.Gather);
        Assert.Equal("抱歉打扰您了，再见。", Assert.Single(result.Next.Say).Text);
        Assert.Equal(("wrong-person", true, ConsentState.NotAsked), (state.Who, state.Finished, state.Consent));
        Assert.Null(result.ConsentDecided);
    }

    [Fact]
    public void A_late_or_repeated_webhook_never_dials_the_inspector_nor_decides_consent()
    {
        var state = Started(CallMode.Agent);
        Apply(state, "who", "1", null, CallMode.Agent);

        var late = Apply(state, "who", "1", null, CallMode.Agent);
        var unknownStep = Apply(state, "no-such-step", "1", null, CallMode.Agent);

        foreach (var result in new[] { late, unknownStep })
        {
            Assert.False(result.Next.Dial);
            Assert.False(result.Next.Hangup);
            Assert.Empty(result.Next.Say);
            Assert.Equal("consent", result.Next.Gather?.Id);
            Assert.Null(result.ConsentDecided);
        }

        Assert.Equal(ConsentState.NotAsked, state.Consent);

        // Handed over after the consent, a repeat of that webhook (the provider retrying) connects the person to the
        // inspector again instead of hanging up on them, and decides nothing twice.
        var handedOver = Apply(state, "consent", "1", null, CallMode.Agent);
        var repeated = Apply(state, "consent", "1", null, CallMode.Agent);
        Assert.True(handedOver.Next.Dial);
        Assert.True(repeated.Next.Dial);
        Assert.False(repeated.Next.Hangup);
        Assert.Null(repeated.ConsentDecided);
        Assert.Equal(ConsentState.Yes, state.Consent);

        // A wrong person's call, over, only hangs up on a repeat: nobody is put through to the inspector.
        var wrong = Started(CallMode.Agent);
        Apply(wrong, "who", "3", null, CallMode.Agent);
        var again = Apply(wrong, "who", "3", null, CallMode.Agent);
        Assert.False(again.Next.Dial);
        Assert.True(again.Next.Hangup);
    }

    [Fact]
    public void A_repeat_of_the_last_answer_of_a_finished_ivr_call_only_hangs_up_and_puts_nobody_through()
    {
        var state = Started();
        Apply(state, "who", "1", null);
        Apply(state, "consent", "1", null);
        Apply(state, "employment-status", "2", null);
        var closing = Apply(state, "trained", "2", null);

        var repeated = Apply(state, "trained", "2", null);

        Assert.True(closing.Next.Hangup);
        Assert.True(state.Finished);
        Assert.False(repeated.Next.Dial);
        Assert.True(repeated.Next.Hangup);
        Assert.Null(repeated.Next.Gather);
        Assert.Empty(repeated.Next.Say);
    }

    [Fact]
    public void Speech_sent_with_an_empty_digits_field_is_recorded_as_spoken_consent()
    {
        var state = Started();
        Apply(state, "who", "", "我是本人");

        var result = Apply(state, "consent", "", "同意");

        Assert.Equal("person", state.Who);
        Assert.Equal((ConsentState.Yes, "speech"), (result.ConsentDecided, result.ConsentMethod));
    }

    [Fact]
    public void Keyed_consent_is_recorded_as_keyed()
    {
        var state = Started();
        Apply(state, "who", "1", null);

        var result = Apply(state, "consent", "2", null);

        Assert.Equal((ConsentState.No, "dtmf"), (result.ConsentDecided, result.ConsentMethod));
    }

    [Theory]
    [InlineData("7", null)]
    [InlineData(null, "喂喂")]
    public void An_unclear_answer_at_who_is_asked_again_once_then_the_call_ends_as_no_contact(string? digits, string? speech)
    {
        var state = Started();

        var first = Apply(state, "who", digits, speech);

        Assert.Equal("who", first.Next.Gather!.Id);
        Assert.Equal("抱歉，没有听清。", Assert.Single(first.Next.Say).Text);
        Assert.Contains("万建", first.Next.GatherText, StringComparison.Ordinal);
        Assert.Equal(1, state.Repeats);
        Assert.Null(state.Who);

        // A second unclear answer ends the call politely: nobody said who is on the phone, so nothing is asked of them
        // (no consent, no questions) and the call is coded as no contact, to be tried again (CallOutcome: silent-line).
        var second = Apply(state, "who", digits, speech);

        Assert.Null(second.Next.Gather);
        Assert.True(second.Next.Hangup);
        Assert.False(second.Next.Dial);
        Assert.True(state.Finished);
        Assert.Null(state.Who);
        Assert.Contains("改天再联系您", Assert.Single(second.Next.Say).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("9", null)]
    [InlineData(null, "什么")]
    public void An_unclear_answer_at_consent_counts_as_silence_asked_once_more_then_no(string? digits, string? speech)
    {
        var state = Started();
        Apply(state, "who", "1", null);

        var first = Apply(state, "consent", digits, speech);
        var second = Apply(state, "consent", digits, speech);

        Assert.Null(first.ConsentDecided);
        Assert.Equal("consent", first.Next.Gather!.Id);
        Assert.Equal(ConsentState.No, second.ConsentDecided);
        Assert.Equal("silence", second.ConsentMethod);
    }

    [Fact]
    public void An_unclear_answer_to_a_question_is_asked_again_once_then_the_question_is_passed_over_unanswered()
    {
        var state = Started();
        Apply(state, "who", "1", null);
        Apply(state, "consent", "1", null);

        var first = Apply(state, "employment-status", "7", null);
        var second = Apply(state, "employment-status", null, "不知道");

        Assert.Equal("employment-status", first.Next.Gather!.Id);
        Assert.Equal("抱歉，没有听清。", first.Next.Say[0].Text);
        Assert.Equal("trained", second.Next.Gather!.Id);
        Assert.False(state.Answers.WordOf("employmentStatus") is not null);
        Assert.False(Conversation.AllAnswered(Script, state));

        // The count of repeats starts afresh at the next question.
        var next = Apply(state, "trained", null, "嗯");
        Assert.Equal("trained", next.Next.Gather!.Id);
    }

    [Theory]
    [InlineData("20*5")]
    [InlineData("202#")]
    [InlineData("#2024")]
    [InlineData("202")]
    public void A_training_year_keyed_with_star_hash_or_the_wrong_length_is_refused(string keyed)
    {
        var state = Started();
        Apply(state, "who", "1", null);
        Apply(state, "consent", "1", null);
        Apply(state, "employment-status", "2", null);
        Apply(state, "trained", "1", null);

        var result = Apply(state, "training-year", keyed, null);

        Assert.Equal("training-year", result.Next.Gather!.Id);
        Assert.False(state.Answers.WordOf("trainingYear") is not null);
        Apply(state, "training-year", "2024", null);
        Assert.Equal(2024, state.Answers.TrainingYear);
    }

    [Fact]
    public void Speech_matching_several_phrases_takes_the_longest_so_a_refusal_is_never_heard_as_consent()
    {
        var state = Started();

        Apply(state, "who", null, "不是");

        Assert.Equal("wrong-person", state.Who);
    }

    [Fact]
    public void A_key_is_read_by_its_first_digit()
    {
        var state = Started();

        Apply(state, "who", "2#", null);

        Assert.Equal("guardian", state.Who);
    }

    [Fact]
    public void Asking_again_at_consent_uses_the_shorter_retry_text_and_neither_dials_nor_hangs_up()
    {
        var state = Started();
        Assert.Equal(0, state.ConsentAsked);   // not asked while the person is still being identified
        Apply(state, "who", "1", null);
        Assert.Equal(1, state.ConsentAsked);

        var again = Apply(state, "consent", null, null);

        Assert.Equal("抱歉，没有听清。同意录音请按1，不同意请按2。", again.Next.GatherText);
        Assert.Empty(again.Next.Say);
        Assert.Equal((false, false), (again.Next.Dial, again.Next.Hangup));
    }

    [Theory]
    [InlineData("9", null)]
    [InlineData(null, "我不愿意")]
    public void A_person_who_says_no_at_who_is_thanked_and_the_call_ends_as_their_refusal(string? digits, string? speech)
    {
        var state = Started();

        var result = Apply(state, "who", digits, speech);

        Assert.Equal(("refused", true, true), (state.Who, state.Finished, result.Next.Hangup));
        Assert.Null(result.Next.Gather);
        Assert.True(state.Answers.IsEmpty);
    }

    [Fact]
    public void An_unclear_answer_to_a_question_twice_passes_the_question_over_to_the_next()
    {
        var state = Started();
        Apply(state, "who", "1", null);
        Apply(state, "consent", "1", null);

        var again = Apply(state, "employment-status", "7", null);
        var next = Apply(state, "employment-status", "7", null);

        Assert.Equal("employment-status", again.Next.Gather!.Id);
        Assert.Equal("trained", next.Next.Gather!.Id);
        Assert.False(state.Answers.WordOf("employmentStatus") is not null);
    }

    [Fact]
    public void The_helpers_the_console_shares_refuse_nothing_silently()
    {
        var step = new ScriptStep("q", ScriptStep.Question, "t", null, null, "f", null, null, null);
        Assert.Equal("step", Assert.Throws<ArgumentNullException>(() => Conversation.Applies(null!, Callback.Domain.Findings.Answers.None)).ParamName);
        Assert.Equal("answers", Assert.Throws<ArgumentNullException>(() => Conversation.Applies(step, (Callback.Domain.Findings.Answers)null!)).ParamName);
        Assert.Equal("text", Assert.Throws<ArgumentNullException>(() => Conversation.Fill(null!, new Dictionary<string, string>())).ParamName);
        Assert.Equal("fill", Assert.Throws<ArgumentNullException>(() => Conversation.Fill("x", null!)).ParamName);
        Assert.Equal("您好，王某", Conversation.Fill("您好，{name}", new Dictionary<string, string> { ["name"] = "王某" }));
    }

    [Fact]
    public void Asking_again_and_asking_the_next_question_neither_dial_nor_hang_up_and_the_name_is_filled_in_whole()
    {
        var state = Started();

        var repeat = Apply(state, "who", "7", null);
        var consent = Apply(state, "who", "1", null);

        Assert.Equal((false, false), (repeat.Next.Dial, repeat.Next.Hangup));
        Assert.Equal((false, false), (consent.Next.Dial, consent.Next.Hangup));
        Assert.Equal("请问您是万建本人吗？是本人请按1或说“本人”；是家属或监护人请按2或说“家属”；如果打错了请按3或说“打错了”；如果不愿意接受回访，请按9或说“不愿意”。", repeat.Next.GatherText);
    }

    [Fact]
    public void At_the_end_of_the_script_an_ivr_call_hangs_up_finished_and_an_agent_handover_dials_without_hanging_up()
    {
        var ivr = Started();
        Apply(ivr, "who", "1", null);
        Apply(ivr, "consent", "1", null);
        Apply(ivr, "employment-status", "2", null);
        var end = Apply(ivr, "trained", "2", null);

        Assert.Equal((false, true, true, (string?)null), (end.Next.Dial, end.Next.Hangup, ivr.Finished, ivr.StepId));
        Assert.Contains(end.Next.Say, u => u.StepId == "closing");

        var agent = Started(CallMode.Agent);
        Apply(agent, "who", "1", null, CallMode.Agent);
        var handover = Apply(agent, "consent", "1", null, CallMode.Agent);
        Assert.Equal((true, false, true), (handover.Next.Dial, handover.Next.Hangup, agent.Finished));
    }

    [Fact]
    public void All_answered_needs_every_question_that_applies_not_just_one()
    {
        var state = Started();
        Apply(state, "who", "1", null);
        Apply(state, "consent", "1", null);
        Apply(state, "employment-status", "2", null);

        Assert.False(Conversation.AllAnswered(Script, state));
        Apply(state, "trained", "2", null);
        Assert.True(Conversation.AllAnswered(Script, state));
    }

    [Fact]
    public void A_new_conversation_speaks_mandarin_and_the_engine_refuses_to_run_without_a_script_or_state()
    {
        Assert.Equal("zh", new ConversationState().Language);
        var state = new ConversationState();
        Assert.Throws<ArgumentNullException>(() => Conversation.Start(null!, state, CallMode.Ivr, Fill));
        Assert.Throws<ArgumentNullException>(() => Conversation.Start(Script, null!, CallMode.Ivr, Fill));
        Assert.Throws<ArgumentNullException>(() => Conversation.Apply(null!, state, CallMode.Ivr, Fill, "who", "1", null));
        Assert.Throws<ArgumentNullException>(() => Conversation.Apply(Script, null!, CallMode.Ivr, Fill, "who", "1", null));
        Assert.Throws<ArgumentNullException>(() => Conversation.AllAnswered(null!, state));
        Assert.Throws<ArgumentNullException>(() => Conversation.AllAnswered(Script, null!));
    }
}
