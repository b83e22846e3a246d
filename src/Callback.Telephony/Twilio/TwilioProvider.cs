using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;
using CallRecording = Twilio.Rest.Api.V2010.Account.Call.RecordingResource;
using HttpClient = System.Net.Http.HttpClient;
using HttpMethod = Twilio.Http.HttpMethod;

namespace Callback.Telephony.Twilio;

/// <summary>Twilio Programmable Voice through the Twilio SDK (no hand-written REST).</summary>
public sealed class TwilioProvider : ITelephonyProvider, IDisposable
{
    private static readonly List<string> StatusEvents = ["initiated", "ringing", "answered", "completed"];
    private static readonly List<string> RecordingEvents = ["in-progress", "completed", "absent"];

    private readonly TwilioSettings _settings;
    private readonly HttpClient _http;
    private readonly TwilioRestClient _client;

    public TwilioProvider(IOptions<TelephonyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _settings = options.Value.Twilio;
        var apiBase = new Uri(_settings.ApiBaseUrl);
        _http = new HttpClient(new ApiBaseRewriter(apiBase) { InnerHandler = new HttpClientHandler() }) { Timeout = TimeSpan.FromSeconds(15) };
        _client = new TwilioRestClient(_settings.AccountSid!, _settings.AuthToken!, httpClient: new SystemNetHttpClient(_http));
    }

    public string Name => TelephonyOptions.TwilioName;

    public bool ReachesRealPhones => true;

    public string WebhookSigningKey => _settings.AuthToken!;

    public string FromNumber => _settings.FromNumber!;

    public async Task<string> PlaceCallAsync(OutgoingCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        // Recording is never requested here: it starts through the API only after the person's "yes".
        var created = await CallResource.CreateAsync(
            to: new PhoneNumber(call.To),
            from: new PhoneNumber(FromNumber),
            url: call.VoiceUrl,
            method: HttpMethod.Post,
            statusCallback: call.StatusCallback,
            statusCallbackMethod: HttpMethod.Post,
            statusCallbackEvent: StatusEvents,
            timeout: call.RingSeconds,
            // Answering-machine detection, asynchronous: the greeting plays at once; who answered is posted apart.
            machineDetection: call.MachineDetectionCallback is null ? null : "Enable",
            asyncAmd: call.MachineDetectionCallback is null ? null : "true",
            asyncAmdStatusCallback: call.MachineDetectionCallback,
            asyncAmdStatusCallbackMethod: call.MachineDetectionCallback is null ? null : HttpMethod.Post,
            client: _client).WaitAsync(cancellationToken).ConfigureAwait(false);
        return created.Sid;
    }

    public async Task<string> SendTextAsync(string to, string body, CancellationToken cancellationToken)
    {
        var message = await MessageResource.CreateAsync(to: new PhoneNumber(to), from: new PhoneNumber(FromNumber), body: body, client: _client)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return message.Sid;
    }

    public Task HangUpAsync(string callSid, CancellationToken cancellationToken) =>
        CallResource.UpdateAsync(pathSid: callSid, status: CallResource.UpdateStatusEnum.Completed, client: _client).WaitAsync(cancellationToken);

    public async Task<ProviderCall> FetchCallAsync(string callSid, CancellationToken cancellationToken)
    {
        // The SDK takes no cancellation token: stop waiting when the caller's timeout fires.
        var call = await CallResource.FetchAsync(pathSid: callSid, client: _client).WaitAsync(cancellationToken).ConfigureAwait(false);
        return new ProviderCall(call.Sid, call.Status?.ToString() ?? "unknown");
    }

    public async Task<string> StartRecordingAsync(string callSid, Uri statusCallback, CancellationToken cancellationToken)
    {
        var recording = await CallRecording.CreateAsync(
            pathCallSid: callSid,
            recordingStatusCallbackEvent: RecordingEvents,
            recordingStatusCallback: statusCallback,
            recordingStatusCallbackMethod: HttpMethod.Post,
            recordingChannels: "mono",
            recordingTrack: "both",
            client: _client).WaitAsync(cancellationToken).ConfigureAwait(false);
        return recording.Sid;
    }

    public async Task<ProviderRecording> FetchRecordingAsync(string recordingSid, CancellationToken cancellationToken)
    {
        var recording = await RecordingResource.FetchAsync(pathSid: recordingSid, client: _client).WaitAsync(cancellationToken).ConfigureAwait(false);
        // The media's address as the recording status callback's RecordingUrl gives it (the resource's URI without .json).
        var url = recording.Uri is { } uri && uri.EndsWith(".json", StringComparison.Ordinal)
            ? $"https://api.twilio.com{uri[..^".json".Length]}"
            : $"https://api.twilio.com/2010-04-01/Accounts/{recording.AccountSid}/Recordings/{recording.Sid}";
        return new ProviderRecording(recording.Sid, recording.Status?.ToString() ?? "unknown", url);
    }

    public Task DeleteRecordingAsync(string recordingSid, CancellationToken cancellationToken) =>
        RecordingResource.DeleteAsync(pathSid: recordingSid, client: _client).WaitAsync(cancellationToken);

    /// <summary>The media of a recording: its URL plus .wav, with the account's credentials (not a REST resource of the SDK).</summary>
    public async Task<byte[]> DownloadRecordingAsync(string recordingUrl, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(System.Net.Http.HttpMethod.Get, recordingUrl + ".wav");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{_settings.AccountSid}:{_settings.AuthToken}")));
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();
}
