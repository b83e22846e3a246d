using Callback.Telephony;

namespace Callback.Benchmarks;

/// <summary>The provider failing at random, as a network that drops a share of requests: before anything is done.</summary>
internal sealed class FaultyProvider(ITelephonyProvider inner, FaultyProvider.Dice dice) : ITelephonyProvider
{
    public string Name => inner.Name;

    public bool ReachesRealPhones => inner.ReachesRealPhones;

    public string WebhookSigningKey => inner.WebhookSigningKey;

    public string FromNumber => inner.FromNumber;

    public Task<string> PlaceCallAsync(OutgoingCall call, CancellationToken cancellationToken) => dice.Roll(() => inner.PlaceCallAsync(call, cancellationToken));

    public Task<ProviderCall> FetchCallAsync(string callSid, CancellationToken cancellationToken) => dice.Roll(() => inner.FetchCallAsync(callSid, cancellationToken));

    public Task<string> SendTextAsync(string to, string body, CancellationToken cancellationToken) => dice.Roll(() => inner.SendTextAsync(to, body, cancellationToken));

    public Task HangUpAsync(string callSid, CancellationToken cancellationToken) => dice.Roll(async () =>
    {
        await inner.HangUpAsync(callSid, cancellationToken);
        return true;
    });

    public Task<string> StartRecordingAsync(string callSid, Uri statusCallback, CancellationToken cancellationToken) =>
        dice.Roll(() => inner.StartRecordingAsync(callSid, statusCallback, cancellationToken));

    public Task<ProviderRecording> FetchRecordingAsync(string recordingSid, CancellationToken cancellationToken) =>
        dice.Roll(() => inner.FetchRecordingAsync(recordingSid, cancellationToken));

    public Task DeleteRecordingAsync(string recordingSid, CancellationToken cancellationToken) => dice.Roll(async () =>
    {
        await inner.DeleteRecordingAsync(recordingSid, cancellationToken);
        return true;
    });

    public Task<byte[]> DownloadRecordingAsync(string recordingUrl, CancellationToken cancellationToken) =>
        dice.Roll(() => inner.DownloadRecordingAsync(recordingUrl, cancellationToken));

    /// <summary>Seeded, shared by the instances a restart makes, and counting what it threw.</summary>
    internal sealed class Dice(double share, int seed)
    {
        private readonly Random _random = new(seed);
        private int _rolled;
        private int _thrown;

        public int Rolled => _rolled;

        public int Thrown => _thrown;

        public async Task<T> Roll<T>(Func<Task<T>> operation)
        {
            Interlocked.Increment(ref _rolled);
            bool fails;
            lock (_random)
                fails = _random.NextDouble() < share;
            if (fails)
            {
                Interlocked.Increment(ref _thrown);
                throw new HttpRequestException("injected fault: the provider could not be reached");
            }

            return await operation();
        }
    }
}
