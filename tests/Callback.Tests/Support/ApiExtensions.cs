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

    public static string Code(this JsonElement problem) => problem.GetProperty("code").GetString()!;
}
