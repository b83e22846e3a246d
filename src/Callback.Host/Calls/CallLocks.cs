using System.Collections.Concurrent;

namespace Callback.Host.Calls;

/// <summary>
/// One call's webhooks are handled one at a time: status callbacks and gathers of the same call arrive close
/// together, and each reads and writes the call's state. (One process owns the SQLite database.)
/// </summary>
public sealed class CallLocks
{
    private readonly ConcurrentDictionary<long, SemaphoreSlim> _locks = new();

    public async Task<IDisposable> EnterAsync(long callId, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(callId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
