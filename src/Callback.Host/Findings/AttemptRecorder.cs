using Callback.Domain.Calls;
using Callback.Domain.Findings;
using Callback.Domain.Inspections;
using Callback.Host.Events;
using Callback.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Findings;

/// <summary>
/// Records a call attempt, whether an inspector logs it or a placed call ends, and applies the calling policy:
/// an unreachable person under replace-with-reserve gives their place to the next reserve, and the replacement
/// is recorded with its reason.
/// </summary>
public sealed class AttemptRecorder(CallbackDbContext db, InspectionEvents events, Common.UnitOfWork work, TimeProvider time)
{
    public sealed record NewAttempt(
        Disposition Disposition, DateTimeOffset At, string? Note, DateTimeOffset? CallbackAt, string RecordedBy, long? CallId = null, Answers? Answers = null,
        long? TextLinkId = null, bool Proxy = false);

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
            Answers = attempt.Answers,
            TextLinkId = attempt.TextLinkId,
            Proxy = attempt.Proxy,
        };
        // The attempt, the replacement it may cause and their events: one transaction.
        return await work.RunAsync(async () =>
        {
            db.CallAttempts.Add(entry);
            await db.SaveChangesAsync(ct);
            await ApplyPolicyAsync(state, certificate, entry, attempt.RecordedBy, ct);
            return entry;
        }, ct);
    }

    /// <summary>A supervisor confirms an attempt typed by hand; from now on it counts, and the policy applies to it.</summary>
    public async Task<CallAttempt> ConfirmAsync(SampleState state, CallAttempt attempt, string confirmedBy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(attempt);
        return await work.RunAsync(async () =>
        {
            var tracked = await db.CallAttempts.FirstAsync(a => a.Id == attempt.Id, ct);
            tracked.ConfirmedBy = confirmedBy;
            tracked.ConfirmedAt = time.GetUtcNow();
            await db.SaveChangesAsync(ct);
            state.Attempts.RemoveAll(a => a.Id == attempt.Id);
            await ApplyPolicyAsync(state, tracked.CertificateNumber, tracked, confirmedBy, ct);
            return tracked;
        }, ct);
    }

    /// <summary>
    /// After an attempt that counts: an unreachable person under replace-with-reserve gives their place to the next
    /// reserve. Attempts that do not count yet (typed by hand, unconfirmed) replace nobody.
    /// </summary>
    private async Task ApplyPolicyAsync(SampleState state, string certificate, CallAttempt entry, string by, CancellationToken ct)
    {
        var inspection = state.Inspection;
        var unit = state.Draw.Unit;
        var position = state.Active.ToList().IndexOf(certificate) + 1;
        var attempts = state.AttemptsOf(certificate).Append(entry).Where(a => a.Counts).ToList();
        if (entry.Counts
            && position > 0
            && Reachability.Unreachable(attempts, inspection.Policy) is { } reason
            && inspection.Policy.Unreachable == UnreachableRule.ReplaceWithReserve
            && state.UnusedReserves.FirstOrDefault() is { } reserve)
        {
            db.Replacements.Add(new Replacement
            {
                InspectionId = inspection.Id, UnitCode = unit, ReplacedCertificate = certificate, ReserveCertificate = reserve,
                Reason = reason, At = time.GetUtcNow(), By = by,
            });
            await db.SaveChangesAsync(ct);
            await events.PublishAsync(inspection.Id, unit, new ReplacementMade(position, reason));
        }

        await events.PublishAsync(inspection.Id, unit, new AttemptRecorded(position, entry.Disposition, entry.Counts, Confirmed: entry.ConfirmedAt is not null));
        await events.PublishAsync(inspection.Id, unit, new ScorecardChanged());
    }
}
