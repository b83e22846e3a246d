using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Callback.Domain.Sampling;
using Callback.Tests.Support;

namespace Callback.Tests.Inspections;

/// <summary>An inspector sees and acts only within the units assigned to them; supervisors and administrators see all.</summary>
public sealed class UnitAccessTests
{
    private const string Seed = "unit-access-seed-2026-11";

    [Fact]
    public async Task An_inspector_of_one_unit_neither_sees_nor_acts_on_another_units_sample_findings_draws_calls_or_simulator()
    {
        var clock = new ShanghaiMorningClock();
        await using var server = await CallbackServer.StartAsync(clock, "--Demo:Persons=600");
        using var admin = await server.AdministratorAsync();
        var id = (await admin.PostJsonAsync("/api/inspections", new
        {
            kind = "MutualCheck", title = "互查", startsOn = clock.Today, endsOn = clock.Today.AddDays(30), unitCodes = new[] { "150100", "150200" },
            policy = new { maxAttemptsPerDay = 10 },
        }, 201)).GetProperty("id").GetInt32();
        await admin.PutJsonAsync($"/api/inspections/{id}/commitment", new { commitment = SampleDraw.Commitment(Seed) }, 204);
        await admin.PostJsonAsync($"/api/inspections/{id}/draws/all", new { seed = Seed }, 201);
        using var a = await server.UserAsync("inspector", "inspects-hohhot", homeUnitCode: "150300");
        using var b = await server.UserAsync("inspector", "inspects-baotou", homeUnitCode: "150300");
        using var supervisor = await server.UserAsync("supervisor");
        await admin.PostJsonAsync($"/api/inspections/{id}/inspectors", new { userName = "inspects-hohhot", unitCode = "150100" }, 201);
        await admin.PostJsonAsync($"/api/inspections/{id}/inspectors", new { userName = "inspects-baotou", unitCode = "150200" }, 201);
        var hohhot = $"/api/inspections/{id}/units/150100";
        var call = await a.PostJsonAsync($"{hohhot}/sample/1/calls", new { mode = "Ivr", simulation = new { answer = "manual" } }, 201);
        var sid = call.GetProperty("providerCallSid").GetString();

        async Task Forbidden(HttpResponseMessage response)
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("not-assigned", (await response.Content.ReadFromJsonAsync<JsonElement>()).Code());
        }

        await Forbidden(await b.GetAsync(new Uri($"{hohhot}/sample", UriKind.Relative)));
        await Forbidden(await b.GetAsync(new Uri($"{hohhot}/sample/1/findings", UriKind.Relative)));
        await Forbidden(await b.GetAsync(new Uri($"{hohhot}/feedback", UriKind.Relative)));
        await Forbidden(await b.GetAsync(new Uri($"/api/calls/{call.GetProperty("id").GetInt64()}", UriKind.Relative)));
        await Forbidden(await b.GetAsync(new Uri($"/api/simulator/calls/{sid}", UriKind.Relative)));
        await Forbidden(await b.PostAsJsonAsync($"/api/simulator/calls/{sid}/input", new { input = "hangup" }));
        await Forbidden(await b.PostAsJsonAsync($"{hohhot}/sample/2/calls", new { mode = "Ivr" }));
        await Forbidden(await b.PostAsJsonAsync($"{hohhot}/sample/2/attempts", new { disposition = "no-answer", note = "n" }));

        // Each inspector's draws are their own unit's; the supervisor sees both, names masked.
        var drawsOfB = await b.GetFromJsonAsync<JsonElement>($"/api/inspections/{id}/draws");
        Assert.Equal(["150200"], drawsOfB.EnumerateArray().Select(d => d.GetProperty("unit").GetString()));
        Assert.Equal(2, (await supervisor.GetFromJsonAsync<JsonElement>($"/api/inspections/{id}/draws")).GetArrayLength());
        var seen = await supervisor.GetFromJsonAsync<JsonElement>($"{hohhot}/sample");
        Assert.Equal(10, seen.GetArrayLength());
        Assert.Contains("***", seen[0].GetProperty("phones")[0].GetString(), StringComparison.Ordinal);

        // The inspection's scorecards stay visible to both of its inspectors, not to a stranger.
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync(new Uri($"/api/inspections/{id}/scorecards", UriKind.Relative))).StatusCode);
        using var stranger = await server.UserAsync("inspector", "not-in-it", homeUnitCode: "150300");
        await Forbidden(await stranger.GetAsync(new Uri($"/api/inspections/{id}/scorecards", UriKind.Relative)));

        // Its own inspector hears and answers the simulated person (once the ringing phone is answered and spoken to).
        var heard = await a.GetAsync(new Uri($"/api/simulator/calls/{sid}", UriKind.Relative));
        for (var i = 0; i < 100 && heard.StatusCode == HttpStatusCode.NotFound; i++)
        {
            await Task.Delay(100);
            heard.Dispose();
            heard = await a.GetAsync(new Uri($"/api/simulator/calls/{sid}", UriKind.Relative));
        }

        Assert.Equal(HttpStatusCode.OK, heard.StatusCode);
        heard.Dispose();
        Assert.Equal(HttpStatusCode.Accepted, (await a.PostAsJsonAsync($"/api/simulator/calls/{sid}/input", new { input = "hangup" })).StatusCode);
    }
}
