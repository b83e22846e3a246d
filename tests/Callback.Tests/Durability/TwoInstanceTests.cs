using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Callback.Host.Calls;
using Callback.Host.Events;
using Callback.Host.Web.Live;
using Callback.Persistence;
using Callback.Telephony.Simulator;
using Callback.Tests.Calls;
using Callback.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Tests.Durability;

/// <summary>
/// Two instances of Callback on one PostgreSQL database and one Redis, behind a load balancer that sends each of the
/// simulator's webhooks to the other instance in turn (as Twilio's would land behind one): every call ends as one
/// attempt, a hub client and a console on each instance hear every event once, and a call left live by an instance
/// that went down (stopped here; <see cref="TwoInstanceKillTests"/> kills a process) is finished by the other.
/// </summary>
[Trait(TestDatabase.Trait, "postgres-only")]
public sealed class TwoInstanceTests
{
    public const string RedisVariable = "CALLBACK_TEST_REDIS";

    [Fact]
    public async Task Calls_on_two_instances_with_webhooks_alternating_end_once_and_every_client_on_each_hears_every_event()
    {
        var redis = Environment.GetEnvironmentVariable(RedisVariable);
        Assert.True(TestDatabase.IsPostgres && !string.IsNullOrEmpty(redis), $"{TestDatabase.Variable} and {RedisVariable} must name a PostgreSQL and a Redis server");
        using var directory = new TempDirectory();
        await using var balancer = await Balancer.StartAsync();
        var clock = new ShanghaiMorningClock();
        var prefix = $"callback-test-{Guid.NewGuid():N}";
        var signingKey = Guid.NewGuid().ToString("N");
        string[] Settings(string name) =>
        [
            $"--Redis:Configuration={redis}", $"--Instance:Name={name}",
            $"--Telephony:Simulator:PublicBaseUrl={balancer.Address}", $"--Telephony:Simulator:SigningKey={signingKey}",
            "--Demo:Persons=600", "--Telephony:CallsPerSecond=50",
        ];
        await using var a = await CallbackServer.StartOnAsync(directory, clock, [.. Settings("a"), $"--Redis:ChannelPrefix={prefix}"]);
        await using var b = await CallbackServer.StartOnAsync(directory, clock, [.. Settings("b"), $"--Redis:ChannelPrefix={prefix}"]);
        balancer.Targets = [a.BaseAddress, b.BaseAddress];
        using var adminA = await a.AdministratorAsync();
        using var adminB = await b.AdministratorAsync();
        var inspection = (await adminA.PostJsonAsync("/api/inspections", new
        {
            kind = "MutualCheck", title = "两个实例", startsOn = "2026-01-01", endsOn = "2027-12-31", unitCodes = new[] { "150100" },
            policy = new { maxAttemptsPerDay = 10 },
        }, 201)).GetProperty("id").GetInt32();
        await adminA.PutJsonAsync($"/api/inspections/{inspection}/commitment", new { commitment = Callback.Domain.Sampling.SampleDraw.Commitment(SimulatedCallTests.Seed) }, 204);
        await adminB.PostJsonAsync($"/api/inspections/{inspection}/draws", new { unit = "150100", seed = SimulatedCallTests.Seed }, 201);
        var sample = $"/api/inspections/{inspection}/units/150100/sample";

        // A hub client and a console on each instance, listening from here on.
        long before;
        await using (var scope = a.Services.CreateAsyncScope())
            before = await scope.ServiceProvider.GetRequiredService<CallbackDbContext>().OutboxEvents.MaxAsync(e => (long?)e.Id) ?? 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var hubA = await Listener.HubAsync(a, await a.UserAsync("supervisor"), inspection, timeout.Token);
        var hubB = await Listener.HubAsync(b, await b.UserAsync("supervisor"), inspection, timeout.Token);
        var consoleA = Listener.Console(a, inspection);
        var consoleB = Listener.Console(b, inspection);

        // Six persons rung, placed on each instance in turn; the person declines the recording (a recording is the
        // provider's, and each instance's simulator is its own: a shared Twilio has no such split).
        var calls = new List<long>();
        for (var position = 1; position <= 6; position++)
        {
            var (server, admin) = position % 2 == 1 ? (a, adminA) : (b, adminB);
            var placed = await admin.PostJsonAsync($"{sample}/{position}/calls", new { mode = "Ivr", simulation = SimulatedCallTests.Person(consent: "2") }, 201);
            calls.Add(placed.GetProperty("id").GetInt64());
            await server.Services.GetRequiredService<SimulatorProvider>().WhenEndedAsync(placed.GetProperty("providerCallSid").GetString()!);
        }

        // Every call is one attempt, seen alike from both instances.
        foreach (var call in calls)
        {
            var fromA = await adminA.GetFromJsonAsync<JsonElement>($"/api/calls/{call}");
            var fromB = await adminB.GetFromJsonAsync<JsonElement>($"/api/calls/{call}");
            Assert.True(fromA.GetProperty("disposition").GetString() == "completed", $"{fromA}; balancer answers: {string.Join(", ", balancer.Answers)}");
            Assert.Equal(fromA.GetProperty("attemptId").GetInt64(), fromB.GetProperty("attemptId").GetInt64());
        }

        List<Guid> expected;
        await using (var scope = b.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
            Assert.Equal(calls.Count, await db.CallAttempts.CountAsync(t => t.CallId != null && calls.Contains(t.CallId.Value)));
            Assert.All(calls, call => Assert.Single(db.CallAttempts.Where(t => t.CallId == call)));
            for (var i = 0; i < 200 && await db.OutboxEvents.AnyAsync(e => e.Id > before && e.PublishedAt == null); i++)
                await Task.Delay(50);
            expected = await db.OutboxEvents.Where(e => e.Id > before && e.InspectionId == inspection).OrderBy(e => e.Id).Select(e => e.EventId).ToListAsync();
        }

        Assert.True(balancer.Hits.All(h => h.Value > 5), $"the balancer sent webhooks to both: {string.Join(", ", balancer.Hits)}");
        Assert.Equal(expected.Count, expected.Distinct().Count());
        Assert.True(expected.Count >= calls.Count * 2, $"each call placed and ended: {expected.Count} events");
        foreach (var listener in new[] { hubA, hubB, consoleA, consoleB })
        {
            await listener.WaitForAsync(expected, timeout.Token);
            Assert.Equal(expected.Order(), listener.Heard.Order());
        }

        // A goes down with a person on its line; B, reconciling as it does every few minutes (and at each start),
        // asks the provider and finishes that call as exactly one attempt.
        var live = await adminA.PostJsonAsync($"{sample}/7/calls", new { mode = "Ivr", simulation = new { answer = "manual" } }, 201);
        var liveId = live.GetProperty("id").GetInt64();
        for (var i = 0; i < 200 && (await adminB.GetFromJsonAsync<JsonElement>($"/api/calls/{liveId}")).GetProperty("status").GetString() != "in-progress"; i++)
            await Task.Delay(25);
        await a.DisposeAsync();
        balancer.Targets = [b.BaseAddress];
        Assert.Equal(1, await b.Services.GetRequiredService<CallReconciler>().ReconcileAsync(CancellationToken.None, atStart: true));
        Assert.Equal(0, await b.Services.GetRequiredService<CallReconciler>().ReconcileAsync(CancellationToken.None, atStart: true));
        var ended = await adminB.GetFromJsonAsync<JsonElement>($"/api/calls/{liveId}");
        Assert.Equal(JsonValueKind.Number, ended.GetProperty("attemptId").ValueKind);
        await using (var scope = b.Services.CreateAsyncScope())
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<CallbackDbContext>().CallAttempts.CountAsync(t => t.CallId == liveId));
    }

    /// <summary>A round-robin HTTP forwarder: the load balancer in front of the instances.</summary>
    private sealed class Balancer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly HttpClient _http = new();
        private int _next;

        private Balancer(WebApplication app) => _app = app;

        public IReadOnlyList<Uri> Targets { get; set; } = [];

        public ConcurrentDictionary<Uri, int> Hits { get; } = new();

        /// <summary>Each answer that was not 2xx: status, path.</summary>
        public ConcurrentQueue<string> Answers { get; } = new();

        public Uri Address => new(_app.Urls.First());

        public static async Task<Balancer> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var balancer = new Balancer(app);
            app.Run(balancer.ForwardAsync);
            await app.StartAsync();
            return balancer;
        }

        private async Task ForwardAsync(HttpContext context)
        {
            var target = Targets[Interlocked.Increment(ref _next) % Targets.Count];
            Hits.AddOrUpdate(target, 1, (_, n) => n + 1);
            using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(target, context.Request.Path + context.Request.QueryString));
            if (context.Request.ContentLength is > 0 || context.Request.ContentType is not null)
            {
                var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                request.Content = new ByteArrayContent(body.ToArray());
                request.Content.Headers.TryAddWithoutValidation("Content-Type", context.Request.ContentType);
            }

            foreach (var header in context.Request.Headers.Where(h => h.Key.StartsWith("X-", StringComparison.OrdinalIgnoreCase)))
                request.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
            using var response = await _http.SendAsync(request);
            context.Response.StatusCode = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
                Answers.Enqueue($"{(int)response.StatusCode} {context.Request.Path}{context.Request.QueryString}");
            if (response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotModified)
                return;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            await response.Content.CopyToAsync(context.Response.Body);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.DisposeAsync();
            _http.Dispose();
        }
    }

    /// <summary>What one client heard: the event ids, in order, repeats kept (to be counted).</summary>
    private sealed class Listener
    {
        private readonly List<Guid> _heard = [];

        public List<Guid> Heard
        {
            get
            {
                lock (_heard)
                    return [.. _heard];
            }
        }

        public static Listener Console(CallbackServer server, int inspection)
        {
            var listener = new Listener();
            // Kept for the test's length: the feed holds the subscription until disposed.
            _ = server.Services.GetRequiredService<ConsoleFeed>().Subscribe(inspection, ["150100"], e =>
            {
                listener.Add(e.Id);
                return Task.CompletedTask;
            });
            return listener;
        }

        public static async Task<Listener> HubAsync(CallbackServer server, HttpClient user, int inspection, CancellationToken ct)
        {
            var listener = new Listener();
            var socket = await HubSocket.ConnectAsync(server, user, ct);
            await HubSocket.SendAsync(socket, $$"""{"type":1,"invocationId":"1","target":"Subscribe","arguments":[{{inspection}}]}""", ct);
            await HubSocket.ReceiveAsync(socket, ct);
            _ = Task.Run(async () =>
            {
                try
                {
                    while (socket.State == WebSocketState.Open)
                    {
                        var message = JsonDocument.Parse(await HubSocket.ReceiveAsync(socket, ct)).RootElement;
                        if (message.GetProperty("type").GetInt32() == 1 && message.GetProperty("target").GetString() == "InspectionChanged")
                            listener.Add(message.GetProperty("arguments")[0].GetProperty("id").GetGuid());
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or WebSocketException or JsonException)
                {
                    // The test is over (or failed on its own terms).
                }
            }, ct);
            return listener;
        }

        public async Task WaitForAsync(IReadOnlyCollection<Guid> expected, CancellationToken ct)
        {
            while (!expected.All(Heard.Contains))
                await Task.Delay(50, ct);
            await Task.Delay(200, ct); // a late repeat would show
        }

        private void Add(Guid id)
        {
            lock (_heard)
                _heard.Add(id);
        }
    }
}
