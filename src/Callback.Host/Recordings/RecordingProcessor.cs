using System.Threading.Channels;
using Callback.Audio;
using Callback.Persistence;
using Callback.Telephony;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Recordings;

/// <summary>
/// Finished recordings are downloaded, checked with NAudio (WAV, length, silence), sealed (SHA-256) and stored
/// encrypted, one after another in the background; the call records the seal and the check.
/// </summary>
public sealed partial class RecordingProcessor(
    IServiceScopeFactory scopes, ITelephonyProvider provider, RecordingStore store, RecordingPolicy policy, TimeProvider time,
    ILogger<RecordingProcessor> logger) : BackgroundService
{
    private readonly Channel<long> _queue = Channel.CreateUnbounded<long>();
    private int _pending;

    public void Enqueue(long callId)
    {
        Interlocked.Increment(ref _pending);
        _queue.Writer.TryWrite(callId);
    }

    /// <summary>For tests and the benchmark: how many recordings wait to be processed.</summary>
    public int Pending => Volatile.Read(ref _pending);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
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
            }
            finally
            {
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
        await store.SaveAsync(call.Id, audio, ct);
        recording.Seal(seal, check.Seconds, check.Silent, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        LogStored(logger, call.Id, check.Seconds, check.Silent);
        await scope.ServiceProvider.GetRequiredService<Events.InspectionEvents>().PublishAsync(call.InspectionId, call.UnitCode, new Events.RecordingSealed(call.Id, seal));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording of call {CallId} stored: {Seconds} s, silent {Silent}")]
    private static partial void LogStored(ILogger logger, long callId, double seconds, bool silent);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording of call {CallId} could not be processed")]
    private static partial void LogFailed(ILogger logger, Exception exception, long callId);
}
