using System.CommandLine;
using System.Text.Json;
using Callback.Host.Evidence;
using Callback.Persistence.Registry;

namespace Callback.Host.CommandLine;

/// <summary>The installation's public key, and the check of every findings chain in the database.</summary>
internal static class EvidenceCommands
{
    public static Command PublicKey(TextWriter output)
    {
        var command = new Command("public-key", "Print the installation's evidence signing public key (PEM) and its id: give it to the units, who check bundles with it.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await CliHost.StartAsync([.. parse.UnmatchedTokens], cancellationToken);
            var signer = host.Services.GetRequiredService<EvidenceSigner>();
            await output.WriteAsync(signer.PublicKeyPem);
            await output.WriteLineAsync();
            await output.WriteLineAsync($"key id: {signer.KeyId}");
            return 0;
        });
        return command;
    }

    public static Command VerifyEvidence(TextWriter output, TextWriter error)
    {
        var json = new Option<bool>("--json") { Description = "Print the problems as JSON." };
        var command = new Command("verify-evidence", "Check every unit's findings chain in the database, and each locked scorecard's signed chain head. Exits 1 on any problem.")
        {
            json,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await CliHost.StartAsync([.. parse.UnmatchedTokens], cancellationToken);
            await using var scope = host.Services.CreateAsyncScope();
            var chain = scope.ServiceProvider.GetRequiredService<EvidenceChain>();
            var broken = await chain.VerifyAllAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(broken, ReportJson.Indented));
            }
            else if (broken.Count == 0)
            {
                await output.WriteLineAsync("核实结论记录链完整 / every findings chain holds.");
            }
            else
            {
                foreach (var unit in broken)
                {
                    foreach (var problem in unit.Problems)
                        await error.WriteLineAsync($"检查 {unit.InspectionId} 单位 {unit.UnitCode}：{EvidenceChain.Describe(problem)}  expected {problem.Expected}  found {problem.Found}");
                }
            }

            return broken.Count == 0 ? 0 : 1;
        });
        return command;
    }
}
