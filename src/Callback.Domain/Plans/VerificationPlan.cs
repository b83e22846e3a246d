namespace Callback.Domain.Plans;

public enum PlanStatus
{
    Running = 1,
    Paused = 2,

    /// <summary>Every person settled or handed over to an inspector.</summary>
    Done = 3,
}

/// <summary>
/// "Call this unit's sample": Callback places the IVR-led calls and sends the text links itself, retrying under the
/// calling policy (<see cref="PlanSchedule"/>). Only the plan's standing is stored here; what to do next is derived at
/// each run from the recorded calls, links and attempts, so a restart resumes where it stood.
/// </summary>
public sealed class VerificationPlan
{
    public long Id { get; set; }
    public int InspectionId { get; set; }
    public required string UnitCode { get; set; }
    public PlanStatus Status { get; set; } = PlanStatus.Running;

    /// <summary>zh or mn: the language the plan's calls are made in.</summary>
    public string Language { get; set; } = "zh";

    public DateTimeOffset StartedAt { get; set; }
    public required string StartedBy { get; set; }
    public DateTimeOffset? PausedAt { get; set; }
    public string? PausedBy { get; set; }
    public DateTimeOffset? DoneAt { get; set; }

    /// <summary>When the plan last looked at its persons, and the next moment something falls due (null: waiting on a call or link).</summary>
    public DateTimeOffset? LastRunAt { get; set; }

    public DateTimeOffset? NextDueAt { get; set; }
    public int CallsPlaced { get; set; }
    public int TextsSent { get; set; }

    /// <summary>The last thing that went wrong (a call the provider refused, say), in Chinese with its code; null when the last run went well.</summary>
    public string? LastProblem { get; set; }
}
