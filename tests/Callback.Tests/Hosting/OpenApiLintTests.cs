using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Callback.Host.Hosting;
using Callback.Tests.Support;

namespace Callback.Tests.Hosting;

/// <summary>
/// The API description passes a standard linter (@redocly/cli, its recommended rules) with no error: the scoring
/// module and other systems generate clients from it. ./callback test installs the linter into .build/tools.
/// </summary>
public sealed class OpenApiLintTests
{
    [Fact]
    public async Task The_api_description_has_no_lint_errors_and_every_operation_an_id_a_summary_security_and_refusals()
    {
        await using var server = await CallbackServer.StartAsync("--Demo:SeedOnFirstStart=false");
        using var client = server.Anonymous();
        var json = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        using var work = new TempDirectory();
        var file = work.File("v1.json");
        await File.WriteAllTextAsync(file, json);

        var linter = Fixtures.RepositoryFile(".build", "tools", "node_modules", "@redocly", "cli", "bin", "cli.js");
        Assert.True(File.Exists(linter), $"@redocly/cli is not installed at {linter}: run the tests with ./callback test, which installs it.");
        var (exit, output) = await RunAsync("node", [linter, "lint", file, "--format=summary", "--max-problems=200"], work.Path);

        Assert.True(exit == 0, output);
        Assert.Contains("valid", output, StringComparison.Ordinal);

        // What the linter's rules do not see: ids unique, and every signed-in operation lists 401 and 403.
        var document = JsonDocument.Parse(json).RootElement;
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Path: p.Name, Method: o.Name, Operation: o.Value))).ToList();
        Assert.Equal(operations.Count, operations.Select(o => o.Operation.GetProperty("operationId").GetString()).Distinct().Count());
        Assert.All(operations.Where(o => o.Operation.GetProperty("security").GetArrayLength() > 0), o =>
        {
            Assert.True(o.Operation.GetProperty("responses").TryGetProperty("401", out _), $"{o.Method} {o.Path}");
            Assert.True(o.Operation.GetProperty("responses").TryGetProperty("403", out _), $"{o.Method} {o.Path}");
        });
        Assert.Equal("http", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("type").GetString());
        var login = document.GetProperty("paths").GetProperty("/api/auth/login").GetProperty("post");
        Assert.Equal(0, login.GetProperty("security").GetArrayLength());
    }

    [Theory]
    [InlineData("GET", "/api/inspections/{id}/draws", "getInspectionsByIdDraws")]
    [InlineData("POST", "/api/inspections/{id}/units/{unit}/sample/{position}/attempts/{attemptId}/confirm", "postInspectionsByIdUnitsByUnitSampleByPositionAttemptsByAttemptIdConfirm")]
    [InlineData("GET", "/telephony/prompts/{scriptKey}/{**path}", "getTelephonyPromptsByScriptKeyByPath")]
    [InlineData("GET", "/healthz", "getHealthz")]
    [InlineData("GET", "/api/inspections/{id:int}/units/{unit}/reports/{kind}.docx", "getInspectionsByIdUnitsByUnitReportsByKindDocx")]
    public void Operation_ids_come_from_the_method_and_the_route(string method, string path, string expected) =>
        Assert.Equal(expected, OpenApiDescription.OperationId(method, path));

    private static async Task<(int Exit, string Output)> RunAsync(string program, string[] arguments, string directory)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
