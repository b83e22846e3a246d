using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Callback.Tests.Support;

namespace Callback.Tests.Inspections;

/// <summary>Hub subscriptions follow the API's rule: an inspector hears only the inspections and units assigned to them.</summary>
public sealed class HubAccessTests
{
    private const char RecordSeparator = '\u001e';

    [Fact]
    public async Task An_inspector_may_subscribe_only_to_an_inspection_they_are_part_of_and_hears_only_their_units()
    {
        await using var server = await CallbackServer.StartAsync(new ShanghaiMorningClock(), "--Demo:Persons=600");
        using var admin = await server.AdministratorAsync();
        var id = (await admin.PostJsonAsync("/api/inspections", new
        {
            kind = "SelfCheck", title = "自查", startsOn = "2026-01-01", endsOn = "2027-12-31", unitCodes = new[] { "150100", "150200" },
        }, 201)).GetProperty("id").GetInt32();
        using var stranger = await server.UserAsync("inspector", "stranger", homeUnitCode: "150300");
        using var baotou = await server.UserAsync("inspector", "baotou-only", homeUnitCode: "150300");
        await admin.PostJsonAsync($"/api/inspections/{id}/inspectors", new { userName = "baotou-only", unitCode = "150200" }, 201);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var subscribe = "{\"type\":1,\"invocationId\":\"1\",\"target\":\"Subscribe\",\"arguments\":[" + id + "]}";

        using var strangerSocket = await ConnectAsync(server, stranger, timeout.Token);
        await SendAsync(strangerSocket, subscribe, timeout.Token);
        var refused = JsonDocument.Parse(await ReceiveAsync(strangerSocket, timeout.Token)).RootElement;
        Assert.Contains("not-assigned", refused.GetProperty("error").GetString(), StringComparison.Ordinal);

        using var socket = await ConnectAsync(server, baotou, timeout.Token);
        await SendAsync(socket, subscribe, timeout.Token);
        Assert.False(JsonDocument.Parse(await ReceiveAsync(socket, timeout.Token)).RootElement.TryGetProperty("error", out _));

        // Hohhot is drawn first, then Baotou: the Baotou inspector hears only Baotou's draw.
        await admin.PostJsonAsync($"/api/inspections/{id}/draws", new { unit = "150100", seed = "self-check-seed-2026" }, 201);
        await admin.PostJsonAsync($"/api/inspections/{id}/draws", new { unit = "150200", seed = "self-check-seed-2026" }, 201);
        JsonElement change;
        do
        {
            change = JsonDocument.Parse(await ReceiveAsync(socket, timeout.Token)).RootElement;
        }
        while (change.GetProperty("type").GetInt32() != 1);
        Assert.Equal("150200", change.GetProperty("arguments")[0].GetProperty("unitCode").GetString());
    }

    private static async Task<ClientWebSocket> ConnectAsync(CallbackServer server, HttpClient client, CancellationToken ct)
    {
        var socket = new ClientWebSocket();
        var token = client.DefaultRequestHeaders.Authorization!.Parameter!;
        await socket.ConnectAsync(new UriBuilder(server.BaseAddress) { Scheme = "ws", Path = "/hubs/inspections", Query = $"access_token={token}" }.Uri, ct);
        await SendAsync(socket, "{\"protocol\":\"json\",\"version\":1}", ct);
        await ReceiveAsync(socket, ct);
        return socket;
    }

    private static Task SendAsync(ClientWebSocket socket, string message, CancellationToken ct) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message + RecordSeparator), WebSocketMessageType.Text, true, ct);

    private static async Task<string> ReceiveAsync(ClientWebSocket socket, CancellationToken ct)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            var result = await socket.ReceiveAsync(one, ct);
            if (result.Count == 0)
                continue;
            if (one[0] == (byte)RecordSeparator)
                return Encoding.UTF8.GetString([.. bytes]);
            bytes.Add(one[0]);
        }
    }
}
