namespace Callback.Telephony.Resilience;

/// <summary>
/// Spaces call placements so that no second ever holds more than the configured calls per second
/// (Twilio queues the excess, and a new account allows 1). Waiters are served in order.
/// </summary>
public sealed class CallPacer(double callsPerSecond, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeSpan _interval = TimeSpan.FromSeconds(1 / callsPerSecond);
    private DateTimeOffset _next = DateTimeOffset.MinValue;

    public async Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            if (_next > now)
                await Task.Delay(_next - now, time, cancellationToken).ConfigureAwait(false);
            _next = (_next > now ? _next : now) + _interval;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
