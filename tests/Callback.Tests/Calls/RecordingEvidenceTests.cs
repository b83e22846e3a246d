using Callback.Domain.Calls;

namespace Callback.Tests.Calls;

/// <summary>The recording's evidence as one type: its status words, the provider's reports, the seal and the deletion.</summary>
public sealed class RecordingEvidenceTests
{
    [Theory]
    [InlineData(RecordingStatus.Requested, "requested")]
    [InlineData(RecordingStatus.FailedToStart, "failed-to-start")]
    [InlineData(RecordingStatus.InProgress, "in-progress")]
    [InlineData(RecordingStatus.Completed, "completed")]
    [InlineData(RecordingStatus.Absent, "absent")]
    [InlineData(RecordingStatus.Failed, "failed")]
    [InlineData(RecordingStatus.Sealed, "sealed")]
    [InlineData(RecordingStatus.Deleted, "deleted")]
    public void Each_status_is_stored_in_its_own_word_and_read_back(RecordingStatus status, string code)
    {
        Assert.Equal(code, RecordingEvidence.Code(status));
        Assert.Equal(status, RecordingEvidence.FromCode(code));
    }

    [Fact]
    public void A_word_that_is_no_status_is_refused()
    {
        Assert.Contains("'queued'", Assert.Throws<FormatException>(() => RecordingEvidence.FromCode("queued")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => RecordingEvidence.Code((RecordingStatus)99));
    }

    [Theory]
    [InlineData("in-progress", RecordingStatus.InProgress)]
    [InlineData("paused", RecordingStatus.InProgress)]
    [InlineData("stopped", RecordingStatus.InProgress)]
    [InlineData("processing", RecordingStatus.InProgress)]
    [InlineData("completed", RecordingStatus.Completed)]
    [InlineData("absent", RecordingStatus.Absent)]
    [InlineData("failed", RecordingStatus.Failed)]
    [InlineData("sealed", null)]
    [InlineData("requested", null)]
    [InlineData("archived", null)]
    [InlineData(null, null)]
    public void The_providers_words_are_read_and_nothing_else(string? reported, RecordingStatus? expected) =>
        Assert.Equal(expected, RecordingEvidence.TryFromProvider(reported));

    [Fact]
    public void A_recording_moves_from_requested_to_sealed_to_deleted_and_never_back()
    {
        var recording = new RecordingEvidence { Status = RecordingStatus.Requested, Sid = "RE1" };
        Assert.False(recording.AwaitsDownload);

        Assert.True(recording.Report(RecordingStatus.InProgress, "https://example.invalid/partial"));
        Assert.False(recording.AwaitsDownload);
        // The latest address the provider gives is the one downloaded.
        Assert.True(recording.Report(RecordingStatus.Completed, "https://example.invalid/RE1"));
        Assert.Equal("https://example.invalid/RE1", recording.Url);
        Assert.True(recording.AwaitsDownload);
        Assert.False(recording.Kept);
        // The same report again, or one without a URL, changes nothing (and keeps the URL known).
        Assert.False(recording.Report(RecordingStatus.Completed, null));
        Assert.False(recording.Report(RecordingStatus.Completed, "https://example.invalid/RE1", "RE1"));
        Assert.Equal("https://example.invalid/RE1", recording.Url);
        Assert.True(recording.Report(RecordingStatus.Completed, "https://example.invalid/RE1-moved"));
        Assert.Equal("https://example.invalid/RE1-moved", recording.Url);
        Assert.True(recording.Report(RecordingStatus.Completed, "https://example.invalid/RE1"));

        var at = DateTimeOffset.Parse("2026-11-30T02:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        recording.Seal(new string('a', 64), 61.5, silent: false, at);
        Assert.Equal((RecordingStatus.Sealed, 61.5, false, at), (recording.Status, recording.Seconds!.Value, recording.Silent!.Value, recording.StoredAt!.Value));
        Assert.True(recording.Kept);
        Assert.False(recording.AwaitsDownload);
        Assert.False(recording.Report(RecordingStatus.Completed, "https://example.invalid/other"));
        Assert.Equal(RecordingStatus.Sealed, recording.Status);
        Assert.Equal("https://example.invalid/RE1", recording.Url);

        recording.Delete(at.AddDays(180));
        Assert.Equal((RecordingStatus.Deleted, at.AddDays(180)), (recording.Status, recording.DeletedAt!.Value));
        Assert.False(recording.Kept);
        Assert.False(recording.Report(RecordingStatus.Failed, null));
        Assert.Equal(new string('a', 64), recording.Sha256);
    }

    [Fact]
    public void A_late_report_never_moves_a_recording_back_and_the_providers_sid_fills_a_missing_one()
    {
        var recording = new RecordingEvidence { Status = RecordingStatus.FailedToStart };
        Assert.True(recording.Report(RecordingStatus.Completed, "https://example.invalid/RE9", "RE9"));
        Assert.Equal(("RE9", RecordingStatus.Completed), (recording.Sid, recording.Status));
        Assert.False(recording.Report(RecordingStatus.InProgress, null, "RE-other"));
        Assert.Equal(("RE9", RecordingStatus.Completed), (recording.Sid, recording.Status));
        Assert.True(recording.AwaitsDownload);
        // Between ends (a failure reported after completed, say) the latest is taken.
        Assert.True(recording.Report(RecordingStatus.Failed, null, "RE-other"));
        Assert.Equal((RecordingStatus.Failed, "RE9"), (recording.Status, recording.Sid));
        Assert.False(new RecordingEvidence { Status = RecordingStatus.InProgress }.Report(RecordingStatus.Requested, null));
        // The same status again changes nothing, unless it brings the sid Callback did not have.
        Assert.False(new RecordingEvidence { Status = RecordingStatus.Requested }.Report(RecordingStatus.Requested, null));
        Assert.True(new RecordingEvidence { Status = RecordingStatus.Requested }.Report(RecordingStatus.Requested, null, "RE7"));
    }

    [Fact]
    public void A_recording_that_cannot_be_downloaded_is_tried_ten_times_then_left_with_its_reason()
    {
        var recording = new RecordingEvidence { Status = RecordingStatus.Completed, Url = "https://example.invalid/RE1" };
        for (var i = 1; i < RecordingEvidence.MaxDownloadFailures; i++)
        {
            recording.DownloadFailed("HttpRequestException: 404");
            Assert.True(recording.AwaitsDownload);
        }

        recording.DownloadFailed("InvalidDataException: " + new string('x', 400));
        Assert.False(recording.AwaitsDownload);
        Assert.Equal(10, recording.DownloadFailures);
        Assert.Equal(300, recording.DownloadError!.Length);
        Assert.StartsWith("InvalidDataException", recording.DownloadError, StringComparison.Ordinal);
        Assert.Equal("reason", Assert.Throws<ArgumentNullException>(() => recording.DownloadFailed(null!)).ParamName);
    }

    [Fact]
    public void A_completed_recording_without_its_address_waits_for_nothing()
    {
        var recording = new RecordingEvidence { Status = RecordingStatus.Requested };
        recording.Report(RecordingStatus.Completed, null);
        Assert.False(recording.AwaitsDownload);
    }
}
