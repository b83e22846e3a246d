using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Callback.Domain.Sampling;
using Callback.Tests.Calls;
using Callback.Tests.Support;

namespace Callback.Tests.Inspections;

/// <summary>
/// What an inspector who games the rules, or an administrator who wants a sample to suit them, tried; each
/// was accepted before and is refused now.
/// </summary>
public sealed class IntegrityTests
{
    private const string Seed = "integrity-checks-seed-2026";
    private const string Note = "检查组座机拨打（0471-1234567）";

    private static async Task<(CallbackServer Server, HttpClient Admin, ShanghaiMorningClock Clock, int Id, string Sample)> DrawnAsync(
        string kind = "MutualCheck", bool commit = true, int endsInDays = 30)
    {
        var clock = new ShanghaiMorningClock();
        var server = await CallbackServer.StartAsync(clock, "--Demo:Persons=600");
        var admin = await server.AdministratorAsync();
        var created = await admin.PostJsonAsync("/api/inspections", new
        {
            kind, title = "核查", startsOn = clock.Today.AddDays(-7), endsOn = clock.Today.AddDays(endsInDays), unitCodes = new[] { "150100" },
        }, 201);
        var id = created.GetProperty("id").GetInt32();
        if (commit)
            await admin.PutJsonAsync($"/api/inspections/{id}/commitment", new { commitment = SampleDraw.Commitment(Seed) }, 204);
        await admin.PostJsonAsync($"/api/inspections/{id}/draws", new { unit = "150100", seed = Seed }, 201);
        return (server, admin, clock, id, $"/api/inspections/{id}/units/150100/sample");
    }

    [Fact]
    public async Task An_attempt_cannot_be_dated_before_the_draw_in_the_future_outside_the_inspection_or_before_the_previous_one()
    {
        var (server, admin, clock, _, sample) = await DrawnAsync();
        await using var _ = server;
        using (admin)
        {
            var now = clock.GetUtcNow();
            async Task<string> Refused(object body) => (await admin.PostJsonAsync($"{sample}/1/attempts", body, 400)).Code();

            Assert.Equal("attempt-before-draw", await Refused(new { disposition = "completed", note = Note, attemptedAt = "2001-03-01T09:00:00+08:00" }));
            Assert.Equal("attempt-before-draw", await Refused(new { disposition = "no-answer", note = Note, attemptedAt = now.AddMinutes(-5) }));
            Assert.Equal("attempt-in-future", await Refused(new { disposition = "no-answer", note = Note, attemptedAt = now.AddHours(1) }));
            Assert.Equal("note-required", await Refused(new { disposition = "no-answer" }));

            clock.Advance(TimeSpan.FromMinutes(30));
            await server.RenewAdministratorAsync(admin);
            await admin.PostJsonAsync($"{sample}/1/attempts", new { disposition = "no-answer", note = Note }, 201);
            Assert.Equal("attempt-before-previous", await Refused(new { disposition = "completed", note = Note, attemptedAt = clock.GetUtcNow().AddMinutes(-10) }));
        }
    }

    [Fact]
    public async Task No_attempt_is_accepted_after_the_inspection_has_ended()
    {
        var (server, admin, clock, _, sample) = await DrawnAsync(endsInDays: 0);
        await using var _ = server;
        using (admin)
        {
            clock.Advance(TimeSpan.FromDays(1));
            await server.RenewAdministratorAsync(admin);

            var refused = await admin.PostJsonAsync($"{sample}/1/attempts", new { disposition = "no-answer", note = Note }, 400);

            Assert.Equal("attempt-outside-inspection", refused.Code());
        }
    }

    [Fact]
    public async Task Attempts_typed_by_hand_replace_nobody_and_support_no_finding_until_a_supervisor_confirms_them()
    {
        var (server, admin, clock, id, sample) = await DrawnAsync();
        await using var _ = server;
        using (admin)
        {
            (await server.UserAsync("inspector", "chifeng-inspector", homeUnitCode: "150400")).Dispose();
            await admin.PostJsonAsync($"/api/inspections/{id}/inspectors", new { userName = "chifeng-inspector", unitCode = "150100" }, 201);
            var drawn = (await admin.GetFromJsonAsync<JsonElement>(sample))[0].GetProperty("certificate").GetString();

            // Three no-answers on two days: under the old rules the person would be gone within a second.
            var ids = new List<long>();
            foreach (var day in new[] { 0, 0, 1 })
            {
                if (day == 1)
                    clock.Advance(TimeSpan.FromDays(1));
                clock.Advance(TimeSpan.FromMinutes(10));
                using var inspector = await server.SignInAsync("chifeng-inspector", "a-long-enough-password");
                ids.Add((await inspector.PostJsonAsync($"{sample}/1/attempts", new { disposition = "no-answer", note = Note }, 201)).GetProperty("id").GetInt64());
            }

            await server.RenewAdministratorAsync(admin);
            using var inspectorAgain = await server.SignInAsync("chifeng-inspector", "a-long-enough-password");
            using var supervisorAgain = await server.UserAsync("supervisor");
            var person = (await admin.GetFromJsonAsync<JsonElement>(sample))[0];
            Assert.Equal(drawn, person.GetProperty("certificate").GetString());
            Assert.Equal(0, person.GetProperty("attempts").GetInt32());
            Assert.All(person.GetProperty("attemptLog").EnumerateArray(), a => Assert.Equal("by-hand", a.GetProperty("source").GetString()));

            // The inspector cannot confirm their own attempts; a supervisor can, and then the policy applies.
            Assert.Equal(HttpStatusCode.Forbidden, (await inspectorAgain.PostAsJsonAsync($"{sample}/1/attempts/{ids[0]}/confirm", new { })).StatusCode);
            var confirmed = await supervisorAgain.PostJsonAsync($"{sample}/1/attempts/{ids[0]}/confirm", new { }, 200);
            Assert.True(confirmed.GetProperty("counts").GetBoolean());
            Assert.Equal("already-confirmed", (await supervisorAgain.PostJsonAsync($"{sample}/1/attempts/{ids[0]}/confirm", new { }, 409)).Code());
            foreach (var attempt in ids.Skip(1))
                await supervisorAgain.PostJsonAsync($"{sample}/1/attempts/{attempt}/confirm", new { }, 200);

            var replaced = (await admin.GetFromJsonAsync<JsonElement>(sample))[0];
            Assert.NotEqual(drawn, replaced.GetProperty("certificate").GetString());
        }
    }

    [Fact]
    public async Task A_finding_needs_a_counted_completed_attempt_an_answer_for_every_field_and_names_the_fields_that_differ()
    {
        var (server, admin, clock, _, sample) = await DrawnAsync();
        await using var _ = server;
        using (admin)
        {
            clock.Advance(TimeSpan.FromMinutes(5));
            var person = (await admin.GetFromJsonAsync<JsonElement>(sample))[0];
            var attempt = await admin.PostJsonAsync($"{sample}/1/attempts", new { disposition = "completed", note = Note }, 201);
            var empty = new { answers = new { }, verdict = "Untruthful", reason = "不符", expectedSequence = 0 };

            Assert.Equal("attempt-not-confirmed", (await admin.PostJsonAsync($"{sample}/1/findings", empty, 409)).Code());
            using (var supervisor = await server.UserAsync("supervisor"))
                await supervisor.PostJsonAsync($"{sample}/1/attempts/{attempt.GetProperty("id").GetInt64()}/confirm", new { }, 200);
            Assert.Equal("missing-answer", (await admin.PostJsonAsync($"{sample}/1/findings", empty, 400)).Code());
            // An answer its field cannot hold is refused with the field and the word; nothing is recorded.
            var unheard = await admin.PostJsonAsync($"{sample}/1/findings", new { answers = new { employmentStatus = "在上班" }, verdict = "Truthful", reason = "核对", expectedSequence = 0 }, 400);
            Assert.Equal("invalid-answer", unheard.Code());
            Assert.Contains("就业状况", unheard.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Contains("在上班", unheard.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal("invalid-answer", (await admin.PostJsonAsync($"{sample}/1/findings", new { answers = new { trainingYear = 1979 }, verdict = "Truthful", reason = "核对", expectedSequence = 0 }, 400)).Code());
            Assert.Equal("invalid-answer", (await admin.PostJsonAsync($"{sample}/1/findings", new { answers = new { salary = "3000" }, verdict = "Truthful", reason = "核对", expectedSequence = 0 }, 400)).Code());
            Assert.Empty((await admin.GetFromJsonAsync<JsonElement[]>($"{sample}/1/findings"))!);

            var employed = person.GetProperty("employmentStatus").GetString() == "已就业";
            var trained = person.GetProperty("trained").GetBoolean();
            object Answers(bool sayEmployed) => new
            {
                employmentStatus = sayEmployed ? "已就业" : "未就业",
                employmentForm = sayEmployed ? (employed ? person.GetProperty("employmentForm").GetString() : "灵活就业") : null,
                trained,
                trainingYear = trained ? person.GetProperty("trainingYear").GetInt32() : (int?)null,
            };
            Assert.Equal("differing-fields-required", (await admin.PostJsonAsync($"{sample}/1/findings",
                new { answers = Answers(!employed), verdict = "Untruthful", reason = "不符", expectedSequence = 0 }, 400)).Code());
            Assert.Equal("field-does-not-differ", (await admin.PostJsonAsync($"{sample}/1/findings",
                new { answers = Answers(!employed), verdict = "Untruthful", reason = "不符", expectedSequence = 0, differingFields = new[] { "trained" } }, 400)).Code());
            Assert.Equal("field-does-not-differ", (await admin.PostJsonAsync($"{sample}/1/findings",
                new { answers = Answers(employed), verdict = "Untruthful", reason = "不符", expectedSequence = 0, differingFields = new[] { "employmentStatus" } }, 400)).Code());

            // A differing answer cannot be judged truthful: that would spare the inspected unit its deduction.
            Assert.Equal("verdict-contradicts-answers", (await admin.PostJsonAsync($"{sample}/1/findings",
                new { answers = Answers(!employed), verdict = "Truthful", reason = "算了", expectedSequence = 0 }, 400)).Code());

            var finding = await admin.PostJsonAsync($"{sample}/1/findings",
                new { answers = Answers(!employed), verdict = "Untruthful", reason = "本人称就业状况与登记不符", expectedSequence = 0, differingFields = new[] { "employmentStatus" } }, 201);
            Assert.Equal(["employmentStatus"], finding.GetProperty("differingFields").EnumerateArray().Select(f => f.GetString()));
        }
    }

    [Theory]
    [InlineData("MutualCheck")]
    [InlineData("SpotCheck")]
    public async Task A_mutual_or_spot_check_draws_only_from_a_seed_committed_to_beforehand(string kind)
    {
        var clock = new ShanghaiMorningClock();
        await using var server = await CallbackServer.StartAsync(clock, "--Demo:Persons=600");
        using var admin = await server.AdministratorAsync();
        var id = (await admin.PostJsonAsync("/api/inspections", new
        {
            kind, title = "核查", startsOn = clock.Today, endsOn = clock.Today.AddDays(30), unitCodes = new[] { "150100" },
        }, 201)).GetProperty("id").GetInt32();

        Assert.Equal("commitment-required", (await admin.PostJsonAsync($"/api/inspections/{id}/draws", new { unit = "150100", seed = Seed }, 409)).Code());
        Assert.Equal("commitment-required", (await admin.PostJsonAsync($"/api/inspections/{id}/draws/all", new { seed = Seed }, 409)).Code());

        await admin.PutJsonAsync($"/api/inspections/{id}/commitment", new { commitment = SampleDraw.Commitment(Seed) }, 204);
        Assert.Equal("commitment-already-published", (await admin.PutJsonAsync($"/api/inspections/{id}/commitment", new { commitment = SampleDraw.Commitment("another-seed-of-enough-length") }, 409)).Code());
        var draw = await admin.PostJsonAsync($"/api/inspections/{id}/draws", new { unit = "150100", seed = Seed }, 201);

        Assert.Equal(SampleDraw.Commitment(Seed), draw.GetProperty("seedCommitment").GetString());
        Assert.Equal("admin", draw.GetProperty("commitmentPublishedBy").GetString());
        Assert.True(draw.GetProperty("commitmentPublishedAt").GetDateTimeOffset() <= draw.GetProperty("drawnAt").GetDateTimeOffset());
        Assert.Contains("在抽取前公布", draw.GetProperty("commitmentStatement").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_self_check_may_draw_without_a_commitment_and_its_certificate_says_so()
    {
        var (server, admin, _, id, _) = await DrawnAsync(kind: "SelfCheck", commit: false);
        await using var _ = server;
        using (admin)
        {
            var draw = (await admin.GetFromJsonAsync<JsonElement>($"/api/inspections/{id}/draws"))[0];

            Assert.Equal(JsonValueKind.Null, draw.GetProperty("seedCommitment").ValueKind);
            Assert.Contains("未事先公布", draw.GetProperty("commitmentStatement").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Twenty_calls_at_once_to_one_person_place_one_call_and_the_rest_are_told_which_call_is_live_even_after_a_restart()
    {
        var (server, admin, sample) = await SimulatedCallTests.DrawnAsync();
        TempDirectory data;
        long live;
        using (admin)
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
                admin.PostAsJsonAsync($"{sample}/1/calls", new { mode = "Ivr", simulation = new { answer = "manual" } })));

            var placed = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
            live = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
            foreach (var refused in responses.Where(r => r != placed))
            {
                Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
                var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal("call-in-progress", problem.Code());
                Assert.Equal(live, problem.GetProperty("callId").GetInt64());
            }

            data = server.Detach();
            await server.DisposeAsync();
        }

        using (data)
        {
            await using var again = await CallbackServer.StartOnAsync(data, new ShanghaiMorningClock(), "--Demo:Persons=600");
            using var admin2 = await again.AdministratorAsync();
            var refused = await admin2.PostJsonAsync($"{sample}/1/calls", new { mode = "Ivr", simulation = new { answer = "manual" } }, 409);
            Assert.Equal("call-in-progress", refused.Code());
            Assert.Equal(live, refused.GetProperty("callId").GetInt64());
        }
    }

    [Fact]
    public async Task A_person_is_rung_at_most_twice_a_day()
    {
        var (server, admin, _, _, sample) = await DrawnAsync();
        await using var _ = server;
        using (admin)
        {
            var simulation = new { answer = "no-answer" };
            await SimulatedCallTests.CallAsync(server, admin, sample, 2, simulation);
            await SimulatedCallTests.CallAsync(server, admin, sample, 2, simulation);

            var refused = await admin.PostJsonAsync($"{sample}/2/calls", new { mode = "Ivr", simulation }, 409);

            Assert.Equal("daily-limit-reached", refused.Code());
            Assert.Contains("每人每天上限", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_inspector_cannot_type_over_what_the_person_said_in_the_call_an_administrator_can_correct_it()
    {
        var (server, admin, sample) = await SimulatedCallTests.DrawnAsync();
        await using var _ = server;
        using (admin)
        {
            var id = sample.Split('/')[3];
            using var inspector = await server.UserAsync("inspector", "typing-inspector", homeUnitCode: "150300");
            await admin.PostJsonAsync($"/api/inspections/{id}/inspectors", new { userName = "typing-inspector", unitCode = "150100" }, 201);
            // The person says: employed, flexible employment, trained in 2025.
            await SimulatedCallTests.CallAsync(server, admin, sample, 1, new
            {
                answer = "answer",
                inputs = new Dictionary<string, string> { ["who"] = "1", ["consent"] = "1", ["employment-status"] = "1", ["employment-form"] = "6", ["trained"] = "1", ["training-year"] = "2025" },
            });
            var typed = new { employmentStatus = "未就业", trained = true, trainingYear = 2025 };

            var refused = await inspector.PostJsonAsync($"{sample}/1/findings", new { answers = typed, verdict = "Untruthful", reason = "改", expectedSequence = 0, differingFields = new[] { "employmentStatus" } }, 403);

            Assert.Equal("answers-differ-from-call", refused.Code());
            // The administrator listened to the recording: the correction passes this rule (the verdict rules still apply).
            var corrected = await admin.PostAsJsonAsync($"{sample}/1/findings", new { answers = typed, verdict = "Truthful", reason = "复听录音", expectedSequence = 0 });
            var body = await corrected.Content.ReadAsStringAsync();
            Assert.NotEqual(HttpStatusCode.Forbidden, corrected.StatusCode);
            Assert.DoesNotContain("answers-differ-from-call", body, StringComparison.Ordinal);
        }
    }
}
