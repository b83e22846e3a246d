using System.Net.Http.Json;
using System.Text.Json;
using Callback.Domain.Calls;
using Callback.Persistence;
using Callback.Telephony.Simulator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Tests.Calls;

/// <summary>
/// Every path through the script — consent yes, no, spoken either way, silent; a hang-up at any step; busy; no
/// answer — and on none of them is a recording requested before a recorded "yes", nor at all without one.
/// </summary>
public sealed class ConsentPropertyTests
{
    private static readonly string[] ConsentInputs = ["1", "2", "speech:同意", "speech:不同意", "silence"];
    private static readonly string?[] HangUps = [null, "who", "consent", "employment-status", "employment-form", "trained", "training-year"];

    [Fact]
    public async Task No_recording_is_ever_requested_before_a_recorded_yes()
    {
        var (server, admin, sample) = await SimulatedCallTests.DrawnAsync();
        await using var _ = server;
        using (admin)
        {
            var paths = ConsentInputs.SelectMany(consent => HangUps.Select(hangUp => (Answer: "answer", Consent: consent, HangUp: hangUp)))
                .Concat([("busy", "1", null), ("no-answer", "1", null), ("fail", "1", null)])
                .ToList();
            var callIds = new List<(long Id, (string Answer, string Consent, string? HangUp) Path)>();
            foreach (var path in paths)
            {
                var call = await SimulatedCallTests.CallAsync(server, admin, sample, 1 + (callIds.Count % 10), new
                {
                    answer = path.Answer,
                    inputs = new Dictionary<string, string> { ["who"] = "1", ["consent"] = path.Consent, ["employment-status"] = "1", ["employment-form"] = "6", ["trained"] = "1", ["training-year"] = "2025" },
                    hangUpAtStep = path.HangUp,
                });
                callIds.Add((call.GetProperty("id").GetInt64(), path));
            }

            var simulator = server.Services.GetRequiredService<SimulatorProvider>();
            await using var scope = server.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
            var recordedYes = 0;
            foreach (var (id, path) in callIds)
            {
                var call = await db.Calls.AsNoTracking().SingleAsync(c => c.Id == id);
                var consents = await db.ConsentEvents.AsNoTracking().Where(e => e.CallId == id).ToListAsync();
                var recordings = simulator.Operations.Where(o => o.Kind == "start-recording" && o.CallSid == call.ProviderCallSid).ToList();
                var yes = consents.SingleOrDefault(c => c.Value == ConsentState.Yes);

                Assert.True(CallStatuses.IsTerminal(call.Status), $"{path}: call did not end ({call.Status})");
                if (yes is null)
                {
                    Assert.Empty(recordings);
                    Assert.Null(call.Recording);
                }
                else
                {
                    recordedYes++;
                    var started = Assert.Single(recordings);
                    Assert.True(yes.At <= started.At, $"{path}: recording requested at {started.At:O}, before the yes at {yes.At:O}");
                }

                var expectYes = path.Answer == "answer" && path.HangUp is null or not ("who" or "consent") && path.Consent is "1" or "speech:同意";
                Assert.Equal(expectYes, yes is not null);
            }

            Assert.True(recordedYes > 0);
        }
    }
}
