namespace Callback.Domain.Scoring;

/// <summary>An inspector's score for one item of one unit, with its note and evidence. Latest entry counts; none is overwritten.</summary>
public sealed class ItemScoreEntry
{
    public long Id { get; set; }
    public int InspectionId { get; set; }
    public required string UnitCode { get; set; }
    public required string ItemCode { get; set; }
    public decimal Score { get; set; }
    public required string Note { get; set; }
    public required string Evidence { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>The registry's coverage and entry figures for a unit, as read from the real-name system (items 4.1, 4.2).</summary>
public sealed class UnitFiguresEntry
{
    public long Id { get; set; }
    public int InspectionId { get; set; }
    public required string UnitCode { get; set; }
    public decimal? CoverageRate { get; set; }
    public decimal? EntryRate { get; set; }
    public required string Evidence { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>A scorecard locked as final: nothing of the unit's scoring changes after.</summary>
public sealed class ScorecardLock
{
    public int InspectionId { get; set; }
    public required string UnitCode { get; set; }
    public DateTimeOffset LockedAt { get; set; }
    public required string LockedBy { get; set; }

    /// <summary>The unit's findings chain when the scorecard was locked: its head, its length, and the installation's signature over both.</summary>
    public string? ChainHead { get; set; }

    public int ChainLength { get; set; }

    /// <summary>ECDSA P-256 (IEEE P1363, base64) over <see cref="Evidence.FindingChain.HeadStatement"/>; null for locks made before signing.</summary>
    public string? ChainSignature { get; set; }
}

public enum FeedbackStatus { Open = 1, Rectified = 2, Closed = 3 }

/// <summary>A feedback item (反馈意见) with its rectification deadline (限期整改).</summary>
public sealed class FeedbackItem
{
    public long Id { get; set; }
    public int InspectionId { get; set; }
    public required string UnitCode { get; set; }
    public required string Text { get; set; }
    public DateOnly Deadline { get; set; }
    public FeedbackStatus Status { get; set; } = FeedbackStatus.Open;
    public string? StatusNote { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? UpdatedBy { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
}
