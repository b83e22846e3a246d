using Bunit;
using Callback.Host.Web;
using Callback.Host.Web.Live;
using Callback.Host.Web.Shared;
using Callback.Telephony.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace Callback.Tests.Web;

/// <summary>The dashboard's live calls: durations, calls stuck in one state, and the provider's alert.</summary>
public sealed class LiveCallsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 2, 0, 0, TimeSpan.Zero);
    private readonly BunitContext _context = new();

    public LiveCallsTests()
    {
        _context.Services.AddMudServices();
        _context.Services.AddLocalization();
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Theory]
    [InlineData("queued", 60, false)]
    [InlineData("queued", 61, true)]
    [InlineData("initiated", 61, true)]
    [InlineData("ringing", 61, false)]
    [InlineData("ringing", 120, false)]
    [InlineData("ringing", 121, true)]
    [InlineData("in-progress", 14 * 60, false)]
    [InlineData("in-progress", 15 * 60, false)]
    [InlineData("in-progress", 15 * 60 + 1, true)]
    public void A_call_is_stuck_once_it_has_stayed_in_its_state_longer_than_that_state_lasts(string status, int seconds, bool stuck) =>
        Assert.Equal(stuck, Callback.Domain.Calls.StuckCalls.IsStuck(status, Now.AddSeconds(-seconds), Now));

    private static LiveCall Live(long id, string status, int createdSecondsAgo, int inStateSecondsAgo) =>
        new(id, "150100", "1501************1862", "Ivr", status, Now.AddSeconds(-createdSecondsAgo), "SIM" + id, Now.AddSeconds(-inStateSecondsAgo));

    [Fact]
    public void A_stuck_call_is_named_in_an_alert_and_marked_in_words_in_its_row()
    {
        var table = _context.Render<LiveCallsTable>(p => p
            .Add(t => t.Calls, [Live(1, "ringing", 200, 180), Live(2, "in-progress", 3700, 300)])
            .Add(t => t.Now, Now));

        var alert = table.Find("[data-testid=stuck-1]");
        Assert.Contains("通话 #1（150100）处于“振铃中”已超过 2 分钟", alert.TextContent, StringComparison.Ordinal);
        Assert.Empty(table.FindAll("[data-testid=stuck-2]"));
        Assert.Single(table.FindAll("tr[data-call='1'] [data-testid=stuck-chip]"));
        Assert.Empty(table.FindAll("tr[data-call='2'] [data-testid=stuck-chip]"));
        Assert.Equal(("03:00", "03:20"), (table.Find("tr[data-call='1'] [data-testid=in-state]").TextContent, table.Find("tr[data-call='1'] [data-testid=duration]").TextContent));
        Assert.Equal("1:01:40", table.Find("tr[data-call='2'] [data-testid=duration]").TextContent);
    }

    [Fact]
    public async Task The_provider_alert_appears_when_the_circuit_opens_and_goes_when_it_closes()
    {
        var clock = new FakeTimeProvider(Now);
        var health = new ProviderHealth(clock);
        _context.Services.AddSingleton(health);
        var pipeline = TelephonyPipeline.Create(clock, retries: 1, firstDelay: TimeSpan.Zero, health: health, circuit: health.Placing);
        var alert = _context.Render<ProviderAlert>();
        Assert.Empty(alert.FindAll("[data-testid=provider-failing]"));

        for (var i = 0; i < 4; i++) // two tries each
            await Assert.ThrowsAnyAsync<Exception>(async () => await pipeline.ExecuteAsync(_ => throw new HttpRequestException("down")));
        alert.WaitForAssertion(() => Assert.Contains("已暂停呼叫", alert.Find("[data-testid=provider-failing]").TextContent, StringComparison.Ordinal));

        clock.Advance(TimeSpan.FromSeconds(16));
        await pipeline.ExecuteAsync(_ => ValueTask.CompletedTask);
        alert.WaitForAssertion(() => Assert.Empty(alert.FindAll("[data-testid=provider-failing]")));
    }
}

/// <summary>What a burst of changes makes the dashboard read again.</summary>
public sealed class StalePartsTests
{
    [Fact]
    public void Call_states_make_only_the_live_calls_stale()
    {
        var stale = new StaleParts();
        stale.Mark("call-placed", "150100");
        stale.Mark("call-status", "150200");
        stale.Mark("recording-sealed", "150300");

        Assert.Equal((true, false, 0), Summary(stale.Take()));
        Assert.False(stale.Take().Any); // clean again after a take
    }

    [Fact]
    public void Other_changes_make_their_units_tiles_stale_and_a_change_naming_no_unit_makes_every_tile_stale()
    {
        var stale = new StaleParts();
        stale.Mark("call-ended", "150100");
        stale.Mark("finding-recorded", "150200");
        stale.Mark("call-ended", "150100");
        var taken = stale.Take();
        Assert.Equal((true, false, 2), Summary(taken));
        Assert.Equal(["150100", "150200"], taken.Units.Order());

        stale.Mark("inspector-assigned", null);
        Assert.Equal((true, true, 0), Summary(stale.Take()));
        stale.Mark(null, null); // the page's own first read
        Assert.True(stale.Take().AllUnits);
    }

    private static (bool Any, bool All, int Units) Summary(StaleParts.Stale s) => (s.Any, s.AllUnits, s.Units.Count);
}
