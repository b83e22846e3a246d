using System.Web;
using Callback.Telephony;
using Callback.Telephony.Resilience;
using Callback.Telephony.Twilio;
using Callback.Tests.Support;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using Twilio.Exceptions;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Callback.Tests.Calls;

/// <summary>The Twilio adapter against WireMock standing in for Twilio's REST API, the SDK pointed at it.</summary>
public sealed class TwilioAdapterTests : IDisposable
{
    internal const string AccountSid = "AC0123456789abcdef0123456789abcdef";

    private readonly WireMockServer _twilio = WireMockServer.Start();
    private readonly TwilioContract _contract = new();

    internal static TelephonyOptions Options(string apiBase) => new()
    {
        Provider = TelephonyOptions.TwilioName,
        Twilio = new TwilioSettings
        {
            AccountSid = AccountSid, AuthToken = "test-auth-token", FromNumber = "+864715100000",
            PublicBaseUrl = "https://callback.example.org", ApiBaseUrl = apiBase,
        },
    };

    private TwilioProvider Provider() => new(Microsoft.Extensions.Options.Options.Create(Options(_twilio.Url!)));

    internal static void StubCalls(WireMockServer twilio) =>
        twilio.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{AccountSid}/Calls.json").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
                .WithBody("""{"sid":"CA00000000000000000000000000000001","status":"queued","account_sid":"AC0123456789abcdef0123456789abcdef"}"""));

    private static OutgoingCall Call() => new("+8617022491594", new Uri("https://callback.example.org/telephony/twilio/voice?call=1"),
        new Uri("https://callback.example.org/telephony/twilio/status?call=1"), 30, null);

    private List<string> ContractProblems() => [.. _twilio.LogEntries.SelectMany(e => _contract.Check(
        e.RequestMessage.Method, e.RequestMessage.AbsolutePath, Form(e.RequestMessage.Body ?? "")))];

    private static Dictionary<string, List<string>> Form(string body)
    {
        var parsed = HttpUtility.ParseQueryString(body);
        return parsed.AllKeys.ToDictionary(k => k!, k => parsed.GetValues(k)!.ToList());
    }

    [Fact]
    public async Task Placing_a_call_sends_only_real_parameters_and_never_asks_to_record()
    {
        StubCalls(_twilio);
        using var provider = Provider();

        var sid = await provider.PlaceCallAsync(Call(), CancellationToken.None);

        Assert.Equal("CA00000000000000000000000000000001", sid);
        var entry = Assert.Single(_twilio.LogEntries);
        var form = Form(entry.RequestMessage.Body!);
        Assert.Equal(["+8617022491594"], form["To"]);
        Assert.Equal(["initiated", "ringing", "answered", "completed"], form["StatusCallbackEvent"]);
        Assert.DoesNotContain(form.Keys, k => k.StartsWith("Record", StringComparison.Ordinal));
        Assert.StartsWith("Basic ", entry.RequestMessage.Headers!["Authorization"][0], StringComparison.Ordinal);
        Assert.Empty(ContractProblems());
    }

    [Fact]
    public async Task Placing_a_call_asks_for_asynchronous_answering_machine_detection_and_a_machine_is_hung_up()
    {
        StubCalls(_twilio);
        _twilio.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher("/2010-04-01/Accounts/*/Calls/*.json")).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"sid":"CA00000000000000000000000000000001","status":"completed"}"""));
        using var provider = Provider();
        var amd = new Uri("https://callback.example.org/telephony/twilio/amd?call=1");

        await provider.PlaceCallAsync(Call() with { MachineDetectionCallback = amd }, CancellationToken.None);
        await provider.HangUpAsync("CA00000000000000000000000000000001", CancellationToken.None);

        var entries = _twilio.LogEntries.ToList();
        var placed = Form(entries[0].RequestMessage.Body!);
        Assert.Equal(["Enable"], placed["MachineDetection"]);
        Assert.Equal(["true"], placed["AsyncAmd"]);
        Assert.Equal([amd.ToString()], placed["AsyncAmdStatusCallback"]);
        Assert.Equal(["POST"], placed["AsyncAmdStatusCallbackMethod"]);
        Assert.EndsWith("/Calls/CA00000000000000000000000000000001.json", entries[1].RequestMessage.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(["completed"], Form(entries[1].RequestMessage.Body!)["Status"]);
        // Every parameter is one Twilio's OpenAPI description has, for that operation.
        Assert.Empty(ContractProblems());
    }

    [Fact]
    public async Task Sending_an_sms_uses_twilio_messaging_with_only_real_parameters()
    {
        _twilio.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{AccountSid}/Messages.json").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
                .WithBody("""{"sid":"SM00000000000000000000000000000001","status":"queued"}"""));
        using var provider = Provider();

        var sid = await provider.SendTextAsync("+8617022491594", "【内蒙古残疾人就业服务中心】您好！请打开链接：https://callback.example.org/v/abc", CancellationToken.None);

        Assert.Equal("SM00000000000000000000000000000001", sid);
        var form = Form(Assert.Single(_twilio.LogEntries).RequestMessage.Body!);
        Assert.Equal(["+8617022491594"], form["To"]);
        Assert.Equal(["+864715100000"], form["From"]);
        Assert.StartsWith("【内蒙古残疾人就业服务中心】", form["Body"][0], StringComparison.Ordinal);
        Assert.Empty(ContractProblems());
    }

    [Fact]
    public async Task Starting_and_deleting_a_recording_send_valid_requests()
    {
        _twilio.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher("/2010-04-01/Accounts/*/Calls/*/Recordings.json")).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody("""{"sid":"RE00000000000000000000000000000001"}"""));
        _twilio.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher("/2010-04-01/Accounts/*/Recordings/*.json")).UsingDelete())
            .RespondWith(Response.Create().WithStatusCode(204));
        using var provider = Provider();

        var recording = await provider.StartRecordingAsync("CA00000000000000000000000000000001", new Uri("https://callback.example.org/telephony/twilio/recording-status?call=1"), CancellationToken.None);
        await provider.DeleteRecordingAsync(recording, CancellationToken.None);

        Assert.Equal("RE00000000000000000000000000000001", recording);
        Assert.Equal(2, _twilio.LogEntries.Count());
        Assert.Empty(ContractProblems());
    }

    [Fact]
    public async Task A_recording_fetched_gives_its_status_and_the_address_its_audio_is_downloaded_from()
    {
        const string recording = "RE00000000000000000000000000000002";
        _twilio.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{AccountSid}/Recordings/{recording}.json").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(
                $$$"""{"sid":"{{{recording}}}","account_sid":"{{{AccountSid}}}","status":"completed","uri":"/2010-04-01/Accounts/{{{AccountSid}}}/Recordings/{{{recording}}}.json"}"""));
        _twilio.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{AccountSid}/Recordings/{recording}.wav").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody([1, 2, 3]));
        using var provider = Provider();

        var fetched = await provider.FetchRecordingAsync(recording, CancellationToken.None);

        Assert.Equal(new ProviderRecording(recording, "completed", $"https://api.twilio.com/2010-04-01/Accounts/{AccountSid}/Recordings/{recording}"), fetched);
        Assert.Empty(ContractProblems());
        // The address is the one the status callback would have given (the media, not described by the OpenAPI document,
        // is that address plus .wav): the download reaches it.
        Assert.Equal([1, 2, 3], await provider.DownloadRecordingAsync(fetched.Url!, CancellationToken.None));
    }

    [Fact]
    public async Task Rate_limiting_and_unavailability_are_retried_with_back_off_until_twilio_accepts_the_call()
    {
        _twilio.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{AccountSid}/Calls.json").UsingPost())
            .InScenario("busy").WillSetStateTo("once")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Content-Type", "application/json").WithBody("""{"code":20429,"message":"Too Many Requests","status":429}"""));
        _twilio.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{AccountSid}/Calls.json").UsingPost())
            .InScenario("busy").WhenStateIs("once").WillSetStateTo("twice")
            .RespondWith(Response.Create().WithStatusCode(503).WithHeader("Content-Type", "application/json").WithBody("""{"code":20503,"message":"Service Unavailable","status":503}"""));
        _twilio.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{AccountSid}/Calls.json").UsingPost())
            .InScenario("busy").WhenStateIs("twice")
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody("""{"sid":"CA00000000000000000000000000000002","status":"queued"}"""));
        using var provider = Provider();
        var pipeline = TelephonyPipeline.Create(TimeProvider.System, retries: 3, firstDelay: TimeSpan.FromMilliseconds(10), safeToRepeat: false);

        var sid = await pipeline.ExecuteAsync(async ct => await provider.PlaceCallAsync(Call(), ct));

        Assert.Equal("CA00000000000000000000000000000002", sid);
        Assert.Equal(3, _twilio.LogEntries.Count());
    }

    [Fact]
    public async Task An_invalid_number_is_not_retried()
    {
        _twilio.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{AccountSid}/Calls.json").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(400).WithHeader("Content-Type", "application/json")
                .WithBody("""{"code":21211,"message":"The 'To' number is not a valid phone number.","more_info":"https://www.twilio.com/docs/errors/21211","status":400}"""));
        using var provider = Provider();
        var pipeline = TelephonyPipeline.Create(TimeProvider.System, retries: 3, firstDelay: TimeSpan.FromMilliseconds(10));

        var error = await Assert.ThrowsAsync<ApiException>(async () => await pipeline.ExecuteAsync(async ct => await provider.PlaceCallAsync(Call(), ct)));

        Assert.Equal(21211, error.Code);
        Assert.Single(_twilio.LogEntries);
    }

    [Fact]
    public async Task A_twilio_that_does_not_answer_in_time_is_retried_where_that_is_safe_and_then_given_up_on()
    {
        _twilio.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher("/2010-04-01/Accounts/*/Calls/*/Recordings.json")).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithDelay(TimeSpan.FromSeconds(2)).WithBody("{}"));
        using var provider = Provider();
        var pipeline = TelephonyPipeline.Create(TimeProvider.System, retries: 2, firstDelay: TimeSpan.FromMilliseconds(10), timeout: TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAsync<TimeoutRejectedException>(async () => await pipeline.ExecuteAsync(async ct =>
            await provider.StartRecordingAsync("CA00000000000000000000000000000001", new Uri("https://callback.example.org/r"), ct)));

        // WireMock logs a request once its delayed answer is sent.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal(3, _twilio.LogEntries.Count());
    }

    [Fact]
    public async Task Placing_a_call_that_timed_out_is_not_repeated_so_nobody_is_rung_twice()
    {
        _twilio.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{AccountSid}/Calls.json").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithDelay(TimeSpan.FromSeconds(2)).WithBody("{}"));
        using var provider = Provider();
        var pipeline = TelephonyPipeline.Create(TimeProvider.System, retries: 2, firstDelay: TimeSpan.FromMilliseconds(10), timeout: TimeSpan.FromMilliseconds(200), safeToRepeat: false);

        await Assert.ThrowsAsync<TimeoutRejectedException>(async () => await pipeline.ExecuteAsync(async ct => await provider.PlaceCallAsync(Call(), ct)));

        // WireMock logs a request once its delayed answer is sent; a repeat, had there been one, would have been
        // sent 10 ms after the first timed out and be logged within moments of it. Waits for the log, not a fixed
        // time, so a loaded machine does not fail the test.
        for (var waited = 0; waited < 150 && !_twilio.LogEntries.Any(); waited++)
            await Task.Delay(100);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(_twilio.LogEntries);
    }

    public void Dispose() => _twilio.Stop();
}
