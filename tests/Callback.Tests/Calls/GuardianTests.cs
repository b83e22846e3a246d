using System.Net.Http.Json;
using System.Text.Json;
using Callback.Domain.Calls;
using Callback.Domain.Calls.Scripts;
using Callback.Persistence;
using Callback.Telephony.Simulator;
using Callback.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Tests.Calls;

/// <summary>
/// The guardian: a call to a guardian's number is opened in the guardian's words, and once a guardian says who they are
/// the questions are about the person by name; their answers are a proxy's, and the attempt and finding say so.
/// </summary>
public sealed class GuardianTests
{
    private static readonly CallScript Script =
        ScriptLoader.LoadFolder(Path.Combine(AppContext.BaseDirectory, "call-scripts")).Single(s => s.Id == "verification");

    private static readonly Dictionary<string, string> Fill = new() { ["centre"] = "呼和浩特市残疾人就业服务中心", ["name"] = "董英" };

    [Fact]
    public void A_guardian_who_says_so_is_asked_about_the_person_by_name()
    {
        var state = new ConversationState();
        var opening = Conversation.Start(Script, state, CallMode.Ivr, Fill);
        Conversation.Apply(Script, state, CallMode.Ivr, Fill, "who", "2", null);
        var first = Conversation.Apply(Script, state, CallMode.Ivr, Fill, "consent", "1", null);

        Assert.Contains("请问您是董英本人吗", opening.GatherText, StringComparison.Ordinal);
        Assert.True(state.Proxy);
        Assert.Equal("请问董英现在有工作吗？有工作请按1或说“有”；没有工作请按2或说“没有”。", first.Next.GatherText);
    }

    [Fact]
    public void The_person_themself_is_asked_in_the_second_person_and_their_answers_are_their_own()
    {
        var state = new ConversationState();
        Conversation.Start(Script, state, CallMode.Ivr, Fill);
        Conversation.Apply(Script, state, CallMode.Ivr, Fill, "who", "1", null);
        var first = Conversation.Apply(Script, state, CallMode.Ivr, Fill, "consent", "1", null);

        Assert.False(state.Proxy);
        Assert.StartsWith("请问您现在有工作吗", first.Next.GatherText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_call_to_a_guardian_s_number_opens_in_the_guardian_s_words_and_the_person_may_still_come_to_the_phone()
    {
        var state = new ConversationState { ToGuardian = true };
        var opening = Conversation.Start(Script, state, CallMode.Ivr, Fill);
        // Unclear the first time: asked again, in the same words.
        var again = Conversation.Apply(Script, state, CallMode.Ivr, Fill, "who", null, null);
        Conversation.Apply(Script, state, CallMode.Ivr, Fill, "who", "1", null);
        var first = Conversation.Apply(Script, state, CallMode.Ivr, Fill, "consent", "1", null);

        Assert.Contains("请问您是董英的家属或监护人吗", opening.GatherText, StringComparison.Ordinal);
        Assert.Equal(opening.GatherText, again.Next.GatherText);
        // The person came to the phone: asked as themself, and not a proxy.
        Assert.False(state.Proxy);
        Assert.StartsWith("请问您现在有工作吗", first.Next.GatherText, StringComparison.Ordinal);
    }

    [Fact]
    public void The_words_for_a_step_need_the_step_and_the_state()
    {
        Assert.Throws<ArgumentNullException>(() => Conversation.TextFor(null!, new ConversationState()));
        Assert.Throws<ArgumentNullException>(() => Conversation.TextFor(Script.Steps[1], null!));
    }

    [Fact]
    public void Every_question_of_the_shipped_script_has_its_guardian_words_naming_the_person()
    {
        Assert.All(Script.Steps.Where(s => s.Kind is ScriptStep.Question or ScriptStep.Who),
            s => Assert.Contains("{name}", s.GuardianText, StringComparison.Ordinal));
    }

    [Fact]
    public void A_script_refuses_guardian_words_on_a_step_that_only_speaks()
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "call-scripts", "verification-v1.json"))
            .Replace("\"kind\": \"say\",", "\"kind\": \"say\", \"guardianText\": \"您好\",", StringComparison.Ordinal);

        var refused = Assert.Throws<ScriptException>(() => ScriptLoader.Parse("verification-v1.json", json, null));

        Assert.Contains("guardianText", refused.Message, StringComparison.Ordinal);
    }
}

/// <summary>The guardian through the real host: a call to a guardian's number, and the proxy flag on the attempt and finding.</summary>
public sealed class GuardianCallTests
{
    [Fact]
    public async Task A_person_with_only_a_guardian_s_number_is_verified_through_the_guardian_and_the_finding_is_marked_a_proxy_s()
    {
        var (server, admin, sample) = await SimulatedCallTests.DrawnAsync();
        await using var _ = server;
        using (admin)
        {
            var person = (await admin.GetFromJsonAsync<JsonElement>(sample))[0];
            var certificate = person.GetProperty("certificate").GetString()!;
            // Arranged as the registry often has it for 智力 / 精神: no number of the person's own, a guardian's.
            await using (var scope = server.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
                var revision = await db.PersonRevisions.Where(p => p.CertificateNumber == certificate).ToListAsync();
                foreach (var r in revision)
                {
                    r.GuardianPhoneE164 ??= "+8617000000001";
                    r.PhoneE164 = null;
                }

                await db.SaveChangesAsync();
            }

            var placed = await admin.PostJsonAsync($"{sample}/1/calls", new { mode = "Ivr", simulation = new { answer = "manual" } }, 201);
            var sid = placed.GetProperty("providerCallSid").GetString()!;
            var simulator = server.Services.GetRequiredService<SimulatorProvider>();
            async Task<string> HearsAsync(string expected)
            {
                for (var i = 0; i < 400; i++)
                {
                    if (simulator.Hearing(sid) is { } heard && heard.Contains(expected, StringComparison.Ordinal))
                        return heard;
                    await Task.Delay(25);
                }

                throw new TimeoutException($"never heard '{expected}'");
            }

            var name = person.GetProperty("name").GetString()!;
            await HearsAsync($"请问您是{name}的家属或监护人吗");
            simulator.Answer(sid, "2");
            await HearsAsync("录音");
            simulator.Answer(sid, "1");
            await HearsAsync($"请问{name}现在有工作吗");
            simulator.Answer(sid, "2");
            await HearsAsync($"请问{name}参加过职业培训吗");
            simulator.Answer(sid, "2");
            await simulator.WhenEndedAsync(sid);

            var call = await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{placed.GetProperty("id").GetInt64()}");
            Assert.Equal("completed", call.GetProperty("disposition").GetString());
            // The guardian's number was rung (the administrator sees it whole).
            Assert.Equal(await GuardianOfAsync(server, certificate), call.GetProperty("to").GetString());
            var attempt = (await admin.GetFromJsonAsync<JsonElement>(sample))[0].GetProperty("attemptLog")[0];
            Assert.True(attempt.GetProperty("proxy").GetBoolean());

            var registered = (await admin.GetFromJsonAsync<JsonElement>(sample))[0];
            var differing = new List<string>();
            if (registered.GetProperty("employmentStatus").GetString() != "未就业")
                differing.Add("employmentStatus");
            if (registered.GetProperty("trained").GetBoolean())
                differing.Add("trained");
            var finding = await admin.PostJsonAsync($"{sample}/1/findings", new
            {
                verdict = differing.Count == 0 ? "Truthful" : "Untruthful", reason = "监护人代答", expectedSequence = 0, differingFields = differing,
            }, 201);
            Assert.True(finding.GetProperty("proxy").GetBoolean());
        }
    }

    private static async Task<string> GuardianOfAsync(CallbackServer server, string certificate)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
        return (await db.PersonRevisions.Where(p => p.CertificateNumber == certificate).Select(p => p.GuardianPhoneE164).FirstAsync())!.Split(';')[0];
    }
}
