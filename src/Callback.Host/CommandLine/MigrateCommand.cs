using System.CommandLine;
using Callback.Host.Hosting;
using Callback.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.CommandLine;

internal static class MigrateCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("migrate", "Apply pending database migrations (done automatically for the embedded SQLite default).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await CliHost.StartAsync([.. parse.UnmatchedTokens, "--Database:AutoMigrate=false"], cancellationToken);
            await host.Services.PrepareDatabaseAsync(migrate: true, cancellationToken);
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
            var applied = await db.Database.GetAppliedMigrationsAsync(cancellationToken);
            await output.WriteLineAsync($"数据库已是最新 / database is up to date: {applied.Count()} migrations applied, latest {applied.LastOrDefault()}");
            return 0;
        });
        return command;
    }
}
