using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;

namespace Callback.Host.Events;

public static class EventsRegistration
{
    /// <summary>
    /// SignalR (with Redis as its backplane when <c>Redis:Configuration</c> is set), the outbox (its publisher to the hub,
    /// the consoles of every instance and the webhooks), the webhook sender, and the bearer token read from the query
    /// string for WebSockets.
    /// </summary>
    public static IHostApplicationBuilder AddInspectionEvents(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var signalR = builder.Services.AddSignalR();
        builder.Services.AddOptions<Configuration.RedisOptions>().BindConfiguration(Configuration.RedisOptions.Section);
        var redis = builder.Configuration.GetSection(Configuration.RedisOptions.Section).Get<Configuration.RedisOptions>() ?? new();
        if (redis.Enabled)
        {
            // Several instances: one Redis connection serves SignalR's backplane (hub clients on any instance hear every
            // group message) and the consoles' channel. Started without waiting for Redis: the health check tells.
            var configuration = StackExchange.Redis.ConfigurationOptions.Parse(redis.Configuration);
            configuration.AbortOnConnectFail = false;
            // On the connection itself: SignalR reads no options of its own when given a connection, and every channel
            // (the hub's groups, the consoles' events) is then this installation's alone.
            configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal(redis.ChannelPrefix + ":");
            var connection = new Lazy<StackExchange.Redis.IConnectionMultiplexer>(() => StackExchange.Redis.ConnectionMultiplexer.Connect(configuration));
            builder.Services.AddSingleton(_ => connection.Value);
            signalR.AddStackExchangeRedis(options => options.ConnectionFactory = _ => Task.FromResult(connection.Value));
            builder.Services.AddSingleton<RedisConsoleBroadcast>();
            builder.Services.AddSingleton<IConsoleBroadcast>(sp => sp.GetRequiredService<RedisConsoleBroadcast>());
            builder.Services.AddHostedService(sp => sp.GetRequiredService<RedisConsoleBroadcast>());
        }
        else
        {
            builder.Services.AddSingleton<IConsoleBroadcast, LocalConsoleBroadcast>();
        }

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
        builder.Services.AddHttpClient(WebhookSender.ClientName, client => client.Timeout = Webhooks.Timeout);

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
