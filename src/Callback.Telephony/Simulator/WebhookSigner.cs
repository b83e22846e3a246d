using System.Security.Cryptography;
using System.Text;

namespace Callback.Telephony.Simulator;

/// <summary>
/// Signs a webhook the way Twilio does (X-Twilio-Signature: Base64 HMAC-SHA1 over the URL and the POST
/// parameters sorted by name), so that the simulator's requests pass the same check as Twilio's.
/// </summary>
public static class WebhookSigner
{
    public static string Sign(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(authToken);
        var data = new StringBuilder(url);
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
            data.Append(name).Append(value);
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
    }
}
