using System.Threading.Channels;
using Callback.Audio;
using Callback.Persistence;
using Callback.Telephony;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Recordings;

/// <summary>
/// Finished recordings are downloaded, checked with NAudio (WAV, length, silence), sealed (SHA-256) and stored
/// encrypted in the background, by <see cref="Workers"/> at once (with Twilio, a download waits on the network); the
/// call records the seal and the check. The queue is the
/// database: every recording the provider has finished and that is not sealed yet is swept in at start and every
/// few minutes, so a restart or a failed download loses none (the webhook only makes it quicker).
/// </summary>
public sealed partial class RecordingProcessor(
    IServiceScopeFactory scopes, ITelephonyProvider provider, RecordingStore store, RecordingPolicy policy, Common.LeaseKeeper leases, TimeProvider time,
    ILogger<RecordingProcessor> logger) : BackgroundService
{
    public static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Recordings processed at once, in this process. One at a time fell behind a busy day (the PostgreSQL soak: 24 calls
    /// a second ended, 3,015 of 9,441 recordings sealed by the end). In one process a call is only ever in one worker's
    /// hands (the queue holds it once); across instances the seal is saved under the call's optimistic concurrency.
    /// </summary>
    public const int Workers = 4;

    private readonly Channel<long> _queue = Channel.CreateUnbounded<long>();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, byte> _queued = new();
    private int _pending;

    public void Enqueue(long callId)
    {
        // Once in the queue at a time, however often the webhook and the sweep name it.
        if (!_queued.TryAdd(callId, 0))
            return;
        Interlocked.Increment(ref _pending);
        _queue.Writer.TryWrite(callId);
    }

    /// <summary>Queues every recording waiting for its download; returns how many it found.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
        var waiting = await db.Calls.AsNoTracking()
            .Where(c => c.Recording!.Status == Domain.Calls.RecordingStatus.Completed && c.Recording.Url != null
                && (c.Recording.DownloadFailures == null || c.Recording.DownloadFailures < Domain.Calls.RecordingEvidence.MaxDownloadFailures))
            .OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
        foreach (var id in waiting)
            Enqueue(id);
        return waiting.Count;
    }

    /// <summary>For tests and the benchmark: how many recordings wait to be processed.</summary>
    public int Pending => Volatile.Read(ref _pending);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll([SweepingAsync(stoppingToken), .. Enumerable.Range(0, Workers).Select(_ => ProcessingAsync(stoppingToken))]);

    private async Task SweepingAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SweepEvery, time);
        do
        {
            try
            {
                if (await leases.HoldAsync("recordings", 3 * SweepEvery, stoppingToken))
                {
                    await SweepAsync(stoppingToken);
                    store.DeleteAbandonedWrites(DateTimeOffset.UtcNow);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSweepFailed(logger, e);
            }
        }
        while (await Common.Ticks.NextAsync(timer, stoppingToken));
    }

    private async Task ProcessingAsync(CancellationToken stoppingToken)
    {
        await foreach (var callId in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await ProcessAsync(callId, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e, callId);
                await CountFailureAsync(callId, e);
            }
            finally
            {
                _queued.TryRemove(callId, out _);
                Interlocked.Decrement(ref _pending);
            }
        }
    }

    private async Task ProcessAsync(long callId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
        var call = await db.Calls.FirstAsync(c => c.Id == callId, ct);
        if (call.Recording is not { AwaitsDownload: true } recording)
            return;
        var audio = await provider.DownloadRecordingAsync(recording.Url!, ct);
        var check = RecordingInspector.Inspect(audio, policy.MinimumSeconds, policy.SilenceDecibels);
        var seal = RecordingVault.Seal(audio);
        Common.Failpoints.Reach(Common.Failpoints.RecordingDownloaded);
        await store.SaveAsync(call.Id, audio, ct);
        Common.Failpoints.Reach(Common.Failpoints.RecordingStored);
        var events = scope.ServiceProvider.GetRequiredService<Events.InspectionEvents>();
        // The seal and its event: one save.
        events.Stage(call.InspectionId, call.UnitCode, new Events.RecordingSealed(call.Id, seal));
        for (var attempt = 1; ; attempt++)
        {
            recording.Seal(seal, check.Seconds, check.Silent, time.GetUtcNow());
            try
            {
                await db.SaveChangesAsync(ct);
                break;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                // A webhook of the same call (its end, say) saved it meanwhile: sealed again on what it wrote.
                await db.Entry(call).ReloadAsync(ct);
                if (call.Recording is not { AwaitsDownload: true } reloaded)
                    return;
                recording = reloaded;
            }
        }

        events.Saved();
        LogStored(logger, call.Id, check.Seconds, check.Silent);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording of call {CallId} stored: {Seconds} s, silent {Silent}")]
    private static partial void LogStored(ILogger logger, long callId, double seconds, bool silent);

    /// <summary>A download or check that failed is counted on the call; after the last try the sweep leaves it.</summary>
    private async Task CountFailureAsync(long callId, Exception failure)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
            var call = await db.Calls.FirstAsync(c => c.Id == callId, CancellationToken.None);
            if (call.Recording is not { AwaitsDownload: true } recording)
                return;
            recording.DownloadFailed($"{failure.GetType().Name}: {failure.Message}");
            await db.SaveChangesAsync(CancellationToken.None);
            if (!recording.AwaitsDownload)
                LogGivenUp(logger, callId, recording.DownloadFailures ?? 0);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Counted next time (the database may be away): the sweep tries it again meanwhile. Never let it end the worker.
            LogFailed(logger, e, callId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording of call {CallId} could not be downloaded or read {Tries} times; left for an administrator")]
    private static partial void LogGivenUp(ILogger logger, long callId, int tries);

    [LoggerMessage(Level = LogLevel.Error, Message = "The sweep for recordings to download failed; it runs again")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording of call {CallId} could not be processed; the next sweep tries again")]
    private static partial void LogFailed(ILogger logger, Exception exception, long callId);
}
