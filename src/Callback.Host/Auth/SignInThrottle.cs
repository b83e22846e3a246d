using System.Threading.RateLimiting;
using Callback.Host.Configuration;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Callback.Host.Auth;

/// <summary>
/// Sign-in attempts per client address, <c>Auth:LoginAttemptsPerMinute</c> a minute (behind a known proxy, the browser's
/// forwarded address): guessing passwords is slowed for whoever tries, and nobody's account is ever locked by it. With
/// several instances (Redis configured) the attempts are counted in Redis, so a guesser behind a round-robin balancer
/// gets the same number of tries as against one instance; while Redis is away each instance counts its own.
/// <para>
/// A service of its own rather than ASP.NET Core's rate-limiting middleware: that middleware creates a limiter whose
/// timer it never stops (dotnet/aspnetcore#66434), which keeps every stopped host of a process alive — each test
/// host, and the soak benchmark's host before its restart. This limiter is disposed with the host.
/// </para>
/// </summary>
public sealed partial class SignInThrottle : IAsyncDisposable, IDisposable
{
    private readonly int _perMinute;
    private readonly PartitionedRateLimiter<string> _local;
    private readonly IConnectionMultiplexer? _redis;
    private readonly string _prefix;
    private readonly TimeProvider _time;
    private readonly ILogger<SignInThrottle> _logger;

    public SignInThrottle(IOptions<SignInOptions> options, IOptions<RedisOptions> redis, IServiceProvider services, TimeProvider time, ILogger<SignInThrottle> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(services);
        _perMinute = options.Value.LoginAttemptsPerMinute;
        _local = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = _perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        _redis = redis.Value.Enabled ? services.GetRequiredService<IConnectionMultiplexer>() : null;
        _prefix = redis.Value.ChannelPrefix;
        _time = time;
        _logger = logger;
    }

    /// <summary>Counts one attempt from <paramref name="address"/>; false when its attempts this minute are used up.</summary>
    public async ValueTask<bool> TryAttemptAsync(string address)
    {
        if (_redis is { IsConnected: true } redis)
        {
            try
            {
                // One counter per address and clock minute, shared by the instances; gone two minutes later.
                var key = new RedisKey($"{_prefix}:sign-in:{address}:{_time.GetUtcNow().ToUnixTimeSeconds() / 60}");
                var database = redis.GetDatabase();
                var attempts = await database.StringIncrementAsync(key);
                if (attempts == 1)
                    await database.KeyExpireAsync(key, TimeSpan.FromMinutes(2));
                return attempts <= _perMinute;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                LogCountedHere(_logger, e);
            }
        }

        using var lease = _local.AttemptAcquire(address);
        return lease.IsAcquired;
    }

    public ValueTask DisposeAsync() => _local.DisposeAsync();

    public void Dispose() => _local.Dispose();

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
