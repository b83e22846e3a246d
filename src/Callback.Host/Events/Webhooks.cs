using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Callback.Persistence.Outbox;

namespace Callback.Host.Events;

/// <summary>
/// How a delivery is signed: <c>Callback-Signature: v1=HEX</c>, the HMAC-SHA256 with the subscription's secret of
/// <c>{timestamp}.{body}</c>, where the timestamp (Unix seconds) is sent as <c>Callback-Timestamp</c>. A receiver
/// recomputes it and refuses a timestamp more than five minutes off (a replay).
/// </summary>
public static class Webhooks
{
    public const string EventIdHeader = "Callback-Event-Id";
    public const string TimestampHeader = "Callback-Timestamp";
    public const string SignatureHeader = "Callback-Signature";
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static string Sign(string secret, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(body);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{timestamp}.{body}")));
        return "v1=" + Convert.ToHexStringLower(mac);
    }

    /// <summary>What a receiver does: the signature matches (in constant time) and the timestamp is recent.</summary>
    public static bool Verify(string secret, string? timestamp, string body, string? signature, DateTimeOffset now)
    {
        if (signature is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return false;
        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance)
            return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, seconds, body)), Encoding.ASCII.GetBytes(signature));
    }

    /// <summary>Whether a subscription takes an event: its inspection (or all) and its kinds (or all).</summary>
    public static bool Wants(WebhookSubscription subscription, OutboxEvent stored)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(stored);
        return (subscription.InspectionId is null || subscription.InspectionId == stored.InspectionId)
            && (subscription.Kinds is null || subscription.Kinds.Split(',').Contains(stored.Kind));
    }

    /// <summary>The wait before try <paramref name="attempt"/> + 1: 30 s, doubling, at most six hours.</summary>
    public static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromSeconds(Math.Min(30 * Math.Pow(2, Math.Max(0, attempt - 1)), TimeSpan.FromHours(6).TotalSeconds));

    /// <summary>How long a receiver has to answer one try.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a claimed try is not due for anyone else: its timeout and a margin for saving the answer. A try whose
    /// answer was never saved (the process died) is made again after it.
    /// </summary>
    public static readonly TimeSpan InFlight = TimeSpan.FromSeconds(30);

    /// <summary>Tries before a delivery is given up (about four hours of backoff).</summary>
    public const int MaxAttempts = 10;
}

/// <summary>Wakes the sender when deliveries were added.</summary>
public sealed class WebhookSignal : Common.WakeSignal;
