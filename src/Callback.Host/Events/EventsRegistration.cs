using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;

namespace Callback.Host.Events;

public static class EventsRegistration
{
    /// <summary>
    /// SignalR, the outbox (its publisher to the hub, the consoles and the webhooks), the webhook sender, and the bearer
    /// token read from the query string for WebSockets.
    /// </summary>
    public static IHostApplicationBuilder AddInspectionEvents(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSignalR();
        builder.Services.AddScoped<InspectionEvents>();
        builder.Services.AddScoped<Common.UnitOfWork>();
        builder.Services.AddSingleton<Common.LeaseKeeper>();
        builder.Services.AddSingleton<ImportEvents>();
        builder.Services.AddSingleton<Web.Live.ConsoleFeed>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxPublisher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxPublisher>());
        builder.Services.AddSingleton<WebhookSignal>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WebhookSender>());
        builder.Services.AddHttpClient(WebhookSender.ClientName, client => client.Timeout = TimeSpan.FromSeconds(10));

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
