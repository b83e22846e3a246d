using Callback.Telephony.Resilience;
using Polly.CircuitBreaker;
using Twilio.Exceptions;

namespace Callback.Tests.Calls;

public sealed class TelephonyPipelineTests
{
    [Fact]
    public async Task A_provider_that_keeps_failing_is_left_alone_for_a_while()
    {
        var pipeline = TelephonyPipeline.Create(TimeProvider.System, retries: 1, firstDelay: TimeSpan.FromMilliseconds(1));
        var calls = 0;
        ValueTask<int> Failing(CancellationToken _)
        {
            calls++;
            throw new ApiException(20500, 500, "Internal Server Error", null, null, null);
        }

        for (var i = 0; i < 5; i++)
            await Assert.ThrowsAnyAsync<Exception>(async () => await pipeline.ExecuteAsync(Failing));
        var before = calls;

        await Assert.ThrowsAsync<BrokenCircuitException>(async () => await pipeline.ExecuteAsync(Failing));
        Assert.Equal(before, calls);
    }

    [Theory]
    [InlineData(429, true, true)]
    [InlineData(503, true, true)]
    [InlineData(500, true, false)]
    [InlineData(400, false, false)]
    public void What_is_retried_depends_on_whether_repeating_is_safe(int status, bool transient, bool refusedUnprocessed)
    {
        var error = new ApiException(0, status, "x", null, null, null);
        Assert.Equal(transient, TelephonyPipeline.IsTransient(error));
        Assert.Equal(refusedUnprocessed, TelephonyPipeline.IsRefusedUnprocessed(error));
    }
}
