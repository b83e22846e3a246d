namespace Callback.Telephony;

/// <summary>
/// How the simulator's person behaves: whether the phone is answered, what they press or say at each step
/// ("1", "speech:同意", "silence"), and at which step they hang up. Used by tests and by the demo.
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

    /// <summary>Answered, then driven by hand through the simulator's API (the demo).</summary>
    public const string Manual = "manual";

    public static readonly IReadOnlyList<string> Behaviours = [Answers, Busy, NoAnswer, Fails, Manual];

    /// <summary>The person themself, consenting, employed flexibly, not trained.</summary>
    public static SimulatedPerson Cooperative { get; } = new(Answers, new Dictionary<string, string>
    {
        ["who"] = "1", ["consent"] = "1", ["employment-status"] = "1", ["employment-form"] = "6", ["trained"] = "2",
    });

    public string InputFor(string stepId) => Inputs is not null && Inputs.TryGetValue(stepId, out var input) ? input : "silence";
}
