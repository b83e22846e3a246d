namespace Callback.Telephony.Twilio;

/// <summary>
/// The Twilio SDK builds every URL as https://{product}.twilio.com and has no base-URL setting: this handler
/// sends its requests to Telephony:Twilio:ApiBaseUrl instead (a stub in staging and tests), path and query kept.
/// </summary>
internal sealed class ApiBaseRewriter(Uri apiBase) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri)
        {
            request.RequestUri = new UriBuilder(uri) { Scheme = apiBase.Scheme, Host = apiBase.Host, Port = apiBase.Port }.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
