using System.Collections.Concurrent;
using Callback.Host.Configuration;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Callback.Host.Auth;

/// <summary>
/// Sign-in attempts per client address, <c>Auth:LoginAttemptsPerMinute</c> in any minute (behind a known proxy, the
/// browser's forwarded address): guessing passwords is slowed for whoever tries, and nobody's account is ever locked by
/// it. With several instances (Redis configured) the attempts are counted in Redis, so a guesser behind a round-robin
/// balancer gets the same number of tries as against one instance; while Redis is away each instance counts its own.
/// <para>
/// A sliding window, not clock minutes: attempts are counted per clock minute, and the last minute's count weighs as
/// much as that minute still overlaps the sixty seconds before now (Redis's and Cloudflare's "sliding window counter").
/// With fixed minutes a guesser could use up one minute's tries in its last second and the next minute's in the next.
/// Every attempt counts, refused ones too: who keeps guessing stays refused.
/// </para>
/// <para>
/// Not ASP.NET Core's rate-limiting middleware: that middleware creates a limiter whose timer it never stops
/// (dotnet/aspnetcore#66434), which keeps every stopped host of a process alive — each test host, and the soak
/// benchmark's host before its restart. This counter has no timer, and it reads the host's <see cref="TimeProvider"/>.
/// </para>
/// </summary>
public sealed partial class SignInThrottle
{
    private const long MinuteMs = 60_000;

    private readonly int _perMinute;
    private readonly ConcurrentDictionary<(string Address, long Minute), int> _local = new();
    private readonly IConnectionMultiplexer? _redis;
    private readonly string _prefix;
    private readonly TimeProvider _time;
    private readonly ILogger<SignInThrottle> _logger;
    private long _sweptMinute;

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

    /// <summary>Counts one attempt from <paramref name="address"/>; false when its attempts in the last minute are used up.</summary>
    public async ValueTask<bool> TryAttemptAsync(string address)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var minute = now / MinuteMs;
        if (_redis is { IsConnected: true } redis)
        {
            try
            {
                // One counter per address and clock minute, shared by the instances; gone two minutes later.
                var database = redis.GetDatabase();
                var key = new RedisKey($"{_prefix}:sign-in:{address}:{minute}");
                var counted = database.StringIncrementAsync(key);
                var before = database.StringGetAsync(new RedisKey($"{_prefix}:sign-in:{address}:{minute - 1}"));
                var attempts = await counted;
                if (attempts == 1)
                    await database.KeyExpireAsync(key, TimeSpan.FromMinutes(2));
                return Within((long?)await before ?? 0, attempts, now);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                LogCountedHere(_logger, e);
            }
        }

        SweepBefore(minute);
        var current = _local.AddOrUpdate((address, minute), 1, static (_, n) => n + 1);
        return Within(_local.GetValueOrDefault((address, minute - 1)), current, now);
    }

    /// <summary>This minute's attempts, and the last minute's as far as it overlaps the sixty seconds before now.</summary>
    private bool Within(long lastMinute, long thisMinute, long now)
    {
        var overlap = 1 - ((double)(now % MinuteMs) / MinuteMs);
        return (lastMinute * overlap) + thisMinute <= _perMinute;
    }

    /// <summary>Forgets this instance's counts older than the last minute, once a minute.</summary>
    private void SweepBefore(long minute)
    {
        var swept = Interlocked.Read(ref _sweptMinute);
        if (swept >= minute || Interlocked.CompareExchange(ref _sweptMinute, minute, swept) != swept)
            return;
        foreach (var key in _local.Keys)
        {
            if (key.Minute < minute - 1)
                _local.TryRemove(key, out _);
        }
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
