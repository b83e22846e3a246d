using System.Text.Json;
using Callback.Host.Web.Live;
using Callback.Persistence.Outbox;
using StackExchange.Redis;

namespace Callback.Host.Events;

/// <summary>
/// Several instances: an event is published once (by whichever instance's outbox publisher claimed it) on a Redis
/// channel that every instance listens to, and each hands it to its own consoles. Redis pub/sub is at most once; the
/// event stays in the database (the consoles reload their figures from it), and a repeat is dropped by its id.
/// </summary>
public sealed partial class RedisConsoleBroadcast(
    IConnectionMultiplexer redis, ConsoleFeed console, ILogger<RedisConsoleBroadcast> logger)
    : IConsoleBroadcast, IHostedService, IDisposable
{
    // The connection prefixes it ("callback:console-events").
    private static readonly RedisChannel Channel = RedisChannel.Literal("console-events");

    private readonly CancellationTokenSource _stopping = new();

    public bool Connected => redis.IsConnected;

    public async Task PublishAsync(OutboxEvent stored, InspectionEvent change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!redis.IsConnected)
        {
            // Redis is away: a command now would wait for it to time out. This instance's consoles still hear it.
            console.Publish(change);
            return;
        }

        var message = JsonSerializer.Serialize(new Message(stored.EventId, stored.InspectionId, stored.UnitCode, stored.Kind, stored.Type, stored.Data, stored.At));
        await redis.GetSubscriber().PublishAsync(Channel, message);
    }

    /// <summary>Subscribes in the background until Redis answers: an instance starts (and serves) while Redis is down.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(async () =>
        {
            while (!_stopping.IsCancellationRequested)
            {
                try
                {
                    await redis.GetSubscriber().SubscribeAsync(Channel, (_, value) => Receive(value));
                    return;
                }
                catch (Exception e) when (e is RedisException or TimeoutException)
                {
                    LogNotSubscribed(logger, e);
                    await Task.Delay(TimeSpan.FromSeconds(5), _stopping.Token).ContinueWith(static _ => { }, TaskScheduler.Default);
                }
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await redis.GetSubscriber().UnsubscribeAsync(Channel);
        }
        catch (RedisException)
        {
            // Gone already: nothing to leave.
        }
    }

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

    public void Dispose() => _stopping.Dispose();

    private sealed record Message(Guid EventId, int InspectionId, string? UnitCode, string Kind, string Type, string Data, DateTimeOffset At);

    [LoggerMessage(Level = LogLevel.Error, Message = "Redis does not answer: this instance's consoles hear no events until it does; tried again in 5 s")]
    private static partial void LogNotSubscribed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A console event from Redis could not be read and is skipped")]
    private static partial void LogUnreadable(ILogger logger, Exception exception);
}
