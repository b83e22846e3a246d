namespace Callback.Tests.Support;

/// <summary>
/// The system clock moved so that it reads 10:00 in Asia/Shanghai (inside the calling hours) when created, and
/// keeps ticking from there; timers and delays stay real. A test may move it on (to the afternoon, the next day).
/// </summary>
public sealed class ShanghaiMorningClock : TimeProvider
{
    private TimeSpan _shift;

    public ShanghaiMorningClock()
    {
        var now = System.GetUtcNow();
        var shanghai = now.ToOffset(TimeSpan.FromHours(8));
        var morning = new DateTimeOffset(shanghai.Year, shanghai.Month, shanghai.Day, 10, 0, 0, TimeSpan.FromHours(8));
        _shift = morning - now;
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _shift;

    /// <summary>Today's date in Asia/Shanghai, as the clock reads it.</summary>
    public DateOnly Today => DateOnly.FromDateTime(GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);

    public void Advance(TimeSpan by) => _shift += by;
}
