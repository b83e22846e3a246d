using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Callback.Domain.Registry;
using Callback.Domain.Sampling;
using Callback.Persistence;
using Callback.Telephony;
using Callback.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Callback.Tests.Plans;

/// <summary>
/// Issue 10's measure: a unit of ten with the mix a real round meets — three persons who do not answer on the first
/// day, a voicemail, a deaf person, one reachable only through a guardian, a dead number — verified with one press.
/// The plan runs as the worker would, every half hour through the calling hours of two days.
/// </summary>
public sealed class RealisticMixTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Guardian = new()
    {
        ["who"] = "2", ["consent"] = "1", ["employment-status"] = "2", ["trained"] = "2",
    };

    [Fact]
    public async Task Ten_persons_with_a_realistic_mix_are_all_verified_with_one_press_and_one_replacement()
    {
        var clock = new ShanghaiMorningClock(); // day 1, 10:00
        await using var server = await CallbackServer.StartAsync(clock, "--Demo:Persons=600", "--Telephony:CallsPerSecond=50");
        var (admin, unit, _) = await PlanRunTests.DrawAsync(server, clock);
        using var _ = admin;

        // The mix, arranged in the registry the draw was made from: position 5 deaf, position 6 智力 with only a
        // guardian's number, everyone else (reserves too) physically disabled with a number of their own.
        string[] sample;
        var numbers = new Dictionary<int, string>();
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
            var draw = await db.Draws.SingleAsync(d => d.Kind == DrawKind.Persons);
            sample = [.. draw.Sample];
            var everyone = draw.Sample.Concat(draw.Reserves).ToList();
            foreach (var revision in await db.PersonRevisions.Where(p => everyone.Contains(p.CertificateNumber)).ToListAsync())
            {
                var position = Array.IndexOf(sample, revision.CertificateNumber) + 1;
                revision.Category = position switch { 5 => DisabilityCategory.Hearing, 6 => DisabilityCategory.Intellectual, _ => DisabilityCategory.Physical };
                if (position == 6)
                {
                    revision.GuardianPhoneE164 ??= "+8617000000006";
                    revision.PhoneE164 = null;
                }
            }

            await db.SaveChangesAsync();
            foreach (var (certificate, i) in sample.Select((c, i) => (c, i + 1)))
            {
                var p = await db.PersonRevisions.Where(r => r.CertificateNumber == certificate).FirstAsync();
                numbers[i] = (p.PhoneE164 ?? p.GuardianPhoneE164)!.Split(';')[0];
            }
        }

        var simulator = server.Services.GetRequiredService<Callback.Telephony.Simulator.SimulatorProvider>();
        foreach (var position in new[] { 1, 2, 3 })
            simulator.Expect(numbers[position], new SimulatedPerson(SimulatedPerson.NoAnswer), new SimulatedPerson(SimulatedPerson.NoAnswer));
        simulator.Expect(numbers[4], new SimulatedPerson(SimulatedPerson.Machine));
        simulator.Expect(numbers[6], new SimulatedPerson(SimulatedPerson.Answers, Guardian));
        simulator.Expect(numbers[7], new SimulatedPerson(SimulatedPerson.DeadNumber));

        // One press.
        await admin.PostJsonAsync($"{unit}/plan", new { }, 200);
        await simulator.WhenAllEndedAsync();
        var start = clock.GetUtcNow();
        var ticks = 0;
        var textAnswered = false;
        JsonElement plan = default;
        for (; ticks < 2 * 48; ticks++)
        {
            clock.Advance(TimeSpan.FromMinutes(30));
            await PlanRunTests.RunAsync(server);
            // The deaf person reads the SMS over lunch and fills in the form.
            if (!textAnswered && clock.GetUtcNow() - start >= TimeSpan.FromHours(3))
            {
                await PlanRunTests.AnswerTextsAsync(server, new Dictionary<string, string> { ["who"] = "person", ["employmentStatus"] = "未就业", ["trained"] = "否" });
                textAnswered = true;
            }

            await server.RenewAdministratorAsync(admin);
            plan = await admin.GetFromJsonAsync<JsonElement>($"{unit}/plan");
            if (plan.GetProperty("status").GetString() == "done")
                break;
        }

        Assert.Equal("done", plan.GetProperty("status").GetString());
        var persons = await admin.GetFromJsonAsync<JsonElement>($"{unit}/sample");
        await using var read = server.Services.CreateAsyncScope();
        var store = read.ServiceProvider.GetRequiredService<CallbackDbContext>();
        var attempts = await store.CallAttempts.AsNoTracking().ToListAsync();
        var replacements = await store.Replacements.AsNoTracking().ToListAsync();
        var calls = await store.Calls.AsNoTracking().ToListAsync();
        var policy = (await store.Inspections.SingleAsync()).Policy;

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"done after {clock.GetUtcNow() - start:g} of simulated time ({ticks + 1} runs); presses: 1");
        report.AppendLine(CultureInfo.InvariantCulture, $"calls placed: {calls.Count}, texts sent: {plan.GetProperty("textsSent").GetInt32()}, attempts: {attempts.Count}, replacements: {replacements.Count}");
        string History(string certificate) => string.Join(" → ", attempts.Where(a => a.CertificateNumber == certificate).OrderBy(a => a.AttemptedAt)
            .Select(a => $"{a.Disposition}{(a.Proxy ? " (proxy)" : "")}{(a.TextLinkId is null ? "" : " (text)")} {policy.LocalDate(a.AttemptedAt):MM-dd}"));
        foreach (var person in persons.EnumerateArray())
        {
            var position = person.GetProperty("position").GetInt32();
            var current = person.GetProperty("certificate").GetString()!;
            var line = current == sample[position - 1] ? History(current) : $"{History(sample[position - 1])} ⇒ reserve: {History(current)}";
            report.AppendLine(CultureInfo.InvariantCulture, $"{position,2}: {line}");
        }

        output.WriteLine(report.ToString());

        // Everyone in the sample verified; the dead number the only replacement; the guardian's answers a proxy's.
        Assert.All(persons.EnumerateArray(), p => Assert.Equal("completed", p.GetProperty("lastDisposition").GetString()));
        var replaced = Assert.Single(replacements);
        Assert.Equal(sample[6], replaced.ReplacedCertificate);
        Assert.True(Assert.Single(attempts, a => a.CertificateNumber == sample[5]).Proxy);
        Assert.Single(attempts, a => a.CertificateNumber == sample[4] && a.TextLinkId is not null);
        Assert.All(calls, c => Assert.True(policy.IsWithinCallingHours(c.CreatedAt)));
        foreach (var position in new[] { 1, 2, 3 })
            Assert.Equal(["no-answer", "no-answer", "completed"], attempts.Where(a => a.CertificateNumber == sample[position - 1]).OrderBy(a => a.AttemptedAt).Select(a => a.Disposition));
        Assert.Equal(["answering-machine", "completed"], attempts.Where(a => a.CertificateNumber == sample[3]).OrderBy(a => a.AttemptedAt).Select(a => a.Disposition));
    }
}
