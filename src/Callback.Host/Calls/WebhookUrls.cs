using System.Globalization;
using Callback.Telephony;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Callback.Host.Calls;

/// <summary>
/// The addresses the provider calls back: Telephony:Twilio:PublicBaseUrl for Twilio (as Twilio reaches it, behind
/// any proxy), Callback's own listening address for the simulator (or Telephony:Simulator:PublicBaseUrl, a load
/// balancer's). Signatures are checked against the same.
/// </summary>
public sealed class WebhookUrls(IOptions<TelephonyOptions> options, IServer server)
{
    public const string Prefix = "/telephony/twilio";

    public Uri Base
    {
        get
        {
            if (options.Value.UsesTwilio)
                return new Uri(options.Value.Twilio.PublicBaseUrl!.TrimEnd('/'));
            if (!string.IsNullOrWhiteSpace(options.Value.Simulator.PublicBaseUrl))
                return new Uri(options.Value.Simulator.PublicBaseUrl.TrimEnd('/'));
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:5080";
            return new Uri(address.Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal).Replace("://+", "://127.0.0.1", StringComparison.Ordinal));
        }
    }

    public Uri Voice(long call) => Make("voice", call);

    public Uri Status(long call) => Make("status", call);

    public Uri Recording(long call) => Make("recording-status", call);

    /// <summary>Where answering-machine detection reports who answered (AsyncAmdStatusCallback).</summary>
    public Uri MachineDetection(long call) => Make("amd", call);

    public Uri Prompt(string scriptKey, string path) =>
        new($"{Base.ToString().TrimEnd('/')}/telephony/prompts/{Uri.EscapeDataString(scriptKey)}/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}");

    public Uri Gather(long call, string step) => new($"{Make("gather", call)}&step={Uri.EscapeDataString(step)}");

    /// <summary>The URL a webhook request was sent to, as the provider signed it.</summary>
    public string Signed(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Base.GetLeftPart(UriPartial.Authority) + Base.AbsolutePath.TrimEnd('/') + request.Path + request.QueryString;
    }

    private Uri Make(string hook, long call) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{Base.ToString().TrimEnd('/')}{Prefix}/{hook}?call={call}"));
}
