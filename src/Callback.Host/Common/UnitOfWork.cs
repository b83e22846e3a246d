using Callback.Persistence;

namespace Callback.Host.Common;

/// <summary>
/// One step, one transaction: every save made inside <see cref="RunAsync{T}"/> and every event it publishes (written
/// to the outbox) commit together or not at all, and the outbox is told after the commit. A unit of work inside
/// another joins it.
/// </summary>
public sealed class UnitOfWork(CallbackDbContext db, Events.OutboxSignal outbox)
{
    public async Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (db.Database.CurrentTransaction is not null)
            return await work();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var result = await work();
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        outbox.Notify();
        return result;
    }

    public Task RunAsync(Func<Task> work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync(async () =>
        {
            await work();
            return true;
        }, ct);
    }
}
