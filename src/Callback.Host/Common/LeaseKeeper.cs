using Callback.Persistence;
using Callback.Persistence.Leases;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Common;

/// <summary>
/// Scheduled work runs on one instance at a time: before each pass a worker holds (takes or renews) the lease of its
/// work in the database; another instance gets it only once it has expired (its holder died or stopped renewing).
/// An instance is named by <c>Instance:Name</c> (default: the machine's name), so that the same instance started
/// again after a crash takes its work back at once instead of waiting for its own lease to run out.
/// </summary>
public sealed class LeaseKeeper
{
    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider time;

    public LeaseKeeper(IServiceScopeFactory scopes, TimeProvider time, InstanceName instance)
        : this(scopes, time, instance?.Value ?? throw new ArgumentNullException(nameof(instance)))
    {
    }

    internal LeaseKeeper(IServiceScopeFactory scopes, TimeProvider time, string holder)
    {
        this.scopes = scopes;
        this.time = time;
        Holder = holder;
    }

    /// <summary>This instance, as the leases name it.</summary>
    public string Holder { get; }

    /// <summary>Gives the lease up at once (if this instance still holds it), for whoever asks next.</summary>
    public async Task ReleaseAsync(string name, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
        await db.Set<Lease>().Where(l => l.Name == name && l.Holder == Holder).ExecuteDeleteAsync(ct);
    }

    /// <summary>Takes or renews the lease for <paramref name="ttl"/>; false when another instance holds it.</summary>
    public async Task<bool> HoldAsync(string name, TimeSpan ttl, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var until = now + (long)ttl.TotalMilliseconds;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
        // One statement: ours already, or expired — never two holders, whatever races.
        var renewed = await db.Set<Lease>().Where(l => l.Name == name && (l.Holder == Holder || l.ExpiresAtMs < now))
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.Holder, Holder).SetProperty(l => l.ExpiresAtMs, until), ct);
        if (renewed == 1)
            return true;
        if (await db.Set<Lease>().AnyAsync(l => l.Name == name, ct))
            return false;
        db.Set<Lease>().Add(new Lease { Name = name, Holder = Holder, ExpiresAtMs = until });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another instance created it a moment ago.
            return false;
        }
    }
}
