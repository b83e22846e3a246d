using System.Net.Http.Json;
using System.Text.Json;
using Callback.Domain.Inspections;
using Callback.Host.Plans;
using Callback.Host.Texts;
using Callback.Persistence;
using Callback.Telephony;
using Callback.Telephony.Simulator;
using Callback.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Tests.Plans;

/// <summary>A unit's verification plan run through the real host and the simulator, on a clock moved across two days.</summary>
public sealed class PlanRunTests
{
    private const string Seed = "plan-run-seed-0123456789";
    private static readonly string[] Settings = ["--Demo:Persons=600", "--Telephony:CallsPerSecond=50"];
    private static readonly Dictionary<string, string> TextAnswers = new() { ["who"] = "person", ["employmentStatus"] = "未就业", ["trained"] = "否" };

    internal sealed record Person(int Position, string Number, bool ByText);

    internal static async Task<(HttpClient Admin, string Unit, List<Person> Persons)> DrawAsync(CallbackServer server, ShanghaiMorningClock clock, object? policy = null)
    {
        var admin = await server.AdministratorAsync();
        var created = await admin.PostJsonAsync("/api/inspections", new
        {
            kind = "MutualCheck", title = "自动核查", startsOn = clock.Today.ToString("yyyy-MM-dd"), endsOn = clock.Today.AddDays(10).ToString("yyyy-MM-dd"),
            unitCodes = new[] { "150100" }, policy,
        }, 201);
        var id = created.GetProperty("id").GetInt32();
        await admin.PutJsonAsync($"/api/inspections/{id}/commitment", new { commitment = Callback.Domain.Sampling.SampleDraw.Commitment(Seed) }, 204);
        await admin.PostJsonAsync($"/api/inspections/{id}/draws", new { unit = "150100", seed = Seed }, 201);
        var unit = $"/api/inspections/{id}/units/150100";
        var persons = (await admin.GetFromJsonAsync<JsonElement>($"{unit}/sample")).EnumerateArray().Select(p => new Person(
            p.GetProperty("position").GetInt32(),
            p.GetProperty("phones").EnumerateArray().Concat(p.GetProperty("guardianPhones").EnumerateArray()).First().GetString()!,
            p.GetProperty("category").GetString() is "听力" or "言语")).ToList();
        return (admin, unit, persons);
    }

    internal static async Task<int> RunAsync(CallbackServer server)
    {
        var started = await server.Services.GetRequiredService<PlanGate>().RunAsync(server.Services.GetRequiredService<IServiceScopeFactory>(), CancellationToken.None);
        await server.Services.GetRequiredService<SimulatorProvider>().WhenAllEndedAsync();
        return started;
    }

    /// <summary>Fills in every form the simulator's SMS carried, as the person would.</summary>
    internal static async Task AnswerTextsAsync(CallbackServer server, IReadOnlyDictionary<string, string> answers)
    {
        foreach (var text in server.Services.GetRequiredService<SimulatorProvider>().Texts)
        {
            var token = text.Body[(text.Body.IndexOf("/v/", StringComparison.Ordinal) + 3)..];
            await using var scope = server.Services.CreateAsyncScope();
            var texts = scope.ServiceProvider.GetRequiredService<TextLinks>();
            await texts.ConsentAsync(token, yes: true, CancellationToken.None);
            await texts.SubmitAsync(token, answers, CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_plan_calls_the_sample_over_two_days_within_the_policy_and_resumes_after_a_restart()
    {
        var clock = new ShanghaiMorningClock(); // day 1, 10:00 China time
        var day1 = clock.GetUtcNow();
        var server = await CallbackServer.StartAsync(clock, Settings);
        TempDirectory data;
        string unit;
        Person noAnswer, busy, appointment;
        await using (server)
        {
            var (admin, path, persons) = await DrawAsync(server, clock);
            unit = path;
            using var _ = admin;
            var voice = persons.Where(p => !p.ByText).ToList();
            (noAnswer, busy, appointment) = (voice[0], voice[1], voice[2]);
            var simulator = server.Services.GetRequiredService<SimulatorProvider>();
            simulator.Expect(noAnswer.Number, Enumerable.Repeat(new SimulatedPerson(SimulatedPerson.NoAnswer), 3).ToArray());
            simulator.Expect(busy.Number, new SimulatedPerson(SimulatedPerson.Busy));
            // The person asked, on a call made elsewhere, to be rung back at four.
            await admin.PostJsonAsync($"{unit}/sample/{appointment.Position}/attempts", new
            {
                disposition = "respondent-unavailable", note = "本人在上班，约下午四点", callbackAt = day1.AddHours(6),
            }, 201);

            // Started once: every voice person but the one with an appointment is called, every deaf person gets a link.
            var plan = await admin.PostJsonAsync($"{unit}/plan", new { }, 200);
            await server.Services.GetRequiredService<SimulatorProvider>().WhenAllEndedAsync();
            Assert.Equal("running", plan.GetProperty("status").GetString());
            Assert.Equal(voice.Count - 1, plan.GetProperty("callsPlaced").GetInt32());
            Assert.Equal(persons.Count - voice.Count, plan.GetProperty("textsSent").GetInt32());
            await AnswerTextsAsync(server, TextAnswers);

            // 11:00: the gap (two hours) holds the no-answer and the busy line back; nobody else is due.
            clock.Advance(TimeSpan.FromHours(1));
            Assert.Equal(0, await RunAsync(server));
            // 14:31: the afternoon opens (12:00 was the end of the morning's hours): both tried again.
            clock.Advance(TimeSpan.FromMinutes(211));
            Assert.Equal(2, await RunAsync(server));
            // 16:01: the appointment is kept, at its time.
            clock.Advance(TimeSpan.FromMinutes(90));
            Assert.Equal(1, await RunAsync(server));
            // 16:45: the no-answer has had the day's two tries; no reserve yet (the policy wants three tries on two days).
            clock.Advance(TimeSpan.FromMinutes(44));
            Assert.Equal(0, await RunAsync(server));
            await server.RenewAdministratorAsync(admin);
            var evening = await admin.GetFromJsonAsync<JsonElement>($"{unit}/plan");
            var waiting = evening.GetProperty("steps")[noAnswer.Position - 1];
            Assert.Equal("wait", waiting.GetProperty("move").GetString());
            Assert.Equal(new DateTimeOffset(clock.Today.AddDays(1).ToDateTime(new TimeOnly(8, 30)), TimeSpan.FromHours(8)), waiting.GetProperty("at").GetDateTimeOffset());
            await using (var scope = server.Services.CreateAsyncScope())
                Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<CallbackDbContext>().Replacements.CountAsync());

            data = server.Detach();
        }

        // The process goes away overnight. Next morning a new one carries on from the database alone.
        using (data)
        {
            clock.Advance(TimeSpan.FromHours(16)); // day 2, 08:45
            await using var again = await CallbackServer.StartOnAsync(data, clock, Settings);
            again.Services.GetRequiredService<SimulatorProvider>().Expect(noAnswer.Number, new SimulatedPerson(SimulatedPerson.NoAnswer));
            using var admin = await again.AdministratorAsync();

            // Paused, it places nothing; started again, it goes on.
            Assert.Equal("paused", (await admin.PostJsonAsync($"{unit}/plan/pause", new { }, 200)).GetProperty("status").GetString());
            Assert.Equal(0, await RunAsync(again));
            await admin.PostJsonAsync($"{unit}/plan", new { }, 200);
            await again.Services.GetRequiredService<SimulatorProvider>().WhenAllEndedAsync();

            // The third try, on a second day, made the person unreachable: the next reserve took the place and was
            // called (or, deaf, sent a link, and answered it).
            await RunAsync(again);
            await AnswerTextsAsync(again, TextAnswers);
            await RunAsync(again);
            var plan = await admin.GetFromJsonAsync<JsonElement>($"{unit}/plan");
            Assert.Equal("done", plan.GetProperty("status").GetString());
            Assert.All(plan.GetProperty("steps").EnumerateArray(), s => Assert.Equal("settled", s.GetProperty("move").GetString()));
            var sample = await admin.GetFromJsonAsync<JsonElement>($"{unit}/sample");
            Assert.Equal("completed", sample[noAnswer.Position - 1].GetProperty("lastDisposition").GetString());
            Assert.NotNull(sample[noAnswer.Position - 1].GetProperty("replacedCertificate").GetString());

            await using var scope = again.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
            var policy = (await db.Inspections.SingleAsync()).Policy;
            var calls = await db.Calls.AsNoTracking().ToListAsync();
            Assert.Single(await db.Replacements.ToListAsync());
            Assert.All(calls, c => Assert.True(policy.IsWithinCallingHours(c.CreatedAt), $"call {c.Id} placed at {c.CreatedAt}"));
            foreach (var person in calls.GroupBy(c => c.CertificateNumber))
            {
                var ordered = person.OrderBy(c => c.CreatedAt).ToList();
                // Never two at once: each call ended before the next to the same person was placed.
                Assert.All(ordered.Zip(ordered.Skip(1)), pair => Assert.True(pair.First.EndedAt <= pair.Second.CreatedAt));
                Assert.All(ordered.GroupBy(c => policy.LocalDate(c.CreatedAt)), day => Assert.True(day.Count() <= policy.MaxAttemptsPerDay));
            }

            var rung = calls.Where(c => c.To == noAnswer.Number).ToList();
            Assert.Equal(3, rung.Count);
            Assert.Equal(2, rung.Select(c => policy.LocalDate(c.CreatedAt)).Distinct().Count());
            var appointed = Assert.Single(calls, c => c.To == appointment.Number);
            Assert.True(appointed.CreatedAt >= day1.AddHours(6));
            Assert.Equal(2, calls.Count(c => c.To == busy.Number));
        }
    }

    [Fact]
    public async Task A_scorecard_locked_as_final_ends_the_plan_and_a_plan_is_started_only_once()
    {
        var clock = new ShanghaiMorningClock();
        await using var server = await CallbackServer.StartAsync(clock, Settings);
        var (admin, unit, _) = await DrawAsync(server, clock);
        using var _ = admin;
        await admin.PostJsonAsync($"{unit}/plan", new { }, 200);
        await server.Services.GetRequiredService<SimulatorProvider>().WhenAllEndedAsync();
        Assert.Equal("plan-running", (await admin.PostJsonAsync($"{unit}/plan", new { }, 409)).Code());

        await admin.PostJsonAsync($"{unit}/lock", new { }, 200);
        clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(0, await RunAsync(server));

        await server.RenewAdministratorAsync(admin);
        var plan = await admin.GetFromJsonAsync<JsonElement>($"{unit}/plan");
        Assert.Equal("done", plan.GetProperty("status").GetString());
        Assert.Contains("scorecard-locked", plan.GetProperty("lastProblem").GetString(), StringComparison.Ordinal);
        Assert.Equal("scorecard-locked", (await admin.PostJsonAsync($"{unit}/plan", new { }, 409)).Code());
    }
}
