using System.Net.Http.Headers;
using System.Net.Http.Json;
using Callback.Host.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Tests.Support;

/// <summary>The real Callback host on Kestrel at a free loopback port, with its own database (SQLite, or PostgreSQL: <see cref="TestDatabase"/>).</summary>
public sealed class CallbackServer : IAsyncDisposable
{
    public const string AdminPassword = "admin-password-for-tests";

    private readonly TempDirectory _directory;
    private bool _ownsDirectory;
    private WebApplication? _app;

    private CallbackServer(TempDirectory? directory = null)
    {
        _ownsDirectory = directory is null;
        _directory = directory ?? new TempDirectory();
    }

    /// <summary>Keeps the data directory when this server stops, for another to start on (a restart); the caller disposes it.</summary>
    public TempDirectory Detach()
    {
        _ownsDirectory = false;
        return _directory;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public string Console { get; private set; } = string.Empty;

    public string DataDirectory => _directory.Path;

    public IServiceProvider Services => _app!.Services;

    /// <summary>PBKDF2 iterations of the test hosts' password hashes (see <see cref="StartWithAsync"/>).</summary>
    public const int TestHashIterations = 1_000;

    public static Task<CallbackServer> StartAsync(params string[] settings) => StartAsync(null, settings);

    /// <param name="clock">A clock to run the host on (calling hours depend on it); the system clock when null.</param>
    public static Task<CallbackServer> StartAsync(TimeProvider? clock, params string[] settings) => StartOnAsync(null, clock, settings);

    /// <summary>Starts on an existing data directory (another server's, after it stopped), or on a new one.</summary>
    public static Task<CallbackServer> StartOnAsync(TempDirectory? directory, TimeProvider? clock, params string[] settings) =>
        StartWithAsync(directory, clock, null, settings);

    /// <param name="configure">Replaces services after everything is registered (a failing part, for a test of how the host copes).</param>
    public static async Task<CallbackServer> StartWithAsync(TempDirectory? directory, TimeProvider? clock, Action<IServiceCollection>? configure, params string[] settings)
    {
        var server = new CallbackServer(directory);
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            .. server._directory.HostSettings,
            $"--Admin:Password={AdminPassword}",
            "--Demo:Persons=40",
            "--Logging:LogLevel:Default=Warning",
            // Tests sign in many times a minute from one address; the throttle has a test of its own.
            "--Auth:LoginAttemptsPerMinute=10000",
            .. settings,
        ];
        server._app = CallbackWebApp.Build(args, services =>
        {
            // Identity's PBKDF2 at 100,000 iterations (what Callback runs with) costs 150 ms of CPU per password hashed
            // or checked on this machine, and the suite signs in thousands of times: its hosts hash with 1,000. Hashes
            // carry their count, so a hash made either way is checked either way; the kill tests' processes keep 100,000.
            services.Configure<Microsoft.AspNetCore.Identity.PasswordHasherOptions>(o => o.IterationCount = TestHashIterations);
            if (clock is not null)
                services.AddSingleton(clock);
            configure?.Invoke(services);
        });
        using var console = new StringWriter();
        await server._app.InitializeAsync(console);
        server.Console = console.ToString();
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address);
        return server;
    }

    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress };

    /// <summary>A client signed in with a bearer token.</summary>
    public async Task<HttpClient> SignInAsync(string userName, string password)
    {
        var client = Anonymous();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    public Task<HttpClient> AdministratorAsync() => SignInAsync("admin", AdminPassword);

    /// <summary>Signs the administrator's client in again: a test clock moved on by hours outlives its token.</summary>
    public async Task RenewAdministratorAsync(HttpClient admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        using var fresh = await AdministratorAsync();
        admin.DefaultRequestHeaders.Authorization = fresh.DefaultRequestHeaders.Authorization;
    }

    /// <summary>Creates a user with a role and home unit (as the administrator) and signs in as them.</summary>
    /// <param name="phoneNumber">The user's own phone (an inspector's, for agent-led calls).</param>
    public async Task<HttpClient> UserAsync(string role, string? userName = null, string homeUnitCode = "150100", string? phoneNumber = null)
    {
        userName ??= role + "-" + Guid.NewGuid().ToString("N")[..6];
        const string password = "a-long-enough-password";
        using var admin = await AdministratorAsync();
        var created = await admin.PostAsJsonAsync("/api/users", new { userName, displayName = userName, password, role, homeUnitCode, phoneNumber });
        created.EnsureSuccessStatusCode();
        return await SignInAsync(userName, password);
    }

    public async ValueTask DisposeAsync()
    {
        // Once: a test that stops an instance part-way (as a crash would) leaves its disposal here with nothing to do.
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownsDirectory)
            _directory.Dispose();
    }

    private sealed record TokenResponse(string AccessToken);
}
