using Callback.Persistence;
using Callback.Persistence.Outbox;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Events;

/// <summary>
/// Publishes the outbox after each commit (and every few seconds, and at start, for what a crash left behind): each
/// event to the hub's groups, the consoles (of every instance, through <see cref="IConsoleBroadcast"/>) and a delivery per matching webhook subscription, then
/// marks it published. At least once: a crash after the push pushes it again under the same event id.
/// </summary>
public sealed partial class OutboxPublisher(
    IServiceScopeFactory scopes, OutboxSignal signal, IHubContext<InspectionHub, IInspectionClient> hub, IConsoleBroadcast consoles,
    WebhookSignal webhooks, TimeProvider time, ILogger<OutboxPublisher> logger) : BackgroundService
{
    /// <summary>Published events are kept this long (a receiver's replay, an administrator's question), then removed.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromDays(7);

    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await PublishPendingAsync(stoppingToken) > 0)
                {
                }

                if (time.GetUtcNow() - _lastPrune > TimeSpan.FromHours(1))
                    await PruneAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }

            await signal.WaitAsync(TimeSpan.FromSeconds(5), stoppingToken);
        }
    }

    /// <summary>One batch, oldest first; returns how many events it published.</summary>
    public async Task<int> PublishPendingAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
        // On PostgreSQL several instances publish: each claims its batch (rows locked until its commit, skipped by the
        // others), so an event is pushed once. SQLite has one writer at a time, and one instance.
        await using var claim = db.Database.IsNpgsql() ? await db.Database.BeginTransactionAsync(ct) : null;
        var pending = claim is null
            ? await db.OutboxEvents.Where(e => e.PublishedAt == null).OrderBy(e => e.Id).Take(100).ToListAsync(ct)
            : await db.OutboxEvents.FromSql($"SELECT * FROM \"OutboxEvents\" WHERE \"PublishedAt\" IS NULL ORDER BY \"Id\" LIMIT 100 FOR UPDATE SKIP LOCKED").ToListAsync(ct);
        if (pending.Count == 0)
            return 0;
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.Active).ToListAsync(ct);
        var now = time.GetUtcNow();
        var deliveries = 0;
        var notPushed = 0;
        foreach (var stored in pending)
        {
            InspectionEvent change;
            try
            {
                change = OutboxMessages.Read(stored);
            }
            catch (Exception e) when (e is InvalidOperationException or System.Text.Json.JsonException)
            {
                // An event this version cannot read (written by a newer one) must not hold up every event after it.
                LogUnreadable(logger, e, stored.Id);
                stored.PublishedAt = now;
                continue;
            }

            try
            {
                await consoles.PublishAsync(stored, change, ct);
                if (consoles.Connected)
                {
                    await (change.UnitCode is { } unit
                        ? hub.Clients.Groups(InspectionHub.AllUnitsGroup(change.InspectionId), InspectionHub.UnitGroup(change.InspectionId, unit))
                        : hub.Clients.Group(InspectionHub.Group(change.InspectionId))).InspectionChanged(change);
                }
                else
                {
                    notPushed++;
                }
            }
            catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
            {
                // Live pushes are at most once through Redis; the change is in the database (pages reload their figures
                // from it) and the webhooks, which are owed, must not wait for Redis.
                LogLivePushFailed(logger, e, stored.EventId);
            }

            foreach (var subscription in subscriptions.Where(s => Webhooks.Wants(s, stored)))
            {
                if (await db.WebhookDeliveries.AnyAsync(d => d.SubscriptionId == subscription.Id && d.EventId == stored.EventId, ct))
                    continue;
                db.WebhookDeliveries.Add(new WebhookDelivery { SubscriptionId = subscription.Id, OutboxEventId = stored.Id, EventId = stored.EventId, NextAttemptAt = now });
                deliveries++;
            }

            stored.PublishedAt = now;
        }

        if (notPushed > 0)
            LogNotPushed(logger, notPushed);
        await db.SaveChangesAsync(ct);
        if (claim is not null)
            await claim.CommitAsync(ct);
        if (deliveries > 0)
            webhooks.Notify();
        return pending.Count;
    }

    private async Task PruneAsync(CancellationToken ct)
    {
        _lastPrune = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
        var cutoff = _lastPrune - Kept;
        // DateTimeOffset does not compare in SQLite's SQL: the published ids are read, then filtered here.
        var published = await db.OutboxEvents.AsNoTracking().Where(e => e.PublishedAt != null).Select(e => new { e.Id, e.PublishedAt }).ToListAsync(ct);
        var old = published.Where(e => e.PublishedAt < cutoff).Select(e => e.Id).ToList();
        foreach (var batch in old.Chunk(500))
        {
            // A delivery still being tried keeps its event.
            var busy = await db.WebhookDeliveries.Where(d => batch.Contains(d.OutboxEventId) && d.State == DeliveryState.Pending).Select(d => d.OutboxEventId).ToListAsync(ct);
            var removable = batch.Except(busy).ToList();
            await db.WebhookDeliveries.Where(d => removable.Contains(d.OutboxEventId)).ExecuteDeleteAsync(ct);
            await db.OutboxEvents.Where(e => removable.Contains(e.Id)).ExecuteDeleteAsync(ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Publishing the outbox failed; it is tried again")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventId} was not pushed live (Redis does not answer); its webhooks go on")]
    private static partial void LogLivePushFailed(ILogger logger, Exception exception, Guid eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} events reached this instance's consoles only and no hub client (Redis is away); their webhooks go on")]
    private static partial void LogNotPushed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox event {Id} cannot be read by this version and is skipped")]
    private static partial void LogUnreadable(ILogger logger, Exception exception, long id);
}
