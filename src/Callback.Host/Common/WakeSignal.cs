using System.Threading.Channels;

namespace Callback.Host.Common;

/// <summary>
/// Wakes a background worker that otherwise looks on its own every so often: any number of notifications before it
/// wakes count as one, and none is lost.
/// </summary>
public abstract class WakeSignal
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _wake.Writer.TryWrite(true);

    /// <summary>Returns when notified, or after <paramref name="timeout"/> (look anyway), or throws when the host stops.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
        linked.CancelAfter(timeout);
        try
        {
            await _wake.Reader.ReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The timeout: look anyway.
        }
    }
}
