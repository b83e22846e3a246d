using System.CommandLine;
using System.Text;
using Callback.Domain.Demo;
using Callback.Domain.Regions;

namespace Callback.Host.CommandLine;

internal static class DemoDataCommand
{
    public static Command Create(TextWriter output)
    {
        var count = new Option<int>("--count") { Description = "How many synthetic persons.", DefaultValueFactory = _ => 3000 };
        var file = new Option<FileInfo>("--out") { Description = "The CSV file to write (UTF-8).", Required = true };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed writes the same persons.", DefaultValueFactory = _ => 20151201 };
        var command = new Command("demo-data", "Write synthetic persons in the registry export format (for demos, training, benchmarks; import them with --synthetic).")
        {
            count, file, seed,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!.FullName;
            var n = parse.GetValue(count);
            await using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16))
                new SyntheticRegistryGenerator(RegionCatalog.InnerMongolia, parse.GetValue(seed)).WriteCsv(writer, n, DateOnly.FromDateTime(TimeProvider.System.GetLocalNow().DateTime));
            await output.WriteLineAsync($"已写入 {n} 名合成人员 / wrote {n} synthetic persons: {path}");
            return 0;
        });
        return command;
    }
}
