using System.Net.WebSockets;
using System.Text.Json;
using Callback.Telephony.Simulator;
using Callback.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Tests.Plans;

/// <summary>A supervisor watching the hub sees a plan start, place its calls, and pause, without asking.</summary>
public sealed class PlanEventsTests
{
    [Fact]
    public async Task The_hub_tells_subscribers_when_a_plan_starts_runs_and_pauses()
    {
        var clock = new ShanghaiMorningClock();
        await using var server = await CallbackServer.StartAsync(clock, "--Demo:Persons=600", "--Telephony:CallsPerSecond=50");
        var (admin, unit, _) = await PlanRunTests.DrawAsync(server, clock);
        using var _ = admin;
        var id = int.Parse(unit.Split('/')[3], System.Globalization.CultureInfo.InvariantCulture);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var socket = await HubSocket.ConnectAsync(server, admin, timeout.Token);
        await HubSocket.SendAsync(socket, $$"""{"type":1,"invocationId":"1","target":"Subscribe","arguments":[{{id}}]}""", timeout.Token);
        Assert.Equal(3, JsonDocument.Parse(await HubSocket.ReceiveAsync(socket, timeout.Token)).RootElement.GetProperty("type").GetInt32());

        await admin.PostJsonAsync($"{unit}/plan", new { }, 200);
        await server.Services.GetRequiredService<SimulatorProvider>().WhenAllEndedAsync();
        await admin.PostJsonAsync($"{unit}/plan/pause", new { }, 200);

        var plans = new List<JsonElement>();
        while (plans.Count < 3)
        {
            var message = JsonDocument.Parse(await HubSocket.ReceiveAsync(socket, timeout.Token)).RootElement;
            if (message.GetProperty("type").GetInt32() == 1 && message.GetProperty("arguments")[0] is var change && change.GetProperty("kind").GetString() == "plan-changed")
                plans.Add(change.Clone());
        }

        // Started (nothing placed yet), the run's calls and texts, then paused.
        Assert.Equal(["running", "running", "paused"], plans.Select(p => p.GetProperty("data").GetProperty("status").GetString()));
        Assert.Equal(0, plans[0].GetProperty("data").GetProperty("callsPlaced").GetInt32());
        Assert.True(plans[1].GetProperty("data").GetProperty("callsPlaced").GetInt32() + plans[1].GetProperty("data").GetProperty("textsSent").GetInt32() == 10);
        Assert.Equal("150100", plans[2].GetProperty("unitCode").GetString());
    }
}
