using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Callback.Audio;
using Callback.Domain.Calls;
using Callback.Domain.Calls.Scripts;
using Callback.Telephony;
using Callback.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Tests.Calls;

/// <summary>Mongolian has no voice: its prompts are recorded audio, prepared for the phone network and played.</summary>
public sealed class MongolianPromptTests : IDisposable
{
    private readonly TempDirectory _scripts = new();

    public MongolianPromptTests()
    {
        // The shipped script, with a (stand-in) Mongolian recording for every step, recorded at CD quality.
        var shipped = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "call-scripts", "verification-v1.json"));
        var json = System.Text.Json.Nodes.JsonNode.Parse(shipped)!;
        json["version"] = 2;
        Directory.CreateDirectory(Path.Combine(_scripts.Path, "prompts", "mn"));
        foreach (var step in json["steps"]!.AsArray())
        {
            var file = $"prompts/mn/{step!["id"]}.wav";
            File.WriteAllBytes(Path.Combine(_scripts.Path, file), PromptAudio.Tone(1.5, sampleRate: 44100));
            step["audio"] = new System.Text.Json.Nodes.JsonObject { ["mn"] = file };
        }

        File.WriteAllText(Path.Combine(_scripts.Path, "verification-v2.json"), json.ToJsonString());
    }

    [Fact]
    public async Task A_mongolian_call_plays_prepared_recordings_and_nothing_else_is_served()
    {
        var server = await CallbackServer.StartAsync(new ShanghaiMorningClock(), "--Demo:Persons=600", "--Telephony:CallsPerSecond=50", $"--Telephony:ScriptsDirectory={_scripts.Path}");
        await using var _ = server;
        using var admin = await server.AdministratorAsync();
        var created = await admin.PostJsonAsync("/api/inspections", new
        {
            kind = "MutualCheck", title = "t", startsOn = "2026-01-01", endsOn = "2027-12-31", unitCodes = new[] { "150100" },
        }, 201);
        var id = created.GetProperty("id").GetInt32();
        await admin.PutJsonAsync($"/api/inspections/{id}/commitment", new { commitment = Callback.Domain.Sampling.SampleDraw.Commitment("mongolian-prompts-seed-2026") }, 204);
        await admin.PostJsonAsync($"/api/inspections/{id}/draws", new { unit = "150100", seed = "mongolian-prompts-seed-2026" }, 201);
        var placed = await admin.PostJsonAsync($"/api/inspections/{id}/units/150100/sample/1/calls", new { mode = "Ivr", language = "mn" }, 201);
        await server.Services.GetRequiredService<Callback.Telephony.Simulator.SimulatorProvider>().WhenEndedAsync(placed.GetProperty("providerCallSid").GetString()!);

        var call = await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{placed.GetProperty("id").GetInt64()}");
        Assert.Equal("verification-v2", call.GetProperty("script").GetString());
        Assert.Equal("completed", call.GetProperty("disposition").GetString());

        using var anonymous = server.Anonymous();
        var prompt = await anonymous.GetByteArrayAsync(new Uri("/telephony/prompts/verification-v2/prompts/mn/consent.wav", UriKind.Relative));
        var check = RecordingInspector.Inspect(prompt, 0, -50);
        Assert.Equal(8000, check.SampleRate);
        Assert.Equal(1, check.Channels);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri("/telephony/prompts/verification-v2/verification-v2.json", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri("/telephony/prompts/verification-v2/..%2F..%2Fetc%2Fpasswd", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_shipped_script_has_no_mongolian_recordings_yet_so_a_mongolian_call_is_refused()
    {
        var (server, admin, sample) = await SimulatedCallTests.DrawnAsync();
        await using var _ = server;
        using (admin)
        {
            var refused = await admin.PostJsonAsync($"{sample}/1/calls", new { mode = "Ivr", language = "mn" }, 400);
            Assert.Equal("no-mongolian-prompts", refused.Code());
        }
    }

    [Fact]
    public void Twiml_plays_a_steps_recording_instead_of_speaking_its_text()
    {
        var script = ScriptLoader.LoadFolder(_scripts.Path).Single(s => s.Version == 2);
        var state = new ConversationState { Language = "mn" };
        var prompt = Conversation.Start(script, state, CallMode.Ivr, new Dictionary<string, string> { ["centre"] = "中心", ["name"] = "巴特尔" });

        var twiml = TwimlWriter.Write(script, prompt, step => new Uri($"https://x.example/gather?step={step}"), null, "+864715100000",
            step => new Uri($"https://x.example/prompts/{step}.wav"));

        Assert.Contains("<Play>https://x.example/prompts/greeting.wav</Play>", twiml, StringComparison.Ordinal);
        Assert.Contains("<Play>https://x.example/prompts/who.wav</Play>", twiml, StringComparison.Ordinal);
        Assert.DoesNotContain("<Say", twiml, StringComparison.Ordinal);
    }

    public void Dispose() => _scripts.Dispose();
}
