using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Callback.Tests.Calls;
using Callback.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Callback.Tests.Durability;

/// <summary>
/// Redis down (nothing listens where it is configured): Callback starts anyway, says so in its health, and the calls'
/// outcomes still reach the systems subscribed to them — the live push to other instances is what is lost, not the
/// outbox.
/// </summary>
public sealed class RedisOutageTests : IDisposable
{
    private readonly WireMockServer _receiver = WireMockServer.Start();

    public void Dispose() => _receiver.Dispose();

    [Fact]
    public async Task With_redis_down_callback_starts_reports_it_unhealthy_and_still_delivers_each_outcome()
    {
        var server = await CallbackServer.StartAsync(new ShanghaiMorningClock(), "--Demo:Persons=600", "--Telephony:CallsPerSecond=50",
            $"--Redis:Configuration=127.0.0.1:{ClosedPort()},connectTimeout=500,connectRetry=1", "--Redis:ChannelPrefix=outage-test");
        await using var _ = server;
        using var anonymous = server.Anonymous();
        using var health = await anonymous.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("Unhealthy", await health.Content.ReadAsStringAsync());

        using var admin = await server.AdministratorAsync();
        _receiver.Given(Request.Create().WithPath("/outcomes").UsingPost()).RespondWith(Response.Create().WithStatusCode(204));
        await admin.PostJsonAsync("/api/webhooks", new { url = $"{_receiver.Url}/outcomes", kinds = new[] { "call-ended" } }, 201);
        var sample = await CallEndDurabilityTests.DrawAsync(admin);

        var first = await SimulatedCallTests.CallAsync(server, admin, sample, 1, null);
        var second = await SimulatedCallTests.CallAsync(server, admin, sample, 2, null);

        foreach (var call in new[] { first, second })
        {
            var callId = call.GetProperty("id").GetInt64();
            Assert.Equal(JsonValueKind.Number, call.GetProperty("attemptId").ValueKind);
            await WaitAsync(() => _receiver.LogEntries.Any(e => JsonDocument.Parse(e.RequestMessage.Body!).RootElement.GetProperty("data").GetProperty("call").GetInt64() == callId));
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitAsync(Func<bool> done)
    {
        for (var i = 0; i < 600; i++)
        {
            if (done())
                return;
            await Task.Delay(100);
        }

        throw new TimeoutException("the outcome was not delivered within a minute");
    }
}
