using System.Net.Http.Json;
using System.Text.Json;
using System.Web;
using Callback.Host.Calls;
using Callback.Telephony;
using Callback.Telephony.Simulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.EntityFrameworkCore;
using Callback.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Callback.Tests.Calls;

/// <summary>The whole host with the twilio provider, WireMock standing in for Twilio's REST API.</summary>
public sealed class TwilioFlowTests : IDisposable
{
    internal const string PublicBase = "https://callback.example.org";
    internal const string Token = "test-auth-token";
    private readonly WireMockServer _twilio = WireMockServer.Start();

    private Task<CallbackServer> StartAsync(params string[] more) => StartOnAsync(null, more);

    private Task<CallbackServer> StartOnAsync(TempDirectory? directory, params string[] more) =>
        CallbackServer.StartOnAsync(directory, new ShanghaiMorningClock(), [.. TwilioSettings(_twilio), .. more]);

    /// <summary>The Twilio settings of a host whose Twilio is <paramref name="twilio"/> (WireMock).</summary>
    internal static string[] TwilioSettings(WireMockServer twilio) =>
    [
        "--Demo:SeedOnFirstStart=false", "--Telephony:Provider=twilio", $"--Telephony:Twilio:AccountSid={TwilioAdapterTests.AccountSid}",
        $"--Telephony:Twilio:AuthToken={Token}", "--Telephony:Twilio:FromNumber=+864715100000", $"--Telephony:Twilio:PublicBaseUrl={PublicBase}",
        $"--Telephony:Twilio:ApiBaseUrl={twilio.Url}", "--Telephony:CallsPerSecond=50",
    ];

    /// <summary>Twilio accepts a call (its sid CA…01) and starting a recording of it (RE…09).</summary>
    private void StubCallAndRecording()
    {
        TwilioAdapterTests.StubCalls(_twilio);
        _twilio.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher("/2010-04-01/Accounts/*/Calls/*/Recordings.json")).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody("""{"sid":"RE00000000000000000000000000000009"}"""));
    }

    /// <summary>Imports the registry fixture (real persons, or marked synthetic) and waits until the import is done.</summary>
    internal static async Task ImportSampleAsync(HttpClient admin, bool synthetic)
    {
        using var body = new ByteArrayContent(await File.ReadAllBytesAsync(Fixtures.PathOf("registry-sample.csv")));
        var accepted = await admin.PostAsync(new Uri($"/api/registry/imports?fileName=r.csv&synthetic={synthetic}", UriKind.Relative), body);
        for (var i = 0; i < 200 && (await admin.GetFromJsonAsync<JsonElement>(accepted.Headers.Location!)).GetProperty("state").GetString() is "queued" or "running"; i++)
            await Task.Delay(50);
    }

    private static async Task<string> DrawnAsync(HttpClient admin, bool synthetic)
    {
        await ImportSampleAsync(admin, synthetic);
        var created = await admin.PostJsonAsync("/api/inspections", new
        {
            kind = "MutualCheck", title = "t", startsOn = "2026-01-01", endsOn = "2027-12-31", unitCodes = new[] { "150100" },
        }, 201);
        var id = created.GetProperty("id").GetInt32();
        await admin.PutJsonAsync($"/api/inspections/{id}/commitment", new { commitment = Callback.Domain.Sampling.SampleDraw.Commitment("twilio-flow-seed-2026-11") }, 204);
        await admin.PostJsonAsync($"/api/inspections/{id}/draws", new { unit = "150100", seed = "twilio-flow-seed-2026-11" }, 201);
        return $"/api/inspections/{id}/units/150100/sample";
    }

    /// <summary>Draws the fixture's real persons and places an IVR call to the first: the call's id (Twilio gives it sid CA…01).</summary>
    private static async Task<long> PlaceFirstCallAsync(HttpClient admin)
    {
        var sample = await DrawnAsync(admin, synthetic: false);
        return (await admin.PostJsonAsync($"{sample}/1/calls", new { mode = "Ivr" }, 201)).GetProperty("id").GetInt64();
    }

    /// <summary>The parameters Twilio sends with every webhook of that call.</summary>
    private static Dictionary<string, string> TwilioCall() =>
        new() { ["CallSid"] = "CA00000000000000000000000000000001", ["AccountSid"] = TwilioAdapterTests.AccountSid };

    private static Task<string> WebhookAsync(CallbackServer server, string hook, Dictionary<string, string> parameters) =>
        WebhookAsync(server.BaseAddress, hook, parameters);

    /// <summary>A webhook as Twilio sends it (signed for the public address), to the instance at <paramref name="instance"/>; its TwiML.</summary>
    internal static async Task<string> WebhookAsync(Uri instance, string hook, Dictionary<string, string> parameters)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(instance, $"/telephony/twilio/{hook}")) { Content = new FormUrlEncodedContent(parameters) };
        request.Headers.Add("X-Twilio-Signature", WebhookSigner.Sign(Token, $"{PublicBase}/telephony/twilio/{hook}", parameters));
        using var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{hook}: {response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task A_call_goes_on_where_it_was_when_Callback_restarts_mid_call()
    {
        StubCallAndRecording();
        var call = TwilioCall();
        TempDirectory data;
        long id;
        var first = await StartAsync();
        await using (first)
        {
            using var admin = await first.AdministratorAsync();
            id = await PlaceFirstCallAsync(admin);
            await WebhookAsync(first, $"status?call={id}", new(call) { ["CallStatus"] = "ringing", ["SequenceNumber"] = "1" });
            await WebhookAsync(first, $"voice?call={id}", call);
            await WebhookAsync(first, $"gather?call={id}&step=who", new(call) { ["Digits"] = "1" });
            data = first.Detach();
        }

        // Callback stops and starts again; Twilio carries on with the same call.
        await using var second = await StartOnAsync(data);
        using var admin2 = await second.AdministratorAsync();
        await WebhookAsync(second, $"gather?call={id}&step=consent", new(call) { ["Digits"] = "1" });
        await WebhookAsync(second, $"gather?call={id}&step=employment-status", new(call) { ["Digits"] = "2" });
        var last = await WebhookAsync(second, $"gather?call={id}&step=trained", new(call) { ["Digits"] = "2" });
        Assert.Contains("<Hangup", last, StringComparison.Ordinal);
        await WebhookAsync(second, $"status?call={id}", new(call) { ["CallStatus"] = "completed", ["SequenceNumber"] = "4" });

        var state = await admin2.GetFromJsonAsync<JsonElement>($"/api/calls/{id}");
        Assert.Equal("completed", state.GetProperty("disposition").GetString());
        Assert.Equal("未就业", state.GetProperty("answers").GetProperty("employmentStatus").GetString());
        Assert.True(state.GetProperty("recorded").GetBoolean());
        data.Dispose();
    }

    [Fact]
    public async Task A_call_whose_callbacks_never_came_is_finished_from_twilios_record()
    {
        TwilioAdapterTests.StubCalls(_twilio);
        _twilio.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{TwilioAdapterTests.AccountSid}/Calls/CA00000000000000000000000000000001.json").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"sid":"CA00000000000000000000000000000001","status":"no-answer","duration":"0"}"""));
        await using var server = await StartAsync();
        using var admin = await server.AdministratorAsync();
        var id = await PlaceFirstCallAsync(admin);

        var soon = new CallReconciler(server.Services.GetRequiredService<IServiceScopeFactory>(), server.Services.GetRequiredService<ITelephonyProvider>(),
            server.Services.GetRequiredService<CallLocks>(), server.Services.GetRequiredService<Callback.Host.Common.LeaseKeeper>(), new ShanghaiMorningClock(),
            NullLogger<CallReconciler>.Instance);
        Assert.Equal(0, await soon.ReconcileAsync(CancellationToken.None));

        var later = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(1));
        var reconciler = new CallReconciler(server.Services.GetRequiredService<IServiceScopeFactory>(), server.Services.GetRequiredService<ITelephonyProvider>(),
            server.Services.GetRequiredService<CallLocks>(), server.Services.GetRequiredService<Callback.Host.Common.LeaseKeeper>(), later, NullLogger<CallReconciler>.Instance);
        Assert.Equal(1, await reconciler.ReconcileAsync(CancellationToken.None));
        Assert.Equal(0, await reconciler.ReconcileAsync(CancellationToken.None));

        var state = await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{id}");
        Assert.Equal("no-answer", state.GetProperty("status").GetString());
        Assert.Equal("no-answer", state.GetProperty("disposition").GetString());
    }

    [Fact]
    public async Task Webhooks_that_come_before_the_placement_stored_its_sid_still_lead_to_the_recording_after_consent()
    {
        StubCallAndRecording();
        await using var server = await StartAsync();
        using var admin = await server.AdministratorAsync();
        var id = await PlaceFirstCallAsync(admin);
        // As if the person answered before the placement's response had been stored.
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Callback.Persistence.CallbackDbContext>();
            await db.Calls.Where(c => c.Id == id).ExecuteUpdateAsync(u => u.SetProperty(c => c.ProviderCallSid, (string?)null));
        }

        var call = TwilioCall();
        await WebhookAsync(server, $"voice?call={id}", call);
        await WebhookAsync(server, $"gather?call={id}&step=who", new(call) { ["Digits"] = "1" });
        await WebhookAsync(server, $"gather?call={id}&step=consent", new(call) { ["Digits"] = "1" });

        Assert.Single(_twilio.LogEntries, e => e.RequestMessage.AbsolutePath.Contains("/Calls/CA00000000000000000000000000000001/Recordings.json", StringComparison.Ordinal));
        var state = await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{id}");
        Assert.Equal("CA00000000000000000000000000000001", state.GetProperty("providerCallSid").GetString());
        Assert.True(state.GetProperty("recorded").GetBoolean());
    }

    [Fact]
    public async Task A_gather_webhook_twilio_sends_again_puts_the_current_question_again_and_records_once()
    {
        StubCallAndRecording();
        await using var server = await StartAsync();
        using var admin = await server.AdministratorAsync();
        var id = await PlaceFirstCallAsync(admin);
        var call = TwilioCall();
        await WebhookAsync(server, $"voice?call={id}", call);
        var consentAsked = await WebhookAsync(server, $"gather?call={id}&step=who", new(call) { ["Digits"] = "1" });

        // The same answer again (Twilio retrying a request whose answer it did not get): the person hears the question
        // they are at, not a hang-up.
        var again = await WebhookAsync(server, $"gather?call={id}&step=who", new(call) { ["Digits"] = "1" });
        Assert.Contains("step=consent", again, StringComparison.Ordinal);
        Assert.DoesNotContain("<Hangup", again, StringComparison.Ordinal);
        Assert.Contains("同意录音", again, StringComparison.Ordinal);
        Assert.Contains("同意录音", consentAsked, StringComparison.Ordinal);

        var firstQuestion = await WebhookAsync(server, $"gather?call={id}&step=consent", new(call) { ["Digits"] = "1" });
        var consentAgain = await WebhookAsync(server, $"gather?call={id}&step=consent", new(call) { ["Digits"] = "1" });
        Assert.Contains("step=employment-status", firstQuestion, StringComparison.Ordinal);
        Assert.Contains("step=employment-status", consentAgain, StringComparison.Ordinal);
        Assert.DoesNotContain("<Hangup", consentAgain, StringComparison.Ordinal);

        // Consent and its recording once.
        Assert.Single(_twilio.LogEntries, e => e.RequestMessage.AbsolutePath.EndsWith("/Recordings.json", StringComparison.Ordinal));
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Callback.Persistence.CallbackDbContext>();
        Assert.Equal(1, await db.ConsentEvents.CountAsync(e => e.CallId == id));
    }

    [Fact]
    public async Task A_recording_twilio_says_it_does_not_have_is_counted_each_pass_and_left_after_the_last_try_with_the_reason()
    {
        const string recording = "RE00000000000000000000000000000009";
        StubCallAndRecording();
        _twilio.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{TwilioAdapterTests.AccountSid}/Recordings/{recording}.json").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(404).WithHeader("Content-Type", "application/json")
                .WithBody("""{"code":20404,"message":"The requested resource was not found","more_info":"https://www.twilio.com/docs/errors/20404","status":404}"""));
        await using var server = await StartAsync();
        using var admin = await server.AdministratorAsync();
        var id = await PlaceFirstCallAsync(admin);
        var call = TwilioCall();
        await WebhookAsync(server, $"voice?call={id}", call);
        await WebhookAsync(server, $"gather?call={id}&step=who", new(call) { ["Digits"] = "1" });
        await WebhookAsync(server, $"gather?call={id}&step=consent", new(call) { ["Digits"] = "1" });
        // The call ends; the recording's status callback never comes, and Twilio has no such recording.
        await WebhookAsync(server, $"status?call={id}", new(call) { ["CallStatus"] = "completed", ["SequenceNumber"] = "4" });
        var reconciler = server.Services.GetRequiredService<CallReconciler>();
        async Task<Callback.Domain.Calls.RecordingEvidence> EvidenceAsync()
        {
            await using var scope = server.Services.CreateAsyncScope();
            return (await scope.ServiceProvider.GetRequiredService<Callback.Persistence.CallbackDbContext>().Calls.AsNoTracking().SingleAsync(c => c.Id == id)).Recording!;
        }

        Assert.Equal(0, await reconciler.ReconcileRecordingsAsync(CancellationToken.None, atStart: true));
        var once = await EvidenceAsync();
        Assert.Equal((Callback.Domain.Calls.RecordingStatus.Requested, 1), (once.Status, once.DownloadFailures));
        Assert.StartsWith("fetch ", once.DownloadError, StringComparison.Ordinal);
        for (var pass = 2; pass <= Callback.Domain.Calls.RecordingEvidence.MaxDownloadFailures + 2; pass++)
            await reconciler.ReconcileRecordingsAsync(CancellationToken.None, atStart: true);

        // Ten tries, each counted once (a refusal is not retried within a pass), then never asked again.
        Assert.Equal(Callback.Domain.Calls.RecordingEvidence.MaxDownloadFailures, (await EvidenceAsync()).DownloadFailures);
        Assert.Equal(Callback.Domain.Calls.RecordingEvidence.MaxDownloadFailures,
            _twilio.LogEntries.Count(e => e.RequestMessage.AbsolutePath.EndsWith($"/Recordings/{recording}.json", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Synthetic_records_are_never_dialled_through_twilio()
    {
        await using var server = await StartAsync();
        using var admin = await server.AdministratorAsync();
        var sample = await DrawnAsync(admin, synthetic: true);

        var refused = await admin.PostJsonAsync($"{sample}/1/calls", new { mode = "Ivr" }, 400);

        Assert.Equal("synthetic-record", refused.Code());
        Assert.Empty(_twilio.LogEntries);
    }

    [Fact]
    public async Task A_call_through_twilio_sends_only_valid_requests_and_records_only_after_consent()
    {
        StubCallAndRecording();
        await using var server = await StartAsync();
        using var admin = await server.AdministratorAsync();
        var sample = await DrawnAsync(admin, synthetic: false);

        var placed = await admin.PostJsonAsync($"{sample}/1/calls", new { mode = "Ivr" }, 201);
        var id = placed.GetProperty("id").GetInt64();
        Assert.Single(_twilio.LogEntries);

        // Twilio fetches the TwiML and posts what the person pressed, each request signed with the auth token.
        var call = TwilioCall();
        var twiml = await WebhookAsync(server, $"voice?call={id}", call);
        Assert.Contains("<Gather", twiml, StringComparison.Ordinal);
        Assert.Contains("cmn-Hans-CN", twiml, StringComparison.Ordinal);
        Assert.Contains("Polly.Zhiyu-Neural", twiml, StringComparison.Ordinal);
        await WebhookAsync(server, $"gather?call={id}&step=who", new(call) { ["Digits"] = "1" });
        Assert.Single(_twilio.LogEntries);
        await WebhookAsync(server, $"gather?call={id}&step=consent", new(call) { ["SpeechResult"] = "同意", ["Confidence"] = "0.9" });

        var recordingRequest = Assert.Single(_twilio.LogEntries, e => e.RequestMessage.AbsolutePath.EndsWith("/Recordings.json", StringComparison.Ordinal));
        var form = HttpUtility.ParseQueryString(recordingRequest.RequestMessage.Body!);
        Assert.Equal($"{PublicBase}/telephony/twilio/recording-status?call={id}", form["RecordingStatusCallback"]);
        var contract = new TwilioContract();
        Assert.Empty(_twilio.LogEntries.SelectMany(e => contract.Check(e.RequestMessage.Method, e.RequestMessage.AbsolutePath,
            HttpUtility.ParseQueryString(e.RequestMessage.Body ?? "") is var f ? f.AllKeys.ToDictionary(k => k!, k => f.GetValues(k)!.ToList()) : [])));

        var state = await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{id}");
        Assert.Equal("Yes", state.GetProperty("consent").GetString());
        Assert.Equal("speech", state.GetProperty("consentMethod").GetString());
        Assert.True(state.GetProperty("recorded").GetBoolean());
    }

    [Fact]
    public async Task A_call_twilio_refuses_tells_the_inspector_why_and_is_kept_on_record()
    {
        _twilio.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{TwilioAdapterTests.AccountSid}/Calls.json").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(400).WithHeader("Content-Type", "application/json")
                .WithBody("""{"code":21211,"message":"The 'To' number is not a valid phone number.","status":400}"""));
        await using var server = await StartAsync();
        using var admin = await server.AdministratorAsync();
        var sample = await DrawnAsync(admin, synthetic: false);

        var refused = await admin.PostJsonAsync($"{sample}/1/calls", new { mode = "Ivr" }, 502);

        Assert.Equal("invalid-number", refused.Code());
        Assert.Contains("21211", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var call = await admin.GetFromJsonAsync<JsonElement>("/api/calls/1");
        Assert.Equal("failed", call.GetProperty("status").GetString());
        Assert.Equal("invalid-number", call.GetProperty("failureCode").GetString());
    }

    [Fact]
    public async Task Twilio_settings_that_cannot_work_stop_the_start_naming_each_key()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => CallbackServer.StartAsync("--Telephony:Provider=twilio", "--Telephony:Twilio:PublicBaseUrl=http://insecure.example"));

        Assert.Contains("Telephony:Twilio:AccountSid", error.Message, StringComparison.Ordinal);
        Assert.Contains("Telephony:Twilio:AuthToken", error.Message, StringComparison.Ordinal);
        Assert.Contains("Telephony:Twilio:PublicBaseUrl", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _twilio.Stop();
}
