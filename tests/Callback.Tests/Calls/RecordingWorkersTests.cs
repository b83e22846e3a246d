using System.Net.Http.Json;
using System.Text.Json;
using Callback.Telephony;
using Callback.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Tests.Calls;

/// <summary>Recordings are downloaded and sealed several at a time: one slow download does not hold up the rest.</summary>
public sealed class RecordingWorkersTests
{
    /// <summary>The host's provider, whose downloads each wait (up to 20 s) until another is under way beside it.</summary>
    private sealed class Overlapping(ITelephonyProvider inner) : ForwardingProvider(inner)
    {
        private readonly TaskCompletionSource _second = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _inFlight;
        private int _most;

        public int MostAtOnce => Volatile.Read(ref _most);

        public override async Task<byte[]> DownloadRecordingAsync(string recordingUrl, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _most, now);
            if (now >= 2)
                _second.TrySetResult();
            try
            {
                // Alone after 20 s (one worker at a time): go on, and the test sees only one at once.
                await Task.WhenAny(_second.Task, Task.Delay(TimeSpan.FromSeconds(20), cancellationToken));
                return await base.DownloadRecordingAsync(recordingUrl, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
                Interlocked.CompareExchange(ref target, value, seen);
        }
    }

    [Fact]
    public async Task Two_recordings_are_downloaded_at_once_and_both_sealed()
    {
        Overlapping? overlapping = null;
        await using var server = await CallbackServer.StartWithAsync(null, new ShanghaiMorningClock(),
            services => services.WrapTelephonyProvider((_, port) => overlapping = new Overlapping(port)), "--Demo:Persons=600", "--Telephony:CallsPerSecond=50");
        using var admin = await server.AdministratorAsync();
        var sample = await admin.DrawInspectionAsync("电话核查", new { maxAttemptsPerDay = 10 }, SimulatedCallTests.Seed);

        // The first recording's download waits for a second beside it: one worker at a time would hold it 20 s and
        // take the second only after.
        var first = (await SimulatedCallTests.CallAsync(server, admin, sample, 1, SimulatedCallTests.Person())).GetProperty("id").GetInt64();
        var second = (await SimulatedCallTests.CallAsync(server, admin, sample, 2, SimulatedCallTests.Person())).GetProperty("id").GetInt64();
        foreach (var id in new[] { first, second })
        {
            for (var i = 0; i < 300 && (await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{id}")).GetProperty("recordingStatus").GetString() != "sealed"; i++)
                await Task.Delay(100);
        }

        Assert.Equal(2, overlapping!.MostAtOnce);
        foreach (var id in new[] { first, second })
            Assert.Equal("sealed", (await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{id}")).GetProperty("recordingStatus").GetString());
    }
}
