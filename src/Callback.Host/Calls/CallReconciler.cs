using Callback.Domain.Calls;
using Callback.Persistence;
using Callback.Telephony;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Calls;

/// <summary>
/// Status callbacks can be missed (Callback was restarted, the network dropped one). Calls that have not ended
/// some minutes after they were placed are fetched from the provider; an ended one is finished as if its last
/// callback had arrived, so that no call is left without its outcome.
/// </summary>
public sealed partial class CallReconciler(IServiceScopeFactory scopes, ITelephonyProvider provider, CallLocks locks, TimeProvider time, ILogger<CallReconciler> logger)
    : BackgroundService
{
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(5), time);
        do
        {
            try
            {
                await ReconcileAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRunFailed(logger, e);
            }
        }
        while (await Common.Ticks.NextAsync(timer, stoppingToken));
    }

    /// <summary>One pass; returns how many calls were finished from the provider's account of them.</summary>
    public async Task<int> ReconcileAsync(CancellationToken ct)
    {
        var cutoff = time.GetUtcNow() - Grace;
        List<(long Id, string Sid)> open;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
            var candidates = await db.Calls.AsNoTracking()
                .Where(c => c.ProviderCallSid != null && c.Provider == provider.Name && c.EndedAt == null)
                .Select(c => new { c.Id, c.ProviderCallSid, c.Status, c.CreatedAt }).ToListAsync(ct);
            open = [.. candidates.Where(c => !CallStatuses.IsTerminal(c.Status) && c.CreatedAt < cutoff).Select(c => (c.Id, c.ProviderCallSid!))];
        }

        var finished = 0;
        foreach (var (id, sid) in open)
        {
            var remote = await provider.FetchCallAsync(sid, ct);
            if (!CallStatuses.IsTerminal(remote.Status))
                continue;
            await using var scope = scopes.CreateAsyncScope();
            var calls = scope.ServiceProvider.GetRequiredService<CallService>();
            using var turn = await locks.EnterAsync(id, ct);
            await calls.StatusAsync(id, sid, remote.Status, int.MaxValue, ct);
            finished++;
            LogReconciled(logger, id, remote.Status);
        }

        return finished;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId} finished from the provider's record: {Status}")]
    private static partial void LogReconciled(ILogger logger, long callId, string status);

    [LoggerMessage(Level = LogLevel.Error, Message = "The call reconciliation run failed")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}
