using Callback.Domain.Calls;
using Callback.Domain.Inspections;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Callback.Persistence.Inspections;

internal sealed class CallConfiguration : IEntityTypeConfiguration<Call>
{
    public void Configure(EntityTypeBuilder<Call> builder)
    {
        builder.ToTable("Calls");
        builder.HasOne<Inspection>().WithMany().HasForeignKey(c => c.InspectionId);
        builder.Property(c => c.Status).HasMaxLength(16);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Property(c => c.ProviderCallSid).HasMaxLength(64);
        builder.HasIndex(c => c.ProviderCallSid);
        builder.HasIndex(c => new { c.InspectionId, c.CertificateNumber });
        // At most one live call per sampled person, whatever races or restarts: the database refuses a second.
        builder.HasIndex(c => new { c.InspectionId, c.CertificateNumber }, "IX_Calls_OneLiveCallPerPerson").IsUnique()
            .HasFilter($"\"Status\" NOT IN ({string.Join(", ", CallStatuses.Terminal.Select(s => $"'{s}'"))})");
        builder.Property(c => c.Conversation).HasColumnName("ConversationJson")
            .HasConversion(StoredJson.Conversation, StoredJson.ConversationComparer);
        // The recording's evidence keeps the columns it always had (RecordingSid, RecordingStatus, …); the status is
        // stored in words. No status: no recording was asked for, and the call has none.
        builder.ComplexProperty(c => c.Recording, recording =>
        {
            recording.Property(r => r.Status).HasColumnName("RecordingStatus")
                .HasConversion(s => RecordingEvidence.Code(s), s => RecordingEvidence.FromCode(s));
            recording.Property(r => r.Sid).HasColumnName("RecordingSid");
            recording.Property(r => r.Url).HasColumnName("RecordingUrl");
            recording.Property(r => r.Sha256).HasColumnName("RecordingSha256");
            recording.Property(r => r.Seconds).HasColumnName("RecordingSeconds");
            recording.Property(r => r.Silent).HasColumnName("RecordingSilent");
            recording.Property(r => r.StoredAt).HasColumnName("RecordingStoredAt");
            recording.Property(r => r.DeletedAt).HasColumnName("RecordingDeletedAt");
            recording.Property(r => r.DownloadFailures).HasColumnName("RecordingDownloadFailures");
            recording.Property(r => r.DownloadError).HasColumnName("RecordingDownloadError").HasMaxLength(300);
        });
    }
}

internal sealed class ConsentEventConfiguration : IEntityTypeConfiguration<ConsentEvent>
{
    public void Configure(EntityTypeBuilder<ConsentEvent> builder)
    {
        builder.ToTable("ConsentEvents");
        builder.HasOne<Call>().WithMany().HasForeignKey(e => e.CallId);
        builder.HasIndex(e => e.CallId);
    }
}

internal sealed class TextLinkConfiguration : IEntityTypeConfiguration<TextLink>
{
    public void Configure(EntityTypeBuilder<TextLink> builder)
    {
        builder.ToTable("TextLinks");
        builder.HasOne<Inspection>().WithMany().HasForeignKey(l => l.InspectionId);
        builder.Property(l => l.TokenHash).HasMaxLength(64);
        builder.HasIndex(l => l.TokenHash).IsUnique();
        builder.HasIndex(l => new { l.InspectionId, l.CertificateNumber });
        builder.Ignore(l => l.Spent);
        builder.Property(l => l.Answers).HasColumnName("AnswersJson").HasConversion(StoredJson.Answers);
    }
}
