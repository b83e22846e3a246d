using System.Net.Http.Json;
using System.Text.Json;
using Callback.Domain.Sampling;
using Callback.Tests.Calls;
using Callback.Tests.Support;

namespace Callback.Tests.Hosting;

/// <summary>The path a newcomer takes with the README: spellings the API writes are the ones it reads, and a refusal says how to go on.</summary>
public sealed class NewUserPathTests
{
    [Fact]
    public async Task What_the_api_returns_it_also_accepts_in_any_case_or_as_the_chinese_word_but_never_as_a_number()
    {
        await using var server = await CallbackServer.StartAsync();
        using var admin = await server.AdministratorAsync();
        object Inspection(string kind) => new { kind, title = "t", startsOn = "2026-11-01", endsOn = "2026-12-31", unitCodes = new[] { "150100" } };

        var created = await admin.PostJsonAsync("/api/inspections", Inspection("mutualcheck"), 201);
        Assert.Equal("MutualCheck", created.GetProperty("kind").GetString());
        Assert.Equal("SpotCheck", (await admin.PostJsonAsync("/api/inspections", Inspection("抽查"), 201)).GetProperty("kind").GetString());
        var refused = await admin.PostJsonAsync("/api/inspections", Inspection("2"), 400);
        Assert.Equal("unknown-kind", refused.Code());
        Assert.Contains("MutualCheck（互查）", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var user = await admin.PostJsonAsync("/api/users", new { userName = "wang", displayName = "王", password = "草原上的风吹过 2026", role = "Inspector" }, 201);
        Assert.Equal(["inspector"], user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task A_finding_takes_employment_as_the_api_writes_it_NotEmployed_as_well_as_未就业()
    {
        var clock = new ShanghaiMorningClock();
        await using var server = await CallbackServer.StartAsync(clock, "--Demo:Persons=600");
        using var admin = await server.AdministratorAsync();
        var id = (await admin.PostJsonAsync("/api/inspections", new
        {
            kind = "MutualCheck", title = "t", startsOn = clock.Today, endsOn = clock.Today.AddDays(9), unitCodes = new[] { "150100" },
        }, 201)).GetProperty("id").GetInt32();
        await admin.PutJsonAsync($"/api/inspections/{id}/commitment", new { commitment = SampleDraw.Commitment("spelling-seed-2026-11") }, 204);
        await admin.PostJsonAsync($"/api/inspections/{id}/draws", new { unit = "150100", seed = "spelling-seed-2026-11" }, 201);
        var sample = $"/api/inspections/{id}/units/150100/sample";
        var person = (await admin.GetFromJsonAsync<JsonElement>(sample))[0];
        var attempt = await admin.PostJsonAsync($"{sample}/1/attempts", new { disposition = "completed", note = "座机拨打" }, 201);
        using (var supervisor = await server.UserAsync("supervisor"))
            await supervisor.PostJsonAsync($"{sample}/1/attempts/{attempt.GetProperty("id").GetInt64()}/confirm", new { }, 200);
        var trained = person.GetProperty("trained").GetBoolean();

        var registeredEmployed = person.GetProperty("employmentStatus").GetString() == "已就业";

        var finding = await admin.PostJsonAsync($"{sample}/1/findings", new
        {
            answers = new { employmentStatus = "NotEmployed", trained, trainingYear = trained ? person.GetProperty("trainingYear").GetInt32() : (int?)null },
            verdict = registeredEmployed ? "不真实" : "真实", reason = "核对", expectedSequence = 0,
            differingFields = registeredEmployed ? new[] { "employmentStatus" } : [],
        }, 201);

        // Read back in the registry's words, as every answer the API shows.
        Assert.Equal("未就业", finding.GetProperty("answers").GetProperty("employmentStatus").GetString());
        Assert.Equal(registeredEmployed ? "Untruthful" : "Truthful", finding.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task The_calling_policy_can_be_changed_until_the_first_call_and_the_hours_refusal_says_how_to_go_on()
    {
        var clock = new ShanghaiMorningClock();
        clock.Advance(TimeSpan.FromHours(10)); // 20:00 in Asia/Shanghai: no calling.
        await using var server = await CallbackServer.StartAsync(clock, "--Demo:Persons=600");
        using var admin = await server.AdministratorAsync();
        var id = (await admin.PostJsonAsync("/api/inspections", new
        {
            kind = "SelfCheck", title = "t", startsOn = clock.Today, endsOn = clock.Today.AddDays(9), unitCodes = new[] { "150100" },
        }, 201)).GetProperty("id").GetInt32();
        await admin.PostJsonAsync($"/api/inspections/{id}/draws", new { unit = "150100", seed = "policy-seed-2026-11" }, 201);
        var sample = $"/api/inspections/{id}/units/150100/sample";

        var night = await admin.PostJsonAsync($"{sample}/1/calls", new { mode = "Ivr", simulation = new { answer = "no-answer" } }, 400);
        Assert.Equal("outside-calling-hours", night.Code());
        Assert.Contains("08:30", night.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains($"PUT /api/inspections/{id}/policy", night.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Equal("inspection-frozen", (await admin.PutJsonAsync($"/api/inspections/{id}/policy", new { personsPerUnit = 5 }, 409)).Code());
        Assert.Equal("bad-policy", (await admin.PutJsonAsync($"/api/inspections/{id}/policy", new { callingHours = "all day" }, 400)).Code());
        var policy = await admin.PutJsonAsync($"/api/inspections/{id}/policy", new { callingHours = "00:00-23:59", maxAttemptsPerDay = 3 }, 200);
        Assert.Equal(3, policy.GetProperty("maxAttemptsPerDay").GetInt32());
        await SimulatedCallTests.CallAsync(server, admin, sample, 1, new { answer = "no-answer" });

        Assert.Equal("policy-in-use", (await admin.PutJsonAsync($"/api/inspections/{id}/policy", new { callingHours = "08:00-20:00" }, 409)).Code());
    }
}
