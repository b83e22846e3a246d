namespace Callback.Telephony;

/// <summary>
/// A call to place: whom, where the provider asks for instructions and reports status, and where it reports who
/// answered (answering-machine detection, asynchronous: the person hears the greeting at once).
/// </summary>
public sealed record OutgoingCall(string To, Uri VoiceUrl, Uri StatusCallback, int RingSeconds, SimulatedPerson? Simulation, Uri? MachineDetectionCallback = null);

/// <summary>The provider's view of a call, to reconcile after a restart.</summary>
public sealed record ProviderCall(string Sid, string Status);

/// <summary>The provider's view of a recording, to reconcile one whose status callback never arrived.</summary>
public sealed record ProviderRecording(string Sid, string Status, string? Url);

/// <summary>
/// The port every telephony provider implements: Twilio, or the local simulator that exercises the same
/// webhooks. Every call goes through the caller's resilience pipeline.
/// </summary>
public interface ITelephonyProvider
{
    string Name { get; }

    /// <summary>True when calls reach real telephones (synthetic records are then never dialled).</summary>
    bool ReachesRealPhones { get; }

    /// <summary>The key webhooks are signed with (X-Twilio-Signature).</summary>
    string WebhookSigningKey { get; }

    /// <summary>The number calls come from.</summary>
    string FromNumber { get; }

    Task<string> PlaceCallAsync(OutgoingCall call, CancellationToken cancellationToken);

    Task<ProviderCall> FetchCallAsync(string callSid, CancellationToken cancellationToken);

    /// <summary>Sends an SMS (Twilio Messaging); returns the message's sid.</summary>
    Task<string> SendTextAsync(string to, string body, CancellationToken cancellationToken);

    /// <summary>Ends a live call (a voicemail answered it: nobody is there to verify).</summary>
    Task HangUpAsync(string callSid, CancellationToken cancellationToken);

    /// <summary>Starts recording a live call. Called only after the person's recorded "yes".</summary>
    Task<string> StartRecordingAsync(string callSid, Uri statusCallback, CancellationToken cancellationToken);

    /// <summary>A recording's status and, once finished, the URL its audio is downloaded from (as its status callback gives it).</summary>
    Task<ProviderRecording> FetchRecordingAsync(string recordingSid, CancellationToken cancellationToken);

    Task DeleteRecordingAsync(string recordingSid, CancellationToken cancellationToken);

    /// <summary>Downloads a finished recording's audio as WAV.</summary>
    Task<byte[]> DownloadRecordingAsync(string recordingUrl, CancellationToken cancellationToken);
}
