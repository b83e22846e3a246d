using Callback.Domain.Plans;

namespace Callback.Host.Plans;

/// <summary>One person's next step in the plan: by position only (the sample's page says who).</summary>
/// <param name="Move">call, text, wait, settled or handover.</param>
public sealed record PlanStepView(int Position, string Move, DateTimeOffset? At, string Reason);

/// <param name="Status">running, paused or done.</param>
public sealed record PlanView(
    long Id, string Unit, string Status, string Language, DateTimeOffset StartedAt, string StartedBy, DateTimeOffset? PausedAt, string? PausedBy,
    DateTimeOffset? DoneAt, DateTimeOffset? LastRunAt, DateTimeOffset? NextDueAt, int CallsPlaced, int TextsSent, string? LastProblem,
    IReadOnlyList<PlanStepView> Steps)
{
    public static string StatusName(PlanStatus status) => status switch
    {
        PlanStatus.Running => "running",
        PlanStatus.Paused => "paused",
        _ => "done",
    };

    public static string MoveName(PlanMove move) => move.ToString().ToLowerInvariant();

    public static PlanView From(VerificationPlan plan, IEnumerable<PlanStep> steps)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new(plan.Id, plan.UnitCode, StatusName(plan.Status), plan.Language, plan.StartedAt, plan.StartedBy, plan.PausedAt, plan.PausedBy,
            plan.DoneAt, plan.LastRunAt, plan.NextDueAt, plan.CallsPlaced, plan.TextsSent, plan.LastProblem,
            [.. steps.Select(s => new PlanStepView(s.Position, MoveName(s.Move), s.At, s.Reason))]);
    }
}
