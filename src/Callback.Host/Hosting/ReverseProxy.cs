using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Callback.Host.Hosting;

/// <summary>
/// Behind a load balancer every request comes from the balancer: its <c>X-Forwarded-For</c> and <c>-Proto</c> are
/// believed when it is one of <c>ReverseProxy:KnownProxies</c> (and nobody else's), so that the sign-in throttle and
/// the logs see the browser's address, not the proxy's.
/// </summary>
public static class ReverseProxy
{
    public sealed class Options
    {
        public const string Section = "ReverseProxy";

        /// <summary>The proxies' addresses, comma-separated (10.0.0.2, 10.0.0.3); empty: Callback is reached directly.</summary>
        public string KnownProxies { get; set; } = string.Empty;

        public IReadOnlyList<string> Listed => KnownProxies.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries);
    }

    public static IHostApplicationBuilder AddReverseProxy(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<Options>().BindConfiguration(Options.Section)
            .Validate(o => o.Listed.All(a => IPAddress.TryParse(a, out _)),
                "ReverseProxy:KnownProxies must list IP addresses (10.0.0.2, 10.0.0.3), not host names.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IConfigureOptions<ForwardedHeadersOptions>, ForwardedFromKnownProxies>();
        return builder;
    }

    public static WebApplication UseReverseProxy(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<IOptions<Options>>().Value.Listed.Count > 0)
            app.UseForwardedHeaders();
        return app;
    }

    private sealed class ForwardedFromKnownProxies(IOptions<Options> options) : IConfigureOptions<ForwardedHeadersOptions>
    {
        public void Configure(ForwardedHeadersOptions forwarded)
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var address in options.Value.Listed)
                forwarded.KnownProxies.Add(IPAddress.Parse(address));
        }
    }
}
