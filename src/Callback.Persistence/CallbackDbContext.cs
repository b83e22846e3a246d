using Callback.Domain.Calls;
using Callback.Domain.Findings;
using Callback.Domain.Inspections;
using Callback.Domain.Plans;
using Callback.Domain.Registry;
using Callback.Domain.Sampling;
using Callback.Domain.Scoring;
using Callback.Persistence.Identity;
using Callback.Persistence.Registry;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Callback.Persistence;

public sealed class CallbackDbContext(DbContextOptions<CallbackDbContext> options) : IdentityDbContext<CallbackUser>(options)
{
    public DbSet<RegistryVersion> RegistryVersions => Set<RegistryVersion>();

    public DbSet<PersonRevision> PersonRevisions => Set<PersonRevision>();

    public DbSet<Inspection> Inspections => Set<Inspection>();

    public DbSet<InspectorAssignment> InspectorAssignments => Set<InspectorAssignment>();

    public DbSet<SealedDraw> Draws => Set<SealedDraw>();

    public DbSet<CallAttempt> CallAttempts => Set<CallAttempt>();

    public DbSet<FindingEntry> FindingEntries => Set<FindingEntry>();

    public DbSet<Replacement> Replacements => Set<Replacement>();

    public DbSet<ItemScoreEntry> ItemScores => Set<ItemScoreEntry>();

    public DbSet<UnitFiguresEntry> UnitFigures => Set<UnitFiguresEntry>();

    public DbSet<ScorecardLock> ScorecardLocks => Set<ScorecardLock>();

    public DbSet<FeedbackItem> FeedbackItems => Set<FeedbackItem>();

    public DbSet<Registry.ImportJobRecord> ImportJobs => Set<Registry.ImportJobRecord>();

    public DbSet<Call> Calls => Set<Call>();

    public DbSet<ConsentEvent> ConsentEvents => Set<ConsentEvent>();

    public DbSet<TextLink> TextLinks => Set<TextLink>();

    public DbSet<VerificationPlan> Plans => Set<VerificationPlan>();

    public DbSet<Outbox.OutboxEvent> OutboxEvents => Set<Outbox.OutboxEvent>();

    public DbSet<Outbox.WebhookSubscription> WebhookSubscriptions => Set<Outbox.WebhookSubscription>();

    public DbSet<Outbox.WebhookDelivery> WebhookDeliveries => Set<Outbox.WebhookDelivery>();

    /// <summary>Every save of a call raises its <see cref="Call.Version"/> (its concurrency token).</summary>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        foreach (var entry in ChangeTracker.Entries<Call>().Where(e => e.State == EntityState.Modified))
            entry.Entity.Version = entry.Property(c => c.Version).OriginalValue + 1;
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// PostgreSQL keeps instants as <c>timestamptz</c> and Npgsql accepts only UTC ones; the clock's local offsets
    /// (Shanghai's +08:00) are turned to UTC on the way in. The same instant comes back, with offset zero.
    /// SQLite keeps the text it was given, offset and all, as its migrations always have.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        if (Database.IsNpgsql())
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcInstants>();
    }

    private sealed class UtcInstants() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, DateTimeOffset>(
        instant => instant.ToUniversalTime(), stored => stored);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CallbackDbContext).Assembly);
        if (Database.IsNpgsql())
            PersonRevisionConfiguration.ConfigurePostgres(builder.Entity<PersonRevision>());
    }
}
