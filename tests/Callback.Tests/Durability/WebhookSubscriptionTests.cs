using System.Net.Http.Json;
using System.Text.Json;
using Callback.Host.Events;
using Callback.Tests.Calls;
using Callback.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Callback.Tests.Durability;

/// <summary>Outcomes pushed to another system: signed, retried with backoff, each answer logged.</summary>
public sealed class WebhookSubscriptionTests : IDisposable
{
    private readonly WireMockServer _receiver = WireMockServer.Start();

    public void Dispose() => _receiver.Dispose();

    [Fact]
    public async Task A_subscriber_receives_each_outcome_signed_and_a_failing_one_is_tried_again_until_it_answers()
    {
        var clock = new ShanghaiMorningClock();
        var (server, admin, sample) = await SimulatedCallTests.DrawnAsync(clock);
        await using var _ = server;
        using (admin)
        {
            _receiver.Given(Request.Create().WithPath("/scoring").UsingPost()).InScenario("flaky").WillSetStateTo("up")
                .RespondWith(Response.Create().WithStatusCode(503));
            _receiver.Given(Request.Create().WithPath("/scoring").UsingPost()).InScenario("flaky").WhenStateIs("up")
                .RespondWith(Response.Create().WithStatusCode(204));
            var created = await admin.PostJsonAsync("/api/webhooks", new { url = $"{_receiver.Url}/scoring", kinds = new[] { "call-ended" } }, 201);
            var subscription = created.GetProperty("id").GetInt32();
            var secret = created.GetProperty("secret").GetString()!;
            // The secret is shown once: the list never carries it.
            var listed = (await admin.GetFromJsonAsync<JsonElement>("/api/webhooks"))[0];
            Assert.Equal(JsonValueKind.Null, listed.GetProperty("secret").ValueKind);

            var call = await SimulatedCallTests.CallAsync(server, admin, sample, 1, null);
            var sender = server.Services.GetRequiredService<WebhookSender>();
            var deliveries = await WaitForAsync(admin, subscription, d => d.GetProperty("lastAttemptAt").ValueKind != JsonValueKind.Null);
            var first = Assert.Single(deliveries);
            Assert.Equal(("Pending", 503), (first.GetProperty("state").GetString(), first.GetProperty("lastStatusCode").GetInt32()));

            // Not before its backoff; then again, and delivered.
            Assert.Equal(0, await sender.SendDueAsync(CancellationToken.None));
            clock.Advance(Webhooks.Backoff(1));
            await sender.SendDueAsync(CancellationToken.None);
            var delivered = Assert.Single(await WaitForAsync(admin, subscription, d => d.GetProperty("state").GetString() == "Delivered"));
            Assert.Equal(("Delivered", 204, 2), (delivered.GetProperty("state").GetString(), delivered.GetProperty("lastStatusCode").GetInt32(), delivered.GetProperty("attempts").GetInt32()));

            // Each request: the event as the hub sends it, its id, a timestamp and the signature over both.
            var requests = _receiver.LogEntries.Select(e => e.RequestMessage).ToList();
            Assert.Equal(2, requests.Count);
            foreach (var request in requests)
            {
                var body = request.Body!;
                var timestamp = request.Headers![Webhooks.TimestampHeader].Single();
                Assert.True(Webhooks.Verify(secret, timestamp, body, request.Headers[Webhooks.SignatureHeader].Single(),
                    DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture))));
                Assert.False(Webhooks.Verify("another-secret", timestamp, body, request.Headers[Webhooks.SignatureHeader].Single(), clock.GetUtcNow()));
                var sent = JsonDocument.Parse(body).RootElement;
                Assert.Equal("call-ended", sent.GetProperty("kind").GetString());
                Assert.Equal(call.GetProperty("id").GetInt64(), sent.GetProperty("data").GetProperty("call").GetInt64());
                Assert.Equal(delivered.GetProperty("eventId").GetString(), request.Headers[Webhooks.EventIdHeader].Single());
                Assert.Equal(sent.GetProperty("id").GetString(), request.Headers[Webhooks.EventIdHeader].Single());
            }

            // Stopped: later events are not sent to it.
            await admin.DeleteAsync(new Uri($"/api/webhooks/{subscription}", UriKind.Relative));
            Assert.False((await admin.GetFromJsonAsync<JsonElement>("/api/webhooks"))[0].GetProperty("active").GetBoolean());
        }
    }

    [Fact]
    public async Task A_try_in_flight_is_not_due_for_another_sender_so_the_receiver_gets_it_once()
    {
        var clock = new ShanghaiMorningClock();
        var (server, admin, sample) = await SimulatedCallTests.DrawnAsync(clock);
        await using var _ = server;
        using (admin)
        {
            // A slow receiver: the background sender's try is claimed and stays in flight until the test lets it answer.
            using var answer = new ManualResetEventSlim();
            _receiver.Given(Request.Create().WithPath("/slow").UsingPost()).RespondWith(Response.Create().WithCallback(_ =>
            {
                answer.Wait(TimeSpan.FromSeconds(8));
                return new WireMock.ResponseMessage { StatusCode = 204 };
            }));
            var created = await admin.PostJsonAsync("/api/webhooks", new { url = $"{_receiver.Url}/slow", kinds = new[] { "call-ended" } }, 201);
            var subscription = created.GetProperty("id").GetInt32();

            await SimulatedCallTests.CallAsync(server, admin, sample, 1, null);
            var inFlight = Assert.Single(await WaitForAsync(admin, subscription, d => d.GetProperty("attempts").GetInt32() == 1));
            Assert.Equal(JsonValueKind.Null, inFlight.GetProperty("lastAttemptAt").ValueKind);

            // Another sender (a second instance, or this one's next run) meanwhile: nothing is due.
            Assert.Equal(0, await server.Services.GetRequiredService<WebhookSender>().SendDueAsync(CancellationToken.None));
            answer.Set();

            var delivered = Assert.Single(await WaitForAsync(admin, subscription, d => d.GetProperty("state").GetString() == "Delivered"));
            Assert.Equal(1, delivered.GetProperty("attempts").GetInt32());
            Assert.Single(_receiver.LogEntries);
        }
    }

    [Fact]
    public async Task A_subscription_is_refused_a_bad_address_an_unknown_kind_and_anyone_but_an_administrator()
    {
        await using var server = await CallbackServer.StartAsync();
        using var admin = await server.AdministratorAsync();
        Assert.Equal("invalid-webhook-url", (await admin.PostJsonAsync("/api/webhooks", new { url = "ftp://example.invalid/x" }, 400)).Code());
        Assert.Equal("invalid-webhook-url", (await admin.PostJsonAsync("/api/webhooks", new { url = "https://user:pw@example.invalid/x" }, 400)).Code());
        Assert.Equal("invalid-webhook-url", (await admin.PostJsonAsync("/api/webhooks", new { url = "/relative" }, 400)).Code());
        var unknown = await admin.PostJsonAsync("/api/webhooks", new { url = "https://example.invalid/x", kinds = new[] { "call-ended", "gossip" } }, 400);
        Assert.Equal("unknown-event-kind", unknown.Code());
        Assert.Contains("gossip", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("inspection-not-found", (await admin.PostJsonAsync("/api/webhooks", new { url = "https://example.invalid/x", inspectionId = 999 }, 404)).Code());
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement[]>("/api/webhooks"))!);

        using var supervisor = await server.UserAsync("supervisor");
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await supervisor.PostAsJsonAsync("/api/webhooks", new { url = "https://example.invalid/x" })).StatusCode);
    }

    [Fact]
    public void The_signature_covers_the_body_and_the_timestamp_and_a_stale_one_is_refused()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var signature = Webhooks.Sign("s3cret", now.ToUnixTimeSeconds(), "{\"kind\":\"call-ended\"}");

        Assert.StartsWith("v1=", signature, StringComparison.Ordinal);
        Assert.Equal(67, signature.Length);
        Assert.True(Webhooks.Verify("s3cret", "1800000000", "{\"kind\":\"call-ended\"}", signature, now.AddMinutes(4)));
        Assert.False(Webhooks.Verify("s3cret", "1800000000", "{\"kind\":\"call-ended\"}", signature, now.AddMinutes(6)));
        Assert.False(Webhooks.Verify("s3cret", "1800000000", "{\"kind\":\"call-ended\"}", signature, now.AddMinutes(-6)));
        Assert.False(Webhooks.Verify("s3cret", "1800000001", "{\"kind\":\"call-ended\"}", signature, now));
        Assert.False(Webhooks.Verify("s3cret", "1800000000", "{\"kind\":\"call-ended \"}", signature, now));
        Assert.False(Webhooks.Verify("s3cret", "soon", "{}", signature, now));
        Assert.False(Webhooks.Verify("s3cret", "1800000000", "{}", null, now));
        Assert.Equal([30, 60, 120, 240], new[] { 1, 2, 3, 4 }.Select(a => Webhooks.Backoff(a).TotalSeconds));
        Assert.Equal(TimeSpan.FromHours(6), Webhooks.Backoff(20));
    }

    private static async Task<JsonElement[]> WaitForAsync(HttpClient admin, int subscription, Func<JsonElement, bool> done)
    {
        for (var i = 0; i < 200; i++)
        {
            var deliveries = await admin.GetFromJsonAsync<JsonElement[]>($"/api/webhooks/{subscription}/deliveries") ?? [];
            if (deliveries.Length > 0 && deliveries.All(done))
                return deliveries;
            await Task.Delay(50);
        }

        throw new TimeoutException("no delivery was tried");
    }
}
