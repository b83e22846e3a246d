using Callback.Domain.Calls;
using Callback.Domain.Calls.Scripts;
using Twilio.TwiML;
using Twilio.TwiML.Voice;
using Prompt = Callback.Domain.Calls.Prompt;

namespace Callback.Telephony;

/// <summary>Turns the script engine's prompt into TwiML with the SDK's VoiceResponse (never by string concatenation).</summary>
public static class TwimlWriter
{
    /// <param name="audio">The URL of a step's recorded prompt in the call's language, or null to speak its text.</param>
    public static string Write(CallScript script, Prompt prompt, Func<string, Uri> gatherAction, string? agentNumber, string callerId, Func<string, Uri?>? audio = null)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(gatherAction);
        var response = new VoiceResponse();
        audio ??= _ => null;
        foreach (var utterance in prompt.Say)
        {
            if (utterance.StepId is { } said && audio(said) is { } recorded)
                response.Play(recorded);
            else
                response.Append(Say(script, utterance.Text));
        }
        if (prompt.Gather is { } step)
        {
            var gather = new Gather(
                input: [Gather.InputEnum.Dtmf, Gather.InputEnum.Speech],
                action: gatherAction(step.Id),
                method: global::Twilio.Http.HttpMethod.Post,
                numDigits: step.Digits ?? 1,
                timeout: script.Gather.TimeoutSeconds,
                speechTimeout: "auto",
                language: script.Gather.Language,
                actionOnEmptyResult: true);
            if (audio(step.Id) is { } recordedQuestion)
                gather.Play(recordedQuestion);
            else
                gather.Append(Say(script, prompt.GatherText ?? step.Text));
            response.Append(gather);
        }
        else if (prompt.Dial && agentNumber is not null)
        {
            response.Append(Say(script, "现在为您转接核查人员，请稍候。"));
            response.Dial(number: agentNumber, callerId: callerId);
        }
        else if (prompt.Hangup || prompt.Dial)
        {
            response.Hangup();
        }

        return response.ToString();
    }

    private static Say Say(CallScript script, string text) => new(text, voice: script.Say.Voice, language: script.Say.Language);
}
