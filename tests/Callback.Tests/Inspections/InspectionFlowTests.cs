using System.Net.Http.Json;
using System.Text.Json;
using Callback.Host.CommandLine;
using Callback.Tests.Support;

namespace Callback.Tests.Inspections;

/// <summary>An inspection end to end over the HTTP API, on the real host and a real SQLite database.</summary>
public sealed class InspectionFlowTests
{
    private const string Seed = "mutual-check-2026-150100-hohhot";

    /// <summary>A mutual check running from a week ago to a month ahead, on a host whose clock reads 10:00 in Asia/Shanghai.</summary>
    private static async Task<(CallbackServer Server, HttpClient Admin, int Inspection, ShanghaiMorningClock Clock)> MutualCheckAsync(string? commitment = null, object? policy = null)
    {
        var clock = new ShanghaiMorningClock();
        var server = await CallbackServer.StartAsync(clock, "--Demo:SeedOnFirstStart=false");
        var admin = await server.AdministratorAsync();
        var job = await admin.ImportAsync(Fixtures.PathOf("registry-sample.csv"));
        Assert.Equal("succeeded", job.GetProperty("state").GetString());
        var created = await admin.PostJsonAsync("/api/inspections", new
        {
            kind = "MutualCheck", title = "2026 年互查", startsOn = clock.Today.AddDays(-7), endsOn = clock.Today.AddDays(30),
            unitCodes = new[] { "150100", "150200" }, policy,
        }, 201);
        var id = created.GetProperty("id").GetInt32();
        (await server.UserAsync("supervisor", Supervisor)).Dispose();
        // A mutual check draws only from a seed committed to beforehand.
        await admin.PutJsonAsync($"/api/inspections/{id}/commitment", new { commitment = commitment ?? Callback.Domain.Sampling.SampleDraw.Commitment(Seed) }, 204);
        return (server, admin, id, clock);
    }

    [Fact]
    public async Task In_a_mutual_check_assigning_an_inspector_to_their_own_unit_is_refused()
    {
        var (server, admin, id, clock) = await MutualCheckAsync();
        await using var _ = server;
        using (admin)
        {
            using var own = await server.UserAsync("inspector", "hohhot-inspector", homeUnitCode: "150100");
            var refused = await admin.PostJsonAsync($"/api/inspections/{id}/inspectors", new { userName = "hohhot-inspector", unitCode = "150100" }, 400);
            Assert.Equal("self-assignment", refused.Code());
            Assert.Contains("本单位", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);

            await admin.PostJsonAsync($"/api/inspections/{id}/inspectors", new { userName = "hohhot-inspector", unitCode = "150200" }, 201);
            var inspection = await admin.GetFromJsonAsync<JsonElement>($"/api/inspections/{id}");
            var assignment = Assert.Single(inspection.GetProperty("inspectors").EnumerateArray());
            Assert.Equal("150200", assignment.GetProperty("unitCode").GetString());
        }
    }

    [Fact]
    public async Task The_draw_keeps_its_commitment_refuses_bad_seeds_and_is_sealed()
    {
        var (server, admin, id, clock) = await MutualCheckAsync(commitment: Callback.Domain.Sampling.SampleDraw.Commitment(Seed));
        await using var _ = server;
        using (admin)
        {
            Assert.Equal("seed-too-short", (await admin.PostJsonAsync($"/api/inspections/{id}/draws", new { unit = "150100", seed = "short" }, 400)).Code());
            Assert.Equal("seed-commitment-mismatch", (await admin.PostJsonAsync($"/api/inspections/{id}/draws", new { unit = "150100", seed = "another-seed-of-enough-length" }, 400)).Code());
            Assert.Equal("unit-not-in-inspection", (await admin.PostJsonAsync($"/api/inspections/{id}/draws", new { unit = "150300", seed = Seed }, 400)).Code());

            var draw = await admin.PostJsonAsync($"/api/inspections/{id}/draws", new { unit = "150100", seed = Seed }, 201);
            Assert.Equal("callback-sample-v1", draw.GetProperty("algorithm").GetString());
            Assert.Equal(274, draw.GetProperty("populationSize").GetInt32());
            Assert.Equal(10, draw.GetProperty("sample").GetArrayLength());
            Assert.Equal(10, draw.GetProperty("reserves").GetArrayLength());

            Assert.Equal("already-drawn", (await admin.PostJsonAsync($"/api/inspections/{id}/draws", new { unit = "150100", seed = Seed }, 409)).Code());
            Assert.Equal("inspection-frozen", (await admin.PutJsonAsync($"/api/inspections/{id}/registry-version", new { version = 1 }, 409)).Code());
            Assert.Equal("inspection-frozen", (await admin.PutJsonAsync($"/api/inspections/{id}/commitment", new { commitment = new string('a', 64) }, 409)).Code());

            // Shown to anyone but an administrator, certificate numbers are masked.
            using var supervisor = await server.UserAsync("supervisor");
            var shown = await supervisor.GetFromJsonAsync<JsonElement>($"/api/inspections/{id}/draws");
            Assert.All(shown[0].GetProperty("sample").EnumerateArray(), c => Assert.Contains("****", c.GetString(), StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Verify_draw_recomputes_the_stored_draw_from_the_export_alone()
    {
        var (server, admin, id, clock) = await MutualCheckAsync();
        await using var _ = server;
        using (admin)
        {
            var stored = await admin.PostJsonAsync($"/api/inspections/{id}/draws", new { unit = "150100", seed = Seed }, 201);

            using var output = new StringWriter();
            using var error = new StringWriter();
            var exit = await CallbackCommandLine.InvokeAsync(
                ["verify-draw", "--registry", Fixtures.PathOf("registry-sample.csv"), "--seed", Seed, "--unit", "150100", "--json"], output, error);

            Assert.Equal(0, exit);
            var verified = JsonDocument.Parse(output.ToString()).RootElement;
            Assert.Equal("callback-sample-v1", verified.GetProperty("algorithm").GetString());
            Assert.Equal(stored.GetProperty("populationSize").GetInt32(), verified.GetProperty("population_size").GetInt32());
            Assert.Equal(stored.GetProperty("populationHash").GetString(), verified.GetProperty("population_hash").GetString());
            Assert.Equal(Strings(stored.GetProperty("sample")), Strings(verified.GetProperty("sample")));
            Assert.Equal(Strings(stored.GetProperty("reserves")), Strings(verified.GetProperty("reserves")));
        }
    }

    [Fact]
    public async Task Item_4_4_follows_the_findings_through_corrections_and_never_goes_below_0()
    {
        var (server, admin, id, clock) = await MutualCheckAsync();
        await using var _ = server;
        using (admin)
        {
            await admin.PostJsonAsync($"/api/inspections/{id}/draws", new { unit = "150100", seed = Seed }, 201);
            var sample = $"/api/inspections/{id}/units/150100/sample";
            var persons = await admin.GetFromJsonAsync<JsonElement>(sample);
            Assert.Equal(10, persons.GetArrayLength());
            var first = persons[0];

            // Nobody outside the sample, and no verdict without a completed call.
            Assert.Equal("not-in-sample", (await admin.PostJsonAsync($"{sample}/11/findings", Untruthful(first, 0), 404)).Code());
            Assert.Equal("not-in-sample", (await admin.PostJsonAsync($"{sample}/0/attempts", new { disposition = "completed", note = Note }, 404)).Code());
            Assert.Equal("not-verified", (await admin.PostJsonAsync($"{sample}/1/findings", Untruthful(first, 0), 409)).Code());
            clock.Advance(TimeSpan.FromHours(2.5));
            await server.RenewAdministratorAsync(admin);
            Assert.Equal("outside-calling-hours", (await admin.PostJsonAsync($"{sample}/1/attempts", new { disposition = "completed", note = Note }, 400)).Code());
            clock.Advance(TimeSpan.FromHours(2.5));
            await server.RenewAdministratorAsync(admin);
            Assert.Equal("unknown-disposition", (await admin.PostJsonAsync($"{sample}/1/attempts", new { disposition = "maybe", note = Note }, 400)).Code());
            await HandAttemptAsync(server, admin, sample, 1, "completed");

            var finding = await admin.PostJsonAsync($"{sample}/1/findings", Untruthful(first, 0), 201);
            Assert.Contains(finding.GetProperty("comparison").EnumerateArray(), c => c.GetProperty("field").GetString() == "employmentStatus" && c.GetProperty("makesUntruthful").GetBoolean());
            Assert.Equal(18m, Item44(await Scorecard(admin, id)));

            // A second finding racing the first (it saw no entry yet) is refused; nothing changes.
            Assert.Equal("finding-conflict", (await admin.PostJsonAsync($"{sample}/1/findings", Untruthful(first, 0), 409)).Code());
            Assert.Equal(18m, Item44(await Scorecard(admin, id)));

            // A correction is a new entry, with who and why; the score follows it.
            var correction = await admin.PostJsonAsync($"{sample}/1/findings", new
            {
                answers = AsRegistered(first), verdict = "Truthful", reason = "复听录音：本人说明仍在岗，先前记录有误", expectedSequence = 1,
            }, 201);
            Assert.True(correction.GetProperty("isCorrection").GetBoolean());
            Assert.Equal(20m, Item44(await Scorecard(admin, id)));
            var history = await admin.GetFromJsonAsync<JsonElement>($"{sample}/1/findings");
            Assert.Equal(["Untruthful", "Truthful"], history.EnumerateArray().Select(h => h.GetProperty("verdict").GetString()));

            // All ten untruthful: 20 − 2 × 10 = 0, and no lower.
            for (var position = 1; position <= 10; position++)
            {
                var expected = position == 1 ? 2 : 0;
                if (position > 1)
                    await HandAttemptAsync(server, admin, sample, position, "completed");
                await admin.PostJsonAsync($"{sample}/{position}/findings", Untruthful(persons[position - 1], expected), 201);
            }

            var card = await Scorecard(admin, id);
            Assert.Equal(0m, Item44(card));
            var item = card.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "4.4");
            Assert.Equal(10, item.GetProperty("deductions").GetArrayLength());
            Assert.All(item.GetProperty("deductions").EnumerateArray(), d => Assert.True(d.GetProperty("findingEntryId").GetInt64() > 0));
            Assert.Equal(1m, card.GetProperty("rates").GetProperty("responseRate1").GetDecimal());
            var all = await admin.GetFromJsonAsync<JsonElement>($"/api/inspections/{id}/scorecards");
            Assert.Equal(["150100", "150200"], all.EnumerateArray().Select(c => c.GetProperty("unitCode").GetString()));
            Assert.Equal(0m, Item44(all[0]));
            Assert.Equal(JsonValueKind.Null, all[1].GetProperty("items").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "4.4").GetProperty("score").ValueKind);
        }
    }

    [Fact]
    public async Task An_unreachable_person_is_replaced_by_the_next_reserve_and_the_replacement_recorded()
    {
        var (server, admin, id, clock) = await MutualCheckAsync();
        await using var _ = server;
        using (admin)
        {
            var draw = await admin.PostJsonAsync($"/api/inspections/{id}/draws", new { unit = "150100", seed = Seed }, 201);
            var sample = $"/api/inspections/{id}/units/150100/sample";
            await HandAttemptAsync(server, admin, sample, 3, "no-answer");
            clock.Advance(TimeSpan.FromHours(1));
            await server.RenewAdministratorAsync(admin);
            await HandAttemptAsync(server, admin, sample, 3, "busy");
            var before = await admin.GetFromJsonAsync<JsonElement>(sample);
            Assert.Equal(Strings(draw.GetProperty("sample"))[2], before[2].GetProperty("certificate").GetString());
            // Two attempts a day at most: the third waits for the next day.
            Assert.Equal("daily-limit-reached", (await admin.PostJsonAsync($"{sample}/3/attempts", new { disposition = "no-answer", note = Note }, 400)).Code());

            clock.Advance(TimeSpan.FromDays(1));

            await server.RenewAdministratorAsync(admin);
            var third = await admin.PostJsonAsync($"{sample}/3/attempts", new { disposition = "no-answer", note = Note }, 201);
            // Typed by hand, it replaces nobody until a supervisor confirms it.
            Assert.Equal(Strings(draw.GetProperty("sample"))[2], (await admin.GetFromJsonAsync<JsonElement>(sample))[2].GetProperty("certificate").GetString());
            // Not by whoever typed it: four eyes.
            Assert.Equal("own-attempt", (await admin.PostJsonAsync($"{sample}/3/attempts/{third.GetProperty("id").GetInt64()}/confirm", new { }, 403)).Code());
            await ConfirmAsync(server, sample, 3, third.GetProperty("id").GetInt64());

            var after = await admin.GetFromJsonAsync<JsonElement>(sample);
            Assert.Equal(Strings(draw.GetProperty("reserves"))[0], after[2].GetProperty("certificate").GetString());
            Assert.Equal(Strings(draw.GetProperty("sample"))[2], after[2].GetProperty("replacedCertificate").GetString());
            Assert.Equal(0, after[2].GetProperty("attempts").GetInt32());
        }
    }

    [Fact]
    public async Task Under_the_count_as_untruthful_policy_an_unreachable_person_costs_2_points()
    {
        var (server, admin, id, clock) = await MutualCheckAsync(policy: new { unreachable = "CountAsUntruthful" });
        await using var _ = server;
        using (admin)
        {
            await admin.PostJsonAsync($"/api/inspections/{id}/draws", new { unit = "150100", seed = Seed }, 201);
            var sample = $"/api/inspections/{id}/units/150100/sample";
            await HandAttemptAsync(server, admin, sample, 1, "not-in-service");

            var card = await Scorecard(admin, id);
            Assert.Equal(18m, Item44(card));
            Assert.Null(card.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "4.4")
                .GetProperty("deductions")[0].GetProperty("findingEntryId").GetString());
        }
    }

    [Fact]
    public async Task Inspectors_score_other_items_within_their_maxima_until_the_scorecard_is_locked()
    {
        var (server, admin, id, clock) = await MutualCheckAsync();
        await using var _ = server;
        using (admin)
        {
            using var inspector = await server.UserAsync("inspector", "baotou-inspector", homeUnitCode: "150200");
            await admin.PostJsonAsync($"/api/inspections/{id}/inspectors", new { userName = "baotou-inspector", unitCode = "150100" }, 201);
            var unit = $"/api/inspections/{id}/units/150100";

            Assert.Equal("score-above-maximum", (await inspector.PutJsonAsync($"{unit}/items/1.1", new { score = 4, note = "n", evidence = "e" }, 400)).Code());
            Assert.Equal("computed-item", (await inspector.PutJsonAsync($"{unit}/items/4.4", new { score = 20, note = "n", evidence = "e" }, 400)).Code());
            Assert.Equal("missing-evidence", (await inspector.PutJsonAsync($"{unit}/items/1.1", new { score = 3, note = "", evidence = "" }, 400)).Code());
            Assert.Equal("unknown-item", (await inspector.PutJsonAsync($"{unit}/items/9.9", new { score = 1, note = "n", evidence = "e" }, 404)).Code());
            Assert.Equal("not-assigned", (await inspector.PutJsonAsync($"/api/inspections/{id}/units/150200/items/1.1", new { score = 1, note = "n", evidence = "e" }, 403)).Code());

            var card = await inspector.PutJsonAsync($"{unit}/items/1.1", new { score = 3, note = "有领导小组成立文件", evidence = "呼残联发〔2015〕3号" }, 200);
            Assert.Equal(3m, card.GetProperty("items")[0].GetProperty("score").GetDecimal());
            card = await inspector.PutJsonAsync($"{unit}/figures", new { coverageRate = 1.0, entryRate = 0.97, evidence = "实名制系统 2026-11-20 统计页" }, 200);
            var items = card.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("code").GetString()!);
            Assert.Equal(5m, items["4.1"].GetProperty("score").GetDecimal());
            Assert.Equal(14.6m, items["4.2"].GetProperty("score").GetDecimal());
            Assert.Equal(3m + 5m + 14.6m, card.GetProperty("total").GetDecimal());
            Assert.Equal(101, card.GetProperty("printedMaximum").GetInt32());
            Assert.Equal(2, card.GetProperty("inconsistencies").GetArrayLength());
            Assert.Equal("rate-out-of-range", (await inspector.PutJsonAsync($"{unit}/figures", new { entryRate = 97, evidence = "e" }, 400)).Code());

            var feedback = await inspector.PostJsonAsync($"{unit}/feedback", new { text = "季度更新制度未建立", deadline = "2027-01-31" }, 201);
            Assert.Equal("Open", feedback.GetProperty("status").GetString());

            Assert.Equal("not-allowed", (await inspector.PostJsonAsync($"{unit}/lock", new { }, 403)).Code());
            var locked = await admin.PostJsonAsync($"{unit}/lock", new { }, 200);
            Assert.True(locked.GetProperty("locked").GetBoolean());
            Assert.Equal("scorecard-locked", (await inspector.PutJsonAsync($"{unit}/items/1.2", new { score = 2, note = "n", evidence = "e" }, 409)).Code());
            Assert.Equal("scorecard-locked", (await admin.PostJsonAsync($"{unit}/lock", new { }, 409)).Code());
            Assert.Equal(22.6m, (await Scorecard(admin, id)).GetProperty("total").GetDecimal());

            // Rectification goes on after the scorecard is final.
            var patched = await inspector.PatchAsJsonAsync($"/api/inspections/{id}/feedback/{feedback.GetProperty("id").GetInt64()}", new { status = "Rectified", note = "已建立季度更新制度" });
            Assert.Equal(System.Net.HttpStatusCode.OK, patched.StatusCode);
        }
    }

    [Fact]
    public async Task A_callback_appointment_is_kept_with_the_person_and_must_fall_in_calling_hours()
    {
        var (server, admin, id, clock) = await MutualCheckAsync();
        await using var _ = server;
        using (admin)
        {
            await admin.PostJsonAsync($"/api/inspections/{id}/draws", new { unit = "150100", seed = Seed }, 201);
            var sample = $"/api/inspections/{id}/units/150100/sample";

            var now = clock.GetUtcNow();
            // Whole seconds, as a person's appointment is given (PostgreSQL keeps microseconds, not the clock's ticks).
            var tomorrow = now.AddDays(1).AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
            Assert.Equal("bad-callback-time", (await admin.PostJsonAsync($"{sample}/2/attempts", new
            {
                disposition = "respondent-unavailable", note = Note, attemptedAt = now, callbackAt = now.AddHours(12),
            }, 400)).Code());
            await admin.PostJsonAsync($"{sample}/2/attempts", new { disposition = "respondent-unavailable", note = Note, attemptedAt = now, callbackAt = tomorrow }, 201);

            var persons = await admin.GetFromJsonAsync<JsonElement>(sample);
            Assert.Equal(tomorrow, persons[1].GetProperty("callbackAt").GetDateTimeOffset());
        }
    }

    [Fact]
    public async Task Bad_inspections_are_refused_with_their_reason()
    {
        var server = await CallbackServer.StartAsync();
        await using var _ = server;
        using var admin = await server.AdministratorAsync();
        object Inspection(string kind, string[] units, object? policy = null) =>
            new { kind, title = "t", startsOn = "2026-11-01", endsOn = "2026-12-31", unitCodes = units, policy };

        Assert.Equal("unknown-kind", (await admin.PostJsonAsync("/api/inspections", Inspection("Audit", ["150100"]), 400)).Code());
        Assert.Equal("unknown-unit", (await admin.PostJsonAsync("/api/inspections", Inspection("SpotCheck", ["150199"]), 400)).Code());
        Assert.Equal("no-units", (await admin.PostJsonAsync("/api/inspections", Inspection("SpotCheck", []), 400)).Code());
        Assert.Equal("bad-policy", (await admin.PostJsonAsync("/api/inspections", Inspection("SpotCheck", ["150100"], new { callingHours = "all day" }), 400)).Code());
        using var inspector = await server.UserAsync("inspector");
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await inspector.PostAsJsonAsync("/api/inspections", Inspection("SpotCheck", ["150100"]))).StatusCode);
    }

    [Fact]
    public async Task A_spot_check_also_draws_one_or_two_counties_of_each_league()
    {
        var server = await CallbackServer.StartAsync();
        await using var _ = server;
        using var admin = await server.AdministratorAsync();
        var created = await admin.PostJsonAsync("/api/inspections", new
        {
            kind = "SpotCheck", title = "2026 年抽查", startsOn = "2026-11-01", endsOn = "2026-12-31", unitCodes = new[] { "150100" },
        }, 201);
        var id = created.GetProperty("id").GetInt32();
        await admin.PutJsonAsync($"/api/inspections/{id}/commitment", new { commitment = Callback.Domain.Sampling.SampleDraw.Commitment("spot-check-2015-hohhot") }, 204);

        var counties = await admin.PostJsonAsync($"/api/inspections/{id}/draws", new { unit = "150100", seed = "spot-check-2015-hohhot", kind = "Counties", counties = 2 }, 201);

        // The shared vector: seed spot-check-2015-hohhot over Hohhot's nine counties draws 150121 then 150102.
        Assert.Equal(["150121", "150102"], Strings(counties.GetProperty("sample")));
        Assert.Equal(9, counties.GetProperty("populationSize").GetInt32());
        Assert.Equal("bad-county-count", (await admin.PostJsonAsync($"/api/inspections/{id}/draws", new { unit = "150100", seed = "spot-check-2015-hohhot", kind = "Counties", counties = 3 }, 400)).Code());
    }

    [Fact]
    public async Task Drawing_every_unit_at_once_gives_exactly_the_draws_of_each_unit_alone()
    {
        var server = await CallbackServer.StartAsync("--Demo:SeedOnFirstStart=false");
        await using var _ = server;
        using var admin = await server.AdministratorAsync();
        await admin.ImportAsync(Fixtures.PathOf("registry-sample.csv"));
        var created = await admin.PostJsonAsync("/api/inspections", new
        {
            kind = "SpotCheck", title = "抽查", startsOn = "2026-11-01", endsOn = "2026-12-31", unitCodes = new[] { "150100", "150781", "152501" },
        }, 201);
        var id = created.GetProperty("id").GetInt32();
        await admin.PutJsonAsync($"/api/inspections/{id}/commitment", new { commitment = Callback.Domain.Sampling.SampleDraw.Commitment(Seed) }, 204);

        var draws = await admin.PostJsonAsync($"/api/inspections/{id}/draws/all", new { seed = Seed }, 201);

        Assert.Equal(6, draws.GetArrayLength());
        foreach (var draw in draws.EnumerateArray().Where(d => d.GetProperty("kind").GetString() == "Persons"))
        {
            var unit = draw.GetProperty("unit").GetString()!;
            using var output = new StringWriter();
            await CallbackCommandLine.InvokeAsync(["verify-draw", "--registry", Fixtures.PathOf("registry-sample.csv"), "--seed", Seed, "--unit", unit, "--json"], output, TextWriter.Null);
            var alone = JsonDocument.Parse(output.ToString()).RootElement;
            Assert.Equal(Strings(alone.GetProperty("sample")), Strings(draw.GetProperty("sample")));
            Assert.Equal(Strings(alone.GetProperty("reserves")), Strings(draw.GetProperty("reserves")));
            Assert.Equal(alone.GetProperty("population_hash").GetString(), draw.GetProperty("populationHash").GetString());
        }

        var erenhot = draws.EnumerateArray().Single(d => d.GetProperty("kind").GetString() == "Counties" && d.GetProperty("unit").GetString() == "152501");
        Assert.Equal(["152501"], Strings(erenhot.GetProperty("sample")));
        Assert.Equal("already-drawn", (await admin.PostJsonAsync($"/api/inspections/{id}/draws/all", new { seed = Seed }, 409)).Code());
    }

    private const string Note = "检查组座机拨打（0471-1234567）";

    private const string Supervisor = "flow-supervisor";

    /// <summary>An attempt typed by hand (a call made outside Callback), confirmed by a supervisor (not whoever typed it) so that it counts.</summary>
    private static async Task HandAttemptAsync(CallbackServer server, HttpClient admin, string sample, int position, string disposition)
    {
        var attempt = await admin.PostJsonAsync($"{sample}/{position}/attempts", new { disposition, note = Note }, 201);
        Assert.Equal("by-hand", attempt.GetProperty("source").GetString());
        Assert.False(attempt.GetProperty("counts").GetBoolean());
        await ConfirmAsync(server, sample, position, attempt.GetProperty("id").GetInt64());
    }

    private static async Task ConfirmAsync(CallbackServer server, string sample, int position, long attempt)
    {
        using var supervisor = await server.SignInAsync(Supervisor, "a-long-enough-password");
        await supervisor.PostJsonAsync($"{sample}/{position}/attempts/{attempt}/confirm", new { }, 200);
    }

    /// <summary>Answers that match the registry in every field a finding judges.</summary>
    private static object AsRegistered(JsonElement person) => new
    {
        employmentStatus = person.GetProperty("employmentStatus").GetString(),
        employmentForm = person.GetProperty("employmentForm").GetString(),
        trained = person.GetProperty("trained").GetBoolean(),
        trainingYear = person.GetProperty("trainingYear").ValueKind == JsonValueKind.Number ? person.GetProperty("trainingYear").GetInt32() : (int?)null,
    };

    /// <summary>An untruthful finding: the person says the opposite of the registry about employment, the rest as registered.</summary>
    private static object Untruthful(JsonElement person, int expectedSequence)
    {
        var employed = person.GetProperty("employmentStatus").GetString() == "已就业";
        var trained = person.GetProperty("trained").GetBoolean();
        return new
        {
            answers = new
            {
                employmentStatus = employed ? "未就业" : "已就业",
                employmentForm = employed ? null : "灵活就业",
                trained,
                trainingYear = trained ? person.GetProperty("trainingYear").GetInt32() : (int?)null,
            },
            verdict = "Untruthful", reason = "本人称就业状况与登记不符", expectedSequence, differingFields = new[] { "employmentStatus" },
        };
    }

    private static async Task<JsonElement> Scorecard(HttpClient client, int id) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/inspections/{id}/units/150100/scorecard");

    private static decimal Item44(JsonElement card) =>
        card.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "4.4").GetProperty("score").GetDecimal();

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
