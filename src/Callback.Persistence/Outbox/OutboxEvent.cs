namespace Callback.Persistence.Outbox;

/// <summary>
/// An event written in the same transaction as the change it tells of, and published after the commit (at least
/// once: a crash between the push and <see cref="PublishedAt"/> pushes it again, under the same <see cref="EventId"/>,
/// which a listener uses to ignore the repeat).
/// </summary>
public sealed class OutboxEvent
{
    public long Id { get; set; }
    public Guid EventId { get; set; }
    public int InspectionId { get; set; }
    public string? UnitCode { get; set; }

    /// <summary>The wire's name of the change (call-ended, finding-recorded, …).</summary>
    public required string Kind { get; set; }

    /// <summary>The change's record type, so that it is read back as itself.</summary>
    public required string Type { get; set; }

    /// <summary>The change as JSON (ids, positions and codes: no personal data).</summary>
    public required string Data { get; set; }

    public DateTimeOffset At { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
}

/// <summary>A system that wants outcomes pushed to it (the scoring module): set by an administrator.</summary>
public sealed class WebhookSubscription
{
    public int Id { get; set; }
    public required string Url { get; set; }

    /// <summary>The signing secret, encrypted at rest with the installation's data-protection keys.</summary>
    public required string ProtectedSecret { get; set; }

    /// <summary>The kinds sent, comma-separated; null: every kind.</summary>
    public string? Kinds { get; set; }

    /// <summary>Only this inspection's events; null: every inspection's.</summary>
    public int? InspectionId { get; set; }

    public bool Active { get; set; } = true;
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum DeliveryState { Pending = 1, Delivered = 2, Failed = 3 }

/// <summary>One event to one subscription: tried with backoff until the receiver answers 2xx, each answer logged.</summary>
public sealed class WebhookDelivery
{
    public long Id { get; set; }
    public int SubscriptionId { get; set; }
    public long OutboxEventId { get; set; }
    public Guid EventId { get; set; }
    public DeliveryState State { get; set; } = DeliveryState.Pending;
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }

    /// <summary>The receiver's HTTP status, or null when it could not be reached.</summary>
    public int? LastStatusCode { get; set; }

    /// <summary>What went wrong the last time (a status, a timeout), for the administrator.</summary>
    public string? LastError { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }
}
