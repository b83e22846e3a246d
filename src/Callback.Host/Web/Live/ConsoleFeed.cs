using System.Collections.Concurrent;
using Callback.Host.Events;

namespace Callback.Host.Web.Live;

/// <summary>
/// The events the hub publishes, handed to the console's circuits in the same process: the console and other
/// systems see the same changes. Each subscription is filtered by the same rule as the hub's groups (the units
/// the user may see), decided when it subscribes.
/// </summary>
public sealed class ConsoleFeed(ILogger<ConsoleFeed> logger)
{
    /// <summary>How many recent event ids are remembered to drop a repeat (publication is at least once).</summary>
    public const int Remembered = 4096;

    private readonly ConcurrentDictionary<Subscription, byte> _subscriptions = new();
    private readonly ConcurrentDictionary<Guid, byte> _seen = new();
    private readonly ConcurrentQueue<Guid> _seenOrder = new();

    public IDisposable Subscribe(int inspectionId, IReadOnlyCollection<string> units, Func<InspectionEvent, Task> handler)
    {
        var subscription = new Subscription(this, inspectionId, units, handler);
        _subscriptions[subscription] = 0;
        return subscription;
    }

    public void Publish(InspectionEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        // The outbox publishes at least once: an event already handed out (before a crash, say) is not drawn twice.
        if (!_seen.TryAdd(change.Id, 0))
            return;
        _seenOrder.Enqueue(change.Id);
        while (_seenOrder.Count > Remembered && _seenOrder.TryDequeue(out var old))
            _seen.TryRemove(old, out _);
        foreach (var subscription in _subscriptions.Keys)
        {
            if (subscription.InspectionId != change.InspectionId || (change.UnitCode is { } unit && !subscription.Units.Contains(unit)))
                continue;
            // A console that fails to redraw must not hold up the webhook that published the change.
            _ = Deliver(subscription, change);
        }
    }

    private async Task Deliver(Subscription subscription, InspectionEvent change)
    {
        try
        {
            await subscription.Handler(change);
        }
#pragma warning disable CA1031 // one circuit's failure is logged and never reaches the publisher
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogWarning(e, "A console subscriber failed to take {Kind} of inspection {Inspection}", change.Kind, change.InspectionId);
        }
    }

    private sealed class Subscription(ConsoleFeed feed, int inspectionId, IReadOnlyCollection<string> units, Func<InspectionEvent, Task> handler) : IDisposable
    {
        public int InspectionId { get; } = inspectionId;

        public IReadOnlyCollection<string> Units { get; } = units;

        public Func<InspectionEvent, Task> Handler { get; } = handler;

        public void Dispose() => feed._subscriptions.TryRemove(this, out _);
    }
}
