namespace Callback.Domain.Scoring;

/// <summary>How the form's total is reported, given that its maxima add up to 101.</summary>
public enum TotalRule
{
    /// <summary>Report the sum out of the printed 101 (default: nothing is hidden).</summary>
    AsPrinted,

    /// <summary>Also scale the sum to 100 (sum × 100 / 101).</summary>
    ScaleTo100,
}

/// <summary>How item 4.2 is scored, given a maximum of 15 and a standard that speaks of 20 points.</summary>
public enum EntryItemRule
{
    /// <summary>Apply the standard out of 20, then scale to the item's 15 (100% → 15, below 95% → 7.5). Default.</summary>
    ScaleToMaximum,

    /// <summary>Apply the standard out of 20, then cap at 15 (100% → 15, below 95% → 10).</summary>
    CapAtMaximum,
}

/// <summary>The configured resolution of the form's inconsistencies (section Scoring).</summary>
public sealed class RubricRules
{
    public const string Section = "Scoring";

    public TotalRule Total { get; set; } = TotalRule.AsPrinted;

    public EntryItemRule EntryItem { get; set; } = EntryItemRule.ScaleToMaximum;

    /// <summary>Each rule in words, as `rubric` and the scorecard show it.</summary>
    public IReadOnlyList<string> Describe() =>
    [
        Total == TotalRule.AsPrinted
            ? "Scoring:Total = AsPrinted — 总分按表上各项分值合计 101 分报告，不作换算"
            : "Scoring:Total = ScaleTo100 — 总分另按 100 分制换算（得分 × 100 / 101）",
        EntryItem == EntryItemRule.ScaleToMaximum
            ? "Scoring:EntryItem = ScaleToMaximum — 4.2 项先按标准以 20 分计（100% 记 20 分，95%–100% 按百分比，未达 95% 记 10 分），再按 15/20 折算"
            : "Scoring:EntryItem = CapAtMaximum — 4.2 项先按标准以 20 分计，再以 15 分封顶",
        "4.1 项按覆盖率 × 5 分计；4.4 项 = max(0, 20 − 2 × 不真实人数)",
    ];
}
