using Callback.Domain.Calls;
using Callback.Domain.Calls.Scripts;

namespace Callback.Tests.Calls;

public sealed class CallScriptTests
{
    private static string ScriptsFolder => Path.Combine(AppContext.BaseDirectory, "call-scripts");

    private static CallScript Verification() => ScriptLoader.LoadFolder(ScriptsFolder).Single(s => s.Id == "verification");

    private static readonly Dictionary<string, string> Fill = new() { ["centre"] = "呼和浩特市残疾人就业服务中心", ["name"] = "万建" };

    [Fact]
    public void The_shipped_script_loads_and_names_the_centre_and_the_person()
    {
        var script = Verification();
        var state = new ConversationState();
        var prompt = Conversation.Start(script, state, CallMode.Ivr, Fill);

        Assert.Contains("呼和浩特市残疾人就业服务中心", prompt.Say[0].Text, StringComparison.Ordinal);
        Assert.Equal("who", prompt.Gather!.Id);
        Assert.Contains("万建", prompt.GatherText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id":"x","version":1,"say":{"language":"cmn-CN","voice":"v"},"gather":{"language":"cmn-Hans-CN","timeoutSeconds":5},"steps":[{"id":"a","kind":"shout","text":"t"}]}""", "a", "unknown kind")]
    [InlineData("""{"id":"x","version":1,"say":{"language":"cmn-CN","voice":"v"},"gather":{"language":"cmn-Hans-CN","timeoutSeconds":5},"steps":[{"id":"q","kind":"question","field":"employmentStatus","text":"t","options":[{"digit":"1","speech":[],"value":"已就业"}]}]}""", "q", "after the consent step")]
    [InlineData("""{"id":"x","version":1,"say":{"language":"cmn-CN","voice":"v"},"gather":{"language":"cmn-Hans-CN","timeoutSeconds":5},"steps":[{"id":"c","kind":"consent","text":"t","options":[{"digit":"1","speech":[],"value":"yes"},{"digit":"1","speech":[],"value":"no"}]}]}""", "c", "share a digit")]
    [InlineData("""{"id":"x","version":1,"say":{"language":"cmn-CN","voice":"v"},"gather":{"language":"cmn-Hans-CN","timeoutSeconds":5},"steps":[{"id":"c","kind":"consent","text":"t","options":[{"digit":"1","speech":[],"value":"yes"},{"digit":"2","speech":[],"value":"no"}]},{"id":"q","kind":"question","field":"salary","text":"t","digits":4}]}""", "q", "registry field")]
    [InlineData("""{"id":"x","version":1,"say":{"language":"cmn-CN","voice":"v"},"gather":{"language":"cmn-Hans-CN","timeoutSeconds":5},"steps":[{"id":"s","kind":"say","text":"t"}]}""", null, "consent to record")]
    [InlineData("""{"id":"x","version":1,"say":{"language":"cmn-CN","voice":"v"},"gather":{"language":"cmn-Hans-CN","timeoutSeconds":5},"steps":[{"id":"c","kind":"consent","text":"t","options":[{"digit":"1","speech":[],"value":"yes"},{"digit":"2","speech":[],"value":"no"}]},{"id":"q","kind":"question","field":"employmentStatus","text":"t","options":[{"digit":"1","speech":[],"value":"在上班"}]}]}""", "q", "not a value of employmentStatus")]
    [InlineData("""{"id":"x","version":1,"say":{"language":"cmn-CN","voice":"v"},"gather":{"language":"cmn-Hans-CN","timeoutSeconds":5},"steps":[{"id":"c","kind":"consent","text":"t","options":[{"digit":"1","speech":[],"value":"yes"},{"digit":"2","speech":[],"value":"no"}]},{"id":"q","kind":"question","field":"employmentStatus","text":"t","options":[{"digit":"1","speech":[],"value":"Employed"}]}]}""", "q", "not a value of employmentStatus")]
    [InlineData("""{"id":"x","version":1,"say":{"language":"cmn-CN","voice":"v"},"gather":{"language":"cmn-Hans-CN","timeoutSeconds":5},"steps":[{"id":"c","kind":"consent","text":"t","options":[{"digit":"1","speech":[],"value":"yes"},{"digit":"2","speech":[],"value":"no"}]},{"id":"t","kind":"question","field":"trained","text":"t","options":[{"digit":"1","speech":[],"value":"是"}]},{"id":"y","kind":"question","field":"trainingYear","text":"t","digits":4,"when":{"field":"trained","equals":"yes"}}]}""", "y", "not one of its values")]
    [InlineData("""{"id":"x","version":1,"say":{"language":"cmn-CN","voice":"v"},"gather":{"language":"cmn-Hans-CN","timeoutSeconds":5},"steps":[{"id":"c","kind":"consent","text":"t","audio":{"mn":"prompts/mn/none.wav"},"options":[{"digit":"1","speech":[],"value":"yes"},{"digit":"2","speech":[],"value":"no"}]}]}""", "c", "does not exist")]
    [InlineData("""{ not json""", null, "not valid JSON")]
    public void A_broken_script_is_refused_with_the_file_the_step_and_the_reason(string json, string? step, string reason)
    {
        var error = Assert.Throws<ScriptException>(() => ScriptLoader.Parse("broken.json", json, ScriptsFolder));

        Assert.Equal("broken.json", error.File);
        Assert.Equal(step, error.Step);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Silence_at_consent_asks_once_more_then_counts_as_no()
    {
        var script = Verification();
        var state = new ConversationState();
        Conversation.Start(script, state, CallMode.Ivr, Fill);
        Conversation.Apply(script, state, CallMode.Ivr, Fill, "who", "1", null);

        var first = Conversation.Apply(script, state, CallMode.Ivr, Fill, "consent", null, null);
        Assert.Null(first.ConsentDecided);
        Assert.Equal("consent", first.Next.Gather!.Id);
        var second = Conversation.Apply(script, state, CallMode.Ivr, Fill, "consent", null, null);

        // Two asks in all (the first and one repeat), as call-scripts/README.md promises; never a third.
        Assert.Equal(ConsentState.No, second.ConsentDecided);
        Assert.Equal("silence", second.ConsentMethod);
        Assert.Equal("employment-status", second.Next.Gather!.Id);
        Assert.Equal(Conversation.MaximumConsentAsks, state.ConsentAsked);
    }

    [Fact]
    public void Spoken_refusal_is_not_heard_as_consent()
    {
        var script = Verification();
        var state = new ConversationState();
        Conversation.Start(script, state, CallMode.Ivr, Fill);
        Conversation.Apply(script, state, CallMode.Ivr, Fill, "who", "1", null);

        var result = Conversation.Apply(script, state, CallMode.Ivr, Fill, "consent", null, "我不同意录音");

        Assert.Equal(ConsentState.No, result.ConsentDecided);
    }

    [Fact]
    public void Questions_follow_their_conditions_and_agent_mode_hands_over_after_consent()
    {
        var script = Verification();
        var ivr = new ConversationState();
        Conversation.Start(script, ivr, CallMode.Ivr, Fill);
        Conversation.Apply(script, ivr, CallMode.Ivr, Fill, "who", "2", null);
        Conversation.Apply(script, ivr, CallMode.Ivr, Fill, "consent", "1", null);
        var next = Conversation.Apply(script, ivr, CallMode.Ivr, Fill, "employment-status", "2", null);
        Assert.Equal("trained", next.Next.Gather!.Id);  // no form of employment for someone not employed
        next = Conversation.Apply(script, ivr, CallMode.Ivr, Fill, "trained", "2", null);
        Assert.True(next.Next.Hangup);                    // no training year for someone not trained
        Assert.True(Conversation.AllAnswered(script, ivr));
        Assert.Equal("guardian", ivr.Who);

        var agent = new ConversationState();
        Conversation.Start(script, agent, CallMode.Agent, Fill);
        Conversation.Apply(script, agent, CallMode.Agent, Fill, "who", "1", null);
        var handover = Conversation.Apply(script, agent, CallMode.Agent, Fill, "consent", "2", null);
        Assert.True(handover.Next.Dial);
    }

    [Fact]
    public void A_late_webhook_for_an_earlier_step_changes_nothing_and_puts_the_current_question_again()
    {
        var script = Verification();
        var state = new ConversationState();
        Conversation.Start(script, state, CallMode.Ivr, Fill);
        var consent = Conversation.Apply(script, state, CallMode.Ivr, Fill, "who", "1", null);

        var again = Conversation.Apply(script, state, CallMode.Ivr, Fill, "who", "3", null);

        // The person is not cut off: they hear the consent question again, as the lost answer had put it.
        Assert.Equal("consent", again.Next.Gather?.Id);
        Assert.Equal(consent.Next.GatherText, again.Next.GatherText);
        Assert.False(again.Next.Hangup);
        Assert.Null(again.ConsentDecided);
        Assert.Equal("person", state.Who);
        Assert.Equal("consent", state.StepId);
        Assert.Equal(1, state.ConsentAsked);
    }

    [Fact]
    public void A_repeated_webhook_after_the_consent_was_asked_again_puts_its_second_wording_and_changes_nothing()
    {
        var script = Verification();
        var state = new ConversationState();
        Conversation.Start(script, state, CallMode.Ivr, Fill);
        Conversation.Apply(script, state, CallMode.Ivr, Fill, "who", "1", null);
        var retried = Conversation.Apply(script, state, CallMode.Ivr, Fill, "consent", null, null);

        var again = Conversation.Apply(script, state, CallMode.Ivr, Fill, "who", "1", null);

        Assert.Equal(retried.Next.GatherText, again.Next.GatherText);
        Assert.Equal((2, ConsentState.NotAsked), (state.ConsentAsked, state.Consent));
    }
}

public sealed class TwimlTests
{
    [Fact]
    public void After_consent_an_agent_led_call_dials_the_inspector_with_the_centres_number_shown()
    {
        var script = ScriptLoader.LoadFolder(Path.Combine(AppContext.BaseDirectory, "call-scripts")).Single(s => s.Id == "verification");
        var state = new ConversationState();
        var fill = new Dictionary<string, string> { ["centre"] = "中心", ["name"] = "万建" };
        Conversation.Start(script, state, CallMode.Agent, fill);
        Conversation.Apply(script, state, CallMode.Agent, fill, "who", "1", null);
        var handover = Conversation.Apply(script, state, CallMode.Agent, fill, "consent", "1", null);

        var twiml = Callback.Telephony.TwimlWriter.Write(script, handover.Next, step => new Uri($"https://x.example/g?step={step}"), "+8613804710000", "+864715100000");

        Assert.Contains("<Dial callerId=\"+864715100000\">+8613804710000</Dial>", twiml, StringComparison.Ordinal);
        Assert.Contains("转接", twiml, StringComparison.Ordinal);
    }
}
