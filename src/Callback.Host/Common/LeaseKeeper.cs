using Callback.Persistence;
using Callback.Persistence.Leases;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Common;

/// <summary>
/// Scheduled work runs on one instance at a time: before each pass a worker holds (takes or renews) the lease of its
/// work in the database; another instance gets it only once it has expired (its holder died or stopped renewing).
/// </summary>
public sealed class LeaseKeeper(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>This process, as the leases name it.</summary>
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

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
