using System.Security.Claims;
using Callback.Domain.Calls;
using Callback.Domain.Inspections;
using Callback.Domain.Plans;
using Callback.Domain.Registry;
using Callback.Host.Calls;
using Callback.Host.Common;
using Callback.Host.Events;
using Callback.Host.Findings;
using Callback.Host.Texts;
using Callback.Persistence;
using Callback.Persistence.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Callback.Host.Plans;

/// <summary>
/// Runs the units' verification plans: looks at each running plan's persons, asks <see cref="PlanSchedule"/> what is
/// due, and places those calls (IVR-led, through the same service and pacer as a call from the console) and sends
/// those links. Everything it decides from is in the database; it keeps nothing between runs.
/// </summary>
public sealed partial class PlanService(
    CallbackDbContext db, CallService calls, TextLinks texts, RegistryQueries registry, InspectionEvents events,
    CallScripts scripts, Callback.Telephony.ITelephonyProvider provider, IOptions<TextChannelOptions> textChannel, Observability.CallbackMetrics metrics,
    TimeProvider time, ILogger<PlanService> logger)
{
    /// <summary>Starts the unit's plan, or resumes it (a plan that was done starts over: a reserve may have come in).</summary>
    public async Task<VerificationPlan> StartAsync(Inspection inspection, string unit, string language, string by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        if (language is not ("zh" or "mn"))
            throw RequestRefusedException.BadRequest("unknown-language", $"语言“{language}”无效，应为 zh（普通话）或 mn（蒙古语）");
        // Refused now rather than at every call for the rest of the inspection.
        if (language == "mn" && !CallScripts.Speaks(scripts.Current(), "mn"))
            throw RequestRefusedException.BadRequest("no-mongolian-prompts", $"脚本 {scripts.Current().Key} 还没有全部步骤的蒙古语录音，暂时不能用蒙古语自动核查");
        await SampleState.LoadAsync(db, inspection, unit, ct); // refuses a unit not yet drawn
        var now = time.GetUtcNow();
        var plan = await db.Plans.FirstOrDefaultAsync(p => p.InspectionId == inspection.Id && p.UnitCode == unit, ct);
        if (plan is null)
        {
            plan = new VerificationPlan { InspectionId = inspection.Id, UnitCode = unit, StartedAt = now, StartedBy = by };
            db.Plans.Add(plan);
        }
        else if (plan.Status == PlanStatus.Running)
        {
            throw RequestRefusedException.Conflict("plan-running", $"本单位的自动核查已在进行（{plan.StartedBy} 于 {plan.StartedAt:yyyy-MM-dd HH:mm} 启动）");
        }

        plan.Status = PlanStatus.Running;
        plan.Language = language;
        plan.PausedAt = null;
        plan.PausedBy = null;
        plan.DoneAt = null;
        plan.NextDueAt = now;
        await db.SaveChangesAsync(ct);
        await PublishAsync(plan);
        return plan;
    }

    public async Task<VerificationPlan> PauseAsync(int inspectionId, string unit, string by, CancellationToken ct)
    {
        var plan = await FindAsync(inspectionId, unit, ct);
        if (plan.Status != PlanStatus.Running)
            throw RequestRefusedException.Conflict("plan-not-running", "本单位的自动核查不在进行中，无需暂停");
        plan.Status = PlanStatus.Paused;
        plan.PausedAt = time.GetUtcNow();
        plan.PausedBy = by;
        await db.SaveChangesAsync(ct);
        await PublishAsync(plan);
        return plan;
    }

    public async Task<VerificationPlan> FindAsync(int inspectionId, string unit, CancellationToken ct) =>
        await db.Plans.FirstOrDefaultAsync(p => p.InspectionId == inspectionId && p.UnitCode == unit, ct)
            ?? throw RequestRefusedException.NotFound("no-plan", "本单位还没有启动自动核查");

    /// <summary>The plan as stored now (another scope's run may have changed it since this one loaded it).</summary>
    public async Task<VerificationPlan> CurrentAsync(int inspectionId, string unit, CancellationToken ct) =>
        await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.InspectionId == inspectionId && p.UnitCode == unit, ct)
            ?? throw RequestRefusedException.NotFound("no-plan", "本单位还没有启动自动核查");

    /// <summary>What the plan would do for each person now (for the API and the console; changes nothing).</summary>
    public async Task<IReadOnlyList<PlanStep>> StepsAsync(Inspection inspection, string unit, CancellationToken ct)
    {
        var state = await SampleState.LoadAsync(db, inspection, unit, ct);
        return [.. (await CasesAsync(state, ct)).Select(c => PlanSchedule.Next(c, inspection, time.GetUtcNow()))];
    }

    /// <summary>The plans to run now. Expired links are swept first, so that an unanswered one counts before another is sent.</summary>
    public async Task<IReadOnlyList<long>> DueAsync(CancellationToken ct)
    {
        await texts.SweepExpiredAsync(ct);
        return await db.Plans.Where(p => p.Status == PlanStatus.Running).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);
    }

    /// <summary>
    /// Runs one plan once (each in a scope of its own: one plan's failed save cannot spoil another's). Returns how many
    /// calls and texts it started. <paramref name="ct"/> stops it between persons, and so does
    /// <paramref name="stillHeld"/> answering false (the plans' lease, asked before each person: another instance runs
    /// the plans now); a call or text once begun is finished (a placement cut off half-way would leave a call that
    /// never rang, and the person waiting on it).
    /// </summary>
    public async Task<int> RunAsync(long planId, Func<CancellationToken, Task<bool>> stillHeld, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stillHeld);
        var plan = await db.Plans.FirstAsync(p => p.Id == planId, ct);
        var inspection = await db.Inspections.AsNoTracking().FirstAsync(i => i.Id == plan.InspectionId, ct);
        // A scorecard locked as final ends the plan: nothing may change what it rests on any more.
        if (await db.ScorecardLocks.AnyAsync(l => l.InspectionId == plan.InspectionId && l.UnitCode == plan.UnitCode, ct))
        {
            plan.Status = PlanStatus.Done;
            plan.DoneAt = time.GetUtcNow();
            plan.LastProblem = "评分表已锁定为最终结果，自动核查结束（scorecard-locked）";
            await db.SaveChangesAsync(ct);
            await PublishAsync(plan);
            return 0;
        }

        var state = await SampleState.LoadAsync(db, inspection, plan.UnitCode, ct);
        var now = time.GetUtcNow();
        var steps = (await CasesAsync(state, ct)).Select(c => PlanSchedule.Next(c, inspection, now)).ToList();
        var (callsPlaced, textsSent) = (0, 0);
        string? problem = null;
        // The plan acts in its starter's name, and says so on every call and attempt it makes.
        var by = $"{plan.StartedBy}（自动核查）";
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, by)], "plan"));
        var leaseLost = false;
        foreach (var step in steps.Where(s => s.Move is PlanMove.Call or PlanMove.Text))
        {
            // Paused while this run was placing calls, or the host is stopping: stop at once.
            if (ct.IsCancellationRequested || await db.Plans.AsNoTracking().AnyAsync(p => p.Id == planId && p.Status != PlanStatus.Running, CancellationToken.None))
                break;
            // The lease went to another instance (this one's ran out while it was busy): the rest is that instance's.
            if (!await stillHeld(CancellationToken.None))
            {
                leaseLost = true;
                break;
            }

            try
            {
                if (step.Move == PlanMove.Call)
                {
                    await calls.PlaceAsync(inspection, state, state.Active[step.Position - 1], CallMode.Ivr, plan.Language, null, principal, CancellationToken.None);
                    callsPlaced++;
                }
                else
                {
                    await texts.SendAsync(inspection, state, step.Position, by, CancellationToken.None);
                    textsSent++;
                }
            }
            catch (RequestRefusedException refused)
            {
                // Kept on record (a call that could not be placed is a failed call); tried again after the policy's gap.
                // Masked: a provider's message may quote the number, and supervisors read this.
                problem = $"第 {step.Position} 位：{MaskNumbers(refused.Message)}（{refused.Code}）";
                LogStepRefused(logger, plan.Id, step.Position, refused.Code);
            }
        }

        // A pause may have come in meanwhile: keep it.
        await db.Entry(plan).ReloadAsync(CancellationToken.None);
        var started = callsPlaced + textsSent;
        plan.CallsPlaced += callsPlaced;
        plan.TextsSent += textsSent;
        metrics.PlanCalls.Add(callsPlaced);
        metrics.PlanTexts.Add(textsSent);
        if (leaseLost)
        {
            // What this run did counts; when the plan runs next and what went wrong are the new holder's to say.
            await db.SaveChangesAsync(CancellationToken.None);
            if (started > 0)
                await PublishAsync(plan);
            return started;
        }

        plan.LastRunAt = now;
        plan.LastProblem = problem;
        plan.NextDueAt = started > 0 ? null : steps.Where(s => s.Move == PlanMove.Wait && s.At is not null).Min(s => s.At);
        if (plan.Status == PlanStatus.Running && started == 0 && PlanSchedule.Done(steps))
        {
            plan.Status = PlanStatus.Done;
            plan.DoneAt = now;
        }

        await db.SaveChangesAsync(CancellationToken.None);
        if (started > 0 || plan.Status == PlanStatus.Done)
            await PublishAsync(plan);
        return started;
    }

    /// <summary>Each active person of the sample, with what the schedule needs to know about them.</summary>
    private async Task<List<PlanCase>> CasesAsync(SampleState state, CancellationToken ct)
    {
        var inspectionId = state.Inspection.Id;
        var unit = state.Draw.Unit;
        var callsMade = await db.Calls.AsNoTracking().Where(c => c.InspectionId == inspectionId && c.UnitCode == unit)
            .Select(c => new { c.CertificateNumber, c.CreatedAt, c.Status, c.StatusChangedAt, c.AttemptId, c.ProviderCallSid, c.FailureCode }).ToListAsync(ct);
        var links = await db.TextLinks.AsNoTracking().Where(l => l.InspectionId == inspectionId && l.UnitCode == unit)
            .Select(l => new { l.CertificateNumber, l.CreatedAt, l.ExpiresAt, l.UsedAt, l.AttemptId }).ToListAsync(ct);
        var now = time.GetUtcNow();
        var cases = new List<PlanCase>();
        var position = 0;
        foreach (var certificate in state.Active)
        {
            position++;
            var person = await registry.PersonAtVersionAsync(certificate, state.Draw.RegistryVersion, ct);
            var touches = callsMade.Where(c => c.CertificateNumber == certificate).Select(c => c.CreatedAt)
                .Concat(links.Where(l => l.CertificateNumber == certificate).Select(l => l.CreatedAt)).ToList();
            var openLink = links.Where(l => l.CertificateNumber == certificate && l.UsedAt is null && l.AttemptId is null && l.ExpiresAt > now)
                .Select(l => (DateTimeOffset?)l.ExpiresAt).Max();
            cases.Add(new PlanCase(
                position, certificate, state.AllAttemptsOf(certificate),
                touches.Count > 0 ? touches.Max() : null,
                // In flight until its end is recorded as an attempt (a call that ended a moment ago, not yet written, is
                // not rung again); a placement that failed never becomes one.
                callsMade.Any(c => c.CertificateNumber == certificate && (!CallStatuses.IsTerminal(c.Status)
                    || (c.AttemptId is null && c.FailureCode is null && c.ProviderCallSid is not null && (c.StatusChangedAt ?? c.CreatedAt) > now.AddMinutes(-10)))),
                openLink,
                state.FindingOf(certificate) is not null,
                person is not null && textChannel.Value.Categories.Contains(Vocabulary.Text(person.Category)),
                person is not null && (TextLinks.Mobile(person.PhoneE164) ?? TextLinks.Mobile(person.GuardianPhoneE164)) is not null,
                person is not null && (person.PhoneE164 ?? person.GuardianPhoneE164) is not null && DialGuard.Check(person, provider.ReachesRealPhones) is null));
        }

        return cases;
    }

    private static string MaskNumbers(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"\+?\d{7,15}", m => Domain.Registry.PhoneList.Mask(m.Value));

    private Task PublishAsync(VerificationPlan plan) =>
        events.PublishAsync(plan.InspectionId, plan.UnitCode, new PlanChanged(PlanView.StatusName(plan.Status), plan.CallsPlaced, plan.TextsSent, plan.NextDueAt));

    [LoggerMessage(Level = LogLevel.Information, Message = "Verification plan {PlanId}: position {Position} refused ({Code}); tried again later")]
    private static partial void LogStepRefused(ILogger logger, long planId, int position, string code);
}
