namespace Callback.Tests.Support;

/// <summary>
/// The system clock moved so that it reads 10:00 in Asia/Shanghai (inside the calling hours) when created, and
/// keeps ticking from there; timers and delays stay real.
/// </summary>
public sealed class ShanghaiMorningClock : TimeProvider
{
    private readonly TimeSpan _shift;

    public ShanghaiMorningClock()
    {
        var now = System.GetUtcNow();
        var shanghai = now.ToOffset(TimeSpan.FromHours(8));
        var morning = new DateTimeOffset(shanghai.Year, shanghai.Month, shanghai.Day, 10, 0, 0, TimeSpan.FromHours(8));
        _shift = morning - now;
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _shift;
}
