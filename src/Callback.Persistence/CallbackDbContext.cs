using Callback.Domain.Registry;
using Callback.Persistence.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Callback.Persistence;

public sealed class CallbackDbContext(DbContextOptions<CallbackDbContext> options) : IdentityDbContext<CallbackUser>(options)
{
    public DbSet<RegistryVersion> RegistryVersions => Set<RegistryVersion>();

    public DbSet<PersonRevision> PersonRevisions => Set<PersonRevision>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CallbackDbContext).Assembly);
    }
}
