using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Callback.Host.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Benchmarks;

/// <summary>The real Callback host on a loopback port, with an administrator's client signed in: what the host benchmarks drive.</summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private const string Password = "benchmark-admin-password";

    private BenchHost(WebApplication app, HttpClient admin)
    {
        App = app;
        Admin = admin;
    }

    public WebApplication App { get; }

    public HttpClient Admin { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<BenchHost> StartAsync(string dataDirectory, IEnumerable<string> settings, Action<IServiceCollection>? configure = null)
    {
        var app = CallbackWebApp.Build(
        [
            "--urls=http://127.0.0.1:0", $"--Storage:DataDirectory={dataDirectory}", $"--Admin:Password={Password}",
            "--Logging:LogLevel:Default=Warning", .. settings,
        ], configure);
        await app.InitializeAsync(TextWriter.Null);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var host = new BenchHost(app, new HttpClient { BaseAddress = new Uri(address) });
        await host.SignInAsync();
        return host;
    }

    /// <summary>Signs the administrator in (again: a benchmark's clock moved on by a day outlives a token).</summary>
    public async Task SignInAsync()
    {
        var login = await Admin.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = Password });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
