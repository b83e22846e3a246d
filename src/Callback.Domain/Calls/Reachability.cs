using Callback.Domain.Findings;
using Callback.Domain.Inspections;

namespace Callback.Domain.Calls;

/// <summary>Whether a sampled person counts as unreachable under the inspection's calling policy.</summary>
public static class Reachability
{
    /// <returns>null while the person may still be reached; else why they count as unreachable.</returns>
    public static string? Unreachable(IReadOnlyList<CallAttempt> attempts, CallingPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        ArgumentNullException.ThrowIfNull(policy);
        if (attempts.Count == 0)
            return null;
        var latest = attempts.MaxBy(a => a.AttemptedAt)!;
        if (Disposition.Find(latest.Disposition) is { Group: AaporGroup.NotEligible } notEligible)
            return $"号码无效：{notEligible.Chinese}";

        // Contact of any kind (even a refusal) means the person was reached.
        var found = attempts.Select(a => Disposition.Find(a.Disposition)).ToList();
        if (found.Any(d => d is { Reached: true }))
            return null;
        // A technical failure says nothing about the person: it is tried again and never counts toward replacing them.
        var tries = attempts.Where(a => a.Disposition != Disposition.TechnicalFailure.Code).ToList();
        var days = tries.Select(a => policy.LocalDate(a.AttemptedAt)).Distinct().Count();
        return tries.Count >= policy.AttemptsBeforeUnreachable && days >= policy.DistinctDays
            ? $"已拨打 {tries.Count} 次（{days} 天）均未接通"
            : null;
    }
}
