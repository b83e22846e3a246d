using System.Net.Http.Json;
using System.Text.Json;
using Callback.Host.Texts;
using Callback.Telephony.Simulator;
using Callback.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Tests.Calls;

/// <summary>The text channel's rules through the real host: one link at a time, calling hours, expiry as no contact.</summary>
public sealed class TextChannelTests
{
    [Fact]
    public async Task A_link_goes_once_at_a_time_expires_after_its_days_and_then_counts_as_no_contact()
    {
        var clock = new ShanghaiMorningClock();
        var (server, admin, sample) = await SimulatedCallTests.DrawnAsync(clock);
        await using var _ = server;
        using (admin)
        {
            var sent = await admin.PostJsonAsync($"{sample}/1/text-links", new { }, 201);
            Assert.Contains("*", sent.GetProperty("sentTo").GetString(), StringComparison.Ordinal);
            Assert.InRange(sent.GetProperty("expiresAt").GetDateTimeOffset() - clock.GetUtcNow(), TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
            Assert.Equal("text-link-pending", (await admin.PostJsonAsync($"{sample}/1/text-links", new { }, 409)).Code());
            var link = Assert.Single(server.Services.GetRequiredService<SimulatorProvider>().Texts).Body;
            var path = new Uri(link[link.IndexOf("http", StringComparison.Ordinal)..]).AbsolutePath;
            using var anonymous = server.Anonymous();
            Assert.Contains("同意，开始回答", await anonymous.GetStringAsync(path), StringComparison.Ordinal);

            // Unanswered past its seven days: the form says so, and a sweep records a no-contact attempt (the background
            // sweeper, woken by the clock's move, may be the one).
            clock.Advance(TimeSpan.FromDays(7));
            await server.RenewAdministratorAsync(admin);
            Assert.Contains("链接已过期", await anonymous.GetStringAsync(path), StringComparison.Ordinal);
            await SweepAsync(server);
            var attempt = Assert.Single((await admin.GetFromJsonAsync<JsonElement>(sample))[0].GetProperty("attemptLog").EnumerateArray());
            Assert.Contains("链接已过期", await anonymous.GetStringAsync(path), StringComparison.Ordinal);
            Assert.Equal("no-answer", attempt.GetProperty("disposition").GetString());
            Assert.Contains("已打开，到期未提交", attempt.GetProperty("note").GetString(), StringComparison.Ordinal);
            Assert.Equal(0, await SweepAsync(server));

            // A new link may go now; outside the calling hours it may not.
            clock.Advance(TimeSpan.FromHours(10));
            await server.RenewAdministratorAsync(admin);
            Assert.Equal("outside-calling-hours", (await admin.PostJsonAsync($"{sample}/1/text-links", new { }, 400)).Code());
        }
    }

    [Fact]
    public async Task Links_asked_for_at_once_send_the_person_one_SMS()
    {
        var clock = new ShanghaiMorningClock();
        var (server, admin, sample) = await SimulatedCallTests.DrawnAsync(clock);
        await using var _ = server;
        using (admin)
        {
            // A double click on a slow PC, two inspectors, or an inspector and the unit's plan: at the same moment.
            var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => admin.PostAsJsonAsync($"{sample}/1/text-links", new { }))));

            Assert.Single(answers, a => a.StatusCode == System.Net.HttpStatusCode.Created);
            Assert.All(answers.Where(a => a.StatusCode != System.Net.HttpStatusCode.Created), a => Assert.Equal(System.Net.HttpStatusCode.Conflict, a.StatusCode));
            Assert.Single(server.Services.GetRequiredService<SimulatorProvider>().Texts);
            Assert.Single((await admin.GetFromJsonAsync<JsonElement>($"{sample}/1/text-links")).EnumerateArray());
        }
    }

    [Fact]
    public async Task Sweeps_at_once_make_each_expired_link_one_no_contact_attempt()
    {
        var clock = new ShanghaiMorningClock();
        var (server, admin, sample) = await SimulatedCallTests.DrawnAsync(clock);
        await using var _ = server;
        using (admin)
        {
            for (var position = 1; position <= 4; position++)
                await admin.PostJsonAsync($"{sample}/{position}/text-links", new { }, 201);
            // The background sweeper (woken by the clock's move), the plans' worker and other instances sweep at once:
            // each link still counts once.
            clock.Advance(TimeSpan.FromDays(7));
            var recorded = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => SweepAsync(server))));

            Assert.InRange(recorded.Sum(), 0, 4);
            await server.RenewAdministratorAsync(admin);
            var persons = await admin.GetFromJsonAsync<JsonElement>(sample);
            for (var position = 0; position < 4; position++)
                Assert.Equal("no-answer", Assert.Single(persons[position].GetProperty("attemptLog").EnumerateArray()).GetProperty("disposition").GetString());
        }
    }

    [Fact]
    public async Task A_form_sent_twice_at_once_counts_once_and_a_stranger_holding_the_phone_makes_it_a_wrong_number()
    {
        var clock = new ShanghaiMorningClock();
        var (server, admin, sample) = await SimulatedCallTests.DrawnAsync(clock);
        await using var _ = server;
        using (admin)
        {
            await admin.PostJsonAsync($"{sample}/1/text-links", new { }, 201);
            await admin.PostJsonAsync($"{sample}/2/text-links", new { }, 201);
            var tokens = server.Services.GetRequiredService<SimulatorProvider>().Texts.Select(t => t.Body[(t.Body.IndexOf("/v/", StringComparison.Ordinal) + 3)..]).ToList();
            var answers = new Dictionary<string, string> { ["who"] = "person", ["employmentStatus"] = "未就业", ["trained"] = "否" };

            async Task<TextLinks.State> SubmitAsync(string token, IReadOnlyDictionary<string, string> given)
            {
                await using var scope = server.Services.CreateAsyncScope();
                var texts = scope.ServiceProvider.GetRequiredService<TextLinks>();
                await texts.ConsentAsync(token, yes: true, CancellationToken.None);
                return (await texts.SubmitAsync(token, given, CancellationToken.None)).State;
            }

            // Two taps on a slow phone: both see the form spent, one attempt is recorded.
            var both = await Task.WhenAll(SubmitAsync(tokens[0], answers), SubmitAsync(tokens[0], answers));
            Assert.All(both, s => Assert.Equal(TextLinks.State.Spent, s));
            var first = (await admin.GetFromJsonAsync<JsonElement>(sample))[0];
            var attempt = Assert.Single(first.GetProperty("attemptLog").EnumerateArray());
            Assert.Equal(("completed", "text", true), (attempt.GetProperty("disposition").GetString(), attempt.GetProperty("source").GetString(), attempt.GetProperty("counts").GetBoolean()));

            // Someone who does not know the person: nothing else is asked, and the number counts as no longer theirs.
            Assert.Equal(TextLinks.State.Spent, await SubmitAsync(tokens[1], new Dictionary<string, string> { ["who"] = "wrong-person" }));
            // (a wrong number is not eligible: the next reserve takes the second place)
            var second = (await admin.GetFromJsonAsync<JsonElement>(sample))[1];
            Assert.NotEqual(JsonValueKind.Null, second.GetProperty("replacedCertificate").ValueKind);
        }
    }

    /// <summary>One sweep of expired links, in a scope of its own (as the sweeper and the plans' worker run it).</summary>
    private static async Task<int> SweepAsync(CallbackServer server)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TextLinks>().SweepExpiredAsync(CancellationToken.None);
    }
}
