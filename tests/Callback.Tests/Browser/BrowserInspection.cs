using Callback.Domain.Sampling;
using Callback.Tests.Support;

namespace Callback.Tests.Browser;

/// <summary>What the browser tests start from, prepared through the API: an inspection of 呼和浩特市 (150100) with its people.</summary>
internal static class BrowserInspection
{
    public const string Password = "a-long-enough-password";

    /// <summary>
    /// Creates the inspection, an inspector (of <paramref name="inspectorHome"/>) assigned to 150100 and a supervisor;
    /// with a <paramref name="seed"/>, publishes its commitment and draws the unit. Returns the inspection's id.
    /// </summary>
    public static async Task<int> PrepareAsync(
        CallbackServer server, ShanghaiMorningClock clock, string kind, string inspector, string inspectorHome, string supervisor, string? seed = null,
        string? inspectorPhone = null)
    {
        using var admin = await server.AdministratorAsync();
        var id = (await admin.PostJsonAsync("/api/inspections", new
        {
            kind, title = $"{kind} 试用", startsOn = clock.Today.AddDays(-1), endsOn = clock.Today.AddDays(30), unitCodes = new[] { "150100" },
        }, 201)).GetProperty("id").GetInt32();
        using (await server.UserAsync("inspector", inspector, homeUnitCode: inspectorHome, phoneNumber: inspectorPhone))
        using (await server.UserAsync("supervisor", supervisor))
            await admin.PostJsonAsync($"/api/inspections/{id}/inspectors", new { userName = inspector, unitCode = "150100" }, 201);
        if (seed is not null)
        {
            await admin.PutJsonAsync($"/api/inspections/{id}/commitment", new { commitment = SampleDraw.Commitment(seed) }, 204);
            await admin.PostJsonAsync($"/api/inspections/{id}/draws", new { unit = "150100", seed }, 201);
        }

        return id;
    }
}
