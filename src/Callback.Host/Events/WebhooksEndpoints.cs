using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Callback.Host.Auth;
using Callback.Host.Common;
using Callback.Persistence;
using Callback.Persistence.Outbox;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Events;

/// <param name="Url">Where the events are POSTed (http or https).</param>
/// <param name="Kinds">The kinds wanted (call-ended, finding-recorded, scorecard-locked, …); none: every kind.</param>
/// <param name="InspectionId">One inspection's events; none: every inspection's.</param>
public sealed record CreateSubscription([Required, StringLength(2048)] string Url, IReadOnlyList<string>? Kinds = null, int? InspectionId = null);

/// <param name="Secret">The signing secret: shown once, when the subscription is made.</param>
public sealed record SubscriptionView(int Id, string Url, IReadOnlyList<string>? Kinds, int? InspectionId, bool Active, string CreatedBy, DateTimeOffset CreatedAt, string? Secret = null);

public sealed record DeliveryView(long Id, Guid EventId, string State, int Attempts, DateTimeOffset NextAttemptAt, DateTimeOffset? LastAttemptAt, int? LastStatusCode, string? LastError, DateTimeOffset? DeliveredAt);

/// <summary>Administrators subscribe other systems (the scoring module) to the events: each pushed, signed, retried, logged.</summary>
public static class WebhooksEndpoints
{
    /// <summary>The kinds a subscription may name: every change the hub sends.</summary>
    public static readonly IReadOnlySet<string> KnownKinds = new HashSet<string>(
        typeof(InspectionChange).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(InspectionChange)) && !t.IsAbstract)
            .Select(t => ((InspectionChange)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(t)).Kind));

    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/webhooks").WithTags("Webhooks").RequireAuthorization(Policies.Administer);
        group.MapGet("/", ListAsync).WithSummary("The webhook subscriptions (without their secrets).");
        group.MapPost("/", CreateAsync).WithSummary("Subscribe a URL to events; the answer carries the signing secret, shown only this once.");
        group.MapDelete("/{id:int}", RemoveAsync).WithSummary("Stop a subscription (its pending deliveries are dropped; its log is kept).");
        group.MapGet("/{id:int}/deliveries", DeliveriesAsync).WithSummary("The subscription's latest deliveries, each with the receiver's answer.");
        return app;
    }

    internal static async Task<Ok<List<SubscriptionView>>> ListAsync(CallbackDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await db.WebhookSubscriptions.AsNoTracking().OrderBy(s => s.Id).ToListAsync(ct)).Select(s => View(s)).ToList());

    internal static async Task<Created<SubscriptionView>> CreateAsync(
        CreateSubscription request, CallbackDbContext db, IDataProtectionProvider protection, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        if (!Uri.TryCreate(request.Url?.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(url.UserInfo))
            throw RequestRefusedException.BadRequest("invalid-webhook-url", "订阅地址须是完整的 http:// 或 https:// 地址（不含用户名密码）");
        var kinds = request.Kinds?.Select(k => k.Trim()).Distinct().ToList();
        if (kinds?.FirstOrDefault(k => !KnownKinds.Contains(k)) is { } unknown)
            throw RequestRefusedException.BadRequest("unknown-event-kind", $"没有“{unknown}”这种事件；可订阅：{string.Join("、", KnownKinds.Order())}");
        if (request.InspectionId is { } inspectionId && !await db.Inspections.AnyAsync(i => i.Id == inspectionId, ct))
            throw RequestRefusedException.NotFound("inspection-not-found", $"检查 {inspectionId} 不存在");
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var subscription = new WebhookSubscription
        {
            Url = url.ToString(), ProtectedSecret = WebhookSender.SecretProtector(protection).Protect(secret),
            Kinds = kinds is { Count: > 0 } ? string.Join(',', kinds) : null, InspectionId = request.InspectionId,
            CreatedBy = http.User.NameOrUnknown(), CreatedAt = time.GetUtcNow(),
        };
        db.WebhookSubscriptions.Add(subscription);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/webhooks/{subscription.Id}", View(subscription, secret));
    }

    internal static async Task<NoContent> RemoveAsync(int id, CallbackDbContext db, CancellationToken ct)
    {
        var subscription = await db.WebhookSubscriptions.FirstOrDefaultAsync(s => s.Id == id, ct)
            ?? throw RequestRefusedException.NotFound("subscription-not-found", $"订阅 {id} 不存在");
        subscription.Active = false;
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    internal static async Task<Ok<List<DeliveryView>>> DeliveriesAsync(int id, CallbackDbContext db, CancellationToken ct)
    {
        if (!await db.WebhookSubscriptions.AnyAsync(s => s.Id == id, ct))
            throw RequestRefusedException.NotFound("subscription-not-found", $"订阅 {id} 不存在");
        var deliveries = await db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == id).OrderByDescending(d => d.Id).Take(200).ToListAsync(ct);
        return TypedResults.Ok(deliveries.Select(d => new DeliveryView(
            d.Id, d.EventId, d.State.ToString(), d.Attempts, d.NextAttemptAt, d.LastAttemptAt, d.LastStatusCode, d.LastError, d.DeliveredAt)).ToList());
    }

    private static SubscriptionView View(WebhookSubscription s, string? secret = null) =>
        new(s.Id, s.Url, s.Kinds?.Split(','), s.InspectionId, s.Active, s.CreatedBy, s.CreatedAt, secret);
}
