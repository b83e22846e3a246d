using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Callback.Persistence;
using Callback.Persistence.Outbox;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Events;

/// <summary>
/// Sends the webhook deliveries that are due, one POST each (the event as the hub sends it, signed), and keeps the
/// receiver's answer: 2xx delivers it; anything else, or no answer, is tried again after a growing wait, and after
/// <see cref="Webhooks.MaxAttempts"/> tries the delivery is marked failed for the administrator to see.
/// </summary>
public sealed partial class WebhookSender(
    IServiceScopeFactory scopes, IHttpClientFactory clients, WebhookSignal signal, IDataProtectionProvider protection, TimeProvider time,
    ILogger<WebhookSender> logger) : BackgroundService
{
    public const string ClientName = "webhooks";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public static IDataProtector SecretProtector(IDataProtectionProvider protection) => protection.CreateProtector("Callback.Webhooks.Secret");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await SendDueAsync(stoppingToken) > 0)
                {
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRunFailed(logger, e);
            }

            await signal.WaitAsync(TimeSpan.FromSeconds(15), stoppingToken);
        }
    }

    /// <summary>One batch of due deliveries; returns how many were tried.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
        var now = time.GetUtcNow();
        // DateTimeOffset does not compare in SQLite's SQL: every pending one is read (a receiver that is down keeps
        // its own waiting, which must not hide the others' due ones), the due ones chosen here, earliest first.
        var due = (await db.WebhookDeliveries.Where(d => d.State == DeliveryState.Pending).ToListAsync(ct))
            .Where(d => d.NextAttemptAt <= now).OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id).Take(50).ToList();
        if (due.Count == 0)
            return 0;
        var subscriptionIds = due.Select(d => d.SubscriptionId).Distinct().ToList();
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => subscriptionIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var eventIds = due.Select(d => d.OutboxEventId).Distinct().ToList();
        var events = await db.OutboxEvents.AsNoTracking().Where(e => eventIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        var protector = SecretProtector(protection);
        foreach (var delivery in due)
        {
            var subscription = subscriptions[delivery.SubscriptionId];
            if (!subscription.Active)
            {
                delivery.State = DeliveryState.Failed;
                delivery.LastError = "subscription removed";
                continue;
            }

            // Claimed before it is sent: another sender (this one's next run, a second instance) that read it too finds
            // the try taken and skips it, and one that reads it while it is in flight finds it not due (the claim moves
            // the next try past the request's timeout; if this process dies before the answer is saved, it is tried
            // again then — at least once).
            // From now, not from the batch's start: the tries before this one in the batch may have taken their full timeout.
            var claimedUntil = time.GetUtcNow() + Webhooks.InFlight;
            var claimed = await db.WebhookDeliveries
                .Where(d => d.Id == delivery.Id && d.State == DeliveryState.Pending && d.Attempts == delivery.Attempts)
                .ExecuteUpdateAsync(set => set.SetProperty(d => d.Attempts, d => d.Attempts + 1).SetProperty(d => d.NextAttemptAt, claimedUntil), ct);
            if (claimed == 0)
            {
                db.Entry(delivery).State = EntityState.Detached;
                continue;
            }

            var tried = delivery.Attempts + 1;
            try
            {
                await SendAsync(delivery, subscription, events[delivery.OutboxEventId], protector.Unprotect(subscription.ProtectedSecret), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Not the receiver's doing (the secret's keys are gone, an event this version cannot read): it will
                // not get better by trying again, and it must not hold up the others.
                delivery.Attempts = tried;
                delivery.State = DeliveryState.Failed;
                delivery.LastError = Truncate($"{e.GetType().Name}: {e.Message}");
                LogDeliveryBroken(logger, e, delivery.EventId, subscription.Id);
            }

            // Saved delivery by delivery: a try made is never made again because a later one failed.
            await db.SaveChangesAsync(ct);
        }

        await db.SaveChangesAsync(ct);
        return due.Count;
    }

    private async Task SendAsync(WebhookDelivery delivery, WebhookSubscription subscription, OutboxEvent stored, string secret, CancellationToken ct)
    {
        var body = JsonSerializer.Serialize(OutboxMessages.Read(stored), Json);
        var now = time.GetUtcNow();
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(Webhooks.EventIdHeader, stored.EventId.ToString());
        request.Headers.Add(Webhooks.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(Webhooks.SignatureHeader, Webhooks.Sign(secret, timestamp, body));
        delivery.Attempts++;
        delivery.LastAttemptAt = now;
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, ct);
            delivery.LastStatusCode = (int)response.StatusCode;
            delivery.LastError = response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            delivery.LastStatusCode = null;
            delivery.LastError = e is TaskCanceledException ? "no answer within 10 s" : Truncate(e.Message);
        }

        if (delivery.LastStatusCode is >= 200 and < 300)
        {
            delivery.State = DeliveryState.Delivered;
            delivery.DeliveredAt = now;
        }
        else if (delivery.Attempts >= Webhooks.MaxAttempts)
        {
            delivery.State = DeliveryState.Failed;
        }
        else
        {
            delivery.NextAttemptAt = now + Webhooks.Backoff(delivery.Attempts);
        }

        LogDelivery(logger, stored.EventId, subscription.Id, delivery.Attempts, delivery.LastStatusCode, delivery.State);
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500];

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook event {EventId} to subscription {Subscription}, try {Attempt}: answer {Status}, now {State}")]
    private static partial void LogDelivery(ILogger logger, Guid eventId, int subscription, int attempt, int? status, DeliveryState state);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook event {EventId} to subscription {Subscription} cannot be sent; marked failed")]
    private static partial void LogDeliveryBroken(ILogger logger, Exception exception, Guid eventId, int subscription);

    [LoggerMessage(Level = LogLevel.Error, Message = "The webhook sending run failed; it is tried again")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}
