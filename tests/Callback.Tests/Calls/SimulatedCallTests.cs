using System.Net.Http.Json;
using System.Text.Json;
using Callback.Telephony.Simulator;
using Callback.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Tests.Calls;

/// <summary>Calls placed through the simulator: the same webhooks, signatures and code path as with Twilio.</summary>
public sealed class SimulatedCallTests
{
    internal const string Seed = "calls-2026-150100-seed-of-length";

    internal static async Task<(CallbackServer Server, HttpClient Admin, string Sample)> DrawnAsync(ShanghaiMorningClock? clock = null)
    {
        var server = await CallbackServer.StartAsync(clock ?? new ShanghaiMorningClock(), "--Demo:Persons=600", "--Telephony:CallsPerSecond=50");
        var admin = await server.AdministratorAsync();
        // These tests ring the same persons many times over; the daily limit has tests of its own.
        var sample = await admin.DrawInspectionAsync("电话核查", new { maxAttemptsPerDay = 10 }, Seed);
        return (server, admin, sample);
    }

    internal static async Task<JsonElement> CallAsync(CallbackServer server, HttpClient client, string sample, int position, object? simulation, string mode = "Ivr")
    {
        var placed = await client.PostJsonAsync($"{sample}/{position}/calls", new { mode, simulation }, 201);
        var sid = placed.GetProperty("providerCallSid").GetString()!;
        await server.Services.GetRequiredService<SimulatorProvider>().WhenEndedAsync(sid);
        return await client.GetFromJsonAsync<JsonElement>($"/api/calls/{placed.GetProperty("id").GetInt64()}");
    }

    /// <summary>
    /// Records the finding the comparison rules call for after the simulator's cooperative person (employed, flexibly,
    /// not trained) answered: untruthful in each field where the registry says otherwise. Returns whether untruthful.
    /// </summary>
    internal static async Task<bool> JudgeCooperativeAsync(HttpClient client, string sample, int position)
    {
        var registered = (await client.GetFromJsonAsync<JsonElement>(sample))[position - 1];
        var differing = new List<string>();
        if (registered.GetProperty("employmentStatus").GetString() != "已就业")
            differing.Add("employmentStatus");
        else if (registered.GetProperty("employmentForm").GetString() != "灵活就业")
            differing.Add("employmentForm");
        if (registered.GetProperty("trained").GetBoolean())
            differing.Add("trained");
        await client.PostJsonAsync($"{sample}/{position}/findings", new
        {
            verdict = differing.Count == 0 ? "Truthful" : "Untruthful", reason = "电话核实", expectedSequence = 0, differingFields = differing,
        }, 201);
        return differing.Count > 0;
    }

    internal static object Person(string consent = "1", string? hangUpAt = null, string answer = "answer", string who = "1") => new
    {
        answer,
        inputs = new Dictionary<string, string> { ["who"] = who, ["consent"] = consent, ["employment-status"] = "1", ["employment-form"] = "6", ["trained"] = "1", ["training-year"] = "2025" },
        hangUpAtStep = hangUpAt,
    };

    [Fact]
    public async Task A_cooperative_person_is_verified_end_to_end_and_recorded_after_consent()
    {
        var (server, admin, sample) = await DrawnAsync();
        await using var _ = server;
        using (admin)
        {
            var call = await CallAsync(server, admin, sample, 1, Person());

            Assert.Equal("completed", call.GetProperty("status").GetString());
            Assert.Equal("completed", call.GetProperty("disposition").GetString());
            Assert.Equal("Yes", call.GetProperty("consent").GetString());
            Assert.Equal("dtmf", call.GetProperty("consentMethod").GetString());
            Assert.True(call.GetProperty("recorded").GetBoolean());
            // The provider has it (completed), or the background has already downloaded and sealed it.
            Assert.Contains(call.GetProperty("recordingStatus").GetString(), new[] { "completed", "sealed" });
            var answers = call.GetProperty("answers");
            Assert.Equal("已就业", answers.GetProperty("employmentStatus").GetString());
            Assert.Equal("灵活就业", answers.GetProperty("employmentForm").GetString());
            Assert.Equal("2025", answers.GetProperty("trainingYear").GetString());

            // The call is the person's attempt, and its answers feed the finding.
            var persons = await admin.GetFromJsonAsync<JsonElement>(sample);
            Assert.Equal("completed", persons[0].GetProperty("lastDisposition").GetString());
            // The verdict follows the comparison rules: what the IVR heard against what the registry holds.
            var registered = persons[0];
            var differing = new List<string>();
            if (registered.GetProperty("employmentStatus").GetString() != "已就业")
                differing.Add("employmentStatus");
            else if (registered.GetProperty("employmentForm").GetString() != "灵活就业")
                differing.Add("employmentForm");
            if (!registered.GetProperty("trained").GetBoolean())
                differing.Add("trained");
            else if (registered.GetProperty("trainingYear").GetInt32() != 2025)
                differing.Add("trainingYear");
            if (differing.Count > 0)
            {
                var contradicted = await admin.PostJsonAsync($"{sample}/1/findings", new { verdict = "Truthful", reason = "核实", expectedSequence = 0 }, 400);
                Assert.Equal("verdict-contradicts-answers", contradicted.Code());
            }

            var finding = await admin.PostJsonAsync($"{sample}/1/findings", new
            {
                verdict = differing.Count == 0 ? "Truthful" : "Untruthful", reason = "电话核实", expectedSequence = 0, differingFields = differing,
            }, 201);
            Assert.Equal("已就业", finding.GetProperty("answers").GetProperty("employmentStatus").GetString());
        }
    }

    [Theory]
    [InlineData("2", "No", "dtmf")]
    [InlineData("speech:不同意", "No", "speech")]
    [InlineData("speech:我同意", "Yes", "speech")]
    [InlineData("silence", "No", "silence")]
    public async Task Consent_is_taken_as_given_and_the_call_goes_on_either_way(string input, string consent, string method)
    {
        var (server, admin, sample) = await DrawnAsync();
        await using var _ = server;
        using (admin)
        {
            var call = await CallAsync(server, admin, sample, 2, Person(consent: input));

            Assert.Equal(consent, call.GetProperty("consent").GetString());
            Assert.Equal(method, call.GetProperty("consentMethod").GetString());
            Assert.Equal(consent == "Yes", call.GetProperty("recorded").GetBoolean());
            Assert.Equal("completed", call.GetProperty("disposition").GetString());
        }
    }

    [Theory]
    [InlineData("busy", "busy")]
    [InlineData("no-answer", "no-answer")]
    [InlineData("fail", "technical-failure")]
    [InlineData("dead-number", "not-in-service")]
    public async Task A_call_not_answered_ends_with_its_disposition(string behaviour, string disposition)
    {
        var (server, admin, sample) = await DrawnAsync();
        await using var _ = server;
        using (admin)
        {
            var call = await CallAsync(server, admin, sample, 3, Person(answer: behaviour));

            Assert.Equal(disposition, call.GetProperty("disposition").GetString());
            Assert.False(call.GetProperty("recorded").GetBoolean());
            Assert.Equal(JsonValueKind.Null, call.GetProperty("consent").ValueKind);
        }
    }

    [Fact]
    public async Task The_simulator_forgets_an_ended_call_and_keeps_only_its_newest_records_so_a_demo_left_running_stays_flat()
    {
        var (server, admin, sample) = await DrawnAsync();
        await using var _ = server;
        using (admin)
        {
            var simulator = server.Services.GetRequiredService<SimulatorProvider>();
            var call = await CallAsync(server, admin, sample, 1, null);
            Assert.Equal(0, simulator.Live);
            // Forgotten, and still reported as it ended (as a simulator started again reports the calls before it).
            Assert.Equal("completed", (await simulator.FetchCallAsync(call.GetProperty("providerCallSid").GetString()!, CancellationToken.None)).Status);
            Assert.True(simulator.WhenEndedAsync(call.GetProperty("providerCallSid").GetString()!).IsCompleted);

            for (var i = 0; i <= SimulatorProvider.Kept; i++)
                await simulator.SendTextAsync("+8613800000000", $"text {i}", CancellationToken.None);
            Assert.Equal(SimulatorProvider.Kept, simulator.Texts.Count);
            Assert.Equal($"text {SimulatorProvider.Kept}", simulator.Texts[^1].Body);
            Assert.Equal("text 1", simulator.Texts[0].Body);
            Assert.Equal(SimulatorProvider.Kept, simulator.Operations.Count);
        }
    }

    [Fact]
    public async Task A_wrong_person_ends_the_call_politely_as_a_wrong_number()
    {
        var (server, admin, sample) = await DrawnAsync();
        await using var _ = server;
        using (admin)
        {
            var call = await CallAsync(server, admin, sample, 4, Person(who: "3"));

            Assert.Equal("wrong-person", call.GetProperty("disposition").GetString());
            Assert.Equal(JsonValueKind.Null, call.GetProperty("consent").ValueKind);
            Assert.False(call.GetProperty("recorded").GetBoolean());
        }
    }

    [Fact]
    public async Task Hanging_up_part_way_is_a_partial_interview_with_what_was_answered()
    {
        var (server, admin, sample) = await DrawnAsync();
        await using var _ = server;
        using (admin)
        {
            var call = await CallAsync(server, admin, sample, 5, Person(hangUpAt: "trained"));

            Assert.Equal("partial", call.GetProperty("disposition").GetString());
            Assert.Equal("已就业", call.GetProperty("answers").GetProperty("employmentStatus").GetString());
        }
    }

    [Fact]
    public async Task The_demo_answers_a_simulated_call_by_hand()
    {
        var (server, admin, sample) = await DrawnAsync();
        await using var _ = server;
        using (admin)
        {
            var placed = await admin.PostJsonAsync($"{sample}/1/calls", new { mode = "Ivr", simulation = new { answer = "manual" } }, 201);
            var sid = placed.GetProperty("providerCallSid").GetString()!;
            async Task<string> HearsAsync(string expected)
            {
                for (var i = 0; i < 200; i++)
                {
                    var response = await admin.GetAsync(new Uri($"/api/simulator/calls/{sid}", UriKind.Relative));
                    if (response.IsSuccessStatusCode && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hearing").GetString() is { } heard && heard.Contains(expected, StringComparison.Ordinal))
                        return heard;
                    await Task.Delay(25);
                }

                throw new TimeoutException($"never heard '{expected}'");
            }

            Assert.Contains("您好", await HearsAsync("本人吗"), StringComparison.Ordinal);
            await admin.PostJsonAsync($"/api/simulator/calls/{sid}/input", new { input = "1" }, 202);
            await HearsAsync("录音");
            await admin.PostJsonAsync($"/api/simulator/calls/{sid}/input", new { input = "speech:不同意" }, 202);
            await HearsAsync("有工作吗");
            await admin.PostJsonAsync($"/api/simulator/calls/{sid}/input", new { input = "hangup" }, 202);
            await server.Services.GetRequiredService<SimulatorProvider>().WhenEndedAsync(sid);

            var call = await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{placed.GetProperty("id").GetInt64()}");
            Assert.Equal("No", call.GetProperty("consent").GetString());
            Assert.Equal("break-off", call.GetProperty("disposition").GetString());
            Assert.False(call.GetProperty("recorded").GetBoolean());
        }
    }

    [Fact]
    public async Task An_agent_led_call_connects_the_consenting_person_to_the_inspectors_own_phone()
    {
        var (server, admin, sample) = await DrawnAsync();
        await using var _ = server;
        using (admin)
        {
            var created = await admin.PostJsonAsync("/api/users", new
            {
                userName = "agent-inspector", displayName = "巴特尔", password = "a-long-enough-password", role = "inspector", homeUnitCode = "150200", phoneNumber = "138 0471 0000",
            }, 201);
            Assert.Equal("agent-inspector", created.GetProperty("userName").GetString());
            Assert.Equal("invalid-phone", (await admin.PostJsonAsync("/api/users", new
            {
                userName = "x2", displayName = "x", password = "a-long-enough-password", role = "inspector", phoneNumber = "12345",
            }, 400)).GetProperty("errors").GetProperty("phoneNumber")[0].GetString()!.Split('(', ')')[1]);
            var inspectionId = int.Parse(sample.Split('/')[3], System.Globalization.CultureInfo.InvariantCulture);
            await admin.PostJsonAsync($"/api/inspections/{inspectionId}/inspectors", new { userName = "agent-inspector", unitCode = "150100" }, 201);
            using var inspector = await server.SignInAsync("agent-inspector", "a-long-enough-password");

            var call = await CallAsync(server, inspector, sample, 1, Person(), mode: "Agent");

            Assert.Equal("Agent", call.GetProperty("mode").GetString());
            Assert.Equal("completed", call.GetProperty("disposition").GetString());
            Assert.Equal("Yes", call.GetProperty("consent").GetString());
            Assert.Empty(call.GetProperty("answers").EnumerateObject());
        }
    }

    [Fact]
    public async Task Agent_led_calls_need_the_inspectors_own_number()
    {
        var (server, admin, sample) = await DrawnAsync();
        await using var _ = server;
        using (admin)
        {
            var refused = await admin.PostJsonAsync($"{sample}/1/calls", new { mode = "Agent" }, 400);
            Assert.Equal("no-agent-number", refused.Code());
        }
    }

    [Fact]
    public async Task A_call_outside_calling_hours_is_refused()
    {
        // 21:00 in Shanghai.
        var evening = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 13, 0, 0, TimeSpan.Zero));
        var server = await CallbackServer.StartAsync(evening);
        await using var _ = server;
        using var admin = await server.AdministratorAsync();
        var created = await admin.PostJsonAsync("/api/inspections", new
        {
            kind = "MutualCheck", title = "t", startsOn = "2026-01-01", endsOn = "2027-12-31", unitCodes = new[] { "150100" },
        }, 201);
        var id = created.GetProperty("id").GetInt32();
        await admin.PutJsonAsync($"/api/inspections/{id}/commitment", new { commitment = Callback.Domain.Sampling.SampleDraw.Commitment(Seed) }, 204);
        await admin.PostJsonAsync($"/api/inspections/{id}/draws", new { unit = "150100", seed = Seed }, 201);

        var refused = await admin.PostJsonAsync($"/api/inspections/{id}/units/150100/sample/1/calls", new { mode = "Ivr" }, 400);

        Assert.Equal("outside-calling-hours", refused.Code());
    }
}
