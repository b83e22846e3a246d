using System.Reflection;
using System.Text.Json;

namespace Callback.Domain.Scoring;

/// <summary>One item of the evaluation form (评估表), as printed.</summary>
public sealed record RubricItem(string Category, string Code, string PrintedCode, string Title, int Maximum, string PrintedMaximum, string Standard);

/// <summary>
/// The 22-item evaluation form of notice 内残就〔2015〕12号, transcribed into evaluation-form.json exactly as printed,
/// inconsistencies included; <see cref="RubricRules"/> says how they are resolved.
/// </summary>
public sealed class EvaluationForm
{
    public const string TruthfulnessItem = "4.4";
    public const string EntryItem = "4.2";
    public const string CoverageItem = "4.1";

    private EvaluationForm(string source, IReadOnlyList<RubricItem> items)
    {
        Source = source;
        Items = items;
    }

    public string Source { get; }

    public IReadOnlyList<RubricItem> Items { get; }

    public int PrintedTotal => Items.Sum(i => i.Maximum);

    public static EvaluationForm Notice2015 { get; } = LoadEmbedded();

    public RubricItem? Find(string code) => Items.FirstOrDefault(i => i.Code == code);

    /// <summary>The form's own inconsistencies, found from its data rather than assumed.</summary>
    public IReadOnlyList<RubricInconsistency> Inconsistencies()
    {
        var found = new List<RubricInconsistency>();
        if (PrintedTotal != 100)
            found.Add(new RubricInconsistency("total-not-100", null, $"各项分值合计为 {PrintedTotal} 分，而不是 100 分"));
        foreach (var item in Items)
        {
            foreach (var points in PointsNamed(item.Standard).Where(p => p > item.Maximum).Distinct())
                found.Add(new RubricInconsistency("standard-exceeds-maximum", item.Code,
                    $"第 {item.Code} 项分值为 {item.Maximum} 分，但评分标准中出现“{points}分”"));
        }

        return found;
    }

    private static IEnumerable<int> PointsNamed(string standard)
    {
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(standard, @"记(\d+)分"))
            yield return int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static EvaluationForm LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("evaluation-form.json")
            ?? throw new InvalidOperationException("evaluation-form.json is missing from the Callback.Domain assembly.");
        var document = JsonSerializer.Deserialize<FormFile>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException("evaluation-form.json is empty.");
        return new EvaluationForm(document.Source, document.Items);
    }

    private sealed record FormFile(string Source, List<RubricItem> Items);
}

public sealed record RubricInconsistency(string Code, string? Item, string Message);
