using System.Text.Json;
using Callback.Domain.Findings;

namespace Callback.Domain.Calls.Scripts;

/// <summary>A call script that cannot be used: the file, the step and the reason.</summary>
public sealed class ScriptException : Exception
{
    public ScriptException(string file, string? step, string reason)
        : base($"call script {file}{(step is null ? "" : $", step '{step}'")}: {reason}")
    {
        File = file;
        Step = step;
        Reason = reason;
    }

    public ScriptException()
        : this("?", null, "invalid") { }

    public ScriptException(string message)
        : this("?", null, message) { }

    public ScriptException(string message, Exception inner)
        : base(message, inner) => (File, Reason) = ("?", message);

    public string File { get; }

    public string? Step { get; }

    public string Reason { get; }
}

/// <summary>Loads call scripts from a folder and refuses any that is broken, saying where and why.</summary>
public static class ScriptLoader
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip };

    public static IReadOnlyList<CallScript> LoadFolder(string folder)
    {
        if (!Directory.Exists(folder))
            throw new ScriptException(folder, null, "the call-scripts folder does not exist");
        var scripts = Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal)
            .Select(path => Parse(Path.GetFileName(path), File.ReadAllText(path), folder)).ToList();
        if (scripts.Count == 0)
            throw new ScriptException(folder, null, "no call script (*.json) found");
        if (scripts.GroupBy(s => s.Key).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ScriptException(folder, null, $"script {twice.Key} is defined twice");
        return scripts;
    }

    public static CallScript Parse(string file, string json, string? folder = null)
    {
        CallScript? script;
        try
        {
            script = JsonSerializer.Deserialize<CallScript>(json, Json);
        }
        catch (JsonException e)
        {
            throw new ScriptException(file, null, $"not valid JSON ({e.Message})");
        }

        if (script is null || string.IsNullOrWhiteSpace(script.Id) || script.Version < 1)
            throw new ScriptException(file, null, "a script needs an id and a version of 1 or more");
        if (script.Say is null || script.Gather is null || script.Steps is null || script.Steps.Count == 0)
            throw new ScriptException(file, null, "a script needs say, gather and at least one step");

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var answered = new HashSet<string>(StringComparer.Ordinal);
        var consentSeen = false;
        foreach (var step in script.Steps)
        {
            if (string.IsNullOrWhiteSpace(step.Id) || !seen.Add(step.Id))
                throw new ScriptException(file, step.Id, "every step needs an id of its own");
            if (!ScriptStep.Kinds.Contains(step.Kind))
                throw new ScriptException(file, step.Id, $"unknown kind '{step.Kind}' (known: {string.Join(", ", ScriptStep.Kinds)})");
            if (string.IsNullOrWhiteSpace(step.Text))
                throw new ScriptException(file, step.Id, "the step has no text to say");
            if (step.GuardianText is { } guardian && (string.IsNullOrWhiteSpace(guardian) || step.Kind is ScriptStep.Say))
                throw new ScriptException(file, step.Id, "guardianText, when given, is a non-empty text of a step that takes an answer");
            if (step.Kind == ScriptStep.Consent)
            {
                if (consentSeen)
                    throw new ScriptException(file, step.Id, "a script asks for consent once");
                consentSeen = true;
                RequireValues(file, step, ["yes", "no"]);
            }

            if (step.Kind == ScriptStep.Who)
                RequireValues(file, step, ["person", "guardian", "wrong-person"]); // "refused" (a person saying no) is optional
            if (step.Kind == ScriptStep.Question)
            {
                if (!consentSeen)
                    throw new ScriptException(file, step.Id, "questions come after the consent step");
                if (step.Field is null || !AnswerFields.All.Contains(step.Field))
                    throw new ScriptException(file, step.Id, $"a question maps to a registry field ({string.Join(", ", AnswerFields.All)})");
                if (step.Options?.FirstOrDefault(o => !IsWordOf(step.Field, o.Value)) is { } wrong)
                    throw new ScriptException(file, step.Id, $"the option '{wrong.Value}' is not a value of {step.Field} (use the registry's words)");
                if ((step.Options is null || step.Options.Count == 0) && step.Digits is null)
                    throw new ScriptException(file, step.Id, "a question needs options or a number of digits");
                if (step.When is { } when && !answered.Contains(when.Field))
                    throw new ScriptException(file, step.Id, $"'when' refers to '{when.Field}', which no earlier question asks");
                if (step.When is { } condition && !IsWordOf(condition.Field, condition.Value))
                    throw new ScriptException(file, step.Id, $"'when' compares {condition.Field} with '{condition.Value}', which is not one of its values");
                answered.Add(step.Field);
            }

            if (step.Options is { } options)
            {
                if (options.Any(o => o.Digit is not { Length: 1 } || !char.IsAsciiDigit(o.Digit[0])))
                    throw new ScriptException(file, step.Id, "every option needs one digit 0–9");
                if (options.GroupBy(o => o.Digit).Any(g => g.Count() > 1))
                    throw new ScriptException(file, step.Id, "two options share a digit");
            }

            foreach (var (language, audio) in step.Audio ?? new Dictionary<string, string>())
            {
                if (folder is not null && !File.Exists(Path.Combine(folder, audio)))
                    throw new ScriptException(file, step.Id, $"the {language} audio '{audio}' does not exist");
            }
        }

        if (!consentSeen)
            throw new ScriptException(file, null, "a script must ask for consent to record");
        return script;
    }

    /// <summary>The word is one the answers keep as it is (so a condition on it, or the option recording it, means what it says).</summary>
    private static bool IsWordOf(string field, string word) =>
        AnswerFields.Accepts(field, word) && Answers.None.With(field, word).WordOf(field) == word;

    private static void RequireValues(string file, ScriptStep step, string[] values)
    {
        var have = step.Options?.Select(o => o.Value).ToHashSet() ?? [];
        if (!values.All(have.Contains))
            throw new ScriptException(file, step.Id, $"the {step.Kind} step needs options for {string.Join(", ", values)}");
    }
}
