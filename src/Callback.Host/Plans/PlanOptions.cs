namespace Callback.Host.Plans;

/// <summary>Plans: how often the running verification plans are looked at.</summary>
public sealed class PlanOptions
{
    public const string Section = "Plans";

    /// <summary>Seconds between two runs of the plans (default 30): a try falls due at most this late.</summary>
    public int TickSeconds { get; set; } = 30;
}
