using System.Globalization;
using Callback.Domain.Calls;
using Callback.Domain.Findings;
using Callback.Domain.Inspections;
using Callback.Domain.Regions;
using Callback.Domain.Registry;
using Callback.Domain.Sampling;
using Callback.Domain.Scoring;
using Callback.Host.Common;
using Callback.Host.Findings;
using Callback.Host.Scoring;
using Callback.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Reports;

/// <summary>
/// The documents the notice asks for, as .docx drafts with what Callback knows filled in: a unit's self-check report
/// (自查报告), the inspection group's feedback letter to a unit (反馈意见, with rectification deadlines), and the
/// inspection's summary for the regional centre (all units, scores, common problems).
/// </summary>
public sealed class ReportDocuments(CallbackDbContext db, ScorecardService scorecards, RegionCatalog regions, TimeProvider time)
{
    public static readonly IReadOnlyList<string> UnitKinds = ["self-check", "feedback"];

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public async Task<byte[]> SelfCheckAsync(Inspection inspection, string unit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        if (inspection.Kind != InspectionKind.SelfCheck)
            throw RequestRefusedException.Conflict("not-self-check", $"检查 {inspection.Id} 是{Inspection.Text(inspection.Kind)}，自查报告只用于自查：互查、抽查请用反馈意见");
        var name = UnitName(unit);
        var card = await scorecards.ComputeAsync(inspection, unit, ct);
        var figures = await db.UnitFigures.AsNoTracking().Where(f => f.InspectionId == inspection.Id && f.UnitCode == unit).OrderByDescending(f => f.Id).FirstOrDefaultAsync(ct);
        var calls = await db.Calls.AsNoTracking().Where(c => c.InspectionId == inspection.Id && c.UnitCode == unit).ToListAsync(ct);
        var item44 = card.Items.First(i => i.Code == EvaluationForm.TruthfulnessItem);
        var doc = new WordDocument()
            .Title($"{name}残疾人就业和培训实名制管理工作自查报告")
            .Paragraph("（草稿，由 Callback 生成：黄色标出的部分请自查单位填写后再报送）", indent: false)
            .Paragraph($"根据内蒙古残疾人就业管理中心《关于开展残疾人就业和培训实名制管理工作检查的通知》（内残就〔2015〕12号）要求，我单位于【请填写：自查起止日期】对本地区残疾人就业和培训实名制管理工作开展了自查。现将自查情况报告如下：")
            .Heading("一、实名制数据覆盖和更新情况")
            .Paragraph(figures is null
                ? "【请填写：实名制系统覆盖率、季度更新录入比例及数据来源】"
                : $"实名制系统覆盖率 {Percent(figures.CoverageRate)}，季度更新录入比例 {Percent(figures.EntryRate)}（数据来源：{figures.Evidence}）。")
            .Heading("二、电话回访核实情况")
            .Paragraph(Calls(calls, card))
            .Paragraph(item44.Score is { } s ? $"按评估表第 4.4 项（20 分，每发现 1 条不真实记录扣 2 分），本项得分 {s.ToString("0.#", Invariant)} 分。{item44.Note}" : "尚未抽取核实对象，第 4.4 项尚无得分。")
            .Heading("三、发现的问题");
        var problems = item44.Deductions.Select(d => $"{d.Certificate}：{d.Reason}").ToList();
        foreach (var line in problems.DefaultIfEmpty("电话回访未发现不真实记录。"))
            doc.Paragraph(line);
        doc.Paragraph("【请填写：自查中发现的其他问题】")
            .Heading("四、整改措施和计划")
            .Paragraph("【请填写：针对上述问题的整改措施、责任人和完成时限】")
            .Heading("五、评分情况")
            .Table(["项目", "分值", "得分"], card.Items.Select(i => (IReadOnlyList<string>)[$"{i.Code} {i.Title}", i.Maximum.ToString(Invariant), i.Score?.ToString("0.#", Invariant) ?? "【请填写】"]))
            .Paragraph($"合计 {card.Total.ToString("0.#", Invariant)} 分（评估表满分 {card.PrintedMaximum} 分）。")
            .Paragraph($"{name}（盖章）", indent: false)
            .Paragraph(WordDocument.ChineseDate(Today()), indent: false);
        return doc.ToBytes();
    }

    public async Task<byte[]> FeedbackAsync(Inspection inspection, string unit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        var name = UnitName(unit);
        var card = await scorecards.ComputeAsync(inspection, unit, ct);
        var items = await db.FeedbackItems.AsNoTracking().Where(f => f.InspectionId == inspection.Id && f.UnitCode == unit).OrderBy(f => f.Id).ToListAsync(ct);
        var item44 = card.Items.First(i => i.Code == EvaluationForm.TruthfulnessItem);
        var doc = new WordDocument()
            .Title($"关于{name}残疾人就业和培训实名制管理工作{Inspection.Text(inspection.Kind)}的反馈意见")
            .Paragraph($"{name}残疾人就业服务机构：", indent: false)
            .Paragraph($"根据内残就〔2015〕12号通知要求，检查组对你单位残疾人就业和培训实名制管理工作进行了{Inspection.Text(inspection.Kind)}（{inspection.Title}）。现将检查情况反馈如下：")
            .Heading("一、评分情况")
            .Paragraph($"你单位得分 {card.Total.ToString("0.#", Invariant)} 分（评估表满分 {card.PrintedMaximum} 分）{(card.Locked ? "，评分表已锁定为最终结果" : "，评分尚未最终锁定")}。其中第 4.4 项（实名制数据真实性，电话回访核实）{(item44.Score is { } s ? $"得 {s.ToString("0.#", Invariant)} 分：{item44.Note}" : "尚未评分")}。")
            .Heading("二、存在的问题和整改要求");
        if (items.Count == 0)
            doc.Paragraph("检查组未提出需要整改的问题。");
        else
            doc.Table(["序号", "问题", "整改期限", "状态"], items.Select((f, i) => (IReadOnlyList<string>)[(i + 1).ToString(Invariant), f.Text, WordDocument.ChineseDate(f.Deadline), Status(f, Today())]));
        foreach (var d in item44.Deductions)
            doc.Paragraph($"电话回访核实：{d.Certificate}，{d.Reason}（扣 {d.Points.ToString("0.#", Invariant)} 分，结论记录 {d.FindingEntryId?.ToString(Invariant) ?? "无法联系"}）。");
        doc.Paragraph("请你单位对照上述问题认真整改，于整改期限前将整改情况书面报送检查组。对评分有异议的，可凭检查组提供的证据包（callback verify-bundle）逐项核对。")
            .Paragraph("检查组", indent: false)
            .Paragraph(WordDocument.ChineseDate(Today()), indent: false);
        return doc.ToBytes();
    }

    public async Task<byte[]> SummaryAsync(Inspection inspection, IReadOnlyCollection<string> units, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        ArgumentNullException.ThrowIfNull(units);
        var rows = new List<IReadOnlyList<string>>();
        var problems = new List<(string Unit, FeedbackItem Item)>();
        var untruthfulTotal = 0;
        foreach (var unit in inspection.UnitCodes.Where(units.Contains))
        {
            var card = await scorecards.ComputeAsync(inspection, unit, ct);
            var item44 = card.Items.First(i => i.Code == EvaluationForm.TruthfulnessItem);
            var feedback = await db.FeedbackItems.AsNoTracking().Where(f => f.InspectionId == inspection.Id && f.UnitCode == unit).ToListAsync(ct);
            untruthfulTotal += item44.Deductions.Count;
            problems.AddRange(feedback.Select(f => (UnitName(unit), f)));
            rows.Add([UnitName(unit), card.Total.ToString("0.#", Invariant), item44.Score?.ToString("0.#", Invariant) ?? "—", item44.Deductions.Count.ToString(Invariant),
                feedback.Count.ToString(Invariant), card.Locked ? "已锁定" : "未锁定"]);
        }

        var doc = new WordDocument()
            .Title($"{inspection.Title}情况汇总")
            .Paragraph($"根据内残就〔2015〕12号通知要求，{WordDocument.ChineseDate(inspection.StartsOn)}至{WordDocument.ChineseDate(inspection.EndsOn)}开展了{Inspection.Text(inspection.Kind)}，涉及 {rows.Count} 个单位。电话回访共发现不真实记录 {untruthfulTotal} 条。各单位得分如下：")
            .Table(["单位", "总分", "4.4 得分", "不真实记录", "反馈问题", "评分表"], rows)
            .Heading("共性问题");
        foreach (var line in problems.GroupBy(p => p.Item.Text.Trim()).OrderByDescending(g => g.Count())
                     .Select(g => $"{g.Key}（{string.Join("、", g.Select(p => p.Unit).Distinct())}）").DefaultIfEmpty("各单位未提出整改问题。"))
            doc.Paragraph(line);
        doc.Paragraph("【请填写：下一步工作建议】")
            .Paragraph("内蒙古残疾人就业服务中心检查组", indent: false)
            .Paragraph(WordDocument.ChineseDate(Today()), indent: false);
        return doc.ToBytes();
    }

    private string UnitName(string unit) => regions.FindUnit(unit)?.Name ?? unit;

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);

    private static string Percent(decimal? rate) => rate is { } r ? (r * 100).ToString("0.0", Invariant) + "%" : "【请填写】";

    private static string Status(FeedbackItem item, DateOnly today) => item.Status switch
    {
        FeedbackStatus.Rectified => "已整改",
        FeedbackStatus.Closed => "已销号",
        _ when item.Deadline < today => "逾期未整改",
        _ => "整改中",
    };

    private static string Calls(List<Call> calls, Scorecard card)
    {
        var ended = calls.Where(c => c.Disposition is not null).ToList();
        var outcomes = string.Join("，", ended.GroupBy(c => c.Disposition!).OrderByDescending(g => g.Count())
            .Select(g => $"{Disposition.Find(g.Key)?.Chinese ?? g.Key} {g.Count()} 次"));
        var response = card.Rates.ResponseRate1 is { } rr ? $"，应答率（AAPOR RR1）{(rr * 100).ToString("0.0", Invariant)}%" : "";
        return calls.Count == 0
            ? "尚未开展电话回访。"
            : $"共拨打回访电话 {calls.Count} 次（{outcomes}），涉及 {card.Rates.Cases} 名被抽中人员{response}。";
    }
}
