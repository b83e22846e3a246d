using System.Security.Claims;
using Callback.Host.Events;
using Callback.Host.Web;
using Callback.Persistence.Identity;
using Callback.Tests.Support;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Tests.Web;

/// <summary>The console's operations hold the API's access rules even when a page asks for more.</summary>
public sealed class ConsoleOperationsTests
{
    private sealed class SignedIn(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }

    [Fact]
    public async Task A_page_asking_to_follow_another_units_events_hears_only_its_own_and_cannot_read_that_units_sample()
    {
        var clock = new ShanghaiMorningClock();
        await using var server = await CallbackServer.StartAsync(clock);
        using var admin = await server.AdministratorAsync();
        var id = (await admin.PostJsonAsync("/api/inspections", new
        {
            kind = "MutualCheck", title = "两个单位", startsOn = clock.Today, endsOn = clock.Today.AddDays(30), unitCodes = new[] { "150100", "150200" },
        }, 201)).GetProperty("id").GetInt32();
        using (await server.UserAsync("inspector", "hohhot-only", homeUnitCode: "150300"))
            await admin.PostJsonAsync($"/api/inspections/{id}/inspectors", new { userName = "hohhot-only", unitCode = "150100" }, 201);
        ClaimsPrincipal principal;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CallbackUser>>();
            principal = await scope.ServiceProvider.GetRequiredService<SignInManager<CallbackUser>>().CreateUserPrincipalAsync((await users.FindByNameAsync("hohhot-only"))!);
        }

        var operations = new ConsoleOperations(server.Services.GetRequiredService<IServiceScopeFactory>(), new SignedIn(principal));
        var heard = new List<string?>();
        using var following = await operations.FollowAsync(id, ["150100", "150200"], e =>
        {
            lock (heard)
                heard.Add(e.UnitCode);
            return Task.CompletedTask;
        });
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var events = scope.ServiceProvider.GetRequiredService<InspectionEvents>();
            await events.PublishAsync(id, "150200", new ScorecardChanged());
            await events.PublishAsync(id, "150100", new ScorecardChanged());
        }

        await server.Services.GetRequiredService<OutboxPublisher>().PublishPendingAsync(CancellationToken.None);
        await Task.Delay(100);

        // Its own unit's events (the assignment's too, published after the commit), never the other unit's.
        lock (heard)
        {
            Assert.Contains("150100", heard);
            Assert.DoesNotContain("150200", heard);
        }

        Assert.Equal(["150100"], await operations.UnitsAsync(id));
        var refused = await Assert.ThrowsAsync<Callback.Host.Common.RequestRefusedException>(() => operations.SampleAsync(id, "150200"));
        Assert.Equal(403, refused.Status);

        // The API's request validation runs before its handler here too: a reason over 2,000 characters is refused as such.
        var tooLong = await Assert.ThrowsAsync<Callback.Host.Common.RequestRefusedException>(() => operations.RecordFindingAsync(
            id, "150100", 1, new Callback.Host.Findings.FindingRequest(null, "Truthful", new string('理', 2001), 0)));
        Assert.Equal("invalid-request", tooLong.Code);
    }

    private static async Task<ConsoleOperations> OperationsOfAsync(CallbackServer server, string userName)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CallbackUser>>();
        var principal = await scope.ServiceProvider.GetRequiredService<SignInManager<CallbackUser>>().CreateUserPrincipalAsync((await users.FindByNameAsync(userName))!);
        return new ConsoleOperations(server.Services.GetRequiredService<IServiceScopeFactory>(), new SignedIn(principal));
    }

    [Fact]
    public async Task An_attempt_typed_in_the_console_follows_the_apis_rules_and_an_agents_answers_are_compared_once_it_counts()
    {
        var clock = new ShanghaiMorningClock();
        await using var server = await CallbackServer.StartAsync(clock, "--Demo:Persons=600");
        var id = await Browser.BrowserInspection.PrepareAsync(server, clock, "MutualCheck", "typist", "150200", "checker", "console-ops-seed");
        var inspector = await OperationsOfAsync(server, "typist");
        var supervisor = await OperationsOfAsync(server, "checker");
        var person = (await inspector.SampleAsync(id, "150100")).Single(p => p.Position == 1);

        // The API's rules: a note is required; a supervisor does not type attempts.
        var noNote = await Assert.ThrowsAsync<Callback.Host.Common.RequestRefusedException>(() =>
            inspector.RecordAttemptAsync(id, "150100", 1, new Callback.Host.Findings.AttemptRequest("respondent-unavailable", null, "  ", null)));
        Assert.Equal("note-required", noNote.Code);
        var notInspector = await Assert.ThrowsAsync<Callback.Host.Common.RequestRefusedException>(() =>
            supervisor.RecordAttemptAsync(id, "150100", 1, new Callback.Host.Findings.AttemptRequest("completed", null, "用办公电话核实", null)));
        Assert.Equal(403, notInspector.Status);

        var appointment = clock.GetUtcNow().AddDays(1);
        var typed = await inspector.RecordAttemptAsync(id, "150100", 1, new Callback.Host.Findings.AttemptRequest("respondent-unavailable", null, "本人外出，约明天同一时间", appointment));
        Assert.Equal(("by-hand", false), (typed.Source, typed.Counts));
        Assert.Equal(appointment, typed.CallbackAt);

        // A completed verification typed by hand: no proposal until a supervisor confirms it, then the agent's answers are compared.
        var otherWay = person.EmploymentStatus == "已就业" ? "未就业" : "已就业";
        var taken = Callback.Domain.Findings.Answers.None.With("employmentStatus", otherWay).With("trained", person.Trained ? "是" : "否");
        if (otherWay == "已就业")
            taken = taken.With("employmentForm", "灵活就业");
        if (person.Trained)
            taken = taken.With("trainingYear", person.TrainingYear!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        clock.Advance(TimeSpan.FromHours(1));
        var completed = await inspector.RecordAttemptAsync(id, "150100", 1, new Callback.Host.Findings.AttemptRequest("completed", null, "用办公电话人工核查", null));
        Assert.Null(await inspector.ProposalAsync(id, "150100", 1, taken));
        await supervisor.ConfirmAttemptAsync(id, "150100", 1, completed.Id);

        Assert.Null(await inspector.ProposalAsync(id, "150100", 1));
        var proposal = await inspector.ProposalAsync(id, "150100", 1, taken);
        Assert.NotNull(proposal);
        Assert.True(proposal.Single(c => c.Field == "employmentStatus").MakesUntruthful);
        Assert.True(proposal.Single(c => c.Field == "trained").Matches);
    }
}
