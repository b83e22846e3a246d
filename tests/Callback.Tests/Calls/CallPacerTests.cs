using Callback.Telephony.Resilience;
using Microsoft.Extensions.Time.Testing;

namespace Callback.Tests.Calls;

public sealed class CallPacerTests
{
    [Fact]
    public async Task The_pacer_never_lets_two_calls_into_the_same_second()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));
        using var pacer = new CallPacer(callsPerSecond: 1, time);

        await pacer.WaitTurnAsync(CancellationToken.None);
        var second = pacer.WaitTurnAsync(CancellationToken.None);
        await Task.Delay(50);
        Assert.False(second.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(999));
        await Task.Delay(50);
        Assert.False(second.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(1));
        await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(second.IsCompletedSuccessfully);
    }
}
