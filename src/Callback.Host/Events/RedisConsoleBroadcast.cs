using System.Text.Json;
using Callback.Host.Configuration;
using Callback.Host.Web.Live;
using Callback.Persistence.Outbox;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Callback.Host.Events;

/// <summary>
/// Several instances: an event is published once (by whichever instance's outbox publisher claimed it) on a Redis
/// channel that every instance listens to, and each hands it to its own consoles. Redis pub/sub is at most once; the
/// event stays in the database (the consoles reload their figures from it), and a repeat is dropped by its id.
/// </summary>
public sealed partial class RedisConsoleBroadcast(
    IConnectionMultiplexer redis, IOptions<RedisOptions> options, ConsoleFeed console, ILogger<RedisConsoleBroadcast> logger)
    : IConsoleBroadcast, IHostedService
{
    private RedisChannel Channel => RedisChannel.Literal($"{options.Value.ChannelPrefix}:console-events");

    public async Task PublishAsync(OutboxEvent stored, InspectionEvent change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var message = JsonSerializer.Serialize(new Message(stored.EventId, stored.InspectionId, stored.UnitCode, stored.Kind, stored.Type, stored.Data, stored.At));
        await redis.GetSubscriber().PublishAsync(Channel, message);
    }

    public async Task StartAsync(CancellationToken cancellationToken) =>
        await redis.GetSubscriber().SubscribeAsync(Channel, (_, value) => Receive(value));

    public Task StopAsync(CancellationToken cancellationToken) => redis.GetSubscriber().UnsubscribeAsync(Channel);

    private void Receive(RedisValue value)
    {
        try
        {
            var message = JsonSerializer.Deserialize<Message>(value.ToString())!;
            console.Publish(OutboxMessages.Read(new OutboxEvent
            {
                EventId = message.EventId, InspectionId = message.InspectionId, UnitCode = message.UnitCode, Kind = message.Kind,
                Type = message.Type, Data = message.Data, At = message.At,
            }));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException)
        {
            // A message from another version (or not ours at all) is skipped; the next one is read.
            LogUnreadable(logger, e);
        }
    }

    private sealed record Message(Guid EventId, int InspectionId, string? UnitCode, string Kind, string Type, string Data, DateTimeOffset At);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A console event from Redis could not be read and is skipped")]
    private static partial void LogUnreadable(ILogger logger, Exception exception);
}
