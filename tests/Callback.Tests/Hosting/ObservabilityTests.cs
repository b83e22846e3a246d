using System.Net.Http.Json;
using Callback.Telephony.Resilience;
using Callback.Tests.Calls;
using Callback.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Tests.Hosting;

/// <summary>Metrics for Prometheus and health checks that say what is wrong.</summary>
public sealed class ObservabilityTests
{
    [Fact]
    public async Task Prometheus_reads_calls_in_flight_webhook_latency_the_outbox_and_the_circuit_and_no_personal_data()
    {
        var (server, admin, sample) = await SimulatedCallTests.DrawnAsync();
        await using var _ = server;
        using (admin)
        {
            await SimulatedCallTests.CallAsync(server, admin, sample, 1, null);
            using var anonymous = server.Anonymous();
            var metrics = await anonymous.GetStringAsync(new Uri("/metrics", UriKind.Relative));

            Assert.Contains("callback_calls_in_flight", metrics, StringComparison.Ordinal);
            Assert.Contains("callback_outbox_pending", metrics, StringComparison.Ordinal);
            Assert.Contains("callback_provider_circuit_open", metrics, StringComparison.Ordinal);
            Assert.Contains("callback_provider_downloads_circuit_open", metrics, StringComparison.Ordinal);
            Assert.Contains("callback_plans_running", metrics, StringComparison.Ordinal);
            Assert.Matches(@"callback_webhook_duration_seconds_count\{[^}]*webhook=""status""[^}]*\} [1-9]", metrics);
            Assert.Contains("http_server_request_duration_seconds", metrics, StringComparison.Ordinal);
            // Counts and durations only: neither the number rung nor the person's certificate appears.
            var person = (await admin.GetFromJsonAsync<System.Text.Json.JsonElement>(sample))[0];
            var certificate = person.GetProperty("certificate").GetString()!;
            Assert.DoesNotContain(certificate, metrics, StringComparison.Ordinal);
            Assert.True(certificate.Length >= 18, certificate);
            foreach (var phone in person.GetProperty("phones").EnumerateArray().Select(p => new string([.. p.GetString()!.Where(char.IsAsciiDigit)])))
            {
                Assert.True(phone.Length >= 7, phone);
                Assert.DoesNotContain(phone[^7..], metrics, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Health_checks_the_database_the_providers_circuit_and_the_outbox()
    {
        await using var server = await CallbackServer.StartAsync();
        using var anonymous = server.Anonymous();
        Assert.Equal("Healthy", await anonymous.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
        var registered = server.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckServiceOptions>>().Value.Registrations;
        Assert.Equal(["database", "outbox", "provider"], registered.Select(r => r.Name).Order());
    }

    [Fact]
    public async Task The_provider_check_is_degraded_while_the_circuit_is_open()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));
        var health = new ProviderHealth(clock);
        var check = new Callback.Host.Observability.ObservabilityRegistration.ProviderCircuitCheck(health);
        var context = new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext();
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, (await check.CheckHealthAsync(context)).Status);

        var pipeline = TelephonyPipeline.Create(clock, retries: 1, firstDelay: TimeSpan.Zero, health: health, circuit: health.Placing);
        for (var i = 0; i < 4; i++)
            await Assert.ThrowsAnyAsync<Exception>(async () => await pipeline.ExecuteAsync(_ => throw new HttpRequestException("down")));

        var result = await check.CheckHealthAsync(context);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, result.Status);
        Assert.Contains("failing since", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_provider_check_is_degraded_while_recordings_cannot_be_downloaded_but_supervisors_are_not_alerted()
    {
        var health = new ProviderHealth(TimeProvider.System);
        var check = new Callback.Host.Observability.ObservabilityRegistration.ProviderCircuitCheck(health);
        var downloading = TelephonyPipeline.Create(TimeProvider.System, retries: 1, firstDelay: TimeSpan.Zero, circuit: health.Downloading);
        for (var i = 0; i < 4; i++)
            await Assert.ThrowsAnyAsync<Exception>(async () => await downloading.ExecuteAsync(_ => throw new HttpRequestException("media timed out")));

        var result = await check.CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext());
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, result.Status);
        Assert.Contains("Recordings cannot be downloaded", result.Description, StringComparison.Ordinal);
        Assert.False(health.Failing);
    }
}
