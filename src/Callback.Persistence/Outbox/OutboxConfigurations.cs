using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Callback.Persistence.Outbox;

internal sealed class OutboxEventConfiguration : IEntityTypeConfiguration<OutboxEvent>
{
    public void Configure(EntityTypeBuilder<OutboxEvent> builder)
    {
        builder.ToTable("OutboxEvents");
        builder.HasIndex(e => e.EventId).IsUnique();
        // The publisher's question: what is not published yet, oldest first.
        builder.HasIndex(e => new { e.PublishedAt, e.Id });
        builder.Property(e => e.Kind).HasMaxLength(64);
        builder.Property(e => e.Type).HasMaxLength(64);
        builder.Property(e => e.UnitCode).HasMaxLength(16);
    }
}

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> builder)
    {
        builder.ToTable("WebhookSubscriptions");
        builder.Property(s => s.Url).HasMaxLength(2048);
        builder.Property(s => s.Kinds).HasMaxLength(1024);
        builder.Property(s => s.CreatedBy).HasMaxLength(256);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("WebhookDeliveries");
        builder.HasOne<WebhookSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId);
        builder.HasOne<OutboxEvent>().WithMany().HasForeignKey(d => d.OutboxEventId);
        // An event goes to a subscription once (a repeated publication adds no second delivery).
        builder.HasIndex(d => new { d.SubscriptionId, d.EventId }).IsUnique();
        builder.HasIndex(d => new { d.State, d.NextAttemptAt });
        builder.Property(d => d.LastError).HasMaxLength(512);
    }
}
