using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Callback.Host.Common;
using Callback.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Callback.Tests.Durability;

/// <summary>
/// Callback as its own process, killed (SIGKILL, no shutdown of any kind) in the middle of a call, or at each step of a
/// call's end and of its recording's processing (the process kills itself at an armed failpoint), and started again on
/// the same data: the call still ends as exactly one attempt, its consented recording is sealed, and its outcome reaches
/// the systems subscribed to it, as one event.
/// </summary>
public sealed class KillTests : KillHarness
{
    [Theory]
    [InlineData(Failpoints.CallEndSaved)]
    [InlineData(Failpoints.CallEndCommitted)]
    public Task A_process_killed_at_a_step_of_a_call_end_finishes_the_call_and_its_recording_once_when_it_is_back(string failpoint) => KillAtAsync(failpoint);

    [Fact]
    public async Task A_misspelt_failpoint_is_refused_at_start_so_that_no_kill_test_passes_by_testing_nothing()
    {
        var start = Serve(new Uri($"http://127.0.0.1:{FreePort()}"), "call-end-commited");
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("'call-end-commited' is no failpoint", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_process_killed_while_a_call_is_live_finishes_that_call_once_when_it_is_back()
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        await StartAsync(address);
        using var admin = await SignInAsync(address);
        var sample = await DrawAsync(admin);
        // The simulated person answers by hand: the call stays live until the process dies under it.
        var placed = await admin.PostJsonAsync($"{sample}/1/calls", new { mode = "Ivr", simulation = new { answer = "manual" } }, 201);
        var callId = placed.GetProperty("id").GetInt64();
        await WaitAsync(async () => (await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{callId}")).GetProperty("status").GetString() is "in-progress");

        Kill();
        await StartAsync(address);
        using var again = await SignInAsync(address);
        await WaitAsync(async () => (await again.GetFromJsonAsync<JsonElement>($"/api/calls/{callId}")).GetProperty("attemptId").ValueKind == JsonValueKind.Number);

        var call = await again.GetFromJsonAsync<JsonElement>($"/api/calls/{callId}");
        Assert.Equal("completed", call.GetProperty("status").GetString());
        var person = (await again.GetFromJsonAsync<JsonElement>(sample))[0];
        Assert.Equal(call.GetProperty("attemptId").GetInt64(), Assert.Single(person.GetProperty("attemptLog").EnumerateArray()).GetProperty("id").GetInt64());
    }
}

/// <summary>The same, killed at each step of a consented recording's processing (a class of its own: run beside the others).</summary>
public sealed class RecordingKillTests : KillHarness
{
    [Theory]
    [InlineData(Failpoints.RecordingRequested)]
    [InlineData(Failpoints.RecordingReported)]
    [InlineData(Failpoints.RecordingDownloaded)]
    [InlineData(Failpoints.RecordingStored)]
    public Task A_process_killed_at_a_step_of_a_recording_finishes_the_call_and_seals_the_recording_once_when_it_is_back(string failpoint) => KillAtAsync(failpoint);
}

/// <summary>Callback as a process of its own on a test's data, started, killed (SIGKILL) and started again.</summary>
public abstract class KillHarness : IDisposable
{
    private readonly TempDirectory _data = new();

    /// <summary>The data (directory, and database on PostgreSQL) the process serves: another host may start on it too.</summary>
    protected TempDirectory Data => _data;
    private readonly WireMockServer _receiver = WireMockServer.Start();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log = new();
    private Process? _process;

    /// <summary>The processes' warnings and errors, the latest 200 lines: what a test that times out shows.</summary>
    private void Keep(string? line)
    {
        if (line is null)
            return;
        _log.Enqueue(line);
        while (_log.Count > 200)
            _log.TryDequeue(out _);
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
            return;
        Kill();
        _data.Dispose();
        _receiver.Dispose();
    }

    /// <summary>
    /// Kills the process at <paramref name="failpoint"/> during a consenting person's call (with a webhook subscriber
    /// for its outcome), starts it again, and checks: one attempt, the recording sealed and readable, one outcome event.
    /// </summary>
    protected async Task KillAtAsync(string failpoint)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        await StartAsync(address, failpoint);
        using var admin = await SignInAsync(address);
        _receiver.Given(Request.Create().WithPath("/outcomes").UsingPost()).RespondWith(Response.Create().WithStatusCode(204));
        await admin.PostJsonAsync("/api/webhooks", new { url = $"{_receiver.Url}/outcomes", kinds = new[] { "call-ended" } }, 201);
        var sample = await DrawAsync(admin);
        // The simulator's cooperative person: consents to the recording, answers every question.
        var placed = await admin.PostJsonAsync($"{sample}/1/calls", new { mode = "Ivr" }, 201);
        var callId = placed.GetProperty("id").GetInt64();

        using (var died = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
            await _process!.WaitForExitAsync(died.Token);
        Assert.Equal(128 + 9, _process.ExitCode);
        Kill();
        await StartAsync(address);
        using var again = await SignInAsync(address);
        await WaitAsync(async () => (await again.GetFromJsonAsync<JsonElement>($"/api/calls/{callId}")) is var call
            && call.GetProperty("attemptId").ValueKind == JsonValueKind.Number && call.GetProperty("recordingStatus").GetString() == "sealed");

        var ended = await again.GetFromJsonAsync<JsonElement>($"/api/calls/{callId}");
        var person = (await again.GetFromJsonAsync<JsonElement>(sample))[0];
        Assert.Equal(ended.GetProperty("attemptId").GetInt64(), Assert.Single(person.GetProperty("attemptLog").EnumerateArray()).GetProperty("id").GetInt64());
        using (var audio = await again.GetAsync(new Uri($"/api/calls/{callId}/recording", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, audio.StatusCode);
            Assert.Equal(ended.GetProperty("recordingSha256").GetString(), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await audio.Content.ReadAsByteArrayAsync())));
        }

        // The outcome pushed at least once (a try cut short by the kill is made again once its claim has run out, 30 s,
        // and the sender looks again, 15 s at most), always as the same event.
        await WaitAsync(() => Task.FromResult(OutcomesOf(callId).Count > 0), TimeSpan.FromMinutes(2));
        Assert.Single(OutcomesOf(callId).Distinct());
    }

    /// <summary>The event ids of the call-ended deliveries the receiver got for a call.</summary>
    private List<string> OutcomesOf(long callId) => [.. _receiver.LogEntries
        .Where(e => JsonDocument.Parse(e.RequestMessage.Body!).RootElement.GetProperty("data").GetProperty("call").GetInt64() == callId)
        .Select(e => e.RequestMessage.Headers![Host.Events.Webhooks.EventIdHeader].Single())];

    /// <summary>An inspection of 150100 drawn, callable at any hour of the real clock the child process runs on.</summary>
    protected static Task<string> DrawAsync(HttpClient admin) =>
        admin.DrawInspectionAsync("断电演练", new { callingHours = "00:00-23:59" }, "kill-test-seed-of-enough-length",
            DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)), DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)));

    /// <summary>Callback serving on this test's data, with <paramref name="failpoint"/> armed if given, and <paramref name="more"/> settings.</summary>
    protected ProcessStartInfo Serve(Uri address, string? failpoint = null, params string[] more)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment[Failpoints.Variable] = failpoint ?? "";
        string[] arguments =
        [
            Path.Combine(AppContext.BaseDirectory, "Callback.dll"), "serve", $"--urls={address}", .. _data.HostSettings,
            $"--Admin:Password={CallbackServer.AdminPassword}", "--Demo:Persons=600", "--Logging:LogLevel:Default=Warning", "--Auth:LoginAttemptsPerMinute=10000",
            .. more,
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    protected async Task StartAsync(Uri address, string? failpoint = null, params string[] more)
    {
        _process = Process.Start(Serve(address, failpoint, more))!;
        _process.OutputDataReceived += (_, line) => Keep(line.Data);
        _process.ErrorDataReceived += (_, line) => Keep(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = address };
        await WaitAsync(async () =>
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"Callback exited with {_process.ExitCode}");
            try
            {
                return (await probe.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        });
    }

    /// <summary>SIGKILL: nothing of the process runs after it, no disposal, no flush.</summary>
    protected void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process?.Dispose();
        _process = null;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    protected static async Task<HttpClient> SignInAsync(Uri address)
    {
        var client = new HttpClient { BaseAddress = address };
        var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = CallbackServer.AdminPassword });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    protected async Task WaitAsync(Func<Task<bool>> done, TimeSpan? within = null)
    {
        var patience = System.Diagnostics.Stopwatch.StartNew();
        while (patience.Elapsed < (within ?? TimeSpan.FromMinutes(1)))
        {
            if (await done())
                return;
            await Task.Delay(100);
        }

        throw new TimeoutException($"Callback did not get there within {within ?? TimeSpan.FromMinutes(1)}; what it logged:\n{string.Join('\n', _log)}");
    }
}
