using Callback.Telephony;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Tests.Support;

/// <summary>The host's provider passed through: a test overrides the one or two operations it changes.</summary>
internal abstract class ForwardingProvider(ITelephonyProvider inner) : ITelephonyProvider
{
    public string Name => inner.Name;
    public bool ReachesRealPhones => inner.ReachesRealPhones;
    public string WebhookSigningKey => inner.WebhookSigningKey;
    public string FromNumber => inner.FromNumber;
    public virtual Task<string> PlaceCallAsync(OutgoingCall call, CancellationToken cancellationToken) => inner.PlaceCallAsync(call, cancellationToken);
    public virtual Task<ProviderCall> FetchCallAsync(string callSid, CancellationToken cancellationToken) => inner.FetchCallAsync(callSid, cancellationToken);
    public virtual Task<string> SendTextAsync(string to, string body, CancellationToken cancellationToken) => inner.SendTextAsync(to, body, cancellationToken);
    public virtual Task HangUpAsync(string callSid, CancellationToken cancellationToken) => inner.HangUpAsync(callSid, cancellationToken);
    public virtual Task<string> StartRecordingAsync(string callSid, Uri statusCallback, CancellationToken cancellationToken) => inner.StartRecordingAsync(callSid, statusCallback, cancellationToken);
    public virtual Task<ProviderRecording> FetchRecordingAsync(string recordingSid, CancellationToken cancellationToken) => inner.FetchRecordingAsync(recordingSid, cancellationToken);
    public virtual Task DeleteRecordingAsync(string recordingSid, CancellationToken cancellationToken) => inner.DeleteRecordingAsync(recordingSid, cancellationToken);
    public virtual Task<byte[]> DownloadRecordingAsync(string recordingUrl, CancellationToken cancellationToken) => inner.DownloadRecordingAsync(recordingUrl, cancellationToken);
}

internal static class ProviderWrapping
{
    /// <summary>Replaces the port as the host registered it with <paramref name="wrap"/> around it.</summary>
    public static void WrapTelephonyProvider(this IServiceCollection services, Func<IServiceProvider, ITelephonyProvider, ITelephonyProvider> wrap)
    {
        var registered = services.Last(d => d.ServiceType == typeof(ITelephonyProvider));
        services.Remove(registered);
        services.AddSingleton(sp => wrap(sp, registered.ImplementationFactory is { } make
            ? (ITelephonyProvider)make(sp)
            : (ITelephonyProvider)(registered.ImplementationInstance ?? ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!))));
    }
}
