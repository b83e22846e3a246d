using Callback.Domain.Calls;
using Callback.Domain.Findings;
using Callback.Domain.Inspections;
using Callback.Host.Events;
using Callback.Persistence;

namespace Callback.Host.Findings;

/// <summary>
/// Records a call attempt, whether an inspector logs it or a placed call ends, and applies the calling policy:
/// an unreachable person under replace-with-reserve gives their place to the next reserve, and the replacement
/// is recorded with its reason.
/// </summary>
public sealed class AttemptRecorder(CallbackDbContext db, InspectionEvents events, TimeProvider time)
{
    public sealed record NewAttempt(
        Disposition Disposition, DateTimeOffset At, string? Note, DateTimeOffset? CallbackAt, string RecordedBy, long? CallId = null, string? AnswersJson = null);

    public async Task<CallAttempt> RecordAsync(SampleState state, string certificate, NewAttempt attempt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(attempt);
        var inspection = state.Inspection;
        var unit = state.Draw.Unit;
        var entry = new CallAttempt
        {
            InspectionId = inspection.Id,
            UnitCode = unit,
            CertificateNumber = certificate,
            AttemptedAt = attempt.At,
            Disposition = attempt.Disposition.Code,
            AaporCode = attempt.Disposition.AaporCode,
            Note = attempt.Note,
            CallbackAt = attempt.CallbackAt,
            RecordedBy = attempt.RecordedBy,
            CallId = attempt.CallId,
            AnswersJson = attempt.AnswersJson,
        };
        db.CallAttempts.Add(entry);
        await db.SaveChangesAsync(ct);
        var position = state.Active.ToList().IndexOf(certificate) + 1;

        var attempts = state.AttemptsOf(certificate).Append(entry).ToList();
        if (Reachability.Unreachable(attempts, inspection.Policy) is { } reason
            && inspection.Policy.Unreachable == UnreachableRule.ReplaceWithReserve
            && state.UnusedReserves.FirstOrDefault() is { } reserve)
        {
            db.Replacements.Add(new Replacement
            {
                InspectionId = inspection.Id, UnitCode = unit, ReplacedCertificate = certificate, ReserveCertificate = reserve,
                Reason = reason, At = time.GetUtcNow(), By = attempt.RecordedBy,
            });
            await db.SaveChangesAsync(ct);
            await events.PublishAsync("replacement-made", inspection.Id, unit, new { position, reason });
        }

        await events.PublishAsync("attempt-recorded", inspection.Id, unit, new { position, disposition = attempt.Disposition.Code });
        await events.PublishAsync("scorecard-changed", inspection.Id, unit);
        return entry;
    }
}
