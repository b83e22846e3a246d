using Callback.Domain.Registry.Import;

namespace Callback.Host.CommandLine;

/// <summary>The import report as a clerk reads it: Chinese first, the English code beside each problem.</summary>
internal static class ImportReportText
{
    public static async Task WriteAsync(TextWriter o, ImportReport r)
    {
        await o.WriteLineAsync($"导入完成 / imported: 登记版本 {r.Version}，文件 {r.FileName}（{r.Format}{(r.Encoding is null ? "" : ", " + r.Encoding)}，SHA-256 {r.FileSha256}）{(r.Synthetic ? "，合成数据 synthetic" : "")}");
        await o.WriteLineAsync($"读取 {r.RowsRead} 行 (read)：新增 {r.Added} (added)，变更 {r.Changed} (changed)，未变 {r.Unchanged} (unchanged)，拒绝 {r.Rejected} (rejected)；无可拨打号码 {r.WithoutCallableNumber}");
        if (r.UnknownColumns.Count > 0)
            await o.WriteLineAsync($"未识别的列（已忽略） / unknown columns, kept aside: {string.Join("、", r.UnknownColumns)}");
        if (r.RejectedRows.Count > 0)
        {
            await o.WriteLineAsync("被拒绝的行 / rejected rows (第 1 行 = 表头后的第一行):");
            foreach (var row in r.RejectedRows)
            {
                foreach (var p in row.Problems)
                    await o.WriteLineAsync($"  第 {row.Row} 行  {p.Column}  {p.Message}  [{p.Code}]");
            }
        }

        if (r.Warnings.Count > 0)
        {
            await o.WriteLineAsync("提示（已导入） / warnings, rows imported:");
            foreach (var w in r.Warnings)
                await o.WriteLineAsync($"  第 {w.Row} 行  {w.Column}  {w.Message}  [{w.Code}]");
        }
    }
}
