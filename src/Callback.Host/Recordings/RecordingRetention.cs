using Callback.Domain.Calls;
using Callback.Persistence;
using Callback.Telephony;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Recordings;

/// <summary>Deletes recordings past the policy's retention, at the provider and locally, and logs each deletion.</summary>
public sealed partial class RecordingRetention(
    IServiceScopeFactory scopes, ITelephonyProvider provider, RecordingStore store, RecordingPolicy policy, Common.LeaseKeeper leases, TimeProvider time,
    ILogger<RecordingRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(policy.DeletionCheckHours), time);
        do
        {
            try
            {
                if (await leases.HoldAsync("retention", TimeSpan.FromHours(3 * policy.DeletionCheckHours), stoppingToken))
                    await DeleteExpiredAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRunFailed(logger, e);
            }
        }
        while (await Common.Ticks.NextAsync(timer, stoppingToken));
    }

    /// <summary>One pass: returns how many recordings were deleted.</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
        var cutoff = time.GetUtcNow().AddDays(-policy.RetentionDays);
        var stored = await db.Calls.Where(c => c.Recording!.Status == RecordingStatus.Sealed).ToListAsync(ct);
        var deleted = 0;
        foreach (var call in stored.Where(c => c.Recording!.StoredAt < cutoff))
        {
            if (policy.DeleteAtProvider && call.Recording!.Sid is { } sid)
                await provider.DeleteRecordingAsync(sid, ct);
            store.Delete(call.Id);
            call.Recording!.Delete(time.GetUtcNow());
            await db.SaveChangesAsync(ct);
            deleted++;
            LogDeleted(logger, call.Id, policy.RetentionDays);
        }

        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted the recording of call {CallId}: past its {Days}-day retention")]
    private static partial void LogDeleted(ILogger logger, long callId, int days);

    [LoggerMessage(Level = LogLevel.Error, Message = "The recording retention run failed")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}
