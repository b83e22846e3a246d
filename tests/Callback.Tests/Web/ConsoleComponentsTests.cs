using Bunit;
using Callback.Domain.Calls;
using Callback.Domain.Findings;
using Callback.Domain.Registry;
using Callback.Domain.Scoring;
using Callback.Host.Calls;
using Callback.Host.Findings;
using Callback.Host.Web.Live;
using Callback.Host.Web.Shared;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Callback.Tests.Web;

/// <summary>The console's components with logic, rendered by bUnit (Chinese: the default culture's texts).</summary>
public sealed class ConsoleComponentsTests : IDisposable
{
    private readonly BunitContext _context = new();

    public ConsoleComponentsTests()
    {
        _context.Services.AddMudServices();
        _context.Services.AddLocalization();
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public void Dispose() => _context.Dispose();

    private static SamplePersonView Person(int position, string? verdict = null, string? replaced = null, int attempts = 0) => new(
        position, "1501************1862", "某某", ["170****1594"], [], "已就业", "灵活就业", true, 2025, replaced, attempts, null, null,
        verdict is null ? null : new FindingView(position, 1, verdict, "r", new Answers(EmploymentStatus.Employed, null, true, 2025), [], "i", DateTimeOffset.UnixEpoch, false, []),
        null, []);

    private static Scorecard Card(decimal? score) => new(
        1, "150100", [new ItemResult(EvaluationForm.TruthfulnessItem, "c", "t", 20, score, "computed", null, null, [])], 0, 100, null, 1, [], [],
        new AaporRates(10, 0.5m, 0.8m, 0.1m), false, null, null);

    [Fact]
    public void A_unit_tile_counts_verified_untruthful_and_reserves_and_shows_item_4_4()
    {
        var sample = new[] { Person(1, "Truthful"), Person(2, "Untruthful", attempts: 2), Person(3, replaced: "x", attempts: 1), Person(4) };
        var progress = UnitProgress.From("150100", "呼和浩特市", sample, Card(18m));

        var tile = _context.Render<UnitTile>(p => p.Add(t => t.Progress, progress));

        Assert.Equal((2, 1, 1, 3), (progress.Verified, progress.Untruthful, progress.ReservesUsed, progress.Attempts));
        Assert.Equal("2 / 4", tile.Find("[data-testid=verified]").TextContent.Trim());
        Assert.Equal("18 / 20", tile.Find("[data-testid=score-4-4]").TextContent.Trim());
        Assert.Contains("呼和浩特市", tile.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_unit_not_yet_drawn_shows_its_item_4_4_as_not_scored()
    {
        var tile = _context.Render<UnitTile>(p => p.Add(t => t.Progress, UnitProgress.From("150200", "包头市", [], Card(null))));

        Assert.Equal("未评分", tile.Find("[data-testid=score-4-4]").TextContent.Trim());
    }

    private static CallView Call(string status, string? consent = null, string? disposition = null, Answers? answers = null) => new(
        7, "150100", "1501************1862", "Ivr", "verification-v1", "simulator", "SIM1", "170****1594", status, disposition, consent, "dtmf",
        false, null, null, null, null, null, answers ?? Answers.None, null, null, null, DateTimeOffset.UnixEpoch, null);

    [Theory]
    [InlineData("ringing", "振铃中")]
    [InlineData("in-progress", "通话中")]
    [InlineData("completed", "已结束")]
    [InlineData("some-new-status", "some-new-status")]
    public void The_call_panel_names_the_state_in_words_inside_a_live_region(string status, string text)
    {
        var panel = _context.Render<CallPanel>(p => p.Add(c => c.Call, Call(status)));

        var state = panel.Find("[data-testid=call-state]");
        Assert.Equal(text, state.TextContent);
        Assert.Equal("polite", state.Closest("[role=status]")!.GetAttribute("aria-live"));
    }

    [Fact]
    public void The_call_panel_shows_consent_the_disposition_and_each_answer_by_its_field_name()
    {
        var panel = _context.Render<CallPanel>(p => p.Add(c => c.Call, Call("completed", "Yes", Disposition.Completed.Code,
            new Answers(EmploymentStatus.Employed, null, null, 2025))));

        Assert.Equal("录音同意：已同意", panel.Find("[data-testid=call-consent]").TextContent);
        Assert.Contains(Disposition.Completed.Chinese, panel.Find("[data-testid=call-disposition]").TextContent, StringComparison.Ordinal);
        Assert.Equal(["就业状况", "培训年度"], panel.FindAll("[data-testid=call-answers] dt").Select(d => d.TextContent));
    }

    [Fact]
    public void While_a_call_is_live_no_other_person_can_be_rung_from_the_queue()
    {
        var sample = new[] { Person(1), Person(2) };
        var idle = _context.Render<SampleTable>(p => p.Add(t => t.Sample, sample));
        var live = _context.Render<SampleTable>(p => p.Add(t => t.Sample, sample).Add(t => t.LiveCertificate, "1501************1862"));

        Assert.All(idle.FindAll("button"), b => Assert.False(b.HasAttribute("disabled")));
        Assert.All(live.FindAll("button[data-testid^=call-], button[data-testid^=agent-]"), b => Assert.True(b.HasAttribute("disabled")));
        Assert.Equal(["agent-1", "agent-2", "call-1", "call-2"], live.FindAll("button[data-testid^=call-], button[data-testid^=agent-]").Select(b => b.GetAttribute("data-testid")!).Order());
        // Typing an attempt for someone else (a call made on another phone) does not ring anyone: it stays open.
        Assert.All(live.FindAll("button[data-testid^=attempt-]"), b => Assert.False(b.HasAttribute("disabled")));
        Assert.All(live.FindAll("button[data-testid^=text-]"), b => Assert.False(b.HasAttribute("disabled")));
        Assert.Equal(8, live.FindAll("button").Count);
    }

    [Fact]
    public async Task Pressing_call_asks_for_the_person_and_the_mode_chosen()
    {
        (int, CallMode)? asked = null;
        var table = _context.Render<SampleTable>(p => p.Add(t => t.Sample, new[] { Person(1), Person(2) })
            .Add(t => t.OnCall, ((int Position, CallMode Mode) r) => asked = r));

        await table.Find("[data-testid=call-2]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());

        Assert.Equal((2, CallMode.Ivr), asked);
    }

    private static Callback.Host.Web.AgentScript AgentScript()
    {
        var script = Callback.Domain.Calls.Scripts.ScriptLoader.LoadFolder(Path.Combine(AppContext.BaseDirectory, "call-scripts")).Single(s => s.Id == "verification");
        return new([.. script.Steps.Where(s => s.Kind == Callback.Domain.Calls.Scripts.ScriptStep.Question)], new Dictionary<string, string> { ["name"] = "王某" });
    }

    [Fact]
    public async Task The_agent_interview_asks_the_scripts_questions_in_order_following_their_conditions()
    {
        var script = AgentScript();
        var answers = Answers.None;
        var view = _context.Render<AgentInterview>(p => p.Add(c => c.Script, script).Add(c => c.Answers, answers).Add(c => c.AnswersChanged, a => answers = a));

        Assert.Equal("employmentStatus", view.Find("[data-testid=interview-question]").GetAttribute("data-field"));
        Assert.Contains("请问您现在有工作吗", view.Markup, StringComparison.Ordinal);
        // Not employed: the form of employment is not asked; the training question comes next.
        await view.Find("[data-testid=option-employmentStatus-2]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());
        Assert.Equal("trained", view.Find("[data-testid=interview-question]").GetAttribute("data-field"));
        await view.Find("[data-testid=option-trained-1]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());
        Assert.Equal("trainingYear", view.Find("[data-testid=interview-question]").GetAttribute("data-field"));
        Assert.False(AgentInterview.Complete(script, answers));

        // A year must be four digits, and a year, before it can be recorded.
        view.Find("input[data-testid=interview-digits]").Input("20");
        Assert.True(view.Find("[data-testid=interview-take]").HasAttribute("disabled"));
        view.Find("input[data-testid=interview-digits]").Input("1900");
        Assert.True(view.Find("[data-testid=interview-take]").HasAttribute("disabled"));
        view.Find("input[data-testid=interview-digits]").Input("2024");
        await view.Find("[data-testid=interview-take]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());

        Assert.True(AgentInterview.Complete(script, answers));
        Assert.Equal(new Answers(EmploymentStatus.NotEmployed, null, true, 2024), answers);
        Assert.NotNull(view.Find("[data-testid=interview-complete]"));
    }

    [Fact]
    public void With_a_guardian_on_the_line_the_agent_interview_asks_about_the_person_by_name()
    {
        var view = _context.Render<AgentInterview>(p => p.Add(c => c.Script, AgentScript() with { Guardian = true }).Add(c => c.Answers, Answers.None));

        Assert.Contains("请问王某现在有工作吗", view.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("请问您现在有工作吗", view.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_an_answer_in_the_agent_interview_drops_the_answers_that_depended_on_it()
    {
        var script = AgentScript();
        var answers = new Answers(EmploymentStatus.Employed, EmploymentForm.Flexible, true, 2024);
        var view = _context.Render<AgentInterview>(p => p.Add(c => c.Script, script).Add(c => c.Answers, answers).Add(c => c.AnswersChanged, a => answers = a));
        Assert.True(AgentInterview.Complete(script, answers));

        // Training changed to "no": the year no longer applies and is dropped; employment stays as taken.
        await view.Find("[data-field=trained] button").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());
        Assert.Equal(new Answers(EmploymentStatus.Employed, EmploymentForm.Flexible, null, null), answers);
        await view.Find("[data-testid=option-trained-2]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());
        Assert.Equal(new Answers(EmploymentStatus.Employed, EmploymentForm.Flexible, false, null), answers);
        Assert.True(AgentInterview.Complete(script, answers));

        // Employment changed to "not employed" by a new answer: the form of employment is dropped with it.
        await view.Find("[data-field=employmentStatus] button").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());
        Assert.Equal(new Answers(null, null, false, null), answers);
        await view.Find("[data-testid=option-employmentStatus-2]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());
        Assert.Equal(new Answers(EmploymentStatus.NotEmployed, null, false, null), answers);
    }

    private static Callback.Host.Web.CallEvidence Sealed(long id, bool playable) => new(
        Call("completed", consent: "Yes", disposition: "completed") with { Id = id, RecordingSha256 = new string('a', 64), RecordingSeconds = 61 },
        DateTimeOffset.UnixEpoch, playable);

    [Fact]
    public void The_evidence_offers_a_player_only_for_a_playable_recording_and_tells_a_non_listener_why_there_is_none()
    {
        var person = Person(1, "Untruthful");
        var listener = _context.Render<EvidencePanel>(p => p.Add(e => e.Evidence, new Callback.Host.Web.Evidence(person, [person.Finding!], [Sealed(7, true), Sealed(8, false)], true)));

        var players = listener.FindAll("[data-testid=player]");
        Assert.Equal("/api/calls/7/recording", Assert.Single(players).GetAttribute("src"));
        Assert.Contains("SHA-256 " + new string('a', 64), listener.Find("[data-testid=call-evidence-8] [data-testid=seal]").TextContent, StringComparison.Ordinal);
        Assert.Empty(listener.FindAll("[data-testid=not-a-listener]"));

        var inspector = _context.Render<EvidencePanel>(p => p.Add(e => e.Evidence, new Callback.Host.Web.Evidence(person, [person.Finding!], [Sealed(7, false)], false)));
        Assert.Empty(inspector.FindAll("[data-testid=player]"));
        Assert.Single(inspector.FindAll("[data-testid=not-a-listener]"));
        Assert.Contains("不真实", inspector.Find("[data-testid=finding-history]").TextContent, StringComparison.Ordinal);
    }
}
