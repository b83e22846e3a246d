using System.Collections.Concurrent;
using Callback.Host.Configuration;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Callback.Host.Auth;

/// <summary>
/// Sign-in attempts per client address, <c>Auth:LoginAttemptsPerMinute</c> in any sixty seconds (behind a known proxy,
/// the browser's forwarded address): guessing passwords is slowed for whoever tries, and nobody's account is ever locked
/// by it. With several instances (Redis configured) the attempts are counted in Redis, so a guesser behind a round-robin
/// balancer gets the same number of tries as against one instance; while Redis is away each instance counts its own.
/// <para>
/// A sliding window: the attempts of this clock minute plus those of the minute before, weighted by how much of it the
/// last sixty seconds still cover. Counted per clock minute alone, the limit let twice as many through around a minute's
/// turn (ten at 10:00:59, ten more at 10:01:00). Every attempt counts, refused ones too: an address that keeps guessing
/// stays refused until it pauses.
/// </para>
/// <para>
/// Not ASP.NET Core's rate-limiting middleware: that middleware creates a limiter whose timer it never stops
/// (dotnet/aspnetcore#66434), which keeps every stopped host of a process alive. This one has no timer, and reads the
/// host's <see cref="TimeProvider"/>.
/// </para>
/// </summary>
public sealed partial class SignInThrottle
{
    private readonly int _perMinute;
    private readonly IConnectionMultiplexer? _redis;
    private readonly string _prefix;
    private readonly TimeProvider _time;
    private readonly ILogger<SignInThrottle> _logger;

    // This instance's own counts: attempts per address and clock minute, the two latest minutes kept.
    private readonly ConcurrentDictionary<(string Address, long Minute), long> _local = new();
    private long _keptFrom;

    public SignInThrottle(IOptions<SignInOptions> options, IOptions<RedisOptions> redis, IServiceProvider services, TimeProvider time, ILogger<SignInThrottle> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(services);
        _perMinute = options.Value.LoginAttemptsPerMinute;
        _redis = redis.Value.Enabled ? services.GetRequiredService<IConnectionMultiplexer>() : null;
        _prefix = redis.Value.ChannelPrefix;
        _time = time;
        _logger = logger;
    }

    /// <summary>Counts one attempt from <paramref name="address"/>; false when its attempts in the last sixty seconds are used up.</summary>
    public async ValueTask<bool> TryAttemptAsync(string address)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var minute = now / 60_000;
        var coveredOfPrevious = 1 - (now % 60_000 / 60_000.0);
        if (_redis is { IsConnected: true } redis)
        {
            try
            {
                // One counter per address and clock minute, shared by the instances; gone two minutes later.
                var database = redis.GetDatabase();
                var key = Key(address, minute);
                var attempts = await database.StringIncrementAsync(key);
                if (attempts == 1)
                    await database.KeyExpireAsync(key, TimeSpan.FromMinutes(2));
                var previous = (long?)await database.StringGetAsync(Key(address, minute - 1)) ?? 0;
                return attempts + (previous * coveredOfPrevious) <= _perMinute;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                LogCountedHere(_logger, e);
            }
        }

        Forget(minute - 1);
        var counted = _local.AddOrUpdate((address, minute), 1, static (_, n) => n + 1);
        return counted + (_local.GetValueOrDefault((address, minute - 1)) * coveredOfPrevious) <= _perMinute;
    }

    private RedisKey Key(string address, long minute) => new($"{_prefix}:sign-in:{address}:{minute}");

    /// <summary>Drops the counts of minutes before <paramref name="keptFrom"/>: once a minute, by the attempt that first sees it.</summary>
    private void Forget(long keptFrom)
    {
        var mark = Volatile.Read(ref _keptFrom);
        if (keptFrom <= mark || Interlocked.CompareExchange(ref _keptFrom, keptFrom, mark) != mark)
            return;
        foreach (var key in _local.Keys.Where(k => k.Minute < keptFrom))
            _local.TryRemove(key, out _);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis did not count a sign-in attempt; this instance counts it alone")]
    private static partial void LogCountedHere(ILogger logger, Exception exception);
}

/// <summary>The throttle on the endpoints that take a password or a refresh token.</summary>
public static class SignInThrottleEndpoints
{
    /// <summary>An API caller over the limit gets 429 <c>too-many-attempts</c> with Retry-After; the console's form is sent back to the sign-in page with the same words.</summary>
    public static RouteHandlerBuilder ThrottledAsSignIn(this RouteHandlerBuilder endpoint, Func<HttpContext, IResult>? refused = null) =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (await http.RequestServices.GetRequiredService<SignInThrottle>().TryAttemptAsync(address))
                return await next(context);
            http.Response.Headers.RetryAfter = "60";
            return refused?.Invoke(http) ?? TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "too-many-attempts",
                detail: "登录尝试过于频繁，请一分钟后再试", extensions: new Dictionary<string, object?> { ["code"] = "too-many-attempts" });
        });
}
