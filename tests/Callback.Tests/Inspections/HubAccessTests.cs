using System.Text.Json;
using Callback.Tests.Support;

namespace Callback.Tests.Inspections;

/// <summary>Hub subscriptions follow the API's rule: an inspector hears only the inspections and units assigned to them.</summary>
public sealed class HubAccessTests
{
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

        using var strangerSocket = await HubSocket.ConnectAsync(server, stranger, timeout.Token);
        await HubSocket.SendAsync(strangerSocket, subscribe, timeout.Token);
        var refused = JsonDocument.Parse(await HubSocket.ReceiveAsync(strangerSocket, timeout.Token)).RootElement;
        Assert.Contains("not-assigned", refused.GetProperty("error").GetString(), StringComparison.Ordinal);

        using var socket = await HubSocket.ConnectAsync(server, baotou, timeout.Token);
        await HubSocket.SendAsync(socket, subscribe, timeout.Token);
        Assert.False(JsonDocument.Parse(await HubSocket.ReceiveAsync(socket, timeout.Token)).RootElement.TryGetProperty("error", out _));

        // Hohhot is drawn first, then Baotou: the Baotou inspector hears only Baotou's draw.
        await admin.PostJsonAsync($"/api/inspections/{id}/draws", new { unit = "150100", seed = "self-check-seed-2026" }, 201);
        await admin.PostJsonAsync($"/api/inspections/{id}/draws", new { unit = "150200", seed = "self-check-seed-2026" }, 201);
        JsonElement change;
        do
        {
            change = JsonDocument.Parse(await HubSocket.ReceiveAsync(socket, timeout.Token)).RootElement;
        }
        while (change.GetProperty("type").GetInt32() != 1);
        Assert.Equal("150200", change.GetProperty("arguments")[0].GetProperty("unitCode").GetString());
    }
}
