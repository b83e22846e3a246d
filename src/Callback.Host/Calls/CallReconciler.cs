using Callback.Domain.Calls;
using Callback.Persistence;
using Callback.Telephony;
using Callback.Telephony.Resilience;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Calls;

/// <summary>
/// Status callbacks can be missed (Callback was restarted, the network dropped one). Calls that have not ended
/// some minutes after they were placed are fetched from the provider; an ended one is finished as if its last
/// callback had arrived, so that no call is left without its outcome. At start every live call is asked about at
/// once (the process may have died while it rang), and a call whose status ended but which never became an attempt
/// is finished, whatever its status. A consented recording whose call has ended but whose status callback never came
/// (the process was down when the provider sent it) is fetched from the provider too, so that it is sealed.
/// </summary>
public sealed partial class CallReconciler(
    IServiceScopeFactory scopes, ITelephonyProvider provider, CallLocks locks, Common.LeaseKeeper leases, TimeProvider time, ILogger<CallReconciler> logger)
    : BackgroundService
{
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(10);

    /// <summary>How long a pass's lease holds: three passes' time, so that one slow pass does not hand the work over.</summary>
    public static readonly TimeSpan LeaseTerm = TimeSpan.FromMinutes(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(5), time);
        var first = true;
        do
        {
            try
            {
                if (await PassAsync(atStart: first, stoppingToken) is not null)
                    first = false;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRunFailed(logger, e);
            }
        }
        while (await Common.Ticks.NextAsync(timer, stoppingToken));
    }

    /// <summary>
    /// One scheduled pass over calls and recordings, if this instance holds (or can take) the reconciler's lease:
    /// returns how many calls it finished, or null when another instance holds the lease. An instance that died holding
    /// it leaves its calls to the others once the lease has run out (<see cref="LeaseTerm"/>).
    /// </summary>
    public async Task<int?> PassAsync(bool atStart, CancellationToken ct)
    {
        if (!await leases.HoldAsync("reconciler", LeaseTerm, ct))
            return null;
        var finished = await ReconcileAsync(ct, atStart);
        await ReconcileRecordingsAsync(ct, atStart);
        return finished;
    }

    /// <summary>
    /// One pass; returns how many calls were finished. <paramref name="atStart"/>: every live call is asked about, not
    /// only those placed more than <see cref="Grace"/> ago.
    /// </summary>
    public async Task<int> ReconcileAsync(CancellationToken ct, bool atStart = false)
    {
        var cutoff = time.GetUtcNow() - (atStart ? TimeSpan.Zero : Grace);
        List<(long Id, string Sid)> open;
        List<long> unfinished;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
            var candidates = await db.Calls.AsNoTracking()
                .Where(c => c.AttemptId == null)
                .Select(c => new { c.Id, c.ProviderCallSid, c.Provider, c.Status, c.CreatedAt, c.FailureCode }).ToListAsync(ct);
            // Ended at the provider without becoming an attempt. A placement that failed (no sid, or a failure code
            // written by Callback itself) never rang anyone and is no attempt.
            unfinished = [.. candidates.Where(c => CallStatuses.IsTerminal(c.Status) && c.ProviderCallSid is not null && c.FailureCode is null).Select(c => c.Id)];
            open = [.. candidates.Where(c => c.ProviderCallSid is not null && c.Provider == provider.Name && !CallStatuses.IsTerminal(c.Status) && c.CreatedAt < cutoff)
                .Select(c => (c.Id, c.ProviderCallSid!))];
        }

        var finished = 0;
        foreach (var id in unfinished)
        {
            try
            {
                if (await OnCallAsync(id, calls => calls.FinishEndedAsync(id, ct), ct))
                {
                    finished++;
                    LogFinished(logger, id);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One call that cannot be finished (its script gone, a conflict) does not stop the others.
                LogCallFailed(logger, e, id);
            }
        }

        foreach (var (id, sid) in open)
        {
            ProviderCall remote;
            try
            {
                remote = await provider.FetchCallAsync(sid, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One call the provider cannot tell about does not stop the others; it is asked again next pass.
                LogFetchFailed(logger, e, id);
                continue;
            }

            if (!CallStatuses.IsTerminal(remote.Status))
                continue;
            try
            {
                await OnCallAsync(id, async calls =>
                {
                    await calls.StatusAsync(id, sid, remote.Status, int.MaxValue, ct);
                    return true;
                }, ct);
                finished++;
                LogReconciled(logger, id, remote.Status);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogCallFailed(logger, e, id);
            }
        }

        return finished;
    }

    /// <summary>
    /// The recordings of ended calls still "requested" or "in progress" (their status callback was missed): each is
    /// fetched from the provider and its report applied as the callback's would be (a finished one joins the recordings
    /// queue). <paramref name="atStart"/>: every such recording; otherwise only those of calls ended more than
    /// <see cref="Grace"/> ago (the provider's callback normally comes within seconds). Returns how many changed.
    /// </summary>
    public async Task<int> ReconcileRecordingsAsync(CancellationToken ct, bool atStart = false)
    {
        var cutoff = time.GetUtcNow() - Grace;
        List<(long Id, string Sid)> waiting;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
            var candidates = await db.Calls.AsNoTracking()
                .Where(c => (c.Recording!.Status == RecordingStatus.Requested || c.Recording.Status == RecordingStatus.InProgress)
                    && c.Recording.Sid != null && c.Provider == provider.Name
                    && (c.Recording.DownloadFailures == null || c.Recording.DownloadFailures < RecordingEvidence.MaxDownloadFailures))
                .Select(c => new { c.Id, c.Recording!.Sid, c.Status, c.StatusChangedAt }).ToListAsync(ct);
            waiting = [.. candidates.Where(c => CallStatuses.IsTerminal(c.Status) && (atStart || c.StatusChangedAt is null || c.StatusChangedAt < cutoff))
                .Select(c => (c.Id, c.Sid!))];
        }

        var changed = 0;
        foreach (var (id, sid) in waiting)
        {
            try
            {
                var remote = await provider.FetchRecordingAsync(sid, ct);
                if (await OnCallAsync(id, calls => calls.RecordingAsync(id, sid, remote.Status, remote.Url, ct), ct))
                {
                    changed++;
                    LogRecordingReconciled(logger, id, remote.Status);
                }
            }
            catch (TelephonyException e) when (!e.Transient)
            {
                // The provider refuses (it has no such recording): counted like a failed download, and after the last
                // allowed try the call is left with the reason, for an administrator.
                LogRecordingFailed(logger, e, id);
                await CountFetchFailureAsync(id, e, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Asked again next pass; one recording does not stop the others.
                LogRecordingFailed(logger, e, id);
            }
        }

        return changed;
    }

    /// <summary>
    /// One step on a call, under its lock, as its webhooks are handled: when another step saved the call between this
    /// one's read and its save (its recording sealed at the same moment, a webhook on another instance), nothing of
    /// this one was kept, and it is done again on what the other wrote.
    /// </summary>
    private async Task<T> OnCallAsync<T>(long id, Func<CallService, Task<T>> step, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                using var turn = await locks.EnterAsync(id, ct);
                return await step(scope.ServiceProvider.GetRequiredService<CallService>());
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
            }
        }
    }

    private async Task CountFetchFailureAsync(long id, TelephonyException failure, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
        using var turn = await locks.EnterAsync(id, ct);
        var call = await db.Calls.FirstAsync(c => c.Id == id, ct);
        call.Recording?.DownloadFailed($"fetch {failure.Code}: {failure.Message}");
        await db.SaveChangesAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording of call {CallId} taken from the provider's record: {Status}")]
    private static partial void LogRecordingReconciled(ILogger logger, long callId, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording of call {CallId} could not be fetched from the provider; asked again next pass")]
    private static partial void LogRecordingFailed(ILogger logger, Exception exception, long callId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallId} had ended without becoming an attempt; finished now")]
    private static partial void LogFinished(ILogger logger, long callId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Call {CallId} could not be finished; tried again next pass")]
    private static partial void LogCallFailed(ILogger logger, Exception exception, long callId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallId} could not be fetched from the provider; asked again next pass")]
    private static partial void LogFetchFailed(ILogger logger, Exception exception, long callId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId} finished from the provider's record: {Status}")]
    private static partial void LogReconciled(ILogger logger, long callId, string status);

    [LoggerMessage(Level = LogLevel.Error, Message = "The call reconciliation run failed")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}
