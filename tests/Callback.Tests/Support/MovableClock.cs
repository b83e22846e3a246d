namespace Callback.Tests.Support;

/// <summary>
/// The system clock, moved on by <see cref="Advance"/>: for a host that must see time pass (another instance's lease
/// running out) beside processes that keep the real time.
/// </summary>
public sealed class MovableClock : TimeProvider
{
    private TimeSpan _shift;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _shift;

    public void Advance(TimeSpan by) => _shift += by;
}
