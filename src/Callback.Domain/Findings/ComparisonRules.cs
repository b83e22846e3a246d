using System.Reflection;
using System.Text.Json;
using Callback.Domain.Registry;

namespace Callback.Domain.Findings;

public sealed record ComparisonRule(string Field, string AppliesWhen, bool UntruthfulWhenDifferent);

/// <summary>One field compared: what the registry holds, what was answered, and what the rules make of it.</summary>
public sealed record FieldComparison(string Field, string? Registry, string? Answer, bool Compared, bool Matches, bool MakesUntruthful);

/// <summary>The field-by-field comparison of a registry record with the answers, by rules kept as data.</summary>
public sealed class ComparisonRules
{
    public static readonly IReadOnlyList<string> Conditions = ["always", "registryEmployed", "registryTrained"];

    private ComparisonRules(IReadOnlyList<ComparisonRule> rules) => Rules = rules;

    public IReadOnlyList<ComparisonRule> Rules { get; }

    public static ComparisonRules Default { get; } = LoadEmbedded();

    public static ComparisonRules Parse(string json)
    {
        var file = JsonSerializer.Deserialize<RulesFile>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new FormatException("comparison rules: the file is empty.");
        for (var i = 0; i < file.Rules.Count; i++)
        {
            var rule = file.Rules[i];
            if (!AnswerFields.All.Contains(rule.Field))
                throw new FormatException($"comparison rules, rule {i + 1}: unknown field '{rule.Field}' (known: {string.Join(", ", AnswerFields.All)}).");
            if (!Conditions.Contains(rule.AppliesWhen))
                throw new FormatException($"comparison rules, rule {i + 1}: unknown condition '{rule.AppliesWhen}' (known: {string.Join(", ", Conditions)}).");
        }

        return new ComparisonRules(file.Rules);
    }

    public IReadOnlyList<FieldComparison> Compare(PersonRevision registry, Answers answers)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(answers);
        var result = new List<FieldComparison>();
        foreach (var rule in Rules)
        {
            var applies = Applies(rule, registry);
            // Both sides in the registry's words: the record read as answers would be.
            var held = Held(registry).WordOf(rule.Field);
            var said = answers.WordOf(rule.Field);
            var compared = applies && said is not null;
            var matches = !compared || held == said;
            result.Add(new FieldComparison(rule.Field, held, said, compared, matches, compared && !matches && rule.UntruthfulWhenDifferent));
        }

        return result;
    }

    /// <summary>
    /// The fields a finding judges that have no answer: every field whose rule applies to the registry record,
    /// unless the answers already made it moot (the form of employment of someone who says they are not
    /// employed, the year of training of someone who says they were not trained).
    /// </summary>
    public IReadOnlyList<string> Unanswered(PersonRevision registry, Answers answers)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(answers);
        return [.. Rules.Where(rule => Applies(rule, registry) && Asked(rule, answers) && answers.WordOf(rule.Field) is null).Select(r => r.Field).Distinct()];
    }

    private static Answers Held(PersonRevision registry) =>
        new(registry.EmploymentStatus, registry.EmploymentForm, registry.Trained, registry.TrainingYear);

    private static bool Applies(ComparisonRule rule, PersonRevision registry) => rule.AppliesWhen switch
    {
        "registryEmployed" => registry.EmploymentStatus == EmploymentStatus.Employed,
        "registryTrained" => registry.Trained,
        _ => true,
    };

    private static bool Asked(ComparisonRule rule, Answers answers) => rule.Field switch
    {
        AnswerFields.EmploymentForm => answers.EmploymentStatus == EmploymentStatus.Employed,
        AnswerFields.TrainingYear => answers.Trained == true,
        _ => true,
    };


    private static ComparisonRules LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("comparison-rules.json")
            ?? throw new InvalidOperationException("comparison-rules.json is missing from the Callback.Domain assembly.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    private sealed record RulesFile(List<ComparisonRule> Rules);
}
