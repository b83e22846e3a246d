using System.Net.Http.Json;
using System.Text.Json;

namespace Callback.Tests.Support;

/// <summary>Small steps the API tests take again and again.</summary>
public static class ApiExtensions
{
    /// <summary>Uploads a registry file and waits for its import to finish; returns the job.</summary>
    public static async Task<JsonElement> ImportAsync(this HttpClient admin, string path) =>
        await admin.ImportAsync(await File.ReadAllBytesAsync(path), Path.GetFileName(path));

    /// <summary>
    /// Uploads bytes as a registry file and waits for its import (or preview) to finish; returns the job.
    /// <paramref name="query"/> adds parameters: "&amp;scope=150100&amp;preview=true".
    /// </summary>
    public static async Task<JsonElement> ImportAsync(this HttpClient admin, byte[] content, string fileName, string query = "")
    {
        using var body = new ByteArrayContent(content);
        var accepted = await admin.PostAsync(new Uri($"/api/registry/imports?fileName={fileName}{query}", UriKind.Relative), body);
        accepted.EnsureSuccessStatusCode();
        return await admin.JobEndedAsync(accepted.Headers.Location!);
    }

    /// <summary>Waits until an import job succeeded, failed, or waits as a preview; returns the job.</summary>
    public static async Task<JsonElement> JobEndedAsync(this HttpClient admin, Uri job)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var state = await admin.GetFromJsonAsync<JsonElement>(job);
            if (state.GetProperty("state").GetString() is "succeeded" or "failed" or "previewed")
                return state;
            await Task.Delay(50);
        }

        throw new TimeoutException("The import did not finish in 30 s.");
    }

    public static async Task<JsonElement> PostJsonAsync(this HttpClient client, string path, object body, int expectedStatus)
    {
        var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"POST {path}: expected {expectedStatus}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> PutJsonAsync(this HttpClient client, string path, object body, int expectedStatus)
    {
        var response = await client.PutAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"PUT {path}: expected {expectedStatus}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>
    /// An inspection of unit 150100 with <paramref name="policy"/>, committed to <paramref name="seed"/> and drawn
    /// (from <paramref name="startsOn"/> to <paramref name="endsOn"/>, by default 2026 and 2027); returns its sample's path.
    /// </summary>
    public static async Task<string> DrawInspectionAsync(
        this HttpClient admin, string title, object policy, string seed, DateOnly? startsOn = null, DateOnly? endsOn = null)
    {
        var created = await admin.PostJsonAsync("/api/inspections", new
        {
            kind = "MutualCheck", title, startsOn = startsOn ?? new DateOnly(2026, 1, 1), endsOn = endsOn ?? new DateOnly(2027, 12, 31),
            unitCodes = new[] { "150100" }, policy,
        }, 201);
        var id = created.GetProperty("id").GetInt32();
        await admin.PutJsonAsync($"/api/inspections/{id}/commitment", new { commitment = Domain.Sampling.SampleDraw.Commitment(seed) }, 204);
        await admin.PostJsonAsync($"/api/inspections/{id}/draws", new { unit = "150100", seed }, 201);
        return $"/api/inspections/{id}/units/150100/sample";
    }

    public static string Code(this JsonElement problem) => problem.GetProperty("code").GetString()!;
}
