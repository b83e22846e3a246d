using Callback.Telephony.Resilience;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Callback.Host.Observability;

/// <summary>
/// OpenTelemetry: Callback's meters, ASP.NET Core's and the runtime's, scraped by Prometheus at <c>/metrics</c>;
/// traces of every request and of Callback's own steps, sent over OTLP when <c>OpenTelemetry:OtlpEndpoint</c> is set.
/// Health checks beyond the database: the provider's circuit and the outbox's backlog.
/// </summary>
public static class ObservabilityRegistration
{
    public static IHostApplicationBuilder AddCallbackObservability(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<LiveFigures>();
        builder.Services.AddSingleton<CallbackMetrics>();
        var otlp = builder.Configuration["OpenTelemetry:OtlpEndpoint"];
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("callback"))
            .WithMetrics(metrics => metrics
                .AddMeter(CallbackMetrics.Name, TelephonyMetrics.Name)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter())
            .WithTracing(tracing =>
            {
                tracing.AddSource(CallbackMetrics.Name).AddAspNetCoreInstrumentation();
                if (!string.IsNullOrWhiteSpace(otlp))
                    tracing.AddOtlpExporter(o => o.Endpoint = new Uri(otlp));
            });
        var checks = builder.Services.AddHealthChecks()
            .AddCheck<ProviderCircuitCheck>("provider")
            .AddCheck<OutboxCheck>("outbox");
        if (builder.Configuration.GetSection(Configuration.RedisOptions.Section).Get<Configuration.RedisOptions>() is { Enabled: true })
            checks.AddCheck<RedisCheck>("redis");
        return builder;
    }

    /// <summary>The Prometheus scrape endpoint (no personal data: counts, durations, states).</summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        return app;
    }

    /// <summary>Unhealthy when Redis does not answer: the instances no longer hear each other's events.</summary>
    internal sealed class RedisCheck(StackExchange.Redis.IConnectionMultiplexer redis) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var latency = await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
                return HealthCheckResult.Healthy($"Redis answers in {latency.TotalMilliseconds:F1} ms.");
            }
            catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy("Redis does not answer: hub clients and consoles on other instances miss this one's events.", e);
            }
        }
    }

    /// <summary>
    /// Degraded while a circuit of the provider's is open: calls are refused until it closes, or (the downloads' own)
    /// recordings wait to be sealed.
    /// </summary>
    internal sealed class ProviderCircuitCheck(ProviderHealth provider) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(provider switch
            {
                { Failing: true } => HealthCheckResult.Degraded($"The telephony provider is failing since {provider.FailingSince:O}: calls wait until it answers."),
                { DownloadsFailing: true } => HealthCheckResult.Degraded("Recordings cannot be downloaded from the telephony provider: they wait to be sealed and are tried again."),
                _ => HealthCheckResult.Healthy(),
            });
    }

    /// <summary>Degraded when events pile up unpublished (the publisher is stuck): consoles and subscribers fall behind.</summary>
    internal sealed class OutboxCheck(LiveFigures live) : IHealthCheck
    {
        public const int Backlog = 1000;

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(live.OutboxPending > Backlog
                ? HealthCheckResult.Degraded($"{live.OutboxPending} events wait to be published.")
                : HealthCheckResult.Healthy());
    }
}
