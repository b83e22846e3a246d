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
    public static readonly IReadOnlyList<string> Fields = ["employmentStatus", "employmentForm", "trained", "trainingYear"];
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
            if (!Fields.Contains(rule.Field))
                throw new FormatException($"comparison rules, rule {i + 1}: unknown field '{rule.Field}' (known: {string.Join(", ", Fields)}).");
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
            var (held, said) = rule.Field switch
            {
                "employmentStatus" => (Vocabulary.Text(registry.EmploymentStatus), answers.EmploymentStatus is { } s ? Vocabulary.Text(s) : null),
                "employmentForm" => (registry.EmploymentForm is { } f ? Vocabulary.Text(f) : null, answers.EmploymentForm is { } a ? Vocabulary.Text(a) : null),
                "trained" => (registry.Trained ? "是" : "否", answers.Trained is { } t ? (t ? "是" : "否") : null),
                _ => (registry.TrainingYear?.ToString(System.Globalization.CultureInfo.InvariantCulture), answers.TrainingYear?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            };
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
        return [.. Rules.Where(rule => Applies(rule, registry) && Asked(rule, answers) && Said(rule.Field, answers) is null).Select(r => r.Field).Distinct()];
    }

    public static string Chinese(string field) => field switch
    {
        "employmentStatus" => "就业状况",
        "employmentForm" => "就业形式",
        "trained" => "是否参加培训",
        "trainingYear" => "培训年度",
        _ => field,
    };

    private static bool Applies(ComparisonRule rule, PersonRevision registry) => rule.AppliesWhen switch
    {
        "registryEmployed" => registry.EmploymentStatus == EmploymentStatus.Employed,
        "registryTrained" => registry.Trained,
        _ => true,
    };

    private static bool Asked(ComparisonRule rule, Answers answers) => rule.Field switch
    {
        "employmentForm" => answers.EmploymentStatus == EmploymentStatus.Employed,
        "trainingYear" => answers.Trained == true,
        _ => true,
    };

    private static object? Said(string field, Answers answers) => field switch
    {
        "employmentStatus" => answers.EmploymentStatus,
        "employmentForm" => answers.EmploymentForm,
        "trained" => answers.Trained,
        _ => answers.TrainingYear,
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
