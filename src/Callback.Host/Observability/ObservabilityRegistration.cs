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
        builder.Services.AddHealthChecks()
            .AddCheck<ProviderCircuitCheck>("provider")
            .AddCheck<OutboxCheck>("outbox");
        return builder;
    }

    /// <summary>The Prometheus scrape endpoint (no personal data: counts, durations, states).</summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        return app;
    }

    /// <summary>Degraded while the provider's circuit is open: calls are refused until it closes.</summary>
    internal sealed class ProviderCircuitCheck(ProviderHealth provider) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(provider.Failing
                ? HealthCheckResult.Degraded($"The telephony provider is failing since {provider.FailingSince:O}: calls wait until it answers.")
                : HealthCheckResult.Healthy());
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
