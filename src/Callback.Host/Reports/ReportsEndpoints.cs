using Callback.Domain.Regions;
using Callback.Domain.Scoring;
using Callback.Host.Auth;
using Callback.Host.Common;
using Callback.Host.Inspections;
using Callback.Host.Scoring;
using Callback.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Reports;

/// <summary>The documents clerks work with: the inspection's scorecard workbook.</summary>
public static partial class ReportsEndpoints
{
    public static IHostApplicationBuilder AddCallbackReports(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<ReportDocuments>();
        return builder;
    }

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/inspections/{id:int}/scorecard.xlsx", WorkbookAsync).WithTags("Reports").RequireAuthorization(Policies.SignedIn)
            .WithSummary("The scorecards as an Excel workbook: a summary with a chart of the totals and a sheet per unit in the form's layout (the units the user may see).");
        app.MapUnitGroup("/reports", "Reports").MapGet("/{kind}.docx", UnitDocumentAsync)
            .WithSummary("A unit's document as a Word draft: self-check (自查报告, self-checks only) or feedback (反馈意见 with rectification deadlines).");
        app.MapGet("/api/inspections/{id:int}/reports/summary.docx", SummaryAsync).WithTags("Reports").RequireAuthorization(Policies.SignedIn)
            .WithSummary("The inspection's summary for the regional centre (the units the user may see): scores, untruthful records, common problems.");
        return app;
    }

    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    internal static async Task<IResult> UnitDocumentAsync([AsParameters] UnitRequest u, string kind, ReportDocuments documents, ILoggerFactory loggers)
    {
        var inspection = await u.InspectionAsync();
        var content = kind switch
        {
            "self-check" => await documents.SelfCheckAsync(inspection, u.Unit, u.Aborted),
            "feedback" => await documents.FeedbackAsync(inspection, u.Unit, u.Aborted),
            _ => throw RequestRefusedException.NotFound("unknown-report", $"没有“{kind}”这种文书：可用 {string.Join("、", ReportDocuments.UnitKinds)}"),
        };
        LogDocument(loggers.CreateLogger("Callback.Reports"), u.User.NameOrUnknown(), kind, u.Id, u.Unit);
        return TypedResults.File(content, Docx, $"callback-{kind}-{u.Id}-{u.Unit}.docx");
    }

    internal static async Task<IResult> SummaryAsync(int id, HttpContext http, InspectionAccess access, ReportDocuments documents, ILoggerFactory loggers, CancellationToken ct)
    {
        var inspection = await access.FindAsync(id, ct);
        await access.EnsureMaySeeInspectionAsync(http.User, id, ct);
        var content = await documents.SummaryAsync(inspection, await access.VisibleUnitsAsync(http.User, inspection, ct), ct);
        LogDocument(loggers.CreateLogger("Callback.Reports"), http.User.NameOrUnknown(), "summary", id, "*");
        return TypedResults.File(content, Docx, $"callback-summary-{id}.docx");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Report {Kind} downloaded by {User}: inspection {InspectionId}, unit {UnitCode}")]
    private static partial void LogDocument(ILogger logger, string user, string kind, int inspectionId, string unitCode);

    internal static async Task<IResult> WorkbookAsync(
        int id, HttpContext http, InspectionAccess access, CallbackDbContext db, ScorecardService scorecards, RegionCatalog regions,
        Microsoft.Extensions.Options.IOptions<RubricRules> rules, ILoggerFactory loggers, CancellationToken ct)
    {
        var inspection = await access.FindAsync(id, ct);
        await access.EnsureMaySeeInspectionAsync(http.User, id, ct);
        // The same rule as the data: an inspector's workbook holds the units assigned to them.
        var visible = await access.VisibleUnitsAsync(http.User, inspection, ct);
        var units = new List<UnitScorecard>();
        foreach (var code in inspection.UnitCodes.Where(visible.Contains))
        {
            var scoredBy = (await db.ItemScores.AsNoTracking().Where(s => s.InspectionId == id && s.UnitCode == code).ToListAsync(ct))
                .GroupBy(s => s.ItemCode).ToDictionary(g => g.Key, g => g.MaxBy(s => s.Id)!.RecordedBy);
            units.Add(new UnitScorecard(regions.FindUnit(code) ?? new InspectionUnit(code, code, []), await scorecards.ComputeAsync(inspection, code, ct), scoredBy));
        }

        var content = ScorecardWorkbook.Build(inspection, units, rules.Value.Total == TotalRule.ScaleTo100);
        LogDownload(loggers.CreateLogger("Callback.Reports"), http.User.NameOrUnknown(), id, units.Count);
        return TypedResults.File(content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"callback-scorecards-{id}.xlsx");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scorecard workbook downloaded by {User}: inspection {InspectionId}, {Units} unit(s)")]
    private static partial void LogDownload(ILogger logger, string user, int inspectionId, int units);
}
