using Callback.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Callback.Persistence.Registry;

internal sealed class RegistryVersionConfiguration : IEntityTypeConfiguration<RegistryVersion>
{
    public void Configure(EntityTypeBuilder<RegistryVersion> builder)
    {
        builder.ToTable("RegistryVersions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.ImportedBy).HasMaxLength(256);
        builder.Property(v => v.FileName).HasMaxLength(260);
        builder.Property(v => v.FileSha256).HasMaxLength(64).IsFixedLength();
        builder.Property(v => v.Format).HasMaxLength(8);
        builder.Property(v => v.Encoding).HasMaxLength(32);
        builder.Property(v => v.Scope).HasMaxLength(200);
        builder.HasIndex(v => v.FileSha256);
    }
}
