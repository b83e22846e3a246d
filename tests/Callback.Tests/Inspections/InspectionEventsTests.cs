using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Callback.Tests.Support;

namespace Callback.Tests.Inspections;

/// <summary>Changes are pushed over the SignalR hub to the subscribers of an inspection (JSON protocol over a raw WebSocket).</summary>
public sealed class InspectionEventsTests
{
    [Fact]
    public async Task A_subscriber_is_told_when_a_draw_is_sealed()
    {
        await using var server = await CallbackServer.StartAsync();
        using var admin = await server.AdministratorAsync();
        var created = await admin.PostJsonAsync("/api/inspections", new
        {
            kind = "SpotCheck", title = "抽查", startsOn = "2026-11-01", endsOn = "2026-12-31", unitCodes = new[] { "150100" },
        }, 201);
        var id = created.GetProperty("id").GetInt32();
        var token = admin.DefaultRequestHeaders.Authorization!.Parameter!;

        using var socket = new ClientWebSocket();
        var hub = new UriBuilder(server.BaseAddress) { Scheme = "ws", Path = "/hubs/inspections", Query = $"access_token={token}" }.Uri;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await socket.ConnectAsync(hub, timeout.Token);
        await HubSocket.SendAsync(socket, """{"protocol":"json","version":1}""", timeout.Token);
        Assert.Equal("{}", await HubSocket.ReceiveAsync(socket, timeout.Token));
        await HubSocket.SendAsync(socket, $$"""{"type":1,"invocationId":"1","target":"Subscribe","arguments":[{{id}}]}""", timeout.Token);
        var completion = JsonDocument.Parse(await HubSocket.ReceiveAsync(socket, timeout.Token)).RootElement;
        Assert.Equal(3, completion.GetProperty("type").GetInt32());

        await admin.PutJsonAsync($"/api/inspections/{id}/commitment", new { commitment = Callback.Domain.Sampling.SampleDraw.Commitment("spot-check-2026-events") }, 204);
        await admin.PostJsonAsync($"/api/inspections/{id}/draws", new { unit = "150100", seed = "spot-check-2026-events", kind = "Counties", counties = 1 }, 201);

        JsonElement change;
        do
        {
            change = JsonDocument.Parse(await HubSocket.ReceiveAsync(socket, timeout.Token)).RootElement;
        }
        while (change.GetProperty("type").GetInt32() != 1);
        Assert.Equal("InspectionChanged", change.GetProperty("target").GetString());
        var payload = change.GetProperty("arguments")[0];
        Assert.Equal("draw-sealed", payload.GetProperty("kind").GetString());
        Assert.Equal(id, payload.GetProperty("inspectionId").GetInt32());
        Assert.Equal("150100", payload.GetProperty("unitCode").GetString());
    }

    [Fact]
    public async Task An_administrator_follows_an_uploads_import_to_its_end()
    {
        await using var server = await CallbackServer.StartAsync("--Demo:SeedOnFirstStart=false");
        using var admin = await server.AdministratorAsync();
        var token = admin.DefaultRequestHeaders.Authorization!.Parameter!;
        using var socket = new ClientWebSocket();
        var hub = new UriBuilder(server.BaseAddress) { Scheme = "ws", Path = "/hubs/inspections", Query = $"access_token={token}" }.Uri;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(hub, timeout.Token);
        await HubSocket.SendAsync(socket, """{"protocol":"json","version":1}""", timeout.Token);
        Assert.Equal("{}", await HubSocket.ReceiveAsync(socket, timeout.Token));
        await HubSocket.SendAsync(socket, """{"type":1,"invocationId":"1","target":"SubscribeImports","arguments":[]}""", timeout.Token);
        var completion = JsonDocument.Parse(await HubSocket.ReceiveAsync(socket, timeout.Token)).RootElement;
        Assert.False(completion.TryGetProperty("error", out _));

        using var body = new ByteArrayContent(await File.ReadAllBytesAsync(Fixtures.PathOf("registry-sample.csv")));
        (await admin.PostAsync(new Uri("/api/registry/imports?fileName=sample.csv", UriKind.Relative), body)).EnsureSuccessStatusCode();

        var states = new List<string>();
        while (!states.Contains("succeeded"))
        {
            var message = JsonDocument.Parse(await HubSocket.ReceiveAsync(socket, timeout.Token)).RootElement;
            if (message.GetProperty("type").GetInt32() == 1 && message.GetProperty("target").GetString() == "ImportChanged")
                states.Add(message.GetProperty("arguments")[0].GetProperty("state").GetString()!);
        }

        Assert.Equal("running", states[0]);
        Assert.Equal("succeeded", states[^1]);
    }

    [Fact]
    public async Task Only_administrators_may_follow_imports()
    {
        await using var server = await CallbackServer.StartAsync();
        using var inspector = await server.UserAsync("inspector");
        var token = inspector.DefaultRequestHeaders.Authorization!.Parameter!;
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await socket.ConnectAsync(new UriBuilder(server.BaseAddress) { Scheme = "ws", Path = "/hubs/inspections", Query = $"access_token={token}" }.Uri, timeout.Token);
        await HubSocket.SendAsync(socket, """{"protocol":"json","version":1}""", timeout.Token);
        await HubSocket.ReceiveAsync(socket, timeout.Token);
        await HubSocket.SendAsync(socket, """{"type":1,"invocationId":"1","target":"SubscribeImports","arguments":[]}""", timeout.Token);

        var completion = JsonDocument.Parse(await HubSocket.ReceiveAsync(socket, timeout.Token)).RootElement;

        Assert.Contains("not-allowed", completion.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hub_refuses_a_connection_without_a_signed_in_user()
    {
        await using var server = await CallbackServer.StartAsync();
        using var client = server.Anonymous();

        var response = await client.PostAsync(new Uri("/hubs/inspections/negotiate?negotiateVersion=1", UriKind.Relative), null);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
