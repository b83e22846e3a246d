using Callback.Host.Web.Live;
using Callback.Persistence.Outbox;

namespace Callback.Host.Events;

/// <summary>
/// Hands a published event to the consoles (Blazor circuits) of every instance. The hub's clients are reached through
/// SignalR (and its Redis backplane); the consoles live in each process, so each process must hear every event.
/// </summary>
public interface IConsoleBroadcast
{
    /// <summary>
    /// Whether the other instances can be reached now. While they cannot (Redis is away), an event goes to this
    /// instance's consoles only, and the hub's push (through the same Redis) is not tried: it would only wait.
    /// </summary>
    bool Connected { get; }

    Task PublishAsync(OutboxEvent stored, InspectionEvent change, CancellationToken ct);
}

/// <summary>One instance: its own consoles are all there are.</summary>
public sealed class LocalConsoleBroadcast(ConsoleFeed console) : IConsoleBroadcast
{
    public bool Connected => true;

    public Task PublishAsync(OutboxEvent stored, InspectionEvent change, CancellationToken ct)
    {
        console.Publish(change);
        return Task.CompletedTask;
    }
}
