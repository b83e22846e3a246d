using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;

namespace Callback.Host.Events;

public static class EventsRegistration
{
    /// <summary>SignalR, the hub's publisher, and the bearer token read from the query string for WebSockets.</summary>
    public static IHostApplicationBuilder AddInspectionEvents(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSignalR();
        builder.Services.AddSingleton<InspectionEvents>();
        builder.Services.AddSingleton<Web.Live.ConsoleFeed>();

        // Browsers cannot set headers on a WebSocket: the hub also takes the bearer token from the query string.
        builder.Services.Configure<BearerTokenOptions>(IdentityConstants.BearerScheme, options => options.Events = new BearerTokenEvents
        {
            OnMessageReceived = context =>
            {
                if (context.Request.Path.StartsWithSegments(InspectionHub.Path) && context.Request.Query["access_token"] is { Count: > 0 } token)
                    context.Token = token;
                return Task.CompletedTask;
            },
        });
        return builder;
    }
}
