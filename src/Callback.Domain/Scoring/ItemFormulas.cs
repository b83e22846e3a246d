namespace Callback.Domain.Scoring;

/// <summary>The items Callback computes from figures rather than an inspector's judgement.</summary>
public static class ItemFormulas
{
    public const decimal TruthfulnessMaximum = 20m;
    public const decimal DeductionPerUntruthful = 2m;

    /// <summary>4.4: 20 points, 2 off for each untruthful record, never below 0.</summary>
    public static decimal Truthfulness(int untruthful) =>
        Math.Max(0m, TruthfulnessMaximum - (DeductionPerUntruthful * Math.Max(0, untruthful)));

    /// <summary>4.2 by its printed standard, out of 20: 100% → 20, below 95% → 10, in between by percentage.</summary>
    public static decimal EntryStandardPoints(decimal entryRate) => entryRate switch
    {
        >= 1m => 20m,
        < 0.95m => 10m,
        _ => Round(20m * entryRate),
    };

    /// <summary>4.2 within its maximum, by the configured rule.</summary>
    public static decimal Entry(decimal entryRate, int maximum, EntryItemRule rule)
    {
        var points = EntryStandardPoints(entryRate);
        return rule == EntryItemRule.CapAtMaximum ? Math.Min(maximum, points) : Round(points * maximum / 20m);
    }

    /// <summary>4.1: the coverage rate times the item's maximum.</summary>
    public static decimal Coverage(decimal coverageRate, int maximum) => Round(Math.Clamp(coverageRate, 0m, 1m) * maximum);

    public static decimal Round(decimal value) => Math.Round(value, 1, MidpointRounding.AwayFromZero);
}
