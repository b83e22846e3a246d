using System.CommandLine;
using System.Text.Json;
using Callback.Domain.Regions;
using Callback.Domain.Registry.Import;
using Callback.Domain.Sampling;
using Callback.Persistence.Registry;

namespace Callback.Host.CommandLine;

/// <summary>Re-derives a draw offline from a registry export, so that anyone can check one. No database is touched.</summary>
internal static class VerifyDrawCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var registry = new Option<FileInfo>("--registry") { Description = "The registry export the draw was taken from (CSV or XLSX).", Required = true };
        var seed = new Option<string>("--seed") { Description = "The draw's seed (at least 16 characters).", Required = true };
        var unit = new Option<string>("--unit") { Description = "The inspection unit code (or a county code drawn on its own).", Required = true };
        var n = new Option<int>("--n") { Description = "Persons in the sample.", DefaultValueFactory = _ => 10 };
        var reserves = new Option<int>("--reserves") { Description = "Reserves after the sample.", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print the draw as JSON (algorithm, unit, population_size, population_hash, sample, reserves)." };
        var command = new Command("verify-draw", "Recompute a callback-sample-v1 draw from a registry export, without Callback's database.")
        {
            registry, seed, unit, n, reserves, json,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(registry)!;
            var code = parse.GetValue(unit)!;
            if (!file.Exists)
                return await FailAsync("file-not-found", $"找不到文件：{file.FullName}");
            if (RegionCatalog.InnerMongolia.FindUnit(code) is null && RegionCatalog.InnerMongolia.FindCounty(code) is null)
                return await FailAsync("unknown-unit", $"“{code}”既不是检查单位代码，也不是旗县代码");
            try
            {
                await using var stream = file.OpenRead();
                var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);
                var population = RegistryPopulation.FromExport(stream, code, RegionCatalog.InnerMongolia, today);
                var draw = SampleDraw.Draw(parse.GetValue(seed)!, code, population, parse.GetValue(n), parse.GetValue(reserves));
                if (parse.GetValue(json))
                {
                    await output.WriteLineAsync(JsonSerializer.Serialize(new
                    {
                        algorithm = draw.Algorithm,
                        unit = draw.Unit,
                        seed = parse.GetValue(seed),
                        population_size = draw.PopulationSize,
                        population_hash = draw.PopulationHash,
                        n = parse.GetValue(n),
                        r = parse.GetValue(reserves),
                        sample = draw.Sample,
                        reserves = draw.Reserves,
                    }, ReportJson.Indented));
                }
                else
                {
                    await output.WriteLineAsync($"{draw.Algorithm}  单位 {draw.Unit}  总体 {draw.PopulationSize} 人  population_hash {draw.PopulationHash}");
                    await output.WriteLineAsync("抽中 / sample:");
                    foreach (var (member, i) in draw.Sample.Select((m, i) => (m, i)))
                        await output.WriteLineAsync($"  {i + 1,2}. {member}");
                    await output.WriteLineAsync("候补 / reserves:");
                    foreach (var (member, i) in draw.Reserves.Select((m, i) => (m, i)))
                        await output.WriteLineAsync($"  {i + 1,2}. {member}");
                }

                return 0;
            }
            catch (RegistryFileException e)
            {
                return await FailAsync(e.Code, e.Message);
            }
            catch (DrawException e)
            {
                return await FailAsync(e.Code, e.Message);
            }

            async Task<int> FailAsync(string code, string message)
            {
                await error.WriteLineAsync($"无法验证 / cannot verify: {message} ({code})");
                return 2;
            }
        });
        return command;
    }
}
