using Callback.Domain.Calls.Scripts;
using Callback.Domain.Findings;

namespace Callback.Domain.Calls;

public enum CallMode { Ivr = 1, Agent = 2 }

public enum ConsentState { NotAsked = 0, Yes = 1, No = 2 }

/// <summary>Where a call's conversation stands. Stored with the call; changed only by <see cref="Conversation.Apply"/>.</summary>
public sealed class ConversationState
{
    public string? StepId { get; set; }
    public string? Who { get; set; }
    public ConsentState Consent { get; set; }
    /// <summary>How many times the consent question has been put: once when reached, once more after silence.</summary>
    public int ConsentAsked { get; set; }
    public int Repeats { get; set; }
    public Answers Answers { get; set; } = Answers.None;
    public bool Finished { get; set; }

    /// <summary>What the script's placeholders are filled with for this call ({centre}, {name}), fixed when the call is placed.</summary>
    public Dictionary<string, string> Fill { get; set; } = [];

    /// <summary>zh (spoken by the Mandarin voice) or mn (the script's recorded Mongolian audio, played).</summary>
    public string Language { get; set; } = "zh";

    /// <summary>
    /// The call goes to a guardian's number (the person has none of their own, as is often so for 智力 / 精神): "who"
    /// is put in its guardian wording from the start.
    /// </summary>
    public bool ToGuardian { get; set; }

    /// <summary>Whether the answers are a proxy's: a guardian or family member answered about the person.</summary>
    public bool Proxy => Who == "guardian";
}

/// <summary>Something said: its text, and the step it comes from (whose recorded audio may replace it), if any.</summary>
public sealed record Utterance(string Text, string? StepId = null);

/// <summary>What the caller should hear and do next; the host turns it into TwiML.</summary>
public sealed record Prompt(IReadOnlyList<Utterance> Say, ScriptStep? Gather, string? GatherText, bool Dial, bool Hangup);

/// <summary>What an answer did: consent given or refused (with how), and the next prompt. (A wrong person is in the state's Who.)</summary>
public sealed record InputResult(Prompt Next, ConsentState? ConsentDecided, string? ConsentMethod);

/// <summary>
/// The script engine: from (script, state, input) to the next prompt, changing only the state it is given. Recording is not its
/// business; it only reports that consent was decided, and the caller records the consent before anything else.
/// </summary>
public static class Conversation
{
    /// <summary>The contract of call-scripts/README.md: asked, asked once more after silence, then silence counts as "no".</summary>
    public const int MaximumConsentAsks = 2;

    /// <summary>The opening prompt: every say step up to the first step that takes input, then that step.</summary>
    public static Prompt Start(CallScript script, ConversationState state, CallMode mode, IReadOnlyDictionary<string, string> fill)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(state);
        return Advance(script, state, mode, fill, fromIndex: 0, said: []);
    }

    /// <summary>Applies DTMF digits or recognised speech (both null: silence) to the step the caller was asked.</summary>
    public static InputResult Apply(CallScript script, ConversationState state, CallMode mode, IReadOnlyDictionary<string, string> fill, string stepId, string? digits, string? speech)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(state);
        if (state.Finished || state.StepId != stepId || script.Find(stepId) is not { } step)
            return Again(script, state, mode, fill);

        var value = Match(step, digits, speech);
        // Four digits that are no year of training (1900, 0000) are heard as unclear, not kept.
        if (step.Kind == ScriptStep.Question && value is not null && !AnswerFields.Accepts(step.Field!, value))
            value = null;
        var index = script.IndexOf(step.Id);
        switch (step.Kind)
        {
            case ScriptStep.Who when value is "wrong-person" or "refused":
                state.Who = value;
                state.Finished = true;
                return new InputResult(new Prompt([new Utterance("抱歉打扰您了，再见。")], null, null, false, true), null, null);
            case ScriptStep.Who when value is null && state.Repeats == 0:
                return Repeat(state, fill, step);
            case ScriptStep.Who when value is null:
                // Nobody says who is on the phone, even asked twice: no contact; the call ends and is tried again later.
                state.Finished = true;
                return new InputResult(new Prompt([new Utterance("抱歉，没有听到您的回答，我们改天再联系您，再见。")], null, null, false, true), null, null);
            case ScriptStep.Who:
                state.Who = value;
                break;
            case ScriptStep.Consent when value is null && state.ConsentAsked < MaximumConsentAsks:
                state.ConsentAsked++;
                return new InputResult(new Prompt([], step, Fill(step.RetryText ?? TextFor(step, state), fill), false, false), null, null);
            case ScriptStep.Consent:
                state.Consent = value == "yes" ? ConsentState.Yes : ConsentState.No;
                var method = value is null ? "silence" : digits is { Length: > 0 } ? "dtmf" : "speech";
                var next = Advance(script, state, mode, fill, index + 1, []);
                return new InputResult(next, state.Consent, method);
            case ScriptStep.Question when value is null && state.Repeats == 0:
                return Repeat(state, fill, step);
            case ScriptStep.Question when value is not null:
                state.Answers = state.Answers.With(step.Field!, value);
                break;
            default:
                break;
        }

        state.Repeats = 0;
        return new InputResult(Advance(script, state, mode, fill, index + 1, []), null, null);
    }

    /// <summary>Whether every question the script asks of this person has an answer.</summary>
    public static bool AllAnswered(CallScript script, ConversationState state)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(state);
        return script.Steps.Where(s => s.Kind == ScriptStep.Question && Applies(s, state)).All(s => state.Answers.WordOf(s.Field!) is not null);
    }

    /// <summary>
    /// A late or repeated webhook (for an earlier step, or the provider retrying one whose answer it did not get): nothing
    /// changes, and the person hears the question they are at put again, never silence that ends the call. An agent-led
    /// call already handed over (consent decided) is connected to the inspector again rather than hung up on. Once the
    /// conversation is otherwise over it only hangs up; before it has begun there is nothing to ask.
    /// </summary>
    private static InputResult Again(CallScript script, ConversationState state, CallMode mode, IReadOnlyDictionary<string, string> fill)
    {
        if (state.Finished && mode == CallMode.Agent && state.Consent != ConsentState.NotAsked)
            return new InputResult(new Prompt([], null, null, true, false), null, null);
        if (state.Finished || state.StepId is not { } current || script.Find(current) is not { } step)
            return new InputResult(new Prompt([], null, null, false, state.Finished), null, null);
        var text = step.Kind == ScriptStep.Consent && state.ConsentAsked > 1 && step.RetryText is { } retry ? retry : TextFor(step, state);
        return new InputResult(new Prompt([], step, Fill(text, fill), false, false), null, null);
    }

    /// <summary>
    /// An unclear answer, the first time: asked once more. (A second one ends the call at "who" and passes a question
    /// over: each case in <see cref="Apply"/>.)
    /// </summary>
    private static InputResult Repeat(ConversationState state, IReadOnlyDictionary<string, string> fill, ScriptStep step)
    {
        state.Repeats++;
        return new InputResult(new Prompt([new Utterance("抱歉，没有听清。")], step, Fill(TextFor(step, state), fill), false, false), null, null);
    }

    private static Prompt Advance(CallScript script, ConversationState state, CallMode mode, IReadOnlyDictionary<string, string> fill, int fromIndex, List<Utterance> said)
    {
        for (var i = fromIndex; i < script.Steps.Count; i++)
        {
            var step = script.Steps[i];
            if (step.Kind == ScriptStep.Question)
            {
                // Agent-led: after consent the inspector asks the questions on their own line.
                if (mode == CallMode.Agent)
                {
                    state.StepId = null;
                    state.Finished = true;
                    return new Prompt(said, null, null, true, false);
                }

                if (!Applies(step, state))
                    continue;
            }

            if (!step.TakesInput)
            {
                said.Add(new Utterance(Fill(step.Text, fill), step.Id));
                continue;
            }

            state.StepId = step.Id;
            if (step.Kind == ScriptStep.Consent && state.ConsentAsked == 0)
                state.ConsentAsked = 1;
            return new Prompt(said, step, Fill(TextFor(step, state), fill), false, false);
        }

        state.StepId = null;
        state.Finished = true;
        return new Prompt(said, null, null, false, true);
    }

    private static bool Applies(ScriptStep step, ConversationState state) => Applies(step, state.Answers);

    /// <summary>
    /// The step's words for whoever is on the line: its guardian variant once a guardian has said so (the questions are
    /// then about the person, by name), and for "who" on a call to a guardian's number; else its own text.
    /// </summary>
    public static string TextFor(ScriptStep step, ConversationState state)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(state);
        var guardian = step.Kind == ScriptStep.Who ? state.ToGuardian : state.Proxy;
        return guardian && step.GuardianText is { } text ? text : step.Text;
    }

    /// <summary>Whether a question is asked, given the answers so far (its <c>when</c> condition); the agent console asks by the same rule.</summary>
    public static bool Applies(ScriptStep step, Answers answers)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(answers);
        return step.When is not { } when || answers.WordOf(when.Field) == when.Value;
    }

    private static string? Match(ScriptStep step, string? digits, string? speech)
    {
        if (step.Digits is { } count)
            return digits is { } d && d.Length == count && d.All(char.IsAsciiDigit) ? d : null;
        var options = step.Options ?? [];
        if (!string.IsNullOrEmpty(digits))
            return options.FirstOrDefault(o => o.Digit == digits[..1])?.Value;
        if (!string.IsNullOrWhiteSpace(speech))
        {
            // The longest matching phrase wins, so that 不同意 is not heard as 同意.
            return options.SelectMany(o => o.Speech.Select(p => (Phrase: p, o.Value)))
                .Where(p => speech.Contains(p.Phrase, StringComparison.Ordinal))
                .OrderByDescending(p => p.Phrase.Length)
                .Select(p => p.Value)
                .FirstOrDefault();
        }

        return null;
    }

    /// <summary>A step's text with its placeholders ({centre}, {name}) filled in.</summary>
    public static string Fill(string text, IReadOnlyDictionary<string, string> fill)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fill);
        foreach (var (key, value) in fill)
            text = text.Replace("{" + key + "}", value, StringComparison.Ordinal);
        return text;
    }
}
