using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Callback.Domain.Evidence;
using Callback.Domain.Scoring;
using Callback.Host.Auth;
using Callback.Host.Common;
using Callback.Host.Events;
using Callback.Host.Findings;
using Callback.Host.Inspections;
using Callback.Persistence;
using Callback.Persistence.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Callback.Host.Scoring;

public sealed record ItemScoreRequest([Required] decimal? Score, [StringLength(2000)] string? Note, [StringLength(2000)] string? Evidence);

public sealed record FiguresRequest(decimal? CoverageRate, decimal? EntryRate, [StringLength(2000)] string? Evidence);

public sealed record FeedbackRequest([Required, StringLength(4000)] string Text, [Required] DateOnly? Deadline);

public sealed record FeedbackStatusRequest([Required, StringLength(32)] string Status, [StringLength(2000)] string? Note);

public sealed record RubricView(string Source, int PrintedTotal, IReadOnlyList<RubricItem> Items, IReadOnlyList<RubricInconsistency> Inconsistencies, IReadOnlyList<string> Rules);

/// <summary>The evaluation form, each unit's scorecard, the inspectors' item scores, locking, and feedback with deadlines.</summary>
public static class ScoringEndpoints
{
    private static readonly string[] ComputedItems = [EvaluationForm.TruthfulnessItem, EvaluationForm.EntryItem, EvaluationForm.CoverageItem];

    public static IEndpointRouteBuilder MapScoringApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/rubric", (IOptions<RubricRules> rules) => TypedResults.Ok(Rubric(rules.Value)))
            .WithTags("Scoring").RequireAuthorization(Policies.SignedIn).WithSummary("The evaluation form as configured: 22 items, its inconsistencies and the rules resolving them.");

        app.MapGet("/api/inspections/{id:int}/scorecards", async (int id, ClaimsPrincipal user, InspectionAccess access, ScorecardService scorecards, CancellationToken ct) =>
        {
            var inspection = await access.FindAsync(id, ct);
            await access.EnsureMaySeeInspectionAsync(user, id, ct);
            var cards = new List<Scorecard>();
            foreach (var code in inspection.UnitCodes)
                cards.Add(await scorecards.ComputeAsync(inspection, code, ct));
            return TypedResults.Ok(cards);
        }).WithTags("Scoring").RequireAuthorization(Policies.SignedIn).WithSummary("Every inspected unit's scorecard: what the scoring module reads.");

        var unit = app.MapUnitGroup("", "Scoring");
        unit.MapGet("/scorecard", async (int id, string unit, InspectionAccess access, ScorecardService scorecards, CancellationToken ct) =>
            TypedResults.Ok(await scorecards.ComputeAsync(await access.FindAsync(id, ct), unit, ct)))
            .WithSummary("The unit's scorecard, recomputed from the findings, scores and figures on every read.");
        unit.MapPut("/items/{code}", ScoreItemAsync).Inspects().ChangesScorecard()
            .WithSummary("An inspector's score for an item, with note and evidence (4.1, 4.2 and 4.4 are computed).");
        unit.MapPut("/figures", FiguresAsync).Inspects().ChangesScorecard()
            .WithSummary("Coverage and entry rates read from the real-name system (0–1): items 4.1 and 4.2.");
        unit.MapPost("/lock", LockAsync).ChangesScorecard().WithSummary("Lock the scorecard as final (supervisors, administrators).");
        unit.MapPost("/feedback", AddFeedbackAsync).Inspects().WithSummary("A feedback item (反馈意见) with its rectification deadline (限期整改).");
        unit.MapGet("/feedback", async (int id, string unit, CallbackDbContext db, CancellationToken ct) =>
            TypedResults.Ok(await db.FeedbackItems.AsNoTracking().Where(f => f.InspectionId == id && f.UnitCode == unit).OrderBy(f => f.Id).ToListAsync(ct)))
            .WithSummary("The unit's feedback items and their status.");
        app.MapPatch("/api/inspections/{id:int}/feedback/{feedbackId:long}", FeedbackStatusAsync)
            .WithTags("Scoring").RequireAuthorization(Policies.SignedIn).WithSummary("Move a feedback item to Rectified or Closed.");
        return app;
    }

    public static RubricView Rubric(RubricRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var form = EvaluationForm.Notice2015;
        return new RubricView(form.Source, form.PrintedTotal, form.Items, form.Inconsistencies(), rules.Describe());
    }

    internal static async Task<Ok<Scorecard>> ScoreItemAsync(
        [AsParameters] UnitRequest u, string code, ItemScoreRequest request, ScorecardService scorecards)
    {
        var inspection = await u.InspectionAsync();
        var item = EvaluationForm.Notice2015.Find(code)
            ?? throw RequestRefusedException.NotFound("unknown-item", $"评估表中没有第 {code} 项");
        if (ComputedItems.Contains(code))
            throw RequestRefusedException.BadRequest("computed-item", $"第 {code} 项由 Callback 计算（4.4 来自核实结论，4.1、4.2 来自覆盖率和录入比例），不能直接打分");
        if (request.Score < 0)
            throw RequestRefusedException.BadRequest("score-negative", "得分不能为负数");
        if (request.Score > item.Maximum)
            throw RequestRefusedException.BadRequest("score-above-maximum", $"第 {code} 项满分为 {item.Maximum} 分，得分 {request.Score} 超过满分");
        if (string.IsNullOrWhiteSpace(request.Note) || string.IsNullOrWhiteSpace(request.Evidence))
            throw RequestRefusedException.BadRequest("missing-evidence", "打分需要说明（note）和证据出处（evidence，如文件名称或档案编号）");

        u.Db.ItemScores.Add(new ItemScoreEntry
        {
            InspectionId = u.Id, UnitCode = u.Unit, ItemCode = code, Score = request.Score!.Value, Note = request.Note.Trim(),
            Evidence = request.Evidence.Trim(), RecordedBy = u.User.NameOrUnknown(), RecordedAt = u.Time.GetUtcNow(),
        });
        await u.Db.SaveChangesAsync(u.Aborted);
        await u.Events.PublishAsync(u.Id, u.Unit, new ScorecardChanged(Item: code));
        return TypedResults.Ok(await scorecards.ComputeAsync(inspection, u.Unit, u.Aborted));
    }

    internal static async Task<Ok<Scorecard>> FiguresAsync(
        [AsParameters] UnitRequest u, FiguresRequest request, ScorecardService scorecards)
    {
        var inspection = await u.InspectionAsync();
        foreach (var (name, rate) in new[] { ("coverageRate", request.CoverageRate), ("entryRate", request.EntryRate) })
        {
            if (rate is < 0m or > 1m)
                throw RequestRefusedException.BadRequest("rate-out-of-range", $"{name} 应为 0 到 1 之间的比例（如 0.97 表示 97%）");
        }

        if (request.CoverageRate is null && request.EntryRate is null)
            throw RequestRefusedException.BadRequest("no-figures", "请至少给出覆盖率或录入比例");
        if (string.IsNullOrWhiteSpace(request.Evidence))
            throw RequestRefusedException.BadRequest("missing-evidence", "请给出数据出处（evidence，如实名制系统统计页面及日期）");
        u.Db.UnitFigures.Add(new UnitFiguresEntry
        {
            InspectionId = u.Id, UnitCode = u.Unit, CoverageRate = request.CoverageRate, EntryRate = request.EntryRate,
            Evidence = request.Evidence.Trim(), RecordedBy = u.User.NameOrUnknown(), RecordedAt = u.Time.GetUtcNow(),
        });
        await u.Db.SaveChangesAsync(u.Aborted);
        await u.Events.PublishAsync(u.Id, u.Unit, new ScorecardChanged(Figures: true));
        return TypedResults.Ok(await scorecards.ComputeAsync(inspection, u.Unit, u.Aborted));
    }

    internal static async Task<Ok<Scorecard>> LockAsync(
        [AsParameters] UnitRequest u, ScorecardService scorecards, Evidence.EvidenceChain chain)
    {
        var inspection = await u.InspectionAsync();
        if (!u.User.IsInRole(Roles.Administrator) && !u.User.IsInRole(Roles.Supervisor))
            throw RequestRefusedException.Forbidden("not-allowed", "只有管理员或督导可以锁定评分表");
        var held = new ScorecardLock { InspectionId = u.Id, UnitCode = u.Unit, LockedAt = ChainInstants.Kept(u.Time.GetUtcNow()), LockedBy = u.User.NameOrUnknown() };
        // Never on a broken findings chain; the chain's head is signed into the lock (a later rewrite no longer matches).
        await chain.SealLockAsync(held, u.Aborted);
        u.Db.ScorecardLocks.Add(held);
        await u.Db.SaveChangesAsync(u.Aborted);
        await u.Events.PublishAsync(u.Id, u.Unit, new ScorecardLocked());
        return TypedResults.Ok(await scorecards.ComputeAsync(inspection, u.Unit, u.Aborted));
    }

    internal static async Task<Created<FeedbackItem>> AddFeedbackAsync(
        [AsParameters] UnitRequest u, FeedbackRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Text))
            throw RequestRefusedException.BadRequest("missing-text", "反馈意见不能为空");
        var now = u.Time.GetUtcNow();
        if (request.Deadline < DateOnly.FromDateTime(now.UtcDateTime))
            throw RequestRefusedException.BadRequest("deadline-in-past", "整改期限不能早于今天");
        var item = new FeedbackItem
        {
            InspectionId = u.Id, UnitCode = u.Unit, Text = request.Text.Trim(), Deadline = request.Deadline!.Value,
            CreatedBy = u.User.NameOrUnknown(), CreatedAt = now,
        };
        u.Db.FeedbackItems.Add(item);
        await u.Db.SaveChangesAsync(u.Aborted);
        await u.Events.PublishAsync(u.Id, u.Unit, new FeedbackAdded(item.Id, item.Deadline));
        return TypedResults.Created($"/api/inspections/{u.Id}/units/{u.Unit}/feedback", item);
    }

    internal static async Task<Ok<FeedbackItem>> FeedbackStatusAsync(
        int id, long feedbackId, FeedbackStatusRequest request, ClaimsPrincipal user, InspectionAccess access, CallbackDbContext db,
        InspectionEvents events, TimeProvider time, CancellationToken ct)
    {
        var inspection = await access.FindAsync(id, ct);
        var item = await db.FeedbackItems.FirstOrDefaultAsync(f => f.Id == feedbackId && f.InspectionId == id, ct)
            ?? throw RequestRefusedException.NotFound("feedback-not-found", $"反馈意见 {feedbackId} 不存在");
        await access.EnsureMayInspectAsync(user, inspection, item.UnitCode, ct);
        var status = EnumValues.Parse(request.Status, "unknown-status", "状态",
            new Dictionary<string, FeedbackStatus> { ["待整改"] = FeedbackStatus.Open, ["已整改"] = FeedbackStatus.Rectified, ["已关闭"] = FeedbackStatus.Closed });
        if (item.Status == FeedbackStatus.Closed)
            throw RequestRefusedException.Conflict("feedback-closed", "该反馈意见已关闭");
        item.Status = status;
        item.StatusNote = request.Note;
        item.UpdatedBy = user.NameOrUnknown();
        item.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await events.PublishAsync(id, item.UnitCode, new FeedbackUpdated(item.Id, status.ToString()));
        return TypedResults.Ok(item);
    }
}
