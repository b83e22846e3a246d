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
        var events = server.Services.GetRequiredService<InspectionEvents>();
        await events.PublishAsync(id, "150200", new ScorecardChanged());
        await events.PublishAsync(id, "150100", new ScorecardChanged());
        await Task.Delay(100);

        Assert.Equal(["150100"], heard);
        Assert.Equal(["150100"], await operations.UnitsAsync(id));
        var refused = await Assert.ThrowsAsync<Callback.Host.Common.RequestRefusedException>(() => operations.SampleAsync(id, "150200"));
        Assert.Equal(403, refused.Status);

        // The API's request validation runs before its handler here too: a reason over 2,000 characters is refused as such.
        var tooLong = await Assert.ThrowsAsync<Callback.Host.Common.RequestRefusedException>(() => operations.RecordFindingAsync(
            id, "150100", 1, new Callback.Host.Findings.FindingRequest(null, "Truthful", new string('理', 2001), 0)));
        Assert.Equal("invalid-request", tooLong.Code);
    }
}
