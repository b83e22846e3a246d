namespace Callback.Telephony;

/// <summary>
/// How the simulator's person behaves: whether the phone is answered (busy, no answer, a technical failure (SIP 503),
/// a dead number (SIP 404), a voicemail), what they press or say at each step ("1", "speech:同意", "silence": say
/// nothing at all for a silent line, "9" at who to refuse), and at which step they hang up. Used by tests and the demo.
/// </summary>
public sealed record SimulatedPerson(
    string Answer = SimulatedPerson.Answers,
    IReadOnlyDictionary<string, string>? Inputs = null,
    string? HangUpAtStep = null)
{
    public const string Answers = "answer";
    public const string Busy = "busy";
    public const string NoAnswer = "no-answer";
    public const string Fails = "fail";

    /// <summary>The carrier answers that the number does not exist (SIP 404): not in service.</summary>
    public const string DeadNumber = "dead-number";

    /// <summary>A voicemail answers (answering-machine detection: machine_end_beep).</summary>
    public const string Machine = "machine";

    /// <summary>Answered, then driven by hand through the simulator's API (the demo).</summary>
    public const string Manual = "manual";

    public static readonly IReadOnlyList<string> Behaviours = [Answers, Busy, NoAnswer, Fails, DeadNumber, Machine, Manual];

    /// <summary>The person themself, consenting, employed flexibly, not trained.</summary>
    public static SimulatedPerson Cooperative { get; } = new(Answers, new Dictionary<string, string>
    {
        ["who"] = "1", ["consent"] = "1", ["employment-status"] = "1", ["employment-form"] = "6", ["trained"] = "2",
    });

    public string InputFor(string stepId) => Inputs is not null && Inputs.TryGetValue(stepId, out var input) ? input : "silence";
}
