using System.Globalization;
using Callback.Domain.Registry.Import;

namespace Callback.Host.CommandLine;

/// <summary>The import report as a clerk reads it: Chinese first, the English code beside each problem.</summary>
internal static class ImportReportText
{
    public static async Task WriteAsync(TextWriter o, ImportReport r)
    {
        var file = $"文件 {r.FileName}（{r.Format}{(r.Encoding is null ? "" : ", " + r.Encoding)}，SHA-256 {r.FileSha256}）{(r.Synthetic ? "，合成数据 synthetic" : "")}";
        await o.WriteLineAsync(r.DryRun
            ? $"预览 / preview（未写入数据库，nothing written）：{file}"
            : r.Version == 0 ? $"未导入 / not imported：{file}" : $"导入完成 / imported: 登记版本 {r.Version}，{file}");
        await o.WriteLineAsync($"读取 {r.RowsRead} 行 (read)：新增 {r.Added} (added)，变更 {r.Changed} (changed)，未变 {r.Unchanged} (unchanged)，" +
            $"移除 {r.Removed} (removed)，拒绝 {r.Rejected} (rejected)；无可拨打号码 {r.WithoutCallableNumber}");
        if (r.Sheets.Count > 0)
            await o.WriteLineAsync($"读取的工作表 / sheets read: {string.Join("、", r.Sheets.Select(x => $"“{x.Name}”（表头在第 {x.HeaderRow} 行，{x.Rows} 行）"))}");
        if (r.SkippedSheets.Count > 0)
            await o.WriteLineAsync($"跳过的工作表 / sheets skipped: {string.Join("、", r.SkippedSheets.Select(x => $"“{x.Name}”（{(x.Reason == "hidden" ? "隐藏 hidden" : "没有表头 no header")}）"))}");
        await o.WriteLineAsync($"导入范围 / scope: {ScopeText(r)}");
        foreach (var u in r.Units)
        {
            await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {u.Unit} {u.Name}：文件 {u.Rows} 行，原有 {u.PersonsBefore} 人，移除 {u.Removed} 人（{u.RemovedShare * 100:0.#}%）") +
                (u.SyntheticRemoved > 0 ? $"，另清除演示数据 {u.SyntheticRemoved} 人 (demo persons cleared)" : "") +
                (u.InScope ? "" : "，不在范围内 (outside scope)") +
                (u.InScope && u.RemovedShare > r.MaxRemovalShare ? string.Create(CultureInfo.InvariantCulture, $"，超过 {r.MaxRemovalShare * 100:0.#}% 需确认 (needs confirming)") : ""));
        }
        if (r.UnknownColumns.Count > 0)
            await o.WriteLineAsync($"未识别的列（已忽略） / unknown columns, kept aside: {string.Join("、", r.UnknownColumns)}");
        if (r.RejectedRows.Count > 0)
        {
            await o.WriteLineAsync("被拒绝的行 / rejected rows (第 1 行 = 表头后的第一行):");
            foreach (var row in r.RejectedRows)
            {
                foreach (var p in row.Problems)
                    await o.WriteLineAsync($"  {Where(r, row.Sheet, row.Row)}  {p.Column}  {p.Message}  [{p.Code}]");
            }
        }

        if (r.Warnings.Count > 0)
        {
            await o.WriteLineAsync("提示（已导入） / warnings, rows imported:");
            foreach (var w in r.Warnings)
                await o.WriteLineAsync($"  {Where(r, w.Sheet, w.Row)}  {w.Column}  {w.Message}  [{w.Code}]");
        }
    }

    /// <summary>A row as the clerk finds it: in a workbook, its sheet and the row number Excel shows beside it.</summary>
    private static string Where(ImportReport r, string? sheet, int row) =>
        sheet is null ? $"第 {row} 行"
            : $"工作表“{sheet}”第 {row} 行（Excel 行号 {row + (r.Sheets.FirstOrDefault(x => x.Name == sheet)?.HeaderRow ?? 0)}）";

    private static string ScopeText(ImportReport r) => r.Scope switch
    {
        "province" => "全区 (province)",
        "rows" => $"未指定，按文件中各行所属单位 (the units of the rows: {string.Join(",", r.ProposedScope)})",
        _ => r.Scope,
    };
}
