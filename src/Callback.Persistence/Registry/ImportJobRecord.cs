using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Callback.Persistence.Registry;

/// <summary>
/// An upload's import job as stored: what it was and how it ended, so that a failure and its reason outlive
/// a restart. Progress while it runs lives in memory only.
/// </summary>
public sealed class ImportJobRecord
{
    public Guid Id { get; set; }
    public required string FileName { get; set; }
    public required string ImportedBy { get; set; }
    public bool Synthetic { get; set; }
    public long TotalBytes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>queued, running, previewed, succeeded, failed or discarded.</summary>
    public required string State { get; set; }

    /// <summary>What the file covered: "province", "rows" or unit codes.</summary>
    public string Scope { get; set; } = "rows";
    public long? Version { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }

    /// <summary>
    /// The instance that received the file and runs the job (its upload, its preview and its progress are there);
    /// null for a job from before instances were named.
    /// </summary>
    public string? Instance { get; set; }
}

internal sealed class ImportJobRecordConfiguration : IEntityTypeConfiguration<ImportJobRecord>
{
    public void Configure(EntityTypeBuilder<ImportJobRecord> builder)
    {
        builder.ToTable("ImportJobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.FileName).HasMaxLength(260);
        builder.Property(j => j.ImportedBy).HasMaxLength(256);
        builder.Property(j => j.State).HasMaxLength(16);
        builder.Property(j => j.Scope).HasMaxLength(200);
        builder.Property(j => j.ErrorCode).HasMaxLength(64);
        builder.Property(j => j.ErrorMessage).HasMaxLength(1000);
        builder.Property(j => j.Instance).HasMaxLength(128);
        builder.HasIndex(j => j.CreatedAt);
    }
}
