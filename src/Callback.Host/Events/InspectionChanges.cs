using System.Text.Json.Serialization;

namespace Callback.Host.Events;

/// <summary>
/// What changed in an inspection, one record per kind. The hub sends it as <see cref="InspectionEvent.Data"/> with
/// its <see cref="Kind"/> beside it; the console receives the same record. None carries personal data: positions in
/// the sample, ids and codes only.
/// Each kind is listed so that the hub's JSON writes the record's own fields (no type discriminator: clients read the kind).
/// </summary>
[JsonDerivedType(typeof(CallPlaced))]
[JsonDerivedType(typeof(CallStatusChanged))]
[JsonDerivedType(typeof(CallEnded))]
[JsonDerivedType(typeof(RecordingSealed))]
[JsonDerivedType(typeof(TextSent))]
[JsonDerivedType(typeof(AttemptRecorded))]
[JsonDerivedType(typeof(ReplacementMade))]
[JsonDerivedType(typeof(FindingRecorded))]
[JsonDerivedType(typeof(ScorecardChanged))]
[JsonDerivedType(typeof(ScorecardLocked))]
[JsonDerivedType(typeof(FeedbackAdded))]
[JsonDerivedType(typeof(FeedbackUpdated))]
[JsonDerivedType(typeof(DrawSealed))]
[JsonDerivedType(typeof(InspectorAssigned))]
[JsonDerivedType(typeof(PolicyChanged))]
[JsonDerivedType(typeof(PlanChanged))]
public abstract record InspectionChange
{
    /// <summary>The kind as the wire names it (call-placed, finding-recorded, …); sent beside the record, not in it.</summary>
    [JsonIgnore]
    public string Kind => KindName;

    // Protected, so that no serializer writes it into the record (a DrawSealed has a "kind" of its own).
    protected abstract string KindName { get; }
}

public sealed record CallPlaced(long Call) : InspectionChange
{
    protected override string KindName => "call-placed";
}

public sealed record CallStatusChanged(long Call, string Status) : InspectionChange
{
    protected override string KindName => "call-status";
}

public sealed record CallEnded(long Call, string Disposition) : InspectionChange
{
    protected override string KindName => "call-ended";
}

/// <summary>An SMS with a one-time link to the verification form went to the person at <paramref name="Position"/>.</summary>
public sealed record TextSent(int Position) : InspectionChange
{
    protected override string KindName => "text-sent";
}

/// <summary>A call's recording was downloaded, checked and sealed: its SHA-256 is now part of the evidence.</summary>
public sealed record RecordingSealed(long Call, string Sha256) : InspectionChange
{
    protected override string KindName => "recording-sealed";
}

/// <param name="Confirmed">True when a supervisor confirmed an attempt typed by hand (kind attempt-confirmed).</param>
public sealed record AttemptRecorded(int Position, string Disposition, bool Counts, bool Confirmed) : InspectionChange
{
    protected override string KindName => Confirmed ? "attempt-confirmed" : "attempt-recorded";
}

public sealed record ReplacementMade(int Position, string Reason) : InspectionChange
{
    protected override string KindName => "replacement-made";
}

public sealed record FindingRecorded(int Position, int Sequence, string Verdict) : InspectionChange
{
    protected override string KindName => "finding-recorded";
}

/// <param name="Item">The item scored by hand, when that was the change.</param>
/// <param name="Figures">True when the unit's figures (registry coverage, updates) changed.</param>
public sealed record ScorecardChanged(string? Item = null, bool Figures = false) : InspectionChange
{
    protected override string KindName => "scorecard-changed";
}

public sealed record ScorecardLocked : InspectionChange
{
    protected override string KindName => "scorecard-locked";
}

public sealed record FeedbackAdded(long Id, DateOnly Deadline) : InspectionChange
{
    protected override string KindName => "feedback-added";
}

public sealed record FeedbackUpdated(long Id, string Status) : InspectionChange
{
    protected override string KindName => "feedback-updated";
}

public sealed record DrawSealed([property: JsonPropertyName("kind")] string DrawKind, int PopulationSize, string PopulationHash) : InspectionChange
{
    protected override string KindName => "draw-sealed";
}

public sealed record InspectorAssigned : InspectionChange
{
    protected override string KindName => "inspector-assigned";
}

public sealed record PolicyChanged : InspectionChange
{
    protected override string KindName => "policy-changed";
}

/// <summary>A unit's verification plan started, ran, was paused or resumed, or finished.</summary>
/// <param name="Status">running, paused or done.</param>
public sealed record PlanChanged(string Status, int CallsPlaced, int TextsSent, DateTimeOffset? NextDueAt) : InspectionChange
{
    protected override string KindName => "plan-changed";
}
