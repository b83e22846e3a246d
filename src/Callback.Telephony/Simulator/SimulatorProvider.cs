using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Callback.Telephony.Simulator;

/// <summary>One thing the simulator was asked to do, in order, for tests and the demo to inspect.</summary>
public sealed record SimulatorOperation(string Kind, string CallSid, DateTimeOffset At);

/// <summary>An SMS the simulator "delivered": read by the demo's phone panel and by tests.</summary>
public sealed record SimulatedText(string Sid, string To, string Body, DateTimeOffset At);

/// <summary>
/// The default provider: a telephone network on this machine. It rings, answers, is busy, does not answer or
/// fails; its person presses keys or speaks as a <see cref="SimulatedPerson"/> says; and it calls Callback's own
/// webhooks as Twilio would, signed, so that the demo, training and the tests run the same path as production.
/// It never reaches a real telephone.
/// </summary>
public sealed partial class SimulatorProvider : ITelephonyProvider, IDisposable
{
    private const string AccountSid = "ACsimulator00000000000000000000000";
    private const int MaxTurns = 40;

    /// <summary>The newest operations, texts and webhook latencies kept (for tests and benchmarks): a demo left running stays flat.</summary>
    public const int Kept = 20_000;

    private readonly TelephonyOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SimulatorProvider> _logger;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly ConcurrentDictionary<string, Task> _running = new();
    private readonly ConcurrentDictionary<string, (string Sid, Uri Callback)> _recordings = new();
    private readonly ConcurrentQueue<SimulatorOperation> _operations = new();
    private readonly ConcurrentQueue<double> _latencies = new();
    private readonly ConcurrentDictionary<string, ManualLine> _manual = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _hungUp = new();
    private readonly ConcurrentQueue<SimulatedText> _texts = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<SimulatedPerson>> _expected = new();

    public SimulatorProvider(IOptions<TelephonyOptions> options, TimeProvider time, ILogger<SimulatorProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        WebhookSigningKey = string.IsNullOrWhiteSpace(_options.Simulator.SigningKey)
            ? Convert.ToHexString(RandomNumberGenerator.GetBytes(24))
            : _options.Simulator.SigningKey;
        _time = time;
        _logger = logger;
    }

    public string Name => TelephonyOptions.SimulatorName;

    public bool ReachesRealPhones => false;

    /// <summary>
    /// A key of this process's own, so that nothing outside it can sign a simulator webhook; or, with instances behind
    /// a load balancer (a call's webhooks reach any of them), the key they share (Telephony:Simulator:SigningKey).
    /// </summary>
    public string WebhookSigningKey { get; }

    public string FromNumber => _options.Simulator.FromNumber;

    public IReadOnlyList<SimulatorOperation> Operations => [.. _operations];

    /// <summary>How long each webhook took to answer, in milliseconds, as the provider saw it.</summary>
    public IReadOnlyList<double> WebhookLatencies => [.. _latencies];

    public Task<string> PlaceCallAsync(OutgoingCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var sid = "CA" + Guid.NewGuid().ToString("N");
        Log("place-call", sid);
        var person = call.Simulation
            ?? (_expected.TryGetValue(call.To, out var queue) && queue.TryDequeue(out var next) ? next : SimulatedPerson.Cooperative);
        // Known as running before it starts, forgotten once it has ended: nothing of an ended call is kept.
        var line = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _running[sid] = line.Task;
        _ = Task.Run(() => RunLineAsync(sid, call, person, line), CancellationToken.None);
        return Task.FromResult(sid);
    }

    private async Task RunLineAsync(string sid, OutgoingCall call, SimulatedPerson person, TaskCompletionSource line)
    {
        Exception? failure = null;
        try
        {
            await RunAsync(sid, call, person);
        }
#pragma warning disable CA1031 // Whatever ended the line is handed to whoever waits for it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = e;
        }

        // Forgotten before anyone waiting hears of its end: by then the provider reports it completed.
        _running.TryRemove(sid, out _);
        if (failure is null)
            line.TrySetResult();
        else
            line.TrySetException(failure);
    }

    /// <summary>
    /// How the person at <paramref name="number"/> (E.164) answers the next calls that bring no behaviour of their own
    /// (a verification plan's), one behaviour per call in order; once they are used up, the person cooperates.
    /// </summary>
    public void Expect(string number, params SimulatedPerson[] behaviours)
    {
        ArgumentNullException.ThrowIfNull(behaviours);
        var queue = _expected.GetOrAdd(number, _ => new ConcurrentQueue<SimulatedPerson>());
        foreach (var behaviour in behaviours)
            queue.Enqueue(behaviour);
    }

    /// <summary>Calls on the line now (an ended call is forgotten).</summary>
    public int Live => _running.Count;

    /// <summary>Completes when every call placed so far has ended.</summary>
    public Task WhenAllEndedAsync() => Task.WhenAll(_running.Values);

    /// <summary>Completes when the simulated call has hung up and sent its last webhook.</summary>
    public Task WhenEndedAsync(string callSid) => _running.TryGetValue(callSid, out var task) ? task : Task.CompletedTask;

    /// <summary>What the person on a hand-driven call hears now, or null when there is no such call.</summary>
    public string? Hearing(string callSid) => _manual.TryGetValue(callSid, out var line) ? line.Hearing : null;

    /// <summary>The demo's person answers: digits ("1"), speech ("speech:同意"), "silence" or "hangup". False when there is no such call.</summary>
    public bool Answer(string callSid, string input) => _manual.TryGetValue(callSid, out var line) && line.Inputs.Writer.TryWrite(input);

    public Task<ProviderCall> FetchCallAsync(string callSid, CancellationToken cancellationToken) =>
        Task.FromResult(new ProviderCall(callSid, _running.TryGetValue(callSid, out var t) && !t.IsCompleted ? "in-progress" : "completed"));

    /// <summary>The SMS sent so far, oldest first.</summary>
    public IReadOnlyList<SimulatedText> Texts => [.. _texts];

    public Task<string> SendTextAsync(string to, string body, CancellationToken cancellationToken)
    {
        var sid = "SM" + Guid.NewGuid().ToString("N");
        Keep(_texts, new SimulatedText(sid, to, body, _time.GetUtcNow()));
        Log("send-text", sid);
        return Task.FromResult(sid);
    }

    public Task HangUpAsync(string callSid, CancellationToken cancellationToken)
    {
        Log("hang-up", callSid);
        _hungUp.GetOrAdd(callSid, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        return Task.CompletedTask;
    }

    public Task<string> StartRecordingAsync(string callSid, Uri statusCallback, CancellationToken cancellationToken)
    {
        var sid = "RE" + Guid.NewGuid().ToString("N");
        _recordings[callSid] = (sid, statusCallback);
        Log("start-recording", callSid);
        return Task.FromResult(sid);
    }

    /// <summary>
    /// Recording while its call is live here; otherwise finished (a simulator started again has forgotten the calls
    /// of the one before, whose recordings it reports finished, as <see cref="FetchCallAsync"/> reports their calls).
    /// </summary>
    public Task<ProviderRecording> FetchRecordingAsync(string recordingSid, CancellationToken cancellationToken)
    {
        Log("fetch-recording", recordingSid);
        return Task.FromResult(_recordings.Values.Any(r => r.Sid == recordingSid)
            ? new ProviderRecording(recordingSid, "in-progress", null)
            : new ProviderRecording(recordingSid, "completed", RecordingUrl(recordingSid)));
    }

    private static string RecordingUrl(string recordingSid) => $"https://simulator.invalid/Recordings/{recordingSid}";

    public Task DeleteRecordingAsync(string recordingSid, CancellationToken cancellationToken)
    {
        Log("delete-recording", recordingSid);
        return Task.CompletedTask;
    }

    /// <summary>The simulated conversation's audio: a three-second tone at telephone quality.</summary>
    public Task<byte[]> DownloadRecordingAsync(string recordingUrl, CancellationToken cancellationToken)
    {
        Log("download-recording", recordingUrl);
        return Task.FromResult(Callback.Audio.PromptAudio.Tone(3));
    }

    public void Dispose() => _http.Dispose();

    private void Log(string kind, string sid) => Keep(_operations, new SimulatorOperation(kind, sid, _time.GetUtcNow()));

    private static void Keep<T>(ConcurrentQueue<T> queue, T item)
    {
        queue.Enqueue(item);
        while (queue.Count > Kept)
            queue.TryDequeue(out _);
    }

    private async Task RunAsync(string sid, OutgoingCall call, SimulatedPerson person)
    {
        var sequence = 0;
        var started = _time.GetUtcNow();
        try
        {
            await StatusAsync(call, sid, "initiated", sequence++, 0);
            await StatusAsync(call, sid, "ringing", sequence++, 0);
            await Task.Delay(TimeSpan.FromMilliseconds(_options.Simulator.RingMilliseconds), _time);
            // Twilio's SipResponseCode on failed calls: 404 for a number that does not exist, 503 for a network fault.
            var (final, sip) = person.Answer switch
            {
                SimulatedPerson.Busy => ("busy", 486),
                SimulatedPerson.NoAnswer => ("no-answer", 487),
                SimulatedPerson.Fails => ("failed", 503),
                SimulatedPerson.DeadNumber => ("failed", 404),
                _ => ((string?)null, 0),
            };
            if (final is not null)
            {
                await StatusAsync(call, sid, final, sequence, 0, sip);
                return;
            }

            await StatusAsync(call, sid, "in-progress", sequence++, 0);
            if (call.MachineDetectionCallback is { } amd)
            {
                // Asynchronous answering-machine detection, as Twilio posts it a few seconds into the call.
                await PostAsync(amd, Parameters(call, sid, "in-progress", new()
                {
                    ["AnsweredBy"] = person.Answer == SimulatedPerson.Machine ? "machine_end_beep" : "human",
                    ["MachineDetectionDuration"] = "2100",
                }));
            }

            if (person.Answer == SimulatedPerson.Machine)
            {
                // A voicemail takes no keys: the line stays open until Callback hangs up (or a minute passes).
                var hungUp = _hungUp.GetOrAdd(sid, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
                await Task.WhenAny(hungUp, Task.Delay(TimeSpan.FromMinutes(1), _time));
            }
            else
            {
                await ConverseAsync(sid, call, person);
            }

            _hungUp.TryRemove(sid, out _);
            _manual.TryRemove(sid, out _);
            if (_recordings.TryRemove(sid, out var recording))
            {
                await PostAsync(recording.Callback, Parameters(call, sid, "completed", new()
                {
                    ["RecordingSid"] = recording.Sid,
                    ["RecordingStatus"] = "completed",
                    ["RecordingUrl"] = RecordingUrl(recording.Sid),
                    ["RecordingDuration"] = "60",
                    ["RecordingChannels"] = "1",
                    ["RecordingSource"] = "StartCallRecordingAPI",
                }));
            }

            var seconds = (int)Math.Max(1, (_time.GetUtcNow() - started).TotalSeconds);
            await StatusAsync(call, sid, "completed", sequence, seconds);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException or System.Xml.XmlException)
        {
            LogFailure(_logger, e, sid);
        }
    }

    /// <summary>Follows the TwiML: answers each Gather as the person would, until a hang-up, a dial or the end.</summary>
    private async Task ConverseAsync(string sid, OutgoingCall call, SimulatedPerson person)
    {
        if (person.Answer == SimulatedPerson.Manual)
            _manual[sid] = new ManualLine();
        var twiml = await PostAsync(call.VoiceUrl, Parameters(call, sid, "in-progress"));
        for (var turn = 0; turn < MaxTurns; turn++)
        {
            var response = XDocument.Parse(twiml).Root!;
            var gather = response.Element("Gather");
            if (gather?.Attribute("action")?.Value is not { } action)
            {
                // Agent-led: the call is handed to the inspector's phone. Answered by hand, the line stays open while
                // the inspector asks the questions, until the phone panel hangs up (or five minutes pass).
                if (person.Answer == SimulatedPerson.Manual && response.Element("Dial") is not null)
                {
                    while (await AskByHandAsync(sid, response) != "hangup")
                    {
                    }
                }

                return;
            }
            var url = new Uri(action);
            var step = System.Web.HttpUtility.ParseQueryString(url.Query)["step"] ?? "";
            if (person.HangUpAtStep == step)
                return;
            var parameters = Parameters(call, sid, "in-progress");
            var input = person.Answer == SimulatedPerson.Manual ? await AskByHandAsync(sid, response) : person.InputFor(step);
            if (input == "hangup")
                return;
            if (input.StartsWith("speech:", StringComparison.Ordinal))
            {
                parameters["SpeechResult"] = input["speech:".Length..];
                parameters["Confidence"] = "0.92";
            }
            else if (input != "silence")
            {
                parameters["Digits"] = input;
            }

            twiml = await PostAsync(url, parameters);
        }
    }

    /// <summary>Shows the demo what the person hears and waits (five minutes at most) for what they answer.</summary>
    private async Task<string> AskByHandAsync(string sid, XElement response)
    {
        var line = _manual.GetOrAdd(sid, _ => new ManualLine());
        line.Hearing = string.Join(" ", response.Descendants("Say").Select(s => s.Value));
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            return await line.Inputs.Reader.ReadAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            return "hangup";
        }
    }

    private sealed class ManualLine
    {
        public System.Threading.Channels.Channel<string> Inputs { get; } = System.Threading.Channels.Channel.CreateUnbounded<string>();
        public string Hearing { get; set; } = "";
    }

    private Task StatusAsync(OutgoingCall call, string sid, string status, int sequence, int seconds, int sipResponseCode = 0)
    {
        var parameters = Parameters(call, sid, status, new()
        {
            ["SequenceNumber"] = sequence.ToString(CultureInfo.InvariantCulture),
            ["CallbackSource"] = "call-progress-events",
            ["Timestamp"] = _time.GetUtcNow().ToString("r", CultureInfo.InvariantCulture),
            ["CallDuration"] = seconds.ToString(CultureInfo.InvariantCulture),
        });
        if (sipResponseCode > 0)
            parameters["SipResponseCode"] = sipResponseCode.ToString(CultureInfo.InvariantCulture);
        return PostAsync(call.StatusCallback, parameters);
    }

    private Dictionary<string, string> Parameters(OutgoingCall call, string sid, string status, Dictionary<string, string>? more = null)
    {
        var parameters = new Dictionary<string, string>
        {
            ["AccountSid"] = AccountSid, ["CallSid"] = sid, ["CallStatus"] = status, ["From"] = FromNumber, ["To"] = call.To,
            ["Direction"] = "outbound-api", ["ApiVersion"] = "2010-04-01",
        };
        foreach (var (key, value) in more ?? [])
            parameters[key] = value;
        return parameters;
    }

    private async Task<string> PostAsync(Uri url, Dictionary<string, string> parameters)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(parameters) };
        request.Headers.Add("X-Twilio-Signature", WebhookSigner.Sign(WebhookSigningKey, url.ToString(), parameters));
        var started = _time.GetTimestamp();
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStringAsync();
        Keep(_latencies, _time.GetElapsedTime(started).TotalMilliseconds);
        return body;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulated call {CallSid} broke off")]
    private static partial void LogFailure(ILogger logger, Exception exception, string callSid);
}
