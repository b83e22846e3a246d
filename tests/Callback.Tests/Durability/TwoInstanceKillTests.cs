using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Callback.Host.Calls;
using Callback.Persistence;
using Callback.Persistence.Leases;
using Callback.Tests.Calls;
using Callback.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NAudio.Wave;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Callback.Tests.Durability;

/// <summary>
/// Two instances on one PostgreSQL and one Redis, one Twilio (WireMock) in front of both: instance A, a process of its
/// own, is killed (SIGKILL) with a person in the middle of their call and another call still ringing. Twilio carries
/// on and its webhooks land on B (as they would behind the load balancer): B finishes the conversation, records after
/// the consent, seals the recording and ends the call as one attempt; the ringing call, whose last status callback was
/// lost with A, is finished from Twilio's record by B's scheduled reconciler pass once the lease A held has run out.
/// </summary>
[Trait(TestDatabase.Trait, "postgres-only")]
public sealed class TwoInstanceKillTests : KillHarness
{
    private const string First = "CA00000000000000000000000000000011";
    private const string Second = "CA00000000000000000000000000000012";
    private const string Recording = "RE00000000000000000000000000000019";

    private readonly WireMockServer _twilio = WireMockServer.Start();

    [Fact]
    public async Task An_instance_killed_mid_call_leaves_its_calls_to_the_other_which_finishes_records_and_ends_each_once()
    {
        var redis = Environment.GetEnvironmentVariable(TwoInstanceTests.RedisVariable);
        Assert.True(TestDatabase.IsPostgres && !string.IsNullOrEmpty(redis), $"{TestDatabase.Variable} and {TwoInstanceTests.RedisVariable} must name a PostgreSQL and a Redis server");
        StubTwilio();
        var prefix = $"callback-test-{Guid.NewGuid():N}";
        string[] Settings(string name) =>
            [.. TwilioFlowTests.TwilioSettings(_twilio), $"--Instance:Name={name}", $"--Redis:Configuration={redis}", $"--Redis:ChannelPrefix={prefix}"];
        var a = new Uri($"http://127.0.0.1:{FreePort()}");
        await StartAsync(a, null, Settings("a"));
        var clockOfB = new MovableClock();
        await using var b = await CallbackServer.StartOnAsync(Data, clockOfB, Settings("b"));
        using var admin = await SignInAsync(a);
        await TwilioFlowTests.ImportSampleAsync(admin, synthetic: false);
        var sample = await DrawAsync(admin);
        var talking = (await admin.PostJsonAsync($"{sample}/1/calls", new { mode = "Ivr" }, 201)).GetProperty("id").GetInt64();
        var ringing = (await admin.PostJsonAsync($"{sample}/2/calls", new { mode = "Ivr" }, 201)).GetProperty("id").GetInt64();
        var first = new Dictionary<string, string> { ["CallSid"] = First, ["AccountSid"] = TwilioAdapterTests.AccountSid };
        var second = new Dictionary<string, string> { ["CallSid"] = Second, ["AccountSid"] = TwilioAdapterTests.AccountSid };

        // On A: the first person answers and says who they are; the second phone rings.
        await TwilioFlowTests.WebhookAsync(a, $"status?call={talking}", new(first) { ["CallStatus"] = "in-progress", ["SequenceNumber"] = "2" });
        await TwilioFlowTests.WebhookAsync(a, $"voice?call={talking}", first);
        var consentAsked = await TwilioFlowTests.WebhookAsync(a, $"gather?call={talking}&step=who", new(first) { ["Digits"] = "1" });
        Assert.Contains("step=consent", consentAsked, StringComparison.Ordinal);
        await TwilioFlowTests.WebhookAsync(a, $"status?call={ringing}", new(second) { ["CallStatus"] = "ringing", ["SequenceNumber"] = "1" });

        // A's reconciler holds the scheduled work's lease (taken at its start), so B's reconciler waits.
        await WaitAsync(async () =>
        {
            await using var scope = b.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<CallbackDbContext>().Set<Lease>().AnyAsync(l => l.Name == "reconciler" && l.Holder == "a");
        });

        Kill();

        // Twilio goes on with the person, now through B.
        var asked = await TwilioFlowTests.WebhookAsync(b.BaseAddress, $"gather?call={talking}&step=consent", new(first) { ["Digits"] = "1" });
        Assert.Contains("step=employment-status", asked, StringComparison.Ordinal);
        Assert.Single(_twilio.LogEntries, e => e.RequestMessage.AbsolutePath.EndsWith($"/Calls/{First}/Recordings.json", StringComparison.Ordinal));
        await TwilioFlowTests.WebhookAsync(b.BaseAddress, $"gather?call={talking}&step=employment-status", new(first) { ["Digits"] = "2" });
        var closing = await TwilioFlowTests.WebhookAsync(b.BaseAddress, $"gather?call={talking}&step=trained", new(first) { ["Digits"] = "2" });
        Assert.Contains("<Hangup", closing, StringComparison.Ordinal);
        await TwilioFlowTests.WebhookAsync(b.BaseAddress, $"recording-status?call={talking}", new(first)
        {
            ["RecordingSid"] = Recording, ["RecordingStatus"] = "completed",
            ["RecordingUrl"] = $"https://api.twilio.com/2010-04-01/Accounts/{TwilioAdapterTests.AccountSid}/Recordings/{Recording}",
        });
        await TwilioFlowTests.WebhookAsync(b.BaseAddress, $"status?call={talking}", new(first) { ["CallStatus"] = "completed", ["SequenceNumber"] = "5" });

        // The second call's "no-answer" went to A as it died. B's scheduled pass is refused while A's lease runs; once it
        // has run out (B's clock moved on past it), B takes the lease, asks Twilio about the call and finishes it, once.
        var reconciler = b.Services.GetRequiredService<CallReconciler>();
        // (B's loop keeps its first pass, the one that asks about every live call, until it holds the lease.)
        Assert.Null(await reconciler.PassAsync(atStart: true, CancellationToken.None));
        clockOfB.Advance(CallReconciler.LeaseTerm + TimeSpan.FromMinutes(1));
        Assert.Equal(1, await reconciler.PassAsync(atStart: true, CancellationToken.None));
        Assert.Equal(0, await reconciler.PassAsync(atStart: false, CancellationToken.None));

        using var adminB = await b.AdministratorAsync();
        await WaitAsync(async () => (await adminB.GetFromJsonAsync<JsonElement>($"/api/calls/{talking}")).GetProperty("recordingStatus").GetString() == "sealed");
        var talked = await adminB.GetFromJsonAsync<JsonElement>($"/api/calls/{talking}");
        Assert.Equal(("completed", "未就业"), (talked.GetProperty("disposition").GetString(), talked.GetProperty("answers").GetProperty("employmentStatus").GetString()));
        using (var audio = await adminB.GetAsync(new Uri($"/api/calls/{talking}/recording", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, audio.StatusCode);
            Assert.Equal(talked.GetProperty("recordingSha256").GetString(), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await audio.Content.ReadAsByteArrayAsync())));
        }

        Assert.Equal("no-answer", (await adminB.GetFromJsonAsync<JsonElement>($"/api/calls/{ringing}")).GetProperty("disposition").GetString());
        await using var scope = b.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
        Assert.Equal(1, await db.CallAttempts.CountAsync(t => t.CallId == talking));
        Assert.Equal(1, await db.CallAttempts.CountAsync(t => t.CallId == ringing));
        Assert.Equal(1, await db.ConsentEvents.CountAsync(e => e.CallId == talking));
    }

    /// <summary>Twilio: two calls placed (one sid each), a recording started, the second call's record, the recording's audio.</summary>
    private void StubTwilio()
    {
        var calls = $"/2010-04-01/Accounts/{TwilioAdapterTests.AccountSid}/Calls";
        _twilio.Given(Request.Create().WithPath($"{calls}.json").UsingPost()).InScenario("placed").WillSetStateTo("one")
            .RespondWith(Json(201, $$"""{"sid":"{{First}}","status":"queued","account_sid":"{{TwilioAdapterTests.AccountSid}}"}"""));
        _twilio.Given(Request.Create().WithPath($"{calls}.json").UsingPost()).InScenario("placed").WhenStateIs("one").WillSetStateTo("two")
            .RespondWith(Json(201, $$"""{"sid":"{{Second}}","status":"queued","account_sid":"{{TwilioAdapterTests.AccountSid}}"}"""));
        _twilio.Given(Request.Create().WithPath($"{calls}/{First}/Recordings.json").UsingPost())
            .RespondWith(Json(201, $$"""{"sid":"{{Recording}}"}"""));
        _twilio.Given(Request.Create().WithPath($"{calls}/{Second}.json").UsingGet())
            .RespondWith(Json(200, $$"""{"sid":"{{Second}}","status":"no-answer","account_sid":"{{TwilioAdapterTests.AccountSid}}"}"""));
        _twilio.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{TwilioAdapterTests.AccountSid}/Recordings/{Recording}.wav").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "audio/x-wav").WithBody(Speech()));
    }

    private static IResponseBuilder Json(int status, string body) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);

    /// <summary>Eight seconds of a telephone-quality tone: a recording that passes the length and silence checks.</summary>
    private static byte[] Speech()
    {
        using var wav = new MemoryStream();
        using (var writer = new WaveFileWriter(wav, new WaveFormat(8000, 16, 1)))
        {
            var samples = Enumerable.Range(0, 8 * 8000).Select(i => (float)(0.3 * Math.Sin(i / 5.0))).ToArray();
            writer.WriteSamples(samples, 0, samples.Length);
        }

        return wav.ToArray();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _twilio.Dispose();
        base.Dispose(disposing);
    }
}
