using Callback.Host.Common;
using Callback.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Callback.Tests.Durability;

/// <summary>Scheduled work on one instance at a time: a lease in the database, renewed by its holder, taken over once expired.</summary>
public sealed class LeaseTests
{
    [Fact]
    public async Task One_instance_holds_a_lease_until_it_stops_renewing_then_another_takes_it()
    {
        await using var server = await CallbackServer.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddYears(1));
        var scopes = server.Services.GetRequiredService<IServiceScopeFactory>();
        // Two instances on one database.
        var first = new LeaseKeeper(scopes, clock, "machine-a");
        var second = new LeaseKeeper(scopes, clock, "machine-b");
        Assert.NotEqual(first.Holder, second.Holder);

        Assert.True(await first.HoldAsync("test-work", TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.False(await second.HoldAsync("test-work", TimeSpan.FromMinutes(1), CancellationToken.None));
        // Its holder renews it; another kind of work is a lease of its own.
        clock.Advance(TimeSpan.FromSeconds(50));
        Assert.True(await first.HoldAsync("test-work", TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.True(await second.HoldAsync("other-work", TimeSpan.FromMinutes(1), CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(50));
        Assert.False(await second.HoldAsync("test-work", TimeSpan.FromMinutes(1), CancellationToken.None));

        // The holder died: once its lease has run out, the other instance takes the work over, and keeps it.
        clock.Advance(TimeSpan.FromSeconds(11));
        Assert.True(await second.HoldAsync("test-work", TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.False(await first.HoldAsync("test-work", TimeSpan.FromMinutes(1), CancellationToken.None));

        // The same instance started again (same name) takes its own lease back at once.
        Assert.True(await new LeaseKeeper(scopes, clock, "machine-b").HoldAsync("test-work", TimeSpan.FromMinutes(1), CancellationToken.None));
    }

    [Fact]
    public async Task Instances_racing_for_a_new_lease_leave_exactly_one_holder()
    {
        await using var server = await CallbackServer.StartAsync();
        var scopes = server.Services.GetRequiredService<IServiceScopeFactory>();
        var keepers = Enumerable.Range(0, 8).Select(i => new LeaseKeeper(scopes, TimeProvider.System, $"machine-{i}")).ToList();

        var held = await Task.WhenAll(keepers.Select(k => Task.Run(() => k.HoldAsync("raced-work", TimeSpan.FromMinutes(5), CancellationToken.None))));

        Assert.Equal(1, held.Count(h => h));
    }
}
