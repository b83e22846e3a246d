using System.Net;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using Twilio.Exceptions;

namespace Callback.Telephony.Resilience;

/// <summary>
/// The resilience around every provider request: a timeout per try, retries with jittered exponential back-off on
/// 429, 5xx and network faults (the Twilio SDK does not retry by itself), and a circuit breaker so that a provider
/// that is down is not hammered. A client error (400, invalid number) is not retried: it will not get better.
/// Placing a call is not safe to repeat (a request that timed out may still have rung someone), so it is retried
/// only when Twilio said it did not take the request (429, 503).
/// </summary>
public static class TelephonyPipeline
{
    /// <param name="health">Told when the circuit opens and closes, through <paramref name="circuit"/> (the dashboard's alert).</param>
    public static ResiliencePipeline Create(
        TimeProvider time, int retries = 3, TimeSpan? firstDelay = null, TimeSpan? timeout = null, bool safeToRepeat = true,
        ProviderHealth? health = null, CircuitBreakerStateProvider? circuit = null) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = firstDelay ?? TimeSpan.FromMilliseconds(500),
                ShouldHandle = new PredicateBuilder().Handle<Exception>(safeToRepeat ? IsTransient : IsRefusedUnprocessed),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 8,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(15),
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                StateProvider = circuit,
                OnOpened = _ =>
                {
                    health?.Opened();
                    return default;
                },
                OnClosed = _ =>
                {
                    health?.Closed();
                    return default;
                },
            })
            .AddTimeout(timeout ?? TimeSpan.FromSeconds(10))
            .Build();

    /// <summary>Twilio refused the request without acting on it: repeating it cannot duplicate anything.</summary>
    public static bool IsRefusedUnprocessed(Exception exception) => exception is ApiException { Status: 429 or 503 };

    public static bool IsTransient(Exception exception) => exception switch
    {
        ApiException api => api.Status is 429 or >= 500,
        ApiConnectionException => true,
        HttpRequestException http => http.StatusCode is null or HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError,
        TimeoutRejectedException => true,
        TaskCanceledException => true,
        _ => false,
    };
}
