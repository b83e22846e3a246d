using System.CommandLine;
using System.Text.Json;
using Callback.Domain.Registry.Import;
using Callback.Persistence.Registry;

namespace Callback.Host.CommandLine;

internal static class ImportCommand
{
    public const int CouldNotRead = 2;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A registry export: .csv (UTF-8 or GB18030) or .xlsx." };
        var json = new Option<bool>("--json") { Description = "Print the import report as JSON." };
        var synthetic = new Option<bool>("--synthetic") { Description = "The file holds synthetic (demo, test) persons: never dialled through a real provider." };
        var command = new Command("import", "Import a registry export as a new registry version and print the report. Exit code 0 when the file was read, whatever rows it rejected.")
        {
            file, json, synthetic,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            var asJson = parse.GetValue(json);
            if (!path.Exists)
                return await FailAsync(FileProblemCodes.FileNotFound, $"找不到文件：{path.FullName}");

            using var host = await CliHost.StartAsync([.. parse.UnmatchedTokens], cancellationToken);
            await using var scope = host.Services.CreateAsyncScope();
            var importer = scope.ServiceProvider.GetRequiredService<RegistryImporter>();
            try
            {
                await using var stream = new FileStream(path.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                var limits = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Configuration.ImportOptions>>().Value.Limits();
                var report = await importer.ImportAsync(stream, new ImportRequest(path.Name, CliHost.LocalAdministrator, parse.GetValue(synthetic)) { Limits = limits },
                    cancellationToken: cancellationToken);
                if (asJson)
                    await output.WriteLineAsync(JsonSerializer.Serialize(report, ReportJson.Indented));
                else
                    await ImportReportText.WriteAsync(output, report);
                return 0;
            }
            catch (RegistryFileException e)
            {
                return await FailAsync(e.Code, e.Message);
            }
            catch (IOException e)
            {
                return await FailAsync("unreadable-file", $"无法读取文件：{e.Message}");
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
