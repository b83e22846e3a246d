namespace Callback.Telephony.Resilience;

/// <summary>
/// The one failure the telephony port lets out, whatever the provider or the resilience underneath said: a code the
/// API and the console show (invalid-number, provider-not-found, provider-busy, provider-refused, provider-unavailable,
/// provider-unreachable), the reason in Chinese, and whether trying later may work.
/// </summary>
public sealed class TelephonyException(string code, string message, bool transient, int? providerCode = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The provider has no such call, recording or account (any more). Not the API's own not-found: this is the provider's answer.</summary>
    public const string NotFound = "provider-not-found";

    public string Code { get; } = code;

    /// <summary>A fault of the network or the provider's load: the same request may work later.</summary>
    public bool Transient { get; } = transient;

    /// <summary>The provider's own error code (Twilio's 21211, say), when it gave one.</summary>
    public int? ProviderCode { get; } = providerCode;
}
