using System.CommandLine;
using System.Text.Json;
using Callback.Domain.Scoring;
using Callback.Host.Hosting;
using Callback.Host.Scoring;
using Callback.Persistence.Registry;

namespace Callback.Host.CommandLine;

/// <summary>Prints the evaluation form as configured: its 22 items, its inconsistencies and the rules that resolve them.</summary>
internal static class RubricCommand
{
    public static Command Create(TextWriter output)
    {
        var json = new Option<bool>("--json") { Description = "Print the form as JSON." };
        var command = new Command("rubric", "Print the evaluation form (评估表) as configured: 22 items, maxima, inconsistencies and the rules resolving them.")
        {
            json,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, _) =>
        {
            var configuration = new ConfigurationBuilder()
                .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
                .AddCallbackSources([.. parse.UnmatchedTokens])
                .Build();
            var rules = configuration.GetSection(RubricRules.Section).Get<RubricRules>() ?? new RubricRules();
            var rubric = ScoringEndpoints.Rubric(rules);
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(rubric, ReportJson.Indented));
                return 0;
            }

            await output.WriteLineAsync(rubric.Source);
            foreach (var category in rubric.Items.GroupBy(i => i.Category))
            {
                await output.WriteLineAsync(category.Key);
                foreach (var item in category)
                    await output.WriteLineAsync($"  {item.Code,-4} {item.Maximum,3} 分  {item.Title}\n         标准：{item.Standard.Replace("\n", "", StringComparison.Ordinal)}");
            }

            await output.WriteLineAsync($"合计 {rubric.PrintedTotal} 分");
            await output.WriteLineAsync("表中的不一致 / inconsistencies:");
            foreach (var inconsistency in rubric.Inconsistencies)
                await output.WriteLineAsync($"  - {inconsistency.Message} [{inconsistency.Code}]");
            await output.WriteLineAsync("处理规则 / rules in force:");
            foreach (var rule in rubric.Rules)
                await output.WriteLineAsync($"  - {rule}");
            return 0;
        });
        return command;
    }
}
