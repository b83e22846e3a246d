using Callback.Domain.Calls;
using Callback.Domain.Findings;
using Callback.Domain.Registry;

namespace Callback.Domain.Scoring;

/// <summary>A deduction from item 4.4 and the finding (or unreachable case) it comes from.</summary>
public sealed record Deduction(string Certificate, decimal Points, string Reason, long? FindingEntryId);

public sealed record ItemResult(
    string Code, string Category, string Title, int Maximum, decimal? Score, string Source, string? Note, string? Evidence,
    IReadOnlyList<Deduction> Deductions);

/// <summary>A unit's scorecard: every item of the form, totals, the call outcome rates and whether it is final.</summary>
public sealed record Scorecard(
    int InspectionId, string UnitCode, IReadOnlyList<ItemResult> Items, decimal Total, int PrintedMaximum, decimal? TotalOutOf100,
    int ItemsScored, IReadOnlyList<RubricInconsistency> Inconsistencies, IReadOnlyList<string> Rules, AaporRates Rates,
    bool Locked, DateTimeOffset? LockedAt, string? LockedBy);

/// <summary>What a unit's scorecard is computed from.</summary>
public sealed record ScorecardInputs(
    int InspectionId,
    string UnitCode,
    bool Drawn,
    IReadOnlyList<FindingEntry> CurrentFindings,
    IReadOnlyList<string> UnreachableCountedUntruthful,
    IReadOnlyList<ItemScoreEntry> LatestItemScores,
    UnitFiguresEntry? Figures,
    IReadOnlyList<Disposition?> CaseDispositions,
    ScorecardLock? Lock);

/// <summary>Computes a scorecard, from scratch each time: nothing is cached that a correction could leave stale.</summary>
public static class ScorecardCalculator
{
    public static Scorecard Compute(EvaluationForm form, RubricRules rules, ScorecardInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(inputs);
        var items = new List<ItemResult>();
        foreach (var item in form.Items)
        {
            items.Add(item.Code switch
            {
                EvaluationForm.TruthfulnessItem => Truthfulness(item, inputs),
                EvaluationForm.EntryItem when inputs.Figures?.EntryRate is { } rate => Computed(item,
                    ItemFormulas.Entry(rate, item.Maximum, rules.EntryItem), $"录入比例 {rate:P1}", inputs.Figures.Evidence),
                EvaluationForm.CoverageItem when inputs.Figures?.CoverageRate is { } rate => Computed(item,
                    ItemFormulas.Coverage(rate, item.Maximum), $"覆盖率 {rate:P1}", inputs.Figures.Evidence),
                _ => Scored(item, inputs.LatestItemScores.FirstOrDefault(s => s.ItemCode == item.Code)),
            });
        }

        var total = items.Sum(i => i.Score ?? 0m);
        decimal? outOf100 = rules.Total == TotalRule.ScaleTo100 ? ItemFormulas.Round(total * 100m / form.PrintedTotal) : null;
        return new Scorecard(
            inputs.InspectionId, inputs.UnitCode, items, total, form.PrintedTotal, outOf100, items.Count(i => i.Score is not null),
            form.Inconsistencies(), rules.Describe(), AaporRates.Compute(inputs.CaseDispositions),
            inputs.Lock is not null, inputs.Lock?.LockedAt, inputs.Lock?.LockedBy);
    }

    private static ItemResult Truthfulness(RubricItem item, ScorecardInputs inputs)
    {
        // Before the draw there is nothing to verify: no score, rather than a full score nobody earned.
        if (!inputs.Drawn)
            return new ItemResult(item.Code, item.Category, item.Title, item.Maximum, null, "not-drawn", "尚未抽取核实对象", null, []);

        var deductions = inputs.CurrentFindings
            .Where(f => f.Verdict == Verdict.Untruthful)
            .Select(f => new Deduction(CertificateNumber.Mask(f.CertificateNumber), ItemFormulas.DeductionPerUntruthful, f.Reason, f.Id))
            .Concat(inputs.UnreachableCountedUntruthful.Select(c =>
                new Deduction(CertificateNumber.Mask(c), ItemFormulas.DeductionPerUntruthful, "多次拨打无法联系，按检查政策计为不真实", null)))
            .ToList();
        var score = ItemFormulas.Truthfulness(deductions.Count);
        var verified = inputs.CurrentFindings.Count;
        return new ItemResult(item.Code, item.Category, item.Title, item.Maximum, score, "computed",
            $"已核实 {verified} 人，不真实 {deductions.Count} 人：20 − 2 × {deductions.Count} = {score}（不低于 0）", null, deductions);
    }

    private static ItemResult Computed(RubricItem item, decimal score, string note, string evidence) =>
        new(item.Code, item.Category, item.Title, item.Maximum, score, "computed", note, evidence, []);

    private static ItemResult Scored(RubricItem item, ItemScoreEntry? entry) => entry is null
        ? new(item.Code, item.Category, item.Title, item.Maximum, null, "not-scored", null, null, [])
        : new(item.Code, item.Category, item.Title, item.Maximum, entry.Score, "inspector", entry.Note, entry.Evidence, []);
}
