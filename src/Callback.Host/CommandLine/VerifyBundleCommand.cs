using System.CommandLine;
using System.Text.Json;
using Callback.Domain.Registry.Import;
using Callback.Domain.Sampling;
using Callback.Host.Evidence;
using Callback.Persistence.Registry;

namespace Callback.Host.CommandLine;

/// <summary>Checks an evidence bundle offline: no database, no network. Exit 0 when it holds, 1 on any discrepancy, 2 when it cannot be read.</summary>
internal static class VerifyBundleCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var bundle = new Argument<FileInfo>("BUNDLE") { Description = "The evidence bundle (.zip) to check." };
        var registry = new Option<FileInfo?>("--registry") { Description = "The registry export the draw was taken from: the draw is re-derived and compared." };
        var key = new Option<FileInfo?>("--public-key") { Description = "The centre's public key (PEM), from `callback public-key` or the console. Without it the bundle's own key is used, which proves only that nothing changed since signing." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var command = new Command("verify-bundle", "Check an evidence bundle: signature, every file's hash, the findings chain, item 4.4 recomputed, and (with --registry) the draw.")
        {
            bundle, registry, key, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(bundle)!;
            var export = parse.GetValue(registry);
            var pem = parse.GetValue(key);
            foreach (var needed in new[] { file, export, pem }.Where(f => f is not null && !f.Exists))
            {
                await error.WriteLineAsync($"无法验证 / cannot verify: 找不到文件 {needed!.FullName} (file-not-found)");
                return 2;
            }

            BundleReport report;
            try
            {
                await using var stream = file.OpenRead();
                await using var exportStream = export?.OpenRead();
                report = BundleVerifier.Verify(stream, pem is null ? null : await File.ReadAllTextAsync(pem.FullName, cancellationToken), exportStream);
            }
            catch (Exception e) when (e is InvalidDataException or JsonException or RegistryFileException or DrawException or KeyNotFoundException or InvalidOperationException)
            {
                await error.WriteLineAsync($"无法验证 / cannot verify: 证据包无法读取（{e.Message}）(bundle-unreadable)");
                return 2;
            }

            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new { report.Unit, report.Inspection, report.KeyId, report.FindingEntries, report.Item44, report.Holds, report.Discrepancies }, ReportJson.Indented));
            }
            else
            {
                await output.WriteLineAsync($"检查 {report.Inspection} 单位 {report.Unit}  签名密钥 {report.KeyId}  结论记录 {report.FindingEntries} 条  4.4 复算 {report.Item44}");
                if (pem is null)
                    await output.WriteLineAsync("提示：未给出 --public-key，只用了包内的公钥：这只证明包在签名后未被改动，不证明由核查中心签名。");
                foreach (var d in report.Discrepancies)
                    await output.WriteLineAsync($"  不符 {d.Code}  {d.File}  {d.Entry}  应为 {d.Expected}  实为 {d.Found}");
                await output.WriteLineAsync(report.Holds ? "证据包完整，评分可复核 / the bundle holds." : $"发现 {report.Discrepancies.Count} 处不符 / discrepancies found.");
            }

            return report.Holds ? 0 : 1;
        });
        return command;
    }
}
