using Callback.Domain.Findings;
using Callback.Domain.Inspections;
using Callback.Domain.Sampling;
using Callback.Domain.Scoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Callback.Persistence.Inspections;

internal sealed class InspectionConfiguration : IEntityTypeConfiguration<Inspection>
{
    public void Configure(EntityTypeBuilder<Inspection> builder)
    {
        builder.ToTable("Inspections");
        builder.Property(i => i.Title).HasMaxLength(200);
        builder.Property(i => i.SeedCommitment).HasMaxLength(64);
        builder.Property(i => i.CreatedBy).HasMaxLength(256);
        builder.OwnsOne(i => i.Policy, policy =>
        {
            policy.Property(p => p.CallingHours).HasMaxLength(100);
            policy.Property(p => p.TimeZone).HasMaxLength(64);
        });
    }
}

internal sealed class InspectorAssignmentConfiguration : IEntityTypeConfiguration<InspectorAssignment>
{
    public void Configure(EntityTypeBuilder<InspectorAssignment> builder)
    {
        builder.ToTable("InspectorAssignments");
        builder.HasOne<Inspection>().WithMany().HasForeignKey(a => a.InspectionId);
        builder.HasIndex(a => new { a.InspectionId, a.UserId, a.UnitCode }).IsUnique();
    }
}

internal sealed class SealedDrawConfiguration : IEntityTypeConfiguration<SealedDraw>
{
    public void Configure(EntityTypeBuilder<SealedDraw> builder)
    {
        builder.ToTable("Draws");
        builder.HasOne<Inspection>().WithMany().HasForeignKey(d => d.InspectionId);
        // One sealed draw per inspection, kind and unit: a second attempt is refused, never a redraw.
        builder.HasIndex(d => new { d.InspectionId, d.Kind, d.Unit }).IsUnique();
    }
}

internal sealed class FindingEntryConfiguration : IEntityTypeConfiguration<FindingEntry>
{
    public void Configure(EntityTypeBuilder<FindingEntry> builder)
    {
        builder.ToTable("FindingEntries");
        builder.Ignore(f => f.Answers);
        builder.Property<Domain.Registry.EmploymentStatus?>("AnsweredEmploymentStatus");
        builder.Property<Domain.Registry.EmploymentForm?>("AnsweredEmploymentForm");
        builder.Property<bool?>("AnsweredTrained");
        builder.Property<int?>("AnsweredTrainingYear");
        builder.HasOne<Inspection>().WithMany().HasForeignKey(f => f.InspectionId);
        // Two findings racing for the same place: the database lets only one in.
        builder.HasIndex(f => new { f.InspectionId, f.CertificateNumber, f.Sequence }).IsUnique();
        // The unit's log is one chain: two entries can never follow the same one (a fork would hide an entry).
        builder.HasIndex(f => new { f.InspectionId, f.UnitCode, f.PreviousHash }).IsUnique();
        builder.Property(f => f.PreviousHash).HasMaxLength(64);
        builder.Property(f => f.Hash).HasMaxLength(64);
    }
}

internal sealed class CallAttemptConfiguration : IEntityTypeConfiguration<CallAttempt>
{
    public void Configure(EntityTypeBuilder<CallAttempt> builder)
    {
        builder.ToTable("CallAttempts");
        builder.Ignore(a => a.EnteredByHand);
        builder.Ignore(a => a.Counts);
        builder.Property(a => a.Answers).HasColumnName("AnswersJson").HasConversion(StoredJson.Answers);
        builder.Property(a => a.ConfirmedBy).HasMaxLength(256);
        builder.HasOne<Inspection>().WithMany().HasForeignKey(a => a.InspectionId);
        builder.HasIndex(a => new { a.InspectionId, a.CertificateNumber });
    }
}

internal sealed class ReplacementConfiguration : IEntityTypeConfiguration<Replacement>
{
    public void Configure(EntityTypeBuilder<Replacement> builder)
    {
        builder.ToTable("Replacements");
        builder.HasOne<Inspection>().WithMany().HasForeignKey(r => r.InspectionId);
        builder.HasIndex(r => new { r.InspectionId, r.ReplacedCertificate }).IsUnique();
        builder.HasIndex(r => new { r.InspectionId, r.ReserveCertificate }).IsUnique();
    }
}

internal sealed class ItemScoreEntryConfiguration : IEntityTypeConfiguration<ItemScoreEntry>
{
    public void Configure(EntityTypeBuilder<ItemScoreEntry> builder)
    {
        builder.ToTable("ItemScores");
        builder.HasOne<Inspection>().WithMany().HasForeignKey(s => s.InspectionId);
        builder.HasIndex(s => new { s.InspectionId, s.UnitCode, s.ItemCode });
    }
}

internal sealed class UnitFiguresEntryConfiguration : IEntityTypeConfiguration<UnitFiguresEntry>
{
    public void Configure(EntityTypeBuilder<UnitFiguresEntry> builder)
    {
        builder.ToTable("UnitFigures");
        builder.HasOne<Inspection>().WithMany().HasForeignKey(s => s.InspectionId);
        builder.HasIndex(s => new { s.InspectionId, s.UnitCode });
    }
}

internal sealed class ScorecardLockConfiguration : IEntityTypeConfiguration<ScorecardLock>
{
    public void Configure(EntityTypeBuilder<ScorecardLock> builder)
    {
        builder.ToTable("ScorecardLocks");
        builder.HasKey(l => new { l.InspectionId, l.UnitCode });
        builder.HasOne<Inspection>().WithMany().HasForeignKey(l => l.InspectionId);
        builder.Property(l => l.ChainHead).HasMaxLength(64);
        builder.Property(l => l.ChainSignature).HasMaxLength(200);
    }
}

internal sealed class FeedbackItemConfiguration : IEntityTypeConfiguration<FeedbackItem>
{
    public void Configure(EntityTypeBuilder<FeedbackItem> builder)
    {
        builder.ToTable("FeedbackItems");
        builder.HasOne<Inspection>().WithMany().HasForeignKey(f => f.InspectionId);
        builder.HasIndex(f => new { f.InspectionId, f.UnitCode });
    }
}
