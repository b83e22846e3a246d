using Callback.Domain.Calls;
using Callback.Persistence;
using Callback.Telephony;
using Callback.Telephony.Resilience;
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

    /// <summary>
    /// One pass: returns how many recordings were deleted. Each is deleted on its own: one that fails (the provider
    /// away, a save refused) is logged and tried again at the next pass, and does not keep the others past their
    /// retention.
    /// </summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken ct)
    {
        var cutoff = time.GetUtcNow().AddDays(-policy.RetentionDays);
        List<long> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<CallbackDbContext>().Calls.AsNoTracking()
                .Where(c => c.Recording!.Status == RecordingStatus.Sealed).ToListAsync(ct);
            due = [.. stored.Where(c => c.Recording!.StoredAt < cutoff).Select(c => c.Id)];
        }

        var deleted = 0;
        foreach (var callId in due)
        {
            try
            {
                if (await DeleteAsync(callId, ct))
                    deleted++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogDeleteFailed(logger, e, callId);
            }
        }

        return deleted;
    }

    private async Task<bool> DeleteAsync(long callId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
        var call = await db.Calls.FirstAsync(c => c.Id == callId, ct);
        if (call.Recording is not { Status: RecordingStatus.Sealed } recording)
            return false;
        if (policy.DeleteAtProvider && recording.Sid is { } sid)
        {
            if (call.Provider != provider.Name)
            {
                // Made through another provider than the one configured now (the simulator before Twilio, say): only
                // the copy here can be deleted. Said loudly, in case that provider still keeps the audio.
                LogOtherProvider(logger, call.Id, call.Provider);
            }
            else
            {
                try
                {
                    await provider.DeleteRecordingAsync(sid, ct);
                }
                catch (TelephonyException gone) when (gone.Code == TelephonyException.NotFound)
                {
                    // Deleted there already (by an earlier pass whose save then failed, or by hand in the provider's
                    // console) — or the account was changed and the old one still keeps it: said loudly.
                    LogNotAtProvider(logger, call.Id);
                }
            }
        }

        store.Delete(call.Id);
        recording.Delete(time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        LogDeleted(logger, call.Id, policy.RetentionDays);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted the recording of call {CallId}: past its {Days}-day retention")]
    private static partial void LogDeleted(ILogger logger, long callId, int days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The provider has no recording of call {CallId} to delete (deleted there already, or kept by an account no longer configured); deleted here")]
    private static partial void LogNotAtProvider(ILogger logger, long callId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The recording of call {CallId} was made through {Provider}, not the provider configured now: deleted here only; delete it there by hand if it still keeps it")]
    private static partial void LogOtherProvider(ILogger logger, long callId, string provider);

    [LoggerMessage(Level = LogLevel.Error, Message = "The recording of call {CallId} could not be deleted; tried again at the next pass")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, long callId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The recording retention run failed")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}
