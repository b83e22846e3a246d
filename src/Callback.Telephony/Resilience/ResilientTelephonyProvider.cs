using Polly;
using Polly.CircuitBreaker;
using Twilio.Exceptions;

namespace Callback.Telephony.Resilience;

/// <summary>
/// The provider as the host sees it: every operation goes through the resilience pipeline (sending a call or an SMS
/// through the one that never repeats what may have been done; the rest through the one that retries), and any
/// failure comes out as a <see cref="TelephonyException"/>, never the SDK's or Polly's own types.
/// </summary>
/// <param name="downloading">
/// For downloading recordings' audio, when given: its own circuit and a longer timeout. Several background downloads
/// of slow media failing must not open the circuit that starting a recording after a person's consent, or hanging
/// up, goes through.
/// </param>
public sealed class ResilientTelephonyProvider(
    ITelephonyProvider inner, ResiliencePipeline placing, ResiliencePipeline controlling, ResiliencePipeline? downloading = null) : ITelephonyProvider
{
    private readonly ResiliencePipeline _downloading = downloading ?? controlling;

    /// <summary>
    /// The port as the host uses it around <paramref name="inner"/>: placing a call or an SMS is not safe to repeat;
    /// fetching, hanging up and the recordings are; recordings' audio (minutes of WAV, downloaded in the background by
    /// several workers, a failed one counted on its call and tried again) on a circuit of its own with a longer timeout.
    /// </summary>
    public static ResilientTelephonyProvider Around(ITelephonyProvider inner, TimeProvider time, ProviderHealth health) =>
        new(inner,
            placing: TelephonyPipeline.Create(time, safeToRepeat: false, health: health, circuit: health.Placing),
            controlling: TelephonyPipeline.Create(time, health: health, circuit: health.Controlling),
            downloading: TelephonyPipeline.Create(time, timeout: TimeSpan.FromSeconds(60), circuit: health.Downloading));

    /// <summary>The provider underneath (the simulator's own controls are reached through it).</summary>
    public ITelephonyProvider Inner { get; } = inner;

    public string Name => Inner.Name;

    public bool ReachesRealPhones => Inner.ReachesRealPhones;

    public string WebhookSigningKey => Inner.WebhookSigningKey;

    public string FromNumber => Inner.FromNumber;

    public Task<string> PlaceCallAsync(OutgoingCall call, CancellationToken cancellationToken) =>
        RunAsync(placing, token => Inner.PlaceCallAsync(call, token), cancellationToken);

    public Task<string> SendTextAsync(string to, string body, CancellationToken cancellationToken) =>
        RunAsync(placing, token => Inner.SendTextAsync(to, body, token), cancellationToken);

    public Task<ProviderCall> FetchCallAsync(string callSid, CancellationToken cancellationToken) =>
        RunAsync(controlling, token => Inner.FetchCallAsync(callSid, token), cancellationToken);

    public Task HangUpAsync(string callSid, CancellationToken cancellationToken) =>
        RunAsync(controlling, async token =>
        {
            await Inner.HangUpAsync(callSid, token);
            return true;
        }, cancellationToken);

    public Task<string> StartRecordingAsync(string callSid, Uri statusCallback, CancellationToken cancellationToken) =>
        RunAsync(controlling, token => Inner.StartRecordingAsync(callSid, statusCallback, token), cancellationToken);

    public Task<ProviderRecording> FetchRecordingAsync(string recordingSid, CancellationToken cancellationToken) =>
        RunAsync(controlling, token => Inner.FetchRecordingAsync(recordingSid, token), cancellationToken);

    public Task DeleteRecordingAsync(string recordingSid, CancellationToken cancellationToken) =>
        RunAsync(controlling, async token =>
        {
            await Inner.DeleteRecordingAsync(recordingSid, token);
            return true;
        }, cancellationToken);

    public Task<byte[]> DownloadRecordingAsync(string recordingUrl, CancellationToken cancellationToken) =>
        RunAsync(_downloading, token => Inner.DownloadRecordingAsync(recordingUrl, token), cancellationToken);

    private static async Task<T> RunAsync<T>(ResiliencePipeline pipeline, Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await pipeline.ExecuteAsync(async token => await operation(token), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (Translate(e) is { } failure)
        {
            TelephonyMetrics.Errors.Add(1, new KeyValuePair<string, object?>("code", failure.Code));
            throw failure;
        }
    }

    /// <summary>What a failure means to the people using Callback; null for a fault of Callback's own (a bug), which is not disguised.</summary>
    public static TelephonyException? Translate(Exception exception) => exception switch
    {
        TelephonyException same => same,
        ApiException { Code: 21211 } api => new("invalid-number", "电话号码无效，电话服务拒绝拨打（21211）", false, api.Code, api),
        ApiException { Status: 429 } api => new("provider-busy", "电话服务繁忙，多次重试仍未成功，请稍后再试", true, api.Code, api),
        // Twilio's 20404: the call, recording or account is not (or no longer) there: a deleted recording, or a wrong account.
        ApiException { Status: 404 } api => new(TelephonyException.NotFound, $"电话服务上找不到所请求的记录或账户（{api.Code}）：可能已被删除，或账户设置有误", false, api.Code, api),
        ApiException api when TelephonyPipeline.IsTransient(api) => new("provider-unreachable", $"电话服务出错（{api.Status}），多次重试仍未成功，请稍后再试", true, api.Code, api),
        ApiException api => new("provider-refused", $"电话服务拒绝了这次请求（{api.Code}）：{api.Message}", false, api.Code, api),
        BrokenCircuitException broken => new("provider-unavailable", "电话服务暂时不可用，已暂停请求，请稍后再试", true, null, broken),
        _ when TelephonyPipeline.IsTransient(exception) => new("provider-unreachable", "无法连接电话服务，多次重试仍未成功，请稍后再试", true, null, exception),
        _ => null,
    };
}
