using System.CommandLine;
using System.Text.Json;
using Callback.Domain.Registry.Import;
using Callback.Persistence.Registry;

namespace Callback.Host.CommandLine;

internal static class ImportCommand
{
    public const int CouldNotRead = 2;

    /// <summary>Read to the end, but it would remove more of a unit's persons than the set share: nothing written.</summary>
    public const int RemovalsNeedConfirming = 3;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A registry export: .csv (UTF-8 or GB18030) or .xlsx." };
        var json = new Option<bool>("--json") { Description = "Print the import report as JSON." };
        var synthetic = new Option<bool>("--synthetic") { Description = "The file holds synthetic (demo, test) persons: never dialled through a real provider." };
        var scope = new Option<string>("--scope")
        {
            Description = "What the export covers: unit codes separated by commas (150100,150200), or 'province'. Persons of the scope absent " +
                "from the file are removed; rows outside it are refused. Default: the units the file's rows belong to.",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Preview: read the file and print what the import would do, write nothing." };
        var confirmRemovals = new Option<bool>("--confirm-removals")
        {
            Description = "Remove absent persons even when a unit loses more than Import:MaxRemovalShare (20 %) of them.",
        };
        var command = new Command("import", "Import a registry export as a new registry version and print the report. Exit code 0 when the file was read, " +
            "whatever rows it rejected; 2 when it could not be read; 3 when its removals need --confirm-removals. Nothing is written unless it exits 0.")
        {
            file, json, synthetic, scope, dryRun, confirmRemovals,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            var asJson = parse.GetValue(json);
            if (!path.Exists)
                return await FailAsync(FileProblemCodes.FileNotFound, $"找不到文件：{path.FullName}");
            if (ImportScope.Parse(parse.GetValue(scope), Domain.Regions.RegionCatalog.InnerMongolia, out var scopeError) is not { } importScope)
                return await FailAsync("unknown-unit", scopeError!);

            using var host = await CliHost.StartAsync([.. parse.UnmatchedTokens], cancellationToken);
            await using var services = host.Services.CreateAsyncScope();
            var importer = services.ServiceProvider.GetRequiredService<RegistryImporter>();
            try
            {
                await using var stream = new FileStream(path.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                var options = services.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Configuration.ImportOptions>>().Value;
                var request = new ImportRequest(path.Name, CliHost.LocalAdministrator, parse.GetValue(synthetic))
                {
                    Limits = options.Limits(),
                    Scope = importScope,
                    DryRun = parse.GetValue(dryRun),
                    ConfirmRemovals = parse.GetValue(confirmRemovals),
                    MaxRemovalShare = options.MaxRemovalShare,
                };
                var report = await importer.ImportAsync(stream, request, cancellationToken: cancellationToken);
                await WriteReportAsync(report);
                return 0;
            }
            catch (RegistryFileException e) when (e.Report is { } report)
            {
                // Read to the end and refused as a whole (too many removals): what it would have done helps decide.
                await WriteReportAsync(report);
                await error.WriteLineAsync($"未导入 / not imported: {e.Message} ({e.Code})。确认无误后可加 --confirm-removals 再导入。");
                return RemovalsNeedConfirming;
            }
            catch (RegistryFileException e)
            {
                return await FailAsync(e.Code, e.Message);
            }
            catch (IOException e)
            {
                return await FailAsync("unreadable-file", $"无法读取文件：{e.Message}");
            }

            async Task WriteReportAsync(ImportReport report)
            {
                if (asJson)
                    await output.WriteLineAsync(JsonSerializer.Serialize(report, ReportJson.Indented));
                else
                    await ImportReportText.WriteAsync(output, report);
            }

            async Task<int> FailAsync(string code, string message)
            {
                if (asJson)
                    await output.WriteLineAsync(JsonSerializer.Serialize(new { error = new { code, message } }, ReportJson.Indented));
                await error.WriteLineAsync($"无法导入 / import failed: {message} ({code})。数据库未作任何更改。");
                return CouldNotRead;
            }
        });
        return command;
    }
}
