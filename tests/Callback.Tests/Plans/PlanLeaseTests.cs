using System.Net.Http.Json;
using System.Text.Json;
using Callback.Host.Plans;
using Callback.Persistence;
using Callback.Persistence.Leases;
using Callback.Telephony;
using Callback.Telephony.Simulator;
using Callback.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Tests.Plans;

/// <summary>
/// The plans run on one instance at a time, whoever asks: two runs at once would each act on the persons they read at
/// their start (two SMS links to one person, a person rung twice back to back).
/// </summary>
public sealed class PlanLeaseTests
{
    private static readonly string[] Settings = ["--Demo:Persons=600", "--Telephony:CallsPerSecond=50"];

    /// <summary>Another instance ("machine-b") holds the plans' lease for ten minutes from now.</summary>
    private static async Task GiveLeaseAwayAsync(IServiceProvider services, TimeProvider clock)
    {
        var until = clock.GetUtcNow().AddMinutes(10).ToUnixTimeMilliseconds();
        while (true)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
            if (await db.Set<Lease>().Where(l => l.Name == PlanGate.Lease).ExecuteUpdateAsync(set => set
                    .SetProperty(l => l.Holder, "machine-b").SetProperty(l => l.ExpiresAtMs, until)) == 1)
                return;
            db.Set<Lease>().Add(new Lease { Name = PlanGate.Lease, Holder = "machine-b", ExpiresAtMs = until });
            try
            {
                await db.SaveChangesAsync();
                return;
            }
            catch (DbUpdateException)
            {
                // This instance's worker created the lease a moment ago: taken from it on the next turn.
            }
        }
    }

    [Fact]
    public async Task A_plan_started_while_another_instance_runs_the_plans_is_left_to_that_instance()
    {
        var clock = new ShanghaiMorningClock();
        await using var server = await CallbackServer.StartAsync(clock, Settings);
        var (admin, unit, persons) = await PlanRunTests.DrawAsync(server, clock);
        using var _ = admin;
        await GiveLeaseAwayAsync(server.Services, clock);

        // Started here: running, but this instance places nothing (the holder's next tick does).
        var plan = await admin.PostJsonAsync($"{unit}/plan", new { }, 200);
        Assert.Equal("running", plan.GetProperty("status").GetString());
        Assert.Equal(0, plan.GetProperty("callsPlaced").GetInt32() + plan.GetProperty("textsSent").GetInt32());
        var simulator = server.Services.GetRequiredService<SimulatorProvider>();
        Assert.Empty(simulator.Operations);
        Assert.Empty(simulator.Texts);

        // The holder died: once its lease has run out, this instance takes the plans over.
        clock.Advance(TimeSpan.FromMinutes(11));
        await PlanRunTests.RunAsync(server);
        await server.RenewAdministratorAsync(admin);
        var after = await admin.GetFromJsonAsync<JsonElement>($"{unit}/plan");
        Assert.Equal(persons.Count, after.GetProperty("callsPlaced").GetInt32() + after.GetProperty("textsSent").GetInt32());
    }

    [Fact]
    public async Task A_run_that_loses_the_lease_to_another_instance_stops_before_its_next_person()
    {
        var clock = new ShanghaiMorningClock();
        TakingOver? provider = null;
        await using var server = await CallbackServer.StartWithAsync(null, clock,
            services => services.WrapTelephonyProvider((sp, port) => provider = new TakingOver(port, () => GiveLeaseAwayAsync(sp, clock))), Settings);
        var (admin, unit, persons) = await PlanRunTests.DrawAsync(server, clock);
        using var _ = admin;
        Assert.True(persons.Count > 2);

        // The run's first call or text goes; then the lease is another instance's (this one's ran out while it was
        // busy), and the run stops there: the other instance acts on the rest.
        var plan = await admin.PostJsonAsync($"{unit}/plan", new { }, 200);
        await server.Services.GetRequiredService<SimulatorProvider>().WhenAllEndedAsync();
        Assert.Equal(1, plan.GetProperty("callsPlaced").GetInt32() + plan.GetProperty("textsSent").GetInt32());
        Assert.Equal(1, provider!.Started);
    }

    /// <summary>The host's provider; after its first call or text, another instance takes the plans' lease.</summary>
    private sealed class TakingOver(ITelephonyProvider inner, Func<Task> takeOver) : ForwardingProvider(inner)
    {
        private int _started;

        public int Started => Volatile.Read(ref _started);

        public override async Task<string> PlaceCallAsync(OutgoingCall call, CancellationToken cancellationToken)
        {
            var sid = await base.PlaceCallAsync(call, cancellationToken);
            await AfterAsync();
            return sid;
        }

        public override async Task<string> SendTextAsync(string to, string body, CancellationToken cancellationToken)
        {
            var sid = await base.SendTextAsync(to, body, cancellationToken);
            await AfterAsync();
            return sid;
        }

        private async Task AfterAsync()
        {
            if (Interlocked.Increment(ref _started) == 1)
                await takeOver();
        }
    }
}
