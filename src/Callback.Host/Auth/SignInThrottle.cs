using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Callback.Host.Auth;

/// <summary>
/// Sign-in attempts per client address, <c>Auth:LoginAttemptsPerMinute</c> a minute (behind a known proxy, the browser's
/// forwarded address): guessing passwords is slowed for whoever tries, and nobody's account is ever locked by it.
/// <para>
/// A service of its own rather than ASP.NET Core's rate-limiting middleware: that middleware creates a limiter whose
/// timer it never stops (dotnet/aspnetcore#66434), which keeps every stopped host of a process alive — each test
/// host, and the soak benchmark's host before its restart. This limiter is disposed with the host.
/// </para>
/// </summary>
public sealed class SignInThrottle : IAsyncDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public SignInThrottle(IOptions<SignInOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var perMinute = options.Value.LoginAttemptsPerMinute;
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }

    /// <summary>Counts one attempt from <paramref name="address"/>; false when its attempts this minute are used up.</summary>
    public bool TryAttempt(string address)
    {
        using var lease = _limiter.AttemptAcquire(address);
        return lease.IsAcquired;
    }

    public ValueTask DisposeAsync() => _limiter.DisposeAsync();
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
            if (http.RequestServices.GetRequiredService<SignInThrottle>().TryAttempt(address))
                return await next(context);
            http.Response.Headers.RetryAfter = "60";
            return refused?.Invoke(http) ?? TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "too-many-attempts",
                detail: "登录尝试过于频繁，请一分钟后再试", extensions: new Dictionary<string, object?> { ["code"] = "too-many-attempts" });
        });
}
