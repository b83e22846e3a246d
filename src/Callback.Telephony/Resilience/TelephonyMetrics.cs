using System.Diagnostics.Metrics;

namespace Callback.Telephony.Resilience;

/// <summary>The port's own meter ("Callback.Telephony"): every failure it lets out, by code and operation.</summary>
public static class TelephonyMetrics
{
    public const string Name = "Callback.Telephony";

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Errors = Meter.CreateCounter<long>("callback.provider.errors", "{error}", "Telephony operations that failed after the resilience, by code");
}
