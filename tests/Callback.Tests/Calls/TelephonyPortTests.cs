using Callback.Telephony;
using Callback.Telephony.Resilience;
using Twilio.Exceptions;

namespace Callback.Tests.Calls;

/// <summary>The telephony port owns resilience and errors: every operation through its pipeline, one exception type out.</summary>
public sealed class TelephonyPortTests
{
    /// <summary>A provider whose every operation does what the test says, counting the tries.</summary>
    private sealed class Scripted(Func<Exception?> failure) : ITelephonyProvider
    {
        public int Tries { get; private set; }

        public string Name => "scripted";
        public bool ReachesRealPhones => false;
        public string WebhookSigningKey => "key";
        public string FromNumber => "+8610000000";

        private Task<T> Run<T>(T value)
        {
            Tries++;
            return failure() is { } e ? Task.FromException<T>(e) : Task.FromResult(value);
        }

        public Task<string> PlaceCallAsync(OutgoingCall call, CancellationToken cancellationToken) => Run("CA1");
        public Task<ProviderCall> FetchCallAsync(string callSid, CancellationToken cancellationToken) => Run(new ProviderCall(callSid, "completed"));
        public Task<string> SendTextAsync(string to, string body, CancellationToken cancellationToken) => Run("SM1");
        public Task HangUpAsync(string callSid, CancellationToken cancellationToken) => Run(true);
        public Task<string> StartRecordingAsync(string callSid, Uri statusCallback, CancellationToken cancellationToken) => Run("RE1");
        public Task<ProviderRecording> FetchRecordingAsync(string recordingSid, CancellationToken cancellationToken) => Run(new ProviderRecording("RE1", "completed", null));
        public Task DeleteRecordingAsync(string recordingSid, CancellationToken cancellationToken) => Run(true);
        public Task<byte[]> DownloadRecordingAsync(string recordingUrl, CancellationToken cancellationToken) => Run(new byte[] { 1 });
    }

    private static ResilientTelephonyProvider Port(ITelephonyProvider inner) => new(inner,
        placing: TelephonyPipeline.Create(TimeProvider.System, retries: 2, firstDelay: TimeSpan.FromMilliseconds(1), safeToRepeat: false),
        controlling: TelephonyPipeline.Create(TimeProvider.System, retries: 2, firstDelay: TimeSpan.FromMilliseconds(1)));

    private static readonly OutgoingCall Call = new("+8613800000000", new Uri("https://x.invalid/v"), new Uri("https://x.invalid/s"), 30, null);

    public static TheoryData<string, Func<Exception>, string, bool> Failures => new()
    {
        { "invalid number", () => new ApiException(21211, 400, "Invalid 'To' Phone Number", null, null, null), "invalid-number", false },
        { "rate limited", () => new ApiException(20429, 429, "Too Many Requests", null, null, null), "provider-busy", true },
        { "server error", () => new ApiException(20500, 500, "Internal Server Error", null, null, null), "provider-unreachable", true },
        { "refused", () => new ApiException(21610, 400, "Attempt to send to unsubscribed recipient", null, null, null), "provider-refused", false },
        { "not found", () => new ApiException(20404, 404, "The requested resource was not found", null, null, null), "provider-not-found", false },
        { "network", () => new HttpRequestException("connection refused"), "provider-unreachable", true },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Every_operation_fails_only_with_the_ports_own_exception(string what, Func<Exception> failure, string code, bool transient)
    {
        Func<ResilientTelephonyProvider, Task>[] operations =
        [
            port => port.PlaceCallAsync(Call, CancellationToken.None),
            port => port.SendTextAsync("+8613800000000", "t", CancellationToken.None),
            port => port.FetchCallAsync("CA1", CancellationToken.None),
            port => port.HangUpAsync("CA1", CancellationToken.None),
            port => port.StartRecordingAsync("CA1", new Uri("https://x.invalid/r"), CancellationToken.None),
            port => port.FetchRecordingAsync("RE1", CancellationToken.None),
            port => port.DeleteRecordingAsync("RE1", CancellationToken.None),
            port => port.DownloadRecordingAsync("https://x.invalid/RE1", CancellationToken.None),
        ];

        foreach (var operation in operations)
        {
            // A port of its own each time: the retries of one operation must not open the circuit for the next.
            var port = Port(new Scripted(failure));
            var error = await Assert.ThrowsAsync<TelephonyException>(() => operation(port));
            Assert.Equal((code, transient), (error.Code, error.Transient));
            Assert.False(string.IsNullOrWhiteSpace(error.Message), what);
        }
    }

    [Fact]
    public async Task Failing_recording_downloads_do_not_open_the_circuit_that_starting_a_recording_needs()
    {
        var failing = true;
        var inner = new Scripted(() => failing ? new HttpRequestException("media timed out") : null);
        var port = new ResilientTelephonyProvider(inner,
            placing: TelephonyPipeline.Create(TimeProvider.System, retries: 1, firstDelay: TimeSpan.FromMilliseconds(1), safeToRepeat: false),
            controlling: TelephonyPipeline.Create(TimeProvider.System, retries: 1, firstDelay: TimeSpan.FromMilliseconds(1)),
            downloading: TelephonyPipeline.Create(TimeProvider.System, retries: 1, firstDelay: TimeSpan.FromMilliseconds(1)));
        for (var i = 0; i < 12; i++)
            await Assert.ThrowsAsync<TelephonyException>(() => port.DownloadRecordingAsync($"https://x.invalid/RE{i}", CancellationToken.None));
        // The downloads' own circuit is open now: the next is refused without reaching the provider.
        var tries = inner.Tries;
        await Assert.ThrowsAsync<TelephonyException>(() => port.DownloadRecordingAsync("https://x.invalid/RE99", CancellationToken.None));
        Assert.Equal(tries, inner.Tries);

        failing = false;
        Assert.Equal("RE1", await port.StartRecordingAsync("CA1", new Uri("https://x.invalid/r"), CancellationToken.None));
    }

    [Fact]
    public async Task The_port_as_the_host_builds_it_shows_failing_downloads_on_their_own_circuit_and_calls_stay_healthy()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));
        var health = new ProviderHealth(clock);
        var port = ResilientTelephonyProvider.Around(new Scripted(() => new HttpRequestException("media timed out")), clock, health);

        for (var i = 0; i < 4 && !health.DownloadsFailing; i++)
        {
            // Its back-off waits on the clock: moved on until the download has given up.
            var download = port.DownloadRecordingAsync($"https://x.invalid/RE{i}", CancellationToken.None);
            while (!download.IsCompleted)
            {
                clock.Advance(TimeSpan.FromMilliseconds(250));
                await Task.Delay(1);
            }

            await Assert.ThrowsAsync<TelephonyException>(() => download);
        }

        Assert.True(health.DownloadsFailing);
        Assert.False(health.Failing);
        Assert.Null(health.FailingSince);
    }

    [Fact]
    public async Task A_call_or_text_is_never_sent_twice_on_a_timeout_but_a_fetch_is_tried_again()
    {
        var placing = new Scripted(() => new HttpRequestException("timed out"));
        await Assert.ThrowsAsync<TelephonyException>(() => Port(placing).PlaceCallAsync(Call, CancellationToken.None));
        await Assert.ThrowsAsync<TelephonyException>(() => Port(placing).SendTextAsync("+8613800000000", "t", CancellationToken.None));
        Assert.Equal(2, placing.Tries);

        var fails = 2;
        var fetching = new Scripted(() => fails-- > 0 ? new HttpRequestException("reset") : null);
        Assert.Equal("completed", (await Port(fetching).FetchCallAsync("CA1", CancellationToken.None)).Status);
        Assert.Equal(3, fetching.Tries);

        // Told by the provider that it did not take the request, a call may be placed again.
        var busy = 1;
        var refusedOnce = new Scripted(() => busy-- > 0 ? new ApiException(20503, 503, "Service Unavailable", null, null, null) : null);
        Assert.Equal("CA1", await Port(refusedOnce).PlaceCallAsync(Call, CancellationToken.None));
    }

    [Fact]
    public async Task A_provider_left_alone_by_its_circuit_is_said_to_be_unavailable_and_a_bug_is_not_disguised()
    {
        var down = new Scripted(() => new ApiException(20500, 500, "down", null, null, null));
        var port = Port(down);
        for (var i = 0; i < 10; i++)
            await Assert.ThrowsAsync<TelephonyException>(() => port.FetchCallAsync("CA1", CancellationToken.None));
        Assert.Equal("provider-unavailable", (await Assert.ThrowsAsync<TelephonyException>(() => port.FetchCallAsync("CA1", CancellationToken.None))).Code);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Port(new Scripted(() => new InvalidOperationException("a bug"))).FetchCallAsync("CA1", CancellationToken.None));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Port(new Scripted(() => null)).FetchCallAsync("CA1", cancelled.Token));
    }
}
