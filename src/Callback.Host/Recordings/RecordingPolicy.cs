using System.Text.Json;
using Callback.Persistence.Identity;

namespace Callback.Host.Recordings;

/// <summary>recordings-policy/policy.json: retention, who may listen, deletion, what a usable recording is.</summary>
public sealed record RecordingPolicy(
    int RetentionDays, IReadOnlyList<string> ListenerRoles, bool DeleteAtProvider, int DeletionCheckHours, double MinimumSeconds, double SilenceDecibels)
{
    public static RecordingPolicy Load(string path)
    {
        RecordingPolicy? policy;
        try
        {
            policy = JsonSerializer.Deserialize<RecordingPolicy>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new InvalidOperationException($"recording policy {path}: cannot be read ({e.Message})", e);
        }

        if (policy is null)
            throw new InvalidOperationException($"recording policy {path}: empty");
        var problems = new List<string>();
        if (policy.RetentionDays is < 1 or > 3650)
            problems.Add("retentionDays must be between 1 and 3650");
        if (policy.ListenerRoles is null || policy.ListenerRoles.Any(r => !Roles.All.Contains(r)))
            problems.Add($"listenerRoles may name only {string.Join(", ", Roles.All)}");
        if (policy.DeletionCheckHours is < 1 or > 168)
            problems.Add("deletionCheckHours must be between 1 and 168");
        if (policy.MinimumSeconds < 0 || policy.SilenceDecibels >= 0)
            problems.Add("minimumSeconds must not be negative and silenceDecibels must be below 0");
        return problems.Count == 0 ? policy : throw new InvalidOperationException($"recording policy {path}: {string.Join("; ", problems)}");
    }
}
