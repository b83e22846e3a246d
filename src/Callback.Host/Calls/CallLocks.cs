namespace Callback.Host.Calls;

/// <summary>
/// One call's webhooks are handled one at a time in this process: status callbacks and gathers of the same call
/// arrive close together, and each reads and writes the call's state (across instances the call's version does it).
/// A call's lock exists only while someone holds or waits for it, so the table does not grow with every call.
/// </summary>
public sealed class CallLocks
{
    private readonly Dictionary<long, Entry> _locks = [];

    /// <summary>Locks held or waited for now (for tests: zero when no webhook is being handled).</summary>
    public int Count
    {
        get
        {
            lock (_locks)
                return _locks.Count;
        }
    }

    public async Task<IDisposable> EnterAsync(long callId, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_locks)
        {
            if (!_locks.TryGetValue(callId, out entry!))
                _locks[callId] = entry = new Entry();
            entry.Users++;
        }

        try
        {
            await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(callId, entry);
            throw;
        }

        return new Release(this, callId, entry);
    }

    private void Leave(long callId, Entry entry)
    {
        lock (_locks)
        {
            if (--entry.Users == 0)
                _locks.Remove(callId);
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public int Users { get; set; }
    }

    private sealed class Release(CallLocks locks, long callId, Entry entry) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1)
                return;
            entry.Gate.Release();
            locks.Leave(callId, entry);
        }
    }
}
