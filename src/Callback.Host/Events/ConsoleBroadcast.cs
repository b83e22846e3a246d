using Callback.Host.Web.Live;
using Callback.Persistence.Outbox;

namespace Callback.Host.Events;

/// <summary>
/// Hands a published event to the consoles (Blazor circuits) of every instance. The hub's clients are reached through
/// SignalR (and its Redis backplane); the consoles live in each process, so each process must hear every event.
/// </summary>
public interface IConsoleBroadcast
{
    Task PublishAsync(OutboxEvent stored, InspectionEvent change, CancellationToken ct);
}

/// <summary>One instance: its own consoles are all there are.</summary>
public sealed class LocalConsoleBroadcast(ConsoleFeed console) : IConsoleBroadcast
{
    public Task PublishAsync(OutboxEvent stored, InspectionEvent change, CancellationToken ct)
    {
        console.Publish(change);
        return Task.CompletedTask;
    }
}
