using System.Collections.Frozen;
using System.Diagnostics;

namespace Callback.Host.Common;

/// <summary>
/// Named points in the steps that must survive a crash, where the kill tests end the process the hard way (SIGKILL:
/// no disposal, no flush, no transaction rolled back by anyone but the database, as a power cut would) to prove that
/// what was interrupted there is finished once after a restart. Armed only by the environment variable
/// <see cref="Variable"/> (names separated by commas), which no configuration file sets; unarmed, a point is one
/// empty-set lookup.
/// </summary>
public static class Failpoints
{
    public const string Variable = "CALLBACK_FAILPOINTS";

    /// <summary>The person said yes and the recording was asked of the provider and saved as requested.</summary>
    public const string RecordingRequested = "recording-requested";

    /// <summary>The provider's "recording completed" was saved; the recording is not queued for download yet.</summary>
    public const string RecordingReported = "recording-reported";

    /// <summary>The audio was downloaded and checked; nothing of it is stored yet.</summary>
    public const string RecordingDownloaded = "recording-downloaded";

    /// <summary>The encrypted audio is on disk; its seal is not saved.</summary>
    public const string RecordingStored = "recording-stored";

    /// <summary>The end of a call is saved inside its transaction (status, attempt, events), not committed.</summary>
    public const string CallEndSaved = "call-end-saved";

    /// <summary>The end of a call is committed; its events are not published yet.</summary>
    public const string CallEndCommitted = "call-end-committed";

    public static readonly FrozenSet<string> All =
        [RecordingRequested, RecordingReported, RecordingDownloaded, RecordingStored, CallEndSaved, CallEndCommitted];

    private static readonly (FrozenSet<string> Armed, string? Problem) State = Read(Environment.GetEnvironmentVariable(Variable));

    /// <summary>What is wrong with this process's <see cref="Variable"/>, if anything (serve then refuses to start).</summary>
    public static string? Problem => State.Problem;

    /// <summary>The armed points of a <see cref="Variable"/> value; a name that is no point is a problem (a typo would test nothing).</summary>
    public static (FrozenSet<string> Armed, string? Problem) Read(string? value)
    {
        var names = (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return names.FirstOrDefault(n => !All.Contains(n)) is { } unknown
            ? (FrozenSet<string>.Empty, $"{Variable}: '{unknown}' is no failpoint (there are: {string.Join(", ", All.Order(StringComparer.Ordinal))})")
            : (names.ToFrozenSet(StringComparer.Ordinal), null);
    }

    /// <summary>Kills this process here if the point is armed.</summary>
    public static void Reach(string name)
    {
        if (!State.Armed.Contains(name))
            return;
        Console.Error.WriteLine($"failpoint {name}: killing the process");
        using var self = Process.GetCurrentProcess();
        self.Kill();
        Thread.Sleep(Timeout.Infinite);
    }
}
