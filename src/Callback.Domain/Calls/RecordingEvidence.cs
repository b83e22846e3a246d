namespace Callback.Domain.Calls;

/// <summary>Where a call's recording stands, from the request to the provider to its sealed copy (and, later, its deletion).</summary>
public enum RecordingStatus
{
    /// <summary>Asked of the provider once the person consented.</summary>
    Requested = 1,

    /// <summary>The provider refused to start it: the conversation went on unrecorded.</summary>
    FailedToStart = 2,

    /// <summary>The provider is recording (or processing: paused, stopped, processing).</summary>
    InProgress = 3,

    /// <summary>The provider has the audio: it waits to be downloaded, checked and sealed.</summary>
    Completed = 4,

    /// <summary>The provider made no recording (nothing was said after consent).</summary>
    Absent = 5,

    /// <summary>The provider's recording failed.</summary>
    Failed = 6,

    /// <summary>Downloaded, checked and sealed: Callback keeps it encrypted.</summary>
    Sealed = 7,

    /// <summary>Deleted when its retention ended; its seal remains.</summary>
    Deleted = 8,
}

/// <summary>
/// A call's recording as evidence: the provider's recording, its status, and once stored its seal (SHA-256 of the
/// audio as downloaded) and what the NAudio check found. Null on a call nobody consented to record.
/// </summary>
public sealed class RecordingEvidence
{
    public RecordingStatus Status { get; set; }
    public string? Sid { get; set; }
    public string? Url { get; set; }

    /// <summary>SHA-256 of the audio as downloaded: the seal the finding's evidence refers to.</summary>
    public string? Sha256 { get; set; }

    public double? Seconds { get; set; }
    public bool? Silent { get; set; }
    public DateTimeOffset? StoredAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }

    /// <summary>Downloads or checks that failed so far; after <see cref="MaxDownloadFailures"/> nobody tries again.</summary>
    public int? DownloadFailures { get; set; }

    /// <summary>Why the last download or check failed (for the administrator; no personal data).</summary>
    public string? DownloadError { get; set; }

    /// <summary>Tries before a recording that cannot be downloaded or read is left (a gone URL, a file that is no WAV).</summary>
    public const int MaxDownloadFailures = 10;

    /// <summary>The provider has the audio and it has not been sealed yet: the recordings queue's work.</summary>
    public bool AwaitsDownload => Status == RecordingStatus.Completed && Url is not null && (DownloadFailures ?? 0) < MaxDownloadFailures;

    /// <summary>A download or check failed: counted, and the reason kept (shortened).</summary>
    public void DownloadFailed(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        DownloadFailures = (DownloadFailures ?? 0) + 1;
        DownloadError = reason.Length <= 300 ? reason : reason[..300];
    }

    /// <summary>Kept by Callback and not yet deleted: can be listened to (by the roles the policy allows).</summary>
    public bool Kept => Status == RecordingStatus.Sealed;

    /// <summary>The stored words of a status (as the database holds them: requested, in-progress, sealed, …).</summary>
    public static string Code(RecordingStatus status) => status switch
    {
        RecordingStatus.Requested => "requested",
        RecordingStatus.FailedToStart => "failed-to-start",
        RecordingStatus.InProgress => "in-progress",
        RecordingStatus.Completed => "completed",
        RecordingStatus.Absent => "absent",
        RecordingStatus.Failed => "failed",
        RecordingStatus.Sealed => "sealed",
        RecordingStatus.Deleted => "deleted",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static RecordingStatus FromCode(string code) => TryFromProvider(code) ?? code switch
    {
        "requested" => RecordingStatus.Requested,
        "failed-to-start" => RecordingStatus.FailedToStart,
        "sealed" => RecordingStatus.Sealed,
        "deleted" => RecordingStatus.Deleted,
        _ => throw new FormatException($"unknown recording status '{code}'"),
    };

    /// <summary>A status as the provider reports it (Twilio's RecordingStatus); null for one it does not define.</summary>
    public static RecordingStatus? TryFromProvider(string? status) => status switch
    {
        "in-progress" or "paused" or "stopped" or "processing" => RecordingStatus.InProgress,
        "completed" => RecordingStatus.Completed,
        "absent" => RecordingStatus.Absent,
        "failed" => RecordingStatus.Failed,
        _ => null,
    };

    /// <summary>
    /// Applies the provider's report, forward only: a late "in-progress" after "completed" changes nothing, nor does
    /// any report once the recording is sealed or deleted. The provider's sid is taken when Callback did not get it
    /// (the start timed out on Callback's side although the provider began). Returns whether anything changed.
    /// </summary>
    public bool Report(RecordingStatus status, string? url, string? sid = null)
    {
        if (Status is RecordingStatus.Sealed or RecordingStatus.Deleted || Rank(status) < Rank(Status))
            return false;
        // The same report again (a repeated callback, the reconciler asking while it is still processing): nothing new.
        if (status == Status && (url is null || url == Url) && (sid is null || Sid is not null))
            return false;
        Status = status;
        Url = url ?? Url;
        Sid ??= sid;
        return true;
    }

    // Requested and failed-to-start come first; in progress before its ends (completed, absent, failed).
    private static int Rank(RecordingStatus status) => status switch
    {
        RecordingStatus.Requested or RecordingStatus.FailedToStart => 0,
        RecordingStatus.InProgress => 1,
        _ => 2,
    };

    public void Seal(string sha256, double seconds, bool silent, DateTimeOffset at)
    {
        Sha256 = sha256;
        Seconds = seconds;
        Silent = silent;
        StoredAt = at;
        Status = RecordingStatus.Sealed;
    }

    public void Delete(DateTimeOffset at)
    {
        DeletedAt = at;
        Status = RecordingStatus.Deleted;
    }
}
