namespace Callback.Benchmarks;

/// <summary>
/// The system clock moved to 10:00 in Asia/Shanghai, so a benchmark keeps within calling hours whenever it runs; the
/// soak moves it on a day at a time (<see cref="NextDay"/>) when the calling policy's daily limits are reached.
/// </summary>
internal sealed class MorningClock : TimeProvider
{
    private TimeSpan _shift = Shift();

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _shift;

    public void NextDay() => _shift += TimeSpan.FromDays(1);

    private static TimeSpan Shift()
    {
        var now = System.GetUtcNow();
        var shanghai = now.ToOffset(TimeSpan.FromHours(8));
        return new DateTimeOffset(shanghai.Year, shanghai.Month, shanghai.Day, 10, 0, 0, TimeSpan.FromHours(8)) - now;
    }
}
