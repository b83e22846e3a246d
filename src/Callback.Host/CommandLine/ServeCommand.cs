using System.CommandLine;
using Callback.Host.Hosting;

namespace Callback.Host.CommandLine;

internal static class ServeCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("serve", "Start Callback (default http://127.0.0.1:5080; --urls to change), with the embedded SQLite database and demo data on first start.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var app = CallbackWebApp.Build([.. parse.UnmatchedTokens]);
            await app.InitializeAsync(output, cancellationToken);
            await app.RunAsync();
            return 0;
        });
        return command;
    }
}
