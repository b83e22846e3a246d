using Callback.Persistence;
using Microsoft.AspNetCore.SignalR;

namespace Callback.Host.Events;

/// <summary>
/// Publishes inspection changes through the outbox: the event is written with the change it tells of (in the same
/// transaction inside a <see cref="Common.UnitOfWork"/>), and <see cref="OutboxPublisher"/> pushes it after the
/// commit to the hub, the consoles and the webhook subscriptions.
/// </summary>
public sealed class InspectionEvents(CallbackDbContext db, TimeProvider time, OutboxSignal outbox)
{
    public async Task PublishAsync(int inspectionId, string? unitCode, InspectionChange data)
    {
        Stage(inspectionId, unitCode, data);
        // Inside a unit of work the event commits with the change; on its own it is written at once (with whatever
        // else the context holds unsaved: a change made just before is saved with its event).
        if (db.Database.CurrentTransaction is null)
        {
            await db.SaveChangesAsync(CancellationToken.None);
            outbox.Notify();
        }
    }

    /// <summary>
    /// Adds the event to the changes the caller saves next: it is written by the same save as the change it tells of.
    /// Call <see cref="Saved"/> after that save.
    /// </summary>
    public void Stage(int inspectionId, string? unitCode, InspectionChange data)
    {
        ArgumentNullException.ThrowIfNull(data);
        db.OutboxEvents.Add(OutboxMessages.Of(inspectionId, unitCode, data, time.GetUtcNow()));
    }

    /// <summary>The staged events are saved: the publisher takes them now, not at its next look.</summary>
    public void Saved() => outbox.Notify();
}

/// <summary>Registry imports' progress, pushed as it goes (a progress bar, not a record: no outbox).</summary>
public sealed class ImportEvents(IHubContext<InspectionHub, IInspectionClient> hub)
{
    public Task PublishImportAsync(ImportEvent change) => hub.Clients.Group(InspectionHub.ImportsGroup).ImportChanged(change);
}
