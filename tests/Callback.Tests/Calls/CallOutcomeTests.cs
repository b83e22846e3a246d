using System.Net.Http.Json;
using System.Text.Json;
using Callback.Domain.Calls;
using Callback.Telephony;
using Callback.Telephony.Simulator;
using Callback.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Tests.Calls;

/// <summary>
/// Every row of the outcome table (call-scripts/README.md): the provider's status, its SIP response code and
/// answering-machine verdict, and what the person said decide the attempt's disposition.
/// </summary>
public sealed class CallOutcomeTests
{
    [Theory]
    [InlineData("busy", null, null, null, "busy")]
    [InlineData("no-answer", null, null, null, "no-answer")]
    [InlineData("canceled", null, null, null, "no-answer")]
    [InlineData("failed", 404, null, null, "not-in-service")]
    [InlineData("failed", 410, null, null, "not-in-service")]
    [InlineData("failed", 484, null, null, "not-in-service")]
    [InlineData("failed", 604, null, null, "not-in-service")]
    [InlineData("failed", 503, null, null, "technical-failure")]
    [InlineData("failed", 480, null, null, "technical-failure")]
    [InlineData("failed", null, null, null, "technical-failure")]
    [InlineData("completed", null, "machine_end_beep", null, "answering-machine")]
    [InlineData("completed", null, "machine_start", "person", "break-off")] // detection wrong on a short "喂？": the person's words win
    [InlineData("completed", null, "fax", null, "answering-machine")]
    [InlineData("completed", null, "human", null, "silent-line")]
    [InlineData("completed", null, null, null, "silent-line")]
    [InlineData("completed", null, "unknown", "refused", "refused")]
    [InlineData("completed", null, "human", "wrong-person", "wrong-person")]
    [InlineData("completed", null, "human", "person", "break-off")]
    public void The_provider_status_sip_code_machine_verdict_and_the_persons_words_decide_the_disposition(
        string status, int? sip, string? answeredBy, string? who, string expected)
    {
        var call = new Call
        {
            UnitCode = "150100", CertificateNumber = "x", ScriptKey = "verification-v1", Provider = "simulator", To = "+8613800138000", CreatedBy = "t",
            Status = status, SipResponseCode = sip, AnsweredBy = answeredBy,
        };

        var disposition = CallOutcome.Of(call, new ConversationState { Who = who }, allAnswered: false);

        Assert.Equal(expected, disposition.Code);
    }

    private static Call NewCall(CallMode mode = CallMode.Ivr) => new()
    {
        UnitCode = "150100", CertificateNumber = "x", ScriptKey = "verification-v1", Provider = "simulator", To = "+8613800138000", CreatedBy = "t", Mode = mode,
    };

    [Fact]
    public void An_agent_led_call_handed_over_is_complete_and_only_then()
    {
        var answered = new ConversationState { Who = "person", Finished = true };
        Assert.Equal("completed", CallOutcome.Of(NewCall(CallMode.Agent), answered, allAnswered: false).Code);
        Assert.Equal("break-off", CallOutcome.Of(NewCall(CallMode.Ivr), answered, allAnswered: false).Code);
        Assert.Equal("break-off", CallOutcome.Of(NewCall(CallMode.Agent), new ConversationState { Who = "person" }, allAnswered: false).Code);
        var ex = Assert.Throws<ArgumentNullException>(() => CallOutcome.Of(null!, answered, false));
        Assert.Equal("call", ex.ParamName);
        Assert.Equal("conversation", Assert.Throws<ArgumentNullException>(() => CallOutcome.Of(NewCall(), null!, false)).ParamName);
    }

    [Fact]
    public void A_status_callback_applies_once_in_order_and_never_after_the_end()
    {
        var call = NewCall();
        // A new call takes its first callback (sequence 0) and holds a fresh conversation.
        Assert.Null(call.Conversation.StepId);
        Assert.True(call.ApplyStatus("initiated", 0));
        Assert.False(call.ApplyStatus("ringing", 0));                // a repeat
        Assert.True(call.ApplyStatus("in-progress", 2));
        Assert.False(call.ApplyStatus("ringing", 1));                // out of order
        Assert.False(call.ApplyStatus("no-such-status", 3));         // not a status
        Assert.Equal(("in-progress", 2), (call.Status, call.LastSequence));
        Assert.True(call.ApplyStatus("completed", 3));
        Assert.False(call.ApplyStatus("in-progress", 4));            // after a terminal status
        Assert.Equal("completed", call.Status);
        Assert.Throws<ArgumentNullException>(() => call.ApplyStatus(null!, 5));
    }

    [Fact]
    public void A_technical_failure_is_tried_again_and_never_counts_toward_replacing_the_person()
    {
        Assert.False(Disposition.TechnicalFailure.Final);
        Assert.False(Disposition.TechnicalFailure.Reached);
        Assert.Equal(AaporGroup.UnknownEligibility, Disposition.TechnicalFailure.Group);
        var policy = new Domain.Inspections.CallingPolicy();
        var day = new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero);
        var failures = Enumerable.Range(0, 6).Select(i => new Domain.Findings.CallAttempt
        {
            InspectionId = 1, UnitCode = "150100", CertificateNumber = "x", AttemptedAt = day.AddDays(i), Disposition = Disposition.TechnicalFailure.Code,
            AaporCode = "3.16", RecordedBy = "t",
        }).ToList();

        Assert.Null(Reachability.Unreachable(failures, policy));
        var noAnswers = failures.Select(a => new Domain.Findings.CallAttempt
        {
            InspectionId = 1, UnitCode = "150100", CertificateNumber = "x", AttemptedAt = a.AttemptedAt, Disposition = Disposition.NoAnswer.Code, AaporCode = "3.13", RecordedBy = "t",
        }).ToList();
        Assert.NotNull(Reachability.Unreachable(noAnswers, policy));
    }
}

/// <summary>Each outcome through the simulator and the real webhooks (apart, so that mutation runs of the table stay fast).</summary>
public sealed class SimulatedOutcomeTests
{
    public static TheoryData<string, string?, string, bool> SimulatedRows => new()
    {
        // behaviour, the who step's input, disposition, whether the provider was asked to hang up
        { SimulatedPerson.DeadNumber, null, "not-in-service", false },
        { SimulatedPerson.Fails, null, "technical-failure", false },
        { SimulatedPerson.Machine, null, "answering-machine", true },
        { SimulatedPerson.Answers, "silence", "silent-line", false },
        { SimulatedPerson.Answers, "9", "refused", false },
        { SimulatedPerson.Answers, "speech:我不愿意", "refused", false },
    };

    [Theory]
    [MemberData(nameof(SimulatedRows))]
    public async Task Each_outcome_is_produced_by_the_simulator_through_the_real_webhooks(string behaviour, string? who, string expected, bool hungUp)
    {
        var (server, admin, sample) = await SimulatedCallTests.DrawnAsync();
        await using var _ = server;
        using (admin)
        {
            var inputs = who is null ? null : new Dictionary<string, string> { ["who"] = who };
            var call = await SimulatedCallTests.CallAsync(server, admin, sample, 1, new { answer = behaviour, inputs });

            Assert.Equal(expected, call.GetProperty("disposition").GetString());
            var simulator = server.Services.GetRequiredService<SimulatorProvider>();
            Assert.Equal(hungUp, simulator.Operations.Any(o => o.Kind == "hang-up" && o.CallSid == call.GetProperty("providerCallSid").GetString()));
            // Only a number really not in service takes the person out of the sample at once (a reserve takes the place).
            var first = (await admin.GetFromJsonAsync<JsonElement>(sample))[0];
            var replaced = first.GetProperty("replacedCertificate").ValueKind != JsonValueKind.Null;
            Assert.Equal(expected == "not-in-service", replaced);
            if (!replaced)
                Assert.Equal(expected, first.GetProperty("lastDisposition").GetString());
        }
    }
}
