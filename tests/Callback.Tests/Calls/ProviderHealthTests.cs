using Callback.Telephony.Resilience;
using Microsoft.Extensions.Time.Testing;

namespace Callback.Tests.Calls;

/// <summary>The dashboard's "provider failing" alert follows the resilience pipeline's circuit, both ways.</summary>
public sealed class ProviderHealthTests
{
    [Fact]
    public async Task The_provider_is_failing_from_the_moment_the_circuit_opens_until_it_closes_again()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));
        var health = new ProviderHealth(clock);
        var changes = 0;
        health.Changed += () => Interlocked.Increment(ref changes);
        var pipeline = TelephonyPipeline.Create(clock, retries: 1, firstDelay: TimeSpan.Zero, health: health, circuit: health.Placing);
        Assert.False(health.Failing);

        // Eight transient failures in the sampling window (the breaker's minimum throughput) open it.
        for (var i = 0; i < 4; i++) // two tries each
            await Assert.ThrowsAnyAsync<Exception>(async () => await pipeline.ExecuteAsync(_ => throw new HttpRequestException("down")));

        Assert.True(health.Failing);
        Assert.Equal(clock.GetUtcNow(), health.FailingSince);
        Assert.Equal(1, changes);

        // After the break a call gets through: the circuit closes and the alert goes.
        clock.Advance(TimeSpan.FromSeconds(16));
        await pipeline.ExecuteAsync(_ => ValueTask.CompletedTask);
        Assert.False(health.Failing);
        Assert.Null(health.FailingSince);
        Assert.Equal(2, changes);
    }

    [Fact]
    public async Task Client_errors_do_not_make_the_provider_look_failing()
    {
        var clock = new FakeTimeProvider();
        var health = new ProviderHealth(clock);
        var pipeline = TelephonyPipeline.Create(clock, retries: 1, firstDelay: TimeSpan.Zero, health: health, circuit: health.Controlling);

        for (var i = 0; i < 12; i++) // never retried: one try each
            await Assert.ThrowsAsync<Twilio.Exceptions.ApiException>(async () => await pipeline.ExecuteAsync(_ => throw new Twilio.Exceptions.ApiException(21211, 400, "Invalid To number", null, null, null)));

        Assert.False(health.Failing);
        Assert.Null(health.FailingSince);
    }
}
