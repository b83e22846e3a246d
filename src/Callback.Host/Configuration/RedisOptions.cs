namespace Callback.Host.Configuration;

/// <summary>Redis, for several instances: SignalR's backplane and the consoles' events reach every instance through it.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis configuration ("redis.internal:6379,password=…"); empty: one instance, no Redis.</summary>
    public string Configuration { get; set; } = string.Empty;

    /// <summary>Prefixes this installation's channels, so that two installations may share one Redis.</summary>
    public string ChannelPrefix { get; set; } = "callback";

    public bool Enabled => !string.IsNullOrWhiteSpace(Configuration);
}
