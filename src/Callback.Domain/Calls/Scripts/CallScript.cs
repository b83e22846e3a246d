namespace Callback.Domain.Calls.Scripts;

public sealed record SayVoice(string Language, string Voice);

public sealed record GatherSettings(string Language, int TimeoutSeconds);

public sealed record ScriptOption(string Digit, IReadOnlyList<string> Speech, string Value);

public sealed record StepCondition(string Field, [property: System.Text.Json.Serialization.JsonPropertyName("equals")] string Value);

/// <summary>One step of a call script: say, who, consent or question.</summary>
/// <param name="GuardianText">
/// The step as put to a guardian or family member about the person (the guardian variant): used once "who" was
/// answered "guardian", and for the "who" step itself when the call goes to a guardian's number. Null: the same text.
/// </param>
public sealed record ScriptStep(
    string Id, string Kind, string Text, string? RetryText, IReadOnlyList<ScriptOption>? Options, string? Field,
    StepCondition? When, int? Digits, IReadOnlyDictionary<string, string>? Audio, string? GuardianText = null)
{
    public const string Say = "say";
    public const string Who = "who";
    public const string Consent = "consent";
    public const string Question = "question";

    public static readonly IReadOnlyList<string> Kinds = [Say, Who, Consent, Question];

    public bool TakesInput => Kind is not Say;
}

/// <summary>A versioned verification dialogue, loaded from call-scripts/ and validated.</summary>
public sealed record CallScript(string Id, int Version, string? Description, SayVoice Say, GatherSettings Gather, IReadOnlyList<ScriptStep> Steps)
{
    public string Key => $"{Id}-v{Version}";

    public ScriptStep? Find(string? stepId) => Steps.FirstOrDefault(s => s.Id == stepId);

    public int IndexOf(string stepId) => Steps.ToList().FindIndex(s => s.Id == stepId);
}
