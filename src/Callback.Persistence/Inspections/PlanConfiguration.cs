using Callback.Domain.Inspections;
using Callback.Domain.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Callback.Persistence.Inspections;

internal sealed class PlanConfiguration : IEntityTypeConfiguration<VerificationPlan>
{
    public void Configure(EntityTypeBuilder<VerificationPlan> builder)
    {
        builder.ToTable("VerificationPlans");
        builder.HasOne<Inspection>().WithMany().HasForeignKey(p => p.InspectionId);
        // One plan per unit of an inspection: started again, the same plan runs on.
        builder.HasIndex(p => new { p.InspectionId, p.UnitCode }).IsUnique();
        builder.Property(p => p.UnitCode).HasMaxLength(6);
        builder.Property(p => p.Language).HasMaxLength(8);
        builder.Property(p => p.StartedBy).HasMaxLength(256);
        builder.Property(p => p.PausedBy).HasMaxLength(256);
        builder.Property(p => p.LastProblem).HasMaxLength(1000);
    }
}
