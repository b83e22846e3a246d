using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Callback.Host.Observability;

/// <summary>
/// Callback's own metrics and traces (meter and activity source "Callback"): webhook latency, provider errors, import
/// rows, plan progress; and, read when scraped, calls in flight, the outbox's backlog and the provider's circuit.
/// </summary>
public sealed class CallbackMetrics : IDisposable
{
    public const string Name = "Callback";

    public static readonly ActivitySource Activities = new(Name);

    private readonly Meter _meter;

    public CallbackMetrics(IMeterFactory meters, LiveFigures live)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(live);
        _meter = meters.Create(Name);
        WebhookDuration = _meter.CreateHistogram<double>("callback.webhook.duration", "s", "How long a telephony webhook took to answer");
        ImportRows = _meter.CreateCounter<long>("callback.import.rows", "{row}", "Registry rows read by imports (rate: rows per second)");
        PlanCalls = _meter.CreateCounter<long>("callback.plan.calls", "{call}", "Calls placed by verification plans");
        PlanTexts = _meter.CreateCounter<long>("callback.plan.texts", "{text}", "SMS links sent by verification plans");
        _meter.CreateObservableGauge("callback.calls.in_flight", () => live.CallsInFlight, "{call}", "Calls placed and not ended");
        _meter.CreateObservableGauge("callback.outbox.pending", () => live.OutboxPending, "{event}", "Events committed and not yet published");
        _meter.CreateObservableGauge("callback.plans.running", () => live.PlansRunning, "{plan}", "Verification plans running");
        _meter.CreateObservableGauge("callback.provider.circuit_open", () => live.CircuitOpen ? 1 : 0, null, "1 while the provider's circuit is open (calls are not attempted)");
        _meter.CreateObservableGauge("callback.provider.downloads_circuit_open", () => live.DownloadsCircuitOpen ? 1 : 0, null, "1 while the circuit for recordings' audio is open (recordings wait to be sealed)");
    }

    public Histogram<double> WebhookDuration { get; }
    public Counter<long> ImportRows { get; }
    public Counter<long> PlanCalls { get; }
    public Counter<long> PlanTexts { get; }

    public void Dispose() => _meter.Dispose();
}
