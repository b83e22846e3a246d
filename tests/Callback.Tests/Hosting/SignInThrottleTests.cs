using Callback.Host.Auth;
using Callback.Host.Configuration;
using Callback.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Callback.Tests.Hosting;

/// <summary>
/// The sign-in limit holds in any sixty seconds, not per clock minute: counted per minute alone, a guesser got twice
/// the tries around a minute's turn (three at 02:00:55, three more at 02:01:05).
/// </summary>
public sealed class SignInThrottleTests
{
    private static SignInThrottle Throttle(TimeProvider clock, string? redis = null, string prefix = "callback")
    {
        var services = new ServiceCollection();
        if (redis is not null)
            services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis));
        return new SignInThrottle(Options.Create(new SignInOptions { LoginAttemptsPerMinute = 3 }),
            Options.Create(new RedisOptions { Configuration = redis ?? "", ChannelPrefix = prefix }),
            services.BuildServiceProvider(), clock, NullLogger<SignInThrottle>.Instance);
    }

    private static async Task AssertSlidesAsync(SignInThrottle throttle, FakeTimeProvider clock)
    {
        // 02:00:55: three tries, then refused.
        for (var i = 0; i < 3; i++)
            Assert.True(await throttle.TryAttemptAsync("10.1.0.7"));
        Assert.False(await throttle.TryAttemptAsync("10.1.0.7"));

        // 02:01:05: a new clock minute, but the last sixty seconds still hold those attempts. Another address is its own.
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.False(await throttle.TryAttemptAsync("10.1.0.7"));
        Assert.True(await throttle.TryAttemptAsync("10.1.0.8"));

        // 02:02:10: a minute without guessing, and the address may try again.
        clock.Advance(TimeSpan.FromSeconds(65));
        Assert.True(await throttle.TryAttemptAsync("10.1.0.7"));
    }

    [Fact]
    public async Task Counted_here_the_limit_holds_in_any_sixty_seconds_and_frees_as_they_pass()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 2, 0, 55, TimeSpan.Zero));
        await AssertSlidesAsync(Throttle(clock), clock);
    }

    [Fact]
    [Trait(TestDatabase.Trait, "postgres-only")] // needs Redis: run once, in the pass with the other several-instance tests
    public async Task Counted_in_Redis_the_limit_holds_in_any_sixty_seconds_and_frees_as_they_pass()
    {
        var redis = Environment.GetEnvironmentVariable(Durability.TwoInstanceTests.RedisVariable);
        Assert.False(string.IsNullOrEmpty(redis), $"{Durability.TwoInstanceTests.RedisVariable} must name a Redis server");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 2, 0, 55, TimeSpan.Zero));
        await AssertSlidesAsync(Throttle(clock, redis, $"callback-test-{Guid.NewGuid():N}"), clock);
    }
}
