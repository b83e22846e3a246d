using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Callback.Host.Hosting;
using Microsoft.Extensions.Options;

namespace Callback.Host.CommandLine;

internal static class ServeCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen, e.g. http://127.0.0.1:5080 (the default) or http://0.0.0.0:8080; several separated by ';'.",
        };
        var command = new Command("serve", "Start Callback (API, health, OpenAPI, hub), with the embedded SQLite database and demo data on first start.")
        {
            urls,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            string[] args = parse.GetValue(urls) is { } given ? [$"--urls={given}", .. parse.UnmatchedTokens] : [.. parse.UnmatchedTokens];
            if (Common.Failpoints.Problem is { } failpoints)
            {
                await error.WriteLineAsync($"callback: 配置有误 / bad setting: {failpoints}");
                return 2;
            }

            try
            {
                CallbackWebApp.TuneThreadPool();
                var app = CallbackWebApp.Build(args);
                if (BusyAddress(app.Configuration["Urls"]) is { } busy)
                {
                    await error.WriteLineAsync(AddressInUse(busy));
                    return 3;
                }

                await app.InitializeAsync(output, cancellationToken);
                await app.RunAsync();
                return 0;
            }
            catch (OptionsValidationException e)
            {
                // A setting is wrong: say which and what to do, without a stack trace.
                foreach (var failure in e.Failures)
                    await error.WriteLineAsync($"callback: 配置有误 / bad setting: {failure}");
                return 2;
            }
            catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                await error.WriteLineAsync(AddressInUse(e.Message));
                return 3;
            }
        });
        return command;
    }

    private static string AddressInUse(string what) =>
        $"callback: 端口已被占用 / {what} is already in use. Another Callback (or another program) is listening there: " +
        "stop it, or start this one elsewhere with --urls http://127.0.0.1:<another port>.";

    /// <summary>The first address of the list that another program already listens on, checked before anything starts.</summary>
    private static string? BusyAddress(string? urls)
    {
        foreach (var url in (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Port == 0)
                continue;
            var address = uri.Host is "localhost" ? IPAddress.Loopback : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) ? ip : null;
            if (address is null)
                continue;
            try
            {
                var probe = new TcpListener(address, uri.Port) { ExclusiveAddressUse = true };
                probe.Start();
                probe.Stop();
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                return url;
            }
        }

        return null;
    }
}
