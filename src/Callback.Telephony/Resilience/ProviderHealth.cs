using Polly.CircuitBreaker;

namespace Callback.Telephony.Resilience;

/// <summary>
/// Whether the telephony provider is failing: the circuit of either pipeline (placing calls, controlling them) is
/// open or being tried again. Supervisors see it on the dashboard the moment it opens, not only as refused calls.
/// </summary>
public sealed class ProviderHealth(TimeProvider time)
{
    private readonly object _gate = new();

    public CircuitBreakerStateProvider Placing { get; } = new();

    public CircuitBreakerStateProvider Controlling { get; } = new();

    /// <summary>
    /// Recordings' audio has a circuit of its own: while it is open recordings wait to be sealed, but calls go on, so it
    /// is not part of <see cref="Failing"/> (the supervisors' alert); the health check and the metrics show it.
    /// </summary>
    public CircuitBreakerStateProvider Downloading { get; } = new();

    public bool DownloadsFailing => IsFailing(Downloading);

    /// <summary>When the circuit last opened, while it is not closed again; null when the provider is answering.</summary>
    public DateTimeOffset? FailingSince { get; private set; }

    /// <summary>Raised when the circuit opens or closes.</summary>
    public event Action? Changed;

    public bool Failing => IsFailing(Placing) || IsFailing(Controlling);

    private static bool IsFailing(CircuitBreakerStateProvider state) => state.CircuitState is not CircuitState.Closed;

    internal void Opened()
    {
        lock (_gate)
            FailingSince ??= time.GetUtcNow();
        Changed?.Invoke();
    }

    internal void Closed()
    {
        lock (_gate)
        {
            if (!Failing)
                FailingSince = null;
        }

        Changed?.Invoke();
    }
}
